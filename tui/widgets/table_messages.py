"""What a :class:`~tui.widgets.virtual_table.VirtualTable` tells its screen (handled as
``on_virtual_table_highlighted`` etc., or ``@on(VirtualTable.Highlighted)``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from tui.widgets.table_layout import Column
    from tui.widgets.virtual_table import VirtualTable


class TableMessage(Message, namespace="virtual_table"):
    def __init__(self, table: VirtualTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> VirtualTable:
        return self.table


class Highlighted(TableMessage, namespace="virtual_table"):
    """The cursor moved to ``row_index`` (``-1`` and ``item=None`` when emptied)."""

    def __init__(self, table: VirtualTable, row_index: int, item: Any) -> None:
        super().__init__(table)
        self.row_index = row_index
        self.item = item


class Selected(TableMessage, namespace="virtual_table"):
    """Enter (or a double click) on ``row_index``."""

    def __init__(self, table: VirtualTable, row_index: int, item: Any) -> None:
        super().__init__(table)
        self.row_index = row_index
        self.item = item


class NearEnd(TableMessage, namespace="virtual_table"):
    """The cursor or the viewport is within one screenful of the last loaded row."""


class HeaderClicked(TableMessage, namespace="virtual_table"):
    """A click on the header of ``column``."""

    def __init__(self, table: VirtualTable, column: Column) -> None:
        super().__init__(table)
        self.column = column
