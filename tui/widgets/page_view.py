"""The detail pane's page: fields, sections and links as the lines of one ``ScrollView``.

Over SSH the bytes written per key are what counts (issue 19). Textual rewrites every line of
an updated widget at full width, and a widget whose height changes makes a layout, which
rewrites every scrollbar on screen. This view has a fixed size, so a new page (a row move)
never lays out: its lines are compared with those painted, and only the changed ones are
repainted, each up to its last changed cell. Links are lines too, one each, cut with an
ellipsis, highlighted and opened like table rows (but for headings and notes among them);
up and down move between links and scroll past the fields: every line is reachable by keyboard.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import bindings
from tui.widgets.detail_views import LINKS_HEADING
from tui.widgets.diff_line import changed_end, render_strips


class PageView(ScrollView, can_focus=True):
    """Lines of a renderable, then a heading and one line per row (a link), each chosen like
    a table's row unless it is one of those that cannot be."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "cursor-up", "cursor-down", "first", "last", "page-up", "page-down", "open")

    COMPONENT_CLASSES: ClassVar[set[str]] = {"page-view--cursor", "page-view--heading"}

    DEFAULT_CSS = """
    PageView {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        /* always there: a scrollbar coming or going is a layout (measured: 7 KB a move) */
        overflow-y: scroll;
        & > .page-view--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .page-view--heading { color: $text-muted; text-style: bold; }
    }
    """

    class Chosen(Message):
        """Enter or a click on link ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Highlighted(Message):
        """The highlighted link is now ``index`` (None: none)."""

        def __init__(self, index: int | None) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._body: RenderableType = ""
        self._links: list[Text] = []
        self._inert: set[int] = set()  # links that cannot be chosen
        self._heading: str | None = LINKS_HEADING
        self._lines: list[Strip] = []
        self._width = -1
        self.highlighted: int | None = None

    # -- content ----------------------------------------------------------------------------

    @property
    def link_count(self) -> int:
        return len(self._links)

    @property
    def first_link_line(self) -> int:
        """The line of link 0 (after the body, a blank line and the heading)."""
        return len(self._lines) - len(self._links)

    def show(self, body: RenderableType, links: list[Text], *,
             inert: Collection[int] = (), heading: str | None = LINKS_HEADING,
             keep: bool = False, settled: bool = True) -> None:
        """Show a new page from its top, repainting only the lines that changed; links in
        ``inert`` cannot be chosen. ``keep``: the same page updated (offset and highlight
        stay). ``settled=False``: more is coming, the scrollbar waits (bytes over SSH)."""
        old_cursor = self._cursor_line()  # painted highlighted, and not in self._lines
        kept = self.highlighted if keep else None
        self._body, self._links, self._heading, self._inert = body, links, heading, {*inert}
        self._set_highlighted(None if kept is None else self._choosable_near(kept))
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: on_resize renders
            self._lines, self._width = [], -1
            return
        self._width = width
        old, self._lines = self._lines, self._render(width)
        self._set_height(bar=settled)
        offset, bottom = round(self.scroll_offset.y), max(0, len(self._lines) - self._page())
        if offset and (not keep or offset > bottom):
            self.scroll_to(y=bottom if keep else 0, animate=False, immediate=True)  # repaints
            return
        if old_cursor != self._cursor_line():
            self._refresh_line(old_cursor, self._cursor_line())
        self._repaint_changed(old, offset)

    def _repaint_changed(self, old: list[Strip], offset: int) -> None:
        """Repaint the lines in view that differ from ``old`` (scrolled by ``offset``)."""
        left, top = self.styles.gutter.left, self.styles.gutter.top
        blank = Strip.blank(self._width, self.rich_style)
        for y in range(self.scrollable_content_region.height):
            before = old[offset + y] if offset + y < len(old) else blank
            after = self._lines[offset + y] if offset + y < len(self._lines) else blank
            if end := changed_end(before, after):
                # Textual writes a refreshed line from the widget's left edge to the
                # region's right end: stopping at the last changed cell saves the rest.
                self.refresh(Region(0, top + y, left + end, 1))

    def _strips(self, renderable: RenderableType, width: int, style: Style,
                pad: Style | None = None) -> list[Strip]:
        return render_strips(self, renderable, width, style, pad or self.rich_style)

    def _render(self, width: int) -> list[Strip]:
        base = self.rich_style
        lines = self._strips(self._body, width, base)
        if self._links:
            heading = base + self.get_component_rich_style("page-view--heading")
            lines.append(Strip.blank(width, base))
            if self._heading is not None:
                lines += self._strips(Text(self._heading), width, heading)
            for link in self._links:
                lines += self._strips(link, width, base)[:1]
        return lines

    def _set_height(self, bar: bool = True) -> None:
        """The scrollable height, without a layout (which rewrites every scrollbar on
        screen) unless the view's own height follows it (above a JSON tree); ``bar``: the
        scrollbar follows now (else at the next call with it, or the next scroll)."""
        lines = len(self._lines)
        if lines != self.virtual_size.height:
            self.set_reactive(PageView.virtual_size, Size(0, lines))
            if self.styles.height is not None and self.styles.height.is_auto:
                self.refresh(repaint=False, layout=True)
                return
        if bar and self.show_vertical_scrollbar and \
                self.vertical_scrollbar.window_virtual_size != lines:
            self.vertical_scrollbar.window_virtual_size = lines  # repaints the bar alone

    def on_resize(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._lines = self._render(width)
            self._set_height()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._width > 0:
            self._lines = self._render(self._width)
            self.refresh()

    def render_line(self, y: int) -> Strip:
        line = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if line >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        if self.has_focus and self.highlighted is not None and line == self._line_of(
                self.highlighted):
            cursor = self.rich_style + self.get_component_rich_style("page-view--cursor")
            return self._strips(self._links[self.highlighted], width, cursor, cursor)[0]
        return self._lines[line]

    # -- the highlighted link -----------------------------------------------------------------

    def _line_of(self, link: int) -> int:
        return self.first_link_line + link

    def _cursor_line(self) -> int | None:
        return None if self.highlighted is None else self._line_of(self.highlighted)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _refresh_line(self, *lines: int | None) -> None:
        """Repaint ``lines`` that are in view (None: no line)."""
        gutter = self.styles.gutter
        for line in lines:
            y = -1 if line is None else line - round(self.scroll_offset.y)
            if 0 <= y < self._page():
                self.refresh(Region(0, gutter.top + y, gutter.left + self._width, 1))

    def _choosable(self, links: range) -> list[int]:
        """The links of ``links`` that can be chosen, in its order."""
        return [i for i in links if 0 <= i < self.link_count and i not in self._inert]

    def _choosable_near(self, link: int) -> int | None:
        """``link`` (clamped), else the nearest after it that can be chosen, else before."""
        link = max(0, min(link, self.link_count - 1))
        return (self._choosable(range(link, self.link_count))
                or self._choosable(range(link - 1, -1, -1)) or [None])[0]

    def _set_highlighted(self, link: int | None) -> None:
        if link != self.highlighted:
            self.highlighted = link
            self.post_message(self.Highlighted(link))

    def highlight(self, link: int | None) -> None:
        """Highlight ``link`` (clamped, or the nearest that can be chosen; None: no link),
        scrolling just enough to show it, the heading above it and the notes after it."""
        old = self._cursor_line()
        self._set_highlighted(None if link is None else self._choosable_near(link))
        self._refresh_line(old, self._cursor_line())
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        """Scroll to the highlighted link with the links around it that cannot be chosen
        (as many as fit: the ones above first)."""
        if self.highlighted is None:
            return
        line = start = stop = self._line_of(self.highlighted)
        while start - 1 - self.first_link_line in self._inert:
            start -= 1
        while stop + 1 - self.first_link_line in self._inert:
            stop += 1
        top, page = round(self.scroll_offset.y), self._page()
        first = max(start, line - page + 1)
        stop = min(stop + 1, first + page)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif stop > top + page:
            self.scroll_to(y=stop - page, animate=False, immediate=True)

    def _visible_links(self) -> range:
        top, first = round(self.scroll_offset.y), self.first_link_line
        return range(max(0, top - first), max(0, min(self.link_count, top + self._page() - first)))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        self._set_height()  # a scrollbar left behind (not settled) catches up
        super().watch_scroll_y(old_value, new_value)
        shown = self._choosable(self._visible_links())
        if self.highlighted is not None and self.highlighted not in shown:
            # never a highlight out of sight: enter would open a link nobody sees
            self._set_highlighted(min(max(self.highlighted, shown[0]), shown[-1])
                                  if shown else None)

    def on_focus(self) -> None:
        shown = self._choosable(self._visible_links())
        if self.highlighted is None and shown:
            self._set_highlighted(shown[0])
        self._refresh_line(self._cursor_line())

    def on_blur(self) -> None:
        self._refresh_line(self._cursor_line())

    # -- keys and mouse -------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """The next link if it is in view or just below it, else one line down."""
        top = round(self.scroll_offset.y)
        start = self._visible_links().start if self.highlighted is None else self.highlighted + 1
        following = self._choosable(range(start, self.link_count))
        if following and self._line_of(following[0]) <= top + self._page():
            self.highlight(following[0])
        else:
            self.scroll_to(y=top + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        """The previous link if it is in view or just above it, else one line up."""
        top, shown = round(self.scroll_offset.y), self._visible_links()
        start = shown.stop - 1 if self.highlighted is None else self.highlighted - 1
        previous = self._choosable(range(start, -1, -1))
        if previous and self._line_of(previous[0]) >= top - 1:
            self.highlight(previous[0])
        else:
            self.scroll_to(y=top - 1, animate=False, immediate=True)

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.scroll_end(animate=False, immediate=True)
        last = self._choosable(range(self.link_count - 1, -1, -1))
        if last:
            self.highlight(last[0])

    def action_page_up(self) -> None:
        self.scroll_to(y=self.scroll_offset.y - self._page(), animate=False, immediate=True)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_offset.y + self._page(), animate=False, immediate=True)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Chosen(self.highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        link = offset.y + round(self.scroll_offset.y) - self.first_link_line
        if self._choosable(range(link, link + 1)):
            event.stop()
            self.focus()
            self.highlight(link)
            self.action_select()
