"""One line of text that repaints only what changed (over SSH the bytes written per key
are what counts, issue 19): the pane's title and the status line's parts. Also the line
comparison the detail pane's page uses."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.styled import Styled
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


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
