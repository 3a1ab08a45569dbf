"""The "recent ids" picker shared by the brands and connections screens."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Select

from tui.state import Recent
from tui.widgets.text import clean


def recent_options(entries: list[Recent]) -> list[tuple[Text, str]]:
    """Select options: the remembered name (if any) and the id, as plain text."""
    options: list[tuple[Text, str]] = []
    for entry in entries:
        label = Text(clean(entry.label) or clean(entry.id))
        if entry.label:
            label.append(f"  {clean(entry.id)}", style="dim")
        options.append((label, entry.id))
    return options


def fill_recent(select: Select[str], entries: list[Recent]) -> None:
    """Replace the picker's options; it is disabled while there is nothing to pick."""
    select.set_options(recent_options(entries))
    select.disabled = not entries
