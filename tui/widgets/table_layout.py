"""How a virtual table's columns are defined and fitted into a width (no widgets here)."""

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.text import clean

ELLIPSIS = "…"


class Column(NamedTuple):
    """How one column gets its text and how wide it may be (a named tuple: ~20 times
    cheaper to define at start-up than a frozen dataclass).

    ``flex == 0``: as wide as the header/sample need (up to ``max_width``).
    ``flex > 0``: grows into the room left, the heaviest first (Name), and shares the spare
    width with the other flex columns, by weight.
    """

    label: str
    get: Callable[[Any], object]
    flex: int = 0
    min_width: int = 4
    max_width: int = 40
    dim: bool = False
    name: str = ""  # the API field it shows: its name in config.toml's column choices
    key: Callable[[Any], Any] | None = None  # what it sorts by (default: its text, any case)
    hidden: bool = False  # left out until chosen in the columns chooser
    keep: bool = False  # an id: whole, or short (its minimum) when the others need the room
    useful: int = 0  # the width it keeps (when it needs it) before an id is shortened


#: A name this wide tells rows apart ("IFC export – Structure", "Riverside Wind Farm …").
USEFUL_NAME = 24
#: An id shortened (an id column's minimum): its first 8 characters and "…", like git's
#: short hashes; ``y`` still copies it whole.
SHORT_ID = 9


def id_column(get: Callable[[Any], object], label: str = "Id", *, name: str = "id",
              hidden: bool = False) -> Column:
    """An id (a GUID: 36): whole when the other columns have their useful widths, else short
    (ids are copied, and shift-selected)."""
    return Column(label, get, min_width=SHORT_ID, max_width=36, dim=True, name=name,
                  hidden=hidden, keep=True)


def label_width(column: Column) -> int:
    """A column's width before any row is seen: its header's, within its bounds."""
    return max(column.min_width, min(column.max_width, cell_len(column.label)))


def widen(natural: list[int], columns: Sequence[Column], rows: Sequence[Any]) -> bool:
    """Widen ``natural`` (one width a column) to fit ``rows``' cells; True if it changed.
    A column as wide as it may be reads no more cells (a date column, after one row)."""
    changed = False
    for i, column in enumerate(columns):
        width, widest, get = natural[i], column.max_width, column.get
        for row in rows:
            if width >= widest:
                break
            width = max(width, min(widest, cell_len(clean(get(row)))))
        if width > natural[i]:
            natural[i] = width
            changed = True
    return changed


def layout_widths(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    """Fit columns into ``available`` cells.

    Spare room goes to flex columns by weight. When short of room, flex columns start at
    their useful width and grow to what they need one after the other, heaviest first
    (Name); anything still too wide is cut from the right: first down to the useful widths,
    then the ids, then down to the minimum widths. An id is whole or short (its minimum, as
    git's short hashes): when it would be cut at all, it is laid out short from the start.
    """
    widths = _layout(natural, columns, available)
    if not any(c.keep and w < n for c, w, n in zip(columns, widths, natural, strict=True)):
        return widths
    short = [min(n, c.min_width) if c.keep else n
             for c, n in zip(columns, natural, strict=True)]
    return _layout(short, columns, available)


def useful_width(column: Column, natural: int) -> int:
    """What ``column`` keeps before an id is shortened: its ``useful`` width (no more than it
    needs), never under its minimum."""
    return max(column.min_width, min(natural, column.useful))


def _layout(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    widths = list(natural)
    flex = sorted((i for i, c in enumerate(columns) if c.flex > 0),
                  key=lambda i: -columns[i].flex)
    if not flex:
        return _shrink_from_right(widths, natural, columns, available)
    room = available - sum(w for i, w in enumerate(widths) if i not in flex)
    wanted = sum(widths[i] for i in flex)
    if room >= wanted:
        _share_spare(widths, columns, flex, room - wanted)
        widths[flex[0]] += available - sum(widths)
    else:
        _grow_in_turn(widths, natural, columns, flex, room)
    widths = _shrink_from_right(widths, natural, columns, available)
    if (left := available - sum(widths)) > 0:  # what a column left out whole left free
        widths[flex[0]] += left
    return widths


def _share_spare(widths: list[int], columns: Sequence[Column], flex: list[int],
                 spare: int) -> None:
    """Widen the flex columns by ``spare`` cells, by weight."""
    total = sum(columns[i].flex for i in flex)
    for i in flex:
        widths[i] += spare * columns[i].flex // total


def _grow_in_turn(widths: list[int], natural: Sequence[int], columns: Sequence[Column],
                  flex: list[int], room: int) -> None:
    """The flex columns at their useful width, then ``room``'s rest to each in turn
    (``flex`` is heaviest first), up to what it needs."""
    for i in flex:
        widths[i] = useful_width(columns[i], natural[i])
    room -= sum(widths[i] for i in flex)
    for i in flex:
        grow = max(0, min(room, natural[i] - widths[i]))
        widths[i] += grow
        room -= grow


def _shrink_from_right(widths: list[int], natural: Sequence[int], columns: Sequence[Column],
                       available: int) -> list[int]:
    """Cut what is too wide from the right: the others down to their useful widths, then
    the ids, then the others down to their minimum widths."""
    excess = sum(widths) - available
    floors = [(False, [useful_width(c, n) for c, n in zip(columns, natural, strict=True)]),
              (True, [c.min_width for c in columns]),
              (False, [c.min_width for c in columns])]
    for ids, floor in floors:
        for i in range(len(columns) - 1, -1, -1):
            if excess <= 0:
                return widths
            if columns[i].keep == ids:
                cut = min(excess, max(0, widths[i] - floor[i]))
                if columns[i].min_width == 0:
                    cut = widths[i]  # whole or left out, never a stub like "20…"
                widths[i] -= cut
                excess -= cut
    return widths


def fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if width <= 0:
        return ""
    if len(text) <= width and text.isascii():
        return text.ljust(width)
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + ELLIPSIS


#: The header's mark of the sorted column: ascending, descending.
ARROWS = ("▲", "▼")


def header_texts(columns: Sequence[Column], widths: Sequence[int], sort: tuple[str, bool] | None
                 ) -> list[str]:
    """Each column's header cell: its label, and the arrow of the sorted column (``sort``:
    the column's name and whether descending), which is never cut off."""
    texts = []
    for column, width in zip(columns, widths, strict=True):
        label = column.label
        if sort is not None and column_id(column) == sort[0] and width >= 3:
            if cell_len(label) + 2 > width:
                label = fit(label, width - 2)
            label = f"{label} {ARROWS[sort[1]]}"
        texts.append(fit(label, width))
    return texts


def column_at(widths: Sequence[int], x: int) -> int | None:
    """The column under cell ``x`` of a line (one space before each column), or None."""
    left = 1
    for i, width in enumerate(widths):
        if left <= x < left + width + 1:
            return i
        left += width + 1
    return None


def column_id(column: Column) -> str:
    """How a column is named in config.toml and a sort: its API field, else its label."""
    return column.name or column.label


def sort_key(column: Column) -> Callable[[Any], Any]:
    """What ``column`` sorts by: its ``key``, else its text in any case ("" when none)."""
    if column.key is not None:
        return column.key
    get = column.get

    def text(row: Any) -> str:
        value = get(row)
        return (value if isinstance(value, str) else "" if value is None else str(value)
                ).casefold()

    return text


def line_strip(cells: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """A table line: its cells one space apart (and one before), padded to ``width``."""
    segments = [Segment(" ", base)]
    for text, style in cells:
        segments.append(Segment(text, style))
        segments.append(Segment(" ", base))
    # one segment per style run: Textual writes each with its own style codes (bytes)
    return Strip(segments).adjust_cell_length(width, base).simplify()
