"""A virtual table: a Line-API ``ScrollView`` that renders only the visible rows.

Designed for 100,000 rows: rows are kept as the caller's objects and turned into text
only when a line is painted; painted rows are cached as ``Strip``s per row; column widths
come from the header and a sample of rows (never from measuring every cell); appending a
page only extends a list; a cursor move repaints just the two affected lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import bindings
from tui.widgets import table_messages
from tui.widgets.row_order import RowOrder
from tui.widgets.table_layout import (
    Column,
    column_at,
    column_id,
    fit,
    header_texts,
    label_width,
    layout_widths,
    line_strip,
    sort_key,
    widen,
)
from tui.widgets.text import clean

SAMPLE_ROWS = 200


class VirtualTable(ScrollView, can_focus=True):
    """Rows of arbitrary objects shown through :class:`Column` getters."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "cursor-up", "cursor-down", "first", "last", "page-up", "page-down", "open")

    #: Each is styled whenever the table is (at mount, resume and focus: ~3 M instructions
    #: of the first frame apiece); the empty list's words are the dim ones in italics.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header", "virtual-table--cursor", "virtual-table--dim"}

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        overflow-x: hidden; overflow-y: auto;
        background: $surface;
        color: $foreground;
        scrollbar-size-vertical: 1;
        & > .virtual-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .virtual-table--cursor { background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground; text-style: $block-cursor-blurred-text-style; }
        &:focus > .virtual-table--cursor { background: $block-cursor-background;
            color: $block-cursor-foreground; text-style: $block-cursor-text-style; }
        & > .virtual-table--dim { color: $text-muted; }
    }
    """

    Highlighted, Selected, NearEnd, HeaderClicked = (
        table_messages.Highlighted, table_messages.Selected, table_messages.NearEnd,
        table_messages.HeaderClicked)

    def __init__(self, columns: Sequence[Column], *, empty_text: str = "nothing here",
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: list[Column] = list(columns)
        self.empty_text = empty_text
        self.order = RowOrder()  # read-only outside: the rows as listed (.api) and shown
        self._rows: list[Any] = self.order.shown  # in the order shown
        self._sort: tuple[str, bool] | None = None  # the sorted column's id, descending
        self._cursor = self._sampled = 0
        self._natural: list[int] = [label_width(c) for c in self.columns]
        self._widths: list[int] = []
        self._layout_width = -1
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._header: Strip | None = None
        self._row_styles: tuple[Style, Style] | None = None  # see _styles
        self._holding = False  # the rows moved under the cursor: not a move of the user's

    # -- data ------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[Any]:
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        """Index of the highlighted row (``-1`` when there are no rows)."""
        return self._cursor if self._rows else -1

    @property
    def current_item(self) -> Any:
        return self._rows[self._cursor] if self._rows else None

    @property
    def sort(self) -> tuple[str, bool] | None:
        """The sorted column's id (``column_id``) and whether descending; None: API order."""
        return self._sort

    def set_rows(self, items: Iterable[Any]) -> None:
        """Replace every row (in the API's order; shown sorted if the table is); the cursor
        goes back to the top."""
        self.order.set(items)
        self._rows = self.order.shown
        self._cursor = 0
        self._sample(restart=True)
        self._invalidate_layout()
        self.virtual_size = Size(0, len(self._rows) + 1)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()
        self._post_highlight()
        self._check_near_end()

    def clear(self) -> None:
        self.set_rows(())

    def set_columns(self, columns: Sequence[Column], rows: Iterable[Any] | None = ()) -> None:
        """Show other columns, with ``rows`` of the matching kind (none by default), or the
        same rows (``None``: the cursor stays on its row). The sort stays while a column of
        its name is shown."""
        self.columns = list(columns)
        name, descending = self._sort or ("", False)
        shown = next((c for c in self.columns if column_id(c) == name), None)
        if rows is None:
            self._sample(restart=True)
            self.sort_by(shown, descending)
            return
        self._sort = (name, descending) if shown is not None else None
        self.order.sort(sort_key(shown) if shown is not None else None, descending)
        self.set_rows(rows)

    def sort_by(self, column: Column | None, descending: bool = False) -> None:
        """Show the rows sorted by ``column`` (None: in the API's order); the cursor stays
        on its row, on the same line of the screen."""
        item, line = self.current_item, self._cursor - self.scroll_offset.y
        self._sort = None if column is None else (column_id(column), descending)
        self.order.sort(None if column is None else sort_key(column), descending)
        self._rows = self.order.shown
        self._invalidate_layout()
        self._keep_on(item, line)

    def append_rows(self, items: Iterable[Any]) -> None:
        """Add rows: at the end, O(len(items)), painted rows stay cached; sorted, in place."""
        item, line = self.current_item, self._cursor - self.scroll_offset.y
        first_new = len(self._rows)
        self.order.extend(items)
        self._rows = self.order.shown
        if self._sort is not None and first_new:
            self._sample()
            self._invalidate_layout()
            self._keep_on(item, line)
            return
        if self._sampled < SAMPLE_ROWS and self._sample():
            self._invalidate_layout()
        self._grow(first_new)
        if not first_new and self._rows:
            self._post_highlight()
        self._check_near_end()

    def replace_rows(self, start: int, count: int, items: Iterable[Any]) -> None:
        """Put ``items`` in place of rows ``start … start+count`` of the API's order (e.g. a
        revalidated page)."""
        new = list(items)
        moved = self._sort is not None or len(new) != count  # rows shifted or reordered
        self.order.replace(start, count, new)
        self._rows = self.order.shown
        if moved:
            self._cache.clear()
            self.virtual_size = Size(0, len(self._rows) + 1)
            self._cursor = max(0, min(self._cursor, len(self._rows) - 1))
        else:
            for index in range(start, start + count):
                self._cache.discard(index)
        self.refresh()
        if moved or start <= self._cursor < start + count:
            self._post_highlight()

    def _grow(self, first_new: int) -> None:
        """Rows from ``first_new`` on were appended. Setting ``virtual_size`` repaints every
        line; in unchanged columns only the scrollbar (a layout) and the new rows' lines are."""
        self.set_reactive(VirtualTable.virtual_size, Size(0, len(self._rows) + 1))
        self.refresh(repaint=False, layout=True)
        line = 0 if self._layout_width < 0 else max(1, first_new - self.scroll_offset.y + 1)
        lines = self._page_height() - line + 1
        self.refresh(Region(0, line, self.scrollable_content_region.width, max(0, lines)))

    def _sample(self, restart: bool = False) -> bool:
        """Widen natural widths from rows not sampled yet (at most ``SAMPLE_ROWS``);
        ``restart``: from the header's widths and the first row."""
        if restart:
            self._natural, self._sampled = [label_width(c) for c in self.columns], 0
        end = min(len(self._rows), SAMPLE_ROWS)
        changed = widen(self._natural, self.columns, self._rows[self._sampled:end])
        self._sampled = end
        return changed

    # -- layout and painting -------------------------------------------------------------

    def _invalidate_layout(self) -> None:
        self._layout_width = -1
        self._cache.clear()
        self._header = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._header = self._row_styles = None

    def _page_height(self) -> int:
        """Rows visible below the header."""
        return max(1, self.scrollable_content_region.height - 1)

    def _ensure_layout(self, width: int) -> None:
        if width == self._layout_width:
            return
        gaps = len(self.columns)  # one leading space plus one between columns
        self._widths = layout_widths(self._natural, self.columns, max(0, width - gaps))
        self._layout_width = width
        self._cache.clear()
        self._header = None

    def _styles(self, cursor: bool) -> tuple[Style, Style]:
        """A row's base and dim styles (the cursor row's: its own for both); the others'
        are kept until the styles change, as the painted rows are."""
        if cursor:
            style = self.rich_style + self.get_component_rich_style("virtual-table--cursor")
            return style, style
        if self._row_styles is None:
            base = self.rich_style
            self._row_styles = base, base + self.get_component_rich_style("virtual-table--dim")
        return self._row_styles

    def _row_strip(self, index: int, width: int, cursor: bool) -> Strip:
        if not cursor:
            cached = self._cache.get(index)
            if cached is not None:
                return cached
        base, dim = self._styles(cursor)
        row = self._rows[index]
        cells = [
            (fit(clean(column.get(row)), w), dim if column.dim else base)
            for column, w in zip(self.columns, self._widths, strict=True)
        ]
        strip = line_strip(cells, width, base)
        if not cursor:
            self._cache[index] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._ensure_layout(width)
        if y == 0:
            if self._header is None:
                style = self.rich_style + self.get_component_rich_style("virtual-table--header")
                cells = [(text, style) for text in header_texts(self.columns, self._widths,
                                                                 self._sort)]
                self._header = line_strip(cells, width, style)
            return self._header
        index = self.scroll_offset.y + y - 1
        if index < len(self._rows):
            return self._row_strip(index, width, index == self._cursor)
        if not self._rows and y == 2:
            style = (self.rich_style + self.get_component_rich_style("virtual-table--dim")
                     + Style(italic=True))
            text = " " + fit(clean(self.empty_text), max(0, width - 1))
            return Strip([Segment(text, style)]).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def _refresh_row(self, index: int) -> None:
        line = index - self.scroll_offset.y + 1
        if 1 <= line <= self._page_height():
            # the row's cells, not the scrollbar's: it did not change
            self.refresh(Region(0, line, self.scrollable_content_region.width, 1))

    def on_focus(self) -> None:
        self._refresh_row(self._cursor)

    def on_blur(self) -> None:
        self._refresh_row(self._cursor)

    def on_resize(self) -> None:
        self._invalidate_layout()
        self._ensure_visible()
        self._check_near_end()

    # -- cursor ---------------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        """Highlight row ``index`` (clamped), scrolling just enough to show it."""
        if not self._rows:
            return
        index = max(0, min(index, len(self._rows) - 1))
        if index == self._cursor:  # at the end already: the next page, if any
            self._check_near_end()
            return
        old, self._cursor = self._cursor, index
        self._refresh_row(old)
        self._refresh_row(index)
        self._ensure_visible()
        self._post_highlight()
        self._check_near_end()

    def _keep_on(self, item: Any, line: int) -> None:
        """After the rows moved: the cursor on ``item`` again, on screen line ``line``. No
        next page is asked for: the user's next move asks (sorted, it may be anywhere)."""
        found = self.order.index_of(item) if item is not None else None
        self._cursor = max(0, min(found if found is not None else self._cursor,
                                  len(self._rows) - 1))
        self.virtual_size = Size(0, len(self._rows) + 1)
        self._holding = True
        try:
            self.scroll_to(y=max(0, self._cursor - max(0, line)), animate=False, immediate=True)
            self._ensure_visible()
        finally:
            self._holding = False
        self.refresh()
        if self.current_item is not item:
            self._post_highlight()

    def _ensure_visible(self) -> None:
        top = self.scroll_offset.y
        page = self._page_height()
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False, immediate=True)

    def _post_highlight(self) -> None:
        self.post_message(self.Highlighted(self, self.cursor_row, self.current_item))

    def _check_near_end(self) -> None:
        if not self._rows or self._holding:
            return
        page = self._page_height()
        last_seen = max(self._cursor, self.scroll_offset.y + page - 1)
        if len(self._rows) - 1 - last_seen <= page:
            self.post_message(self.NearEnd(self))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._check_near_end()

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._page_height())

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._page_height())

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self._cursor, self.current_item))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            index = column_at(self._widths, offset.x)
            if index is not None:
                event.stop()
                self.post_message(self.HeaderClicked(self, self.columns[index]))
            return
        index = self.scroll_offset.y + offset.y - 1
        if index >= len(self._rows):
            return
        event.stop()
        self.focus()
        if index == self._cursor and event.chain >= 2:
            self.action_select()
        else:
            self.move_cursor(index)
