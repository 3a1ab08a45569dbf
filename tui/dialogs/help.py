"""The ``?`` key help screen, generated from the bindings (``tui.keys``) and the screens
(``tui.registry``), with the keys they are bound to now."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import locations
from tui.keys import (
    ANALYTICS,
    CHARTS,
    COLUMNS,
    DETAIL,
    EVERYWHERE,
    EXPORT,
    KEYS,
    LISTS,
    PICKER,
    WEB_LINK,
    bindings,
    key_of,
    keys_of,
)
from tui.registry import SCREENS

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: Help rows about keys that are not the section's bindings (a links list's own, Textual's
#: focus keys); ``{id}`` is the key a binding id is bound to now.
NOTES: dict[str, tuple[tuple[str, str], ...]] = {
    DETAIL: (("enter / click", "open the highlighted link, file or variation in the pane; "
              "a web link in your browser (after showing it)"),
             ("y", "on a web link: copy its address"),
             ("enter / space", "JSON view: fold or unfold an object or list")),
    ANALYTICS: (("tab / shift+tab", "the next / previous preset, date box or button"),
                ("← / →", "scroll the CSV preview sideways (once tab has reached it)")),
    CHARTS: (("{back}", "back to the analytics dialog or the saved files"),),
    PICKER: (("typing", "search projects by name or number (a project's iModels by name)"),
             ("enter", "open the highlighted row; an id typed or pasted in the box: open it"),
             ("tab", "between the box and the list")),
    WEB_LINK: (("enter", "the focused button: Open, Copy or Cancel"),),
}


def sections(node: DOMNode) -> Iterator[tuple[str, str, str]]:
    """Each help section: its ``tui.keys`` section name, heading and summary."""
    yield EVERYWHERE, EVERYWHERE, ""
    yield LISTS, LISTS, ""
    yield DETAIL, DETAIL, ""
    for spec in SCREENS:
        yield spec.mode, f"{key_of(node, f'screen.{spec.mode}')} {spec.long_title}", spec.summary
    yield PICKER, PICKER, ""
    yield ANALYTICS, ANALYTICS, ""
    yield EXPORT, EXPORT, ""
    yield CHARTS, CHARTS, ""
    yield COLUMNS, COLUMNS, ""
    yield WEB_LINK, WEB_LINK, ""


def section_rows(node: DOMNode, section: str) -> list[tuple[str, str]]:
    """``(keys, words)`` of a section: bindings with the same words share a row."""
    rows: dict[str, list[str]] = {}
    for binding_id, key in KEYS.items():
        if key.section == section:
            rows.setdefault(key.help, []).append(" ".join(keys_of(node, binding_id)))
    found = [(" / ".join(keys), words) for words, keys in rows.items()]
    notes = [(keys.format_map({"back": key_of(node, "back")}), words)
             for keys, words in NOTES.get(section, ())]
    return found + notes


def keys_table(node: DOMNode) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column()
    for n, (section, heading, summary) in enumerate(sections(node)):
        if n:
            table.add_row("", "")
        table.add_row(Text(heading, style="bold underline"), Text(summary, style="italic"))
        rows = section_rows(node, section)
        for keys, what in rows:
            table.add_row(Text(keys), Text(what))
    return table


class HelpScreen(ModalScreen[None]):
    """Every key binding, grouped; any of esc, q, ? or enter closes it."""

    CSS_PATH = locations.styles_dir() / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings("close")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            yield Static(keys_table(self), id="help-keys")
            yield Static(Text(f"{' '.join(keys_of(self, 'close'))} close", style="italic"),
                         id="help-footer")
