"""What every list screen does with what is on screen: copy it (an id, a row as the API's
JSON, a ``curl`` command), sort the loaded rows, and choose the columns.

Mixed into :class:`~tui.screens.browser.BrowserScreen`: its key actions and the table's
header clicks. The table keeps the order (:class:`~tui.widgets.row_order.RowOrder`); the
listing's state says what it is, and the status line shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.clipboard import copy_text
from tui.core.errors import ApiError
from tui.core.jsonio import dumps
from tui.options import BY_NAME
from tui.widgets.table_layout import Column, column_id
from tui.widgets.text import clean, notify_plain

if TYPE_CHECKING:
    from tui.screens.browser import BrowserScreen
    from tui.widgets.virtual_table import VirtualTable

#: The shell variable a copied ``curl`` command reads the token from (the one the app reads).
TOKEN_VARIABLE = BY_NAME["token"].env[0]


def _name(item: Any) -> str:
    return clean(getattr(item, "display_name", "") or getattr(item, "id", "") or "the row")


def _in_pane(screen: BrowserScreen) -> bool:
    focused = screen.focused
    return focused is not None and screen.pane in focused.ancestors_with_self


def _listed_index(table: VirtualTable, item: Any) -> int:
    """Where ``item`` is in the API's order (sorted rows: looked for; -1: nowhere)."""
    if table.sort is None:
        return table.cursor_row
    return next((i for i, row in enumerate(table.order.api) if row is item), -1)


def next_sort(columns: list[Column], sort: tuple[str, bool] | None
              ) -> tuple[Column | None, bool]:
    """``s``: the next column, ascending; after the last one, the API's order (None)."""
    ids = [column_id(column) for column in columns]
    at = ids.index(sort[0]) + 1 if sort is not None and sort[0] in ids else 0
    return (columns[at] if at < len(columns) else None), False


def clicked_sort(column: Column, sort: tuple[str, bool] | None) -> tuple[Column | None, bool]:
    """A click on ``column``'s header: ascending, then descending, then the API's order."""
    if sort is None or sort[0] != column_id(column):
        return column, False
    return (column, True) if not sort[1] else (None, False)


class ListTools:
    """Copy, sort and column actions of a list screen."""

    #: The kind of item a row is (a key of ``tui.core.client.ITEM_PATHS``), for ``C``.
    item_kind: str | None = None

    # -- copy --------------------------------------------------------------------------

    def action_copy_id(self: BrowserScreen) -> None:
        """``y``: the highlighted id (the pane's page's, while the pane has the focus)."""
        item_id = self.details.id_to_copy()
        if not item_id:
            notify_plain(self, "Nothing highlighted to copy.", severity="warning")
            return
        copy_text(self, item_id, clean(item_id))

    def action_copy_json(self: BrowserScreen) -> None:
        """``Y``: the highlighted row as the JSON object the API sent (not our model)."""
        item = self.table.current_item
        raw = getattr(item, "raw", None)
        if not isinstance(raw, dict):
            notify_plain(self, "Nothing highlighted to copy.", severity="warning")
            return
        text = dumps(raw, pretty=True).decode()
        copy_text(self, text, f"{_name(item)} as JSON ({len(text):,} characters)")

    def action_copy_curl(self: BrowserScreen) -> None:
        """``C``: a curl command for the page the highlighted row came in; from the detail
        pane, for the item it shows (or the link opened in it)."""
        target = self.curl_target()
        if target is None:
            notify_plain(self, "Nothing listed yet: no request to copy.", severity="warning")
            return
        url, prefer, what = target
        try:
            command = self.client.curl(url, prefer=prefer, token_variable=TOKEN_VARIABLE)
        except ApiError as err:
            notify_plain(self, err.human(), title="No curl command", severity="error")
            return
        copy_text(self, command, f"a curl command for {what} (it reads the token from "
                  f"${TOKEN_VARIABLE})")

    def curl_target(self: BrowserScreen) -> tuple[str, str | None, str] | None:
        """What ``C`` fetches now: (URL, ``Prefer`` header, words for it), or None: the
        page the highlighted row came in (the first, when nothing is listed)."""
        item = self.table.current_item
        if _in_pane(self):
            top = self.pane.top
            if len(self.pane.views) > 1 and top is not None and top.key:
                return top.key, None, clean(top.title)
            if item is not None and self.item_kind and getattr(item, "id", ""):
                return self.client.item_url(self.item_kind, item.id), None, _name(item)
        pager = self.lister.pager
        if pager is None:
            return None
        url = self.lister.page_url(_listed_index(self.table, item)) or pager.first_url
        return url, pager.prefer, "the page of the highlighted row"

    # -- sort --------------------------------------------------------------------------

    def sort_rows(self: BrowserScreen, column: Column | None, descending: bool = False) -> None:
        """Show the loaded rows sorted by ``column`` (None: in the API's order)."""
        self.table.sort_by(column, descending)
        self.lister.sorted()

    def action_sort_next(self: BrowserScreen) -> None:
        self.sort_rows(*next_sort(self.table.columns, self.table.sort))

    def action_sort_reverse(self: BrowserScreen) -> None:
        """``S``: the other direction (unsorted: the first column, descending)."""
        table: VirtualTable = self.table
        if table.sort is None:
            self.sort_rows(table.columns[0], True)
            return
        name, descending = table.sort
        column = next(c for c in table.columns if column_id(c) == name)
        self.sort_rows(column, not descending)

    def on_virtual_table_header_clicked(self: BrowserScreen,
                                        event: VirtualTable.HeaderClicked) -> None:
        event.stop()
        self.sort_rows(*clicked_sort(event.column, self.table.sort))

    # -- columns ----------------------------------------------------------------------

    def action_choose_columns(self: BrowserScreen) -> None:
        """``c``: the columns chooser; enter shows and remembers the choice."""
        from tui.dialogs.columns import ColumnsDialog

        choice = self.column_choice
        shown = [column_id(column) for column in self.table.columns]
        dialog = ColumnsDialog(choice.available, shown, title=f"Columns · {self.spec.title}",
                               place=choice.place)
        self.app.push_screen(dialog, lambda names: names and choice.apply(names))
