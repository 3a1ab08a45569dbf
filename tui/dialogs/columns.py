"""The columns chooser (``c`` on a list): a checklist of the list's columns, in the order
they are shown; space shows or hides one, shift+↑/↓ (or ``[`` / ``]``) moves it, enter
applies (and the screen remembers), esc cancels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from tui import locations
from tui.keys import bindings, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.table_layout import Column, column_id
from tui.widgets.text import notify_plain


def _prompt(label: str, shown: bool) -> str:
    return label if shown else f"{label} · hidden"


class ColumnsDialog(ModalScreen[list[str] | None]):
    """Dismissed with the chosen column ids in order, or None (cancelled)."""

    CSS_PATH = locations.styles_dir() / "columns.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "column-toggle", "column-up", "column-down", "column-apply", "column-cancel",
        "help")

    def __init__(self, available: Sequence[Column], shown: Sequence[str], *, title: str,
                 place: str) -> None:
        super().__init__()
        labels = {column_id(c): c.label for c in available}
        hidden = [name for name in labels if name not in shown]
        #: (id, label, shown) in the order listed
        self.items = [(name, labels[name], True) for name in shown if name in labels] + [
            (name, labels[name], False) for name in hidden]
        self.heading = title
        self.place = place

    def compose(self) -> ComposeResult:
        with Vertical(id="columns-box"):
            yield Static(self.heading, id="columns-title", markup=False)
            yield SelectionList[str](*self._selections(), id="columns-list", compact=True)
            yield Static(self._hint(), id="columns-hint", markup=False)
        yield KeyBar()

    def _selections(self) -> list[Selection[str]]:
        return [Selection(_prompt(label, shown), name, shown, id=name)
                for name, label, shown in self.items]

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[str]
                                            ) -> None:
        """Say "hidden" in words: without colours a tick and no tick look alike."""
        name = event.selection.value
        label = next(label for n, label, _ in self.items if n == name)
        event.selection_list.replace_option_prompt(
            name, _prompt(label, name in event.selection_list.selected))

    def _hint(self) -> str:
        return (f"{key_of(self, 'column-toggle')} shows / hides · {key_of(self, 'column-up')} "
                f"{key_of(self, 'column-down')} move · {key_of(self, 'column-apply')} applies · "
                f"{key_of(self, 'column-cancel')} cancels\nRemembered in config.toml as "
                f"{self.place}")

    @property
    def checklist(self) -> SelectionList[str]:
        return self.query_one("#columns-list", SelectionList)

    def _read(self) -> None:
        """The list's ticks into :attr:`items`."""
        ticked = set(self.checklist.selected)
        self.items = [(name, label, name in ticked) for name, label, _ in self.items]

    def action_toggle_column(self) -> None:
        checklist = self.checklist
        if checklist.highlighted is not None:
            checklist.toggle(self.items[checklist.highlighted][0])

    def action_move_column(self, step: int) -> None:
        """Move the highlighted column ``step`` places (up: -1)."""
        checklist = self.checklist
        at = checklist.highlighted
        if at is None or not 0 <= at + step < len(self.items):
            return
        self._read()
        items = self.items
        items[at], items[at + step] = items[at + step], items[at]
        checklist.clear_options()
        checklist.add_options(self._selections())
        checklist.highlighted = at + step

    def action_apply(self) -> None:
        self._read()
        chosen = [name for name, _label, shown in self.items if shown]
        if not chosen:
            notify_plain(self, "Keep at least one column.", title="Columns",
                         severity="warning")
            return
        self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
