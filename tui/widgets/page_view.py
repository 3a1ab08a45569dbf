"""The detail pane's page: fields, sections and links as the lines of one ``ScrollView``.

Over SSH the bytes written per key are what counts (issue 19). Textual rewrites every line of
an updated widget at full width, and a widget whose height changes makes a layout, which
rewrites every scrollbar on screen. This view has a fixed size, so a new page (a row move)
never lays out: its lines are compared with those painted, and only the changed ones are
repainted, each up to its last changed cell. Links are lines too, one each, cut with an
ellipsis, and are highlighted and opened like table rows; up and down move between links
and scroll the page past the fields, so every line is reachable by keyboard.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.text import Text
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from tui.keys import bindings

LINKS_HEADING = "Links  (enter opens)"


def _look(style: Style | None) -> tuple[object, ...]:
    """What of ``style`` shows on a space: a bold or coloured space looks like a plain one."""
    if style is None:
        style = Style.null()
    return style.bgcolor, style.reverse, style.underline, style.strike, style.overline


def _cells(strip: Strip) -> list[tuple[str, object]]:
    """How each cell looks (a wide character's second cell is ``""``)."""
    out: list[tuple[str, object]] = []
    for text, style, _ in strip:
        for ch in text:
            out.append((ch, _look(style) if ch == " " else style))
            if not ch.isascii() and cell_len(ch) == 2:
                out.append(("", style))
    return out


def changed_end(old: Strip, new: Strip) -> int:
    """One past the last cell where ``old`` and ``new`` look different (0: they look the
    same, though their segments may differ: a line repainted costs bytes over SSH)."""
    if old == new:
        return 0
    a, b = _cells(old), _cells(new)
    n = max(len(a), len(b))
    a += [("", None)] * (n - len(a))
    b += [("", None)] * (n - len(b))
    return next((i for i in range(n, 0, -1) if a[i - 1] != b[i - 1]), 0)


def render_strips(widget: Widget, renderable: RenderableType, width: int, style: Style,
                  pad: Style) -> list[Strip]:
    """``renderable``'s lines in ``style``, padded to ``width`` in ``pad`` (the base style:
    padding in the style of its neighbours merges with them)."""
    options = widget.app.console_options.update(highlight=False, width=width, height=None)
    segments = widget.app.console.render(Styled(renderable, style), options)
    # one segment per run of one style: Textual writes each with its full style codes
    return [Strip(line).adjust_cell_length(width, pad).simplify()
            for line in Segment.split_and_crop_lines(segments, width, pad=False,
                                                     include_new_lines=False)]


class DiffLine(Widget):
    """One line of text (the pane's title); an update repaints up to its last changed cell,
    not the whole width, and never lays out."""

    DEFAULT_CSS = "DiffLine { height: 1; }"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Text()
        self._strip: Strip | None = None

    def update(self, text: Text) -> None:
        self._text = text
        width = self.content_region.width
        if self._strip is None or width <= 0:
            self.refresh()
            return
        old, self._strip = self._strip, self._render(width)
        end = changed_end(old, self._strip)
        if end:
            self.refresh(Region(0, 0, self.styles.gutter.left + end, 1))

    def _render(self, width: int) -> Strip:
        text = self._text.copy()
        text.no_wrap, text.overflow = True, "ellipsis"
        lines = render_strips(self, text, width, self.rich_style, self.rich_style)
        return lines[0] if lines else Strip.blank(width, self.rich_style)

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        if self._strip is None or self._strip.cell_length != width:
            self._strip = self._render(width)
        return self._strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None


class PageView(ScrollView, can_focus=True):
    """Lines of a renderable, then a links heading and one selectable line per link."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "cursor-up", "cursor-down", "first", "last", "page-up", "page-down", "open")

    COMPONENT_CLASSES: ClassVar[set[str]] = {"page-view--cursor", "page-view--heading"}

    DEFAULT_CSS = """
    PageView {
        height: 1fr;
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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._body: RenderableType = ""
        self._links: list[Text] = []
        self._more: Text | None = None
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
        return len(self._lines) - len(self._links) - (self._more is not None)

    def show(self, body: RenderableType, links: list[Text], more: Text | None = None) -> None:
        """Show a new page from its top, repainting only the lines that changed."""
        if self.highlighted is not None:  # painted highlighted, and not in self._lines
            self._refresh_line(self._line_of(self.highlighted))
        self._body, self._links, self._more = body, links, more
        self.highlighted = None
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: on_resize renders
            self._lines, self._width = [], -1
            return
        self._width = width
        old, self._lines = self._lines, self._render(width)
        self._set_height()
        if round(self.scroll_offset.y):
            self.scroll_to(y=0, animate=False, immediate=True)  # repaints every line
            return
        left, top = self.styles.gutter.left, self.styles.gutter.top
        blank = Strip.blank(width, self.rich_style)
        for y in range(self.scrollable_content_region.height):
            before = old[y] if y < len(old) else blank
            after = self._lines[y] if y < len(self._lines) else blank
            end = changed_end(before, after)
            if end:
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
            lines += self._strips(Text(LINKS_HEADING), width, heading)
            for link in self._links:
                lines += self._strips(link, width, base)[:1]
            if self._more is not None:
                lines += self._strips(self._more, width, base)[:1]
        return lines

    def _set_height(self) -> None:
        """The scrollable height, without a layout (which rewrites every scrollbar on
        screen) unless the view's own height follows it (above a JSON tree)."""
        lines = len(self._lines)
        if lines == self.virtual_size.height:
            return
        self.set_reactive(PageView.virtual_size, Size(0, lines))
        if self.styles.height is not None and self.styles.height.is_auto:
            self.refresh(repaint=False, layout=True)
        elif self.show_vertical_scrollbar:
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

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height)

    def _refresh_line(self, line: int) -> None:
        y = line - round(self.scroll_offset.y)
        if 0 <= y < self._page():
            gutter = self.styles.gutter
            self.refresh(Region(0, gutter.top + y, gutter.left + self._width, 1))

    def highlight(self, link: int | None) -> None:
        """Highlight ``link`` (clamped; None: no link), scrolling just enough to show it."""
        if link is not None:
            link = max(0, min(link, self.link_count - 1)) if self._links else None
        old, self.highlighted = self.highlighted, link
        if old is not None:
            self._refresh_line(self._line_of(old))
        if link is not None:
            self._refresh_line(self._line_of(link))
            self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        if self.highlighted is None:
            return
        line, top, page = self._line_of(self.highlighted), round(self.scroll_offset.y), self._page()
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + page:
            self.scroll_to(y=line - page + 1, animate=False, immediate=True)

    def _visible_links(self) -> range:
        top, first = round(self.scroll_offset.y), self.first_link_line
        return range(max(0, top - first), max(0, min(self.link_count, top + self._page() - first)))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        shown = self._visible_links()
        if self.highlighted is not None and self.highlighted not in shown:
            # never a highlight out of sight: enter would open a link nobody sees
            self.highlighted = min(max(self.highlighted, shown.start), shown.stop - 1) \
                if shown else None

    def on_focus(self) -> None:
        shown = self._visible_links()
        if self.highlighted is None and shown:
            self.highlighted = shown.start
        if self.highlighted is not None:
            self._refresh_line(self._line_of(self.highlighted))

    def on_blur(self) -> None:
        if self.highlighted is not None:
            self._refresh_line(self._line_of(self.highlighted))

    # -- keys and mouse -------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        """The next link if it is in view or just below it, else one line down."""
        top, shown = round(self.scroll_offset.y), self._visible_links()
        following = shown.start if self.highlighted is None and shown else (
            -1 if self.highlighted is None else self.highlighted + 1)
        if self.highlighted is None and not shown and self.first_link_line == top + self._page():
            following = 0
        if 0 <= following < self.link_count and self._line_of(following) <= top + self._page():
            self.highlight(following)
        else:
            self.scroll_to(y=top + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        """The previous link if it is in view or just above it, else one line up."""
        top, shown = round(self.scroll_offset.y), self._visible_links()
        previous = shown.stop - 1 if self.highlighted is None and shown else (
            -1 if self.highlighted is None else self.highlighted - 1)
        if 0 <= previous < self.link_count and self._line_of(previous) >= top - 1:
            self.highlight(previous)
        else:
            self.scroll_to(y=top - 1, animate=False, immediate=True)

    def action_first(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self.scroll_end(animate=False, immediate=True)
        if self._links:
            self.highlight(self.link_count - 1)

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
        if 0 <= link < self.link_count:
            event.stop()
            self.focus()
            self.highlight(link)
            self.action_select()
