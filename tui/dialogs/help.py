"""The ``?`` key help screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import locations

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("1 / 2 / 3", "catalog / brands / export connections"),
        ("ctrl+p", "command palette (every action)"),
        ("a", "analytics: download the components CSV"),
        ("?", "this help"),
        ("q", "quit"),
    )),
    ("Lists", (
        ("↑ ↓  j k", "move"),
        ("g G  home end", "first / last loaded row (more load as you go)"),
        ("pgup pgdn", "a screenful up / down"),
        ("enter", "details (brands: open the brand's components)"),
        ("/", "search"),
        ("r", "refresh, bypassing the cache"),
        ("y", "copy the highlighted id (OSC 52, works over SSH)"),
        ("d", "show / hide the detail pane"),
        ("esc", "back (leave a box, close a link, all brands)"),
    )),
    ("Detail pane", (
        ("enter / click", "open the highlighted link in the pane"),
        ("esc", "back to the previous page, then to the list"),
    )),
    ("Catalog", (
        ("f", "projectId / catalogs filters: show and go to them"),
        ("m", "full or minimal representation"),
    )),
    ("Brands", (("b", "type a brand id"),)),
    ("Connections", (("i", "type an iModel id"),)),
    ("Analytics dialog", (
        ("c", "charts of the file just saved (shown at once after a download)"),
        ("s", "the saved CSV files, newest first; enter charts one"),
    )),
    ("Charts", (
        ("tab  1 2 3", "over time / top components / breakdown"),
        ("g", "breakdown, then group by the next column"),
        ("t", "over time, then per day / week / month"),
        ("esc", "back"),
    )),
)


def keys_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for n, (group, rows) in enumerate(KEYS):
        if n:
            table.add_row("", "")
        table.add_row(Text(group, style="bold underline"), "")
        for key, what in rows:
            table.add_row(Text(key), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key binding, grouped; any of esc, q, ? or enter closes it."""

    CSS_PATH = locations.styles_dir() / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,enter", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(keys_table(), id="help-keys")
            yield Static(Text("esc closes", style="italic"), id="help-footer")
