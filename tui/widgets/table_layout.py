"""How a virtual table's columns are defined and fitted into a width (no widgets here)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


class Column(NamedTuple):
    """How one column gets its text and how wide it may be (a named tuple: ~20 times
    cheaper to define at start-up than a frozen dataclass).

    ``flex == 0``: as wide as the header/sample need (up to ``max_width``).
    ``flex > 0``: shares the spare width with the other flex columns, by weight.
    """

    label: str
    get: Callable[[Any], object]
    flex: int = 0
    min_width: int = 4
    max_width: int = 40
    dim: bool = False


def layout_widths(natural: Sequence[int], columns: Sequence[Column], available: int) -> list[int]:
    """Fit columns into ``available`` cells.

    Spare room goes to flex columns by weight. When short of room, flex columns share what
    the others leave by weight (none wider than it needs), then anything still too wide is
    cut from the right down to the minimum widths.
    """
    widths = list(natural)
    flex = [i for i, c in enumerate(columns) if c.flex > 0]
    if not flex:
        return _shrink_from_right(widths, columns, available)
    room = available - sum(w for i, w in enumerate(widths) if i not in flex)
    wanted = sum(widths[i] for i in flex)
    if room >= wanted:
        _share_spare(widths, columns, flex, room - wanted)
    else:
        _share_short(widths, natural, columns, flex, max(0, room))
    leftover = available - sum(widths)
    if leftover > 0:
        widths[flex[0]] += leftover
    return _shrink_from_right(widths, columns, available)


def _share_spare(widths: list[int], columns: Sequence[Column], flex: list[int],
                 spare: int) -> None:
    """Widen the flex columns by ``spare`` cells, by weight."""
    total = sum(columns[i].flex for i in flex)
    for i in flex:
        widths[i] += spare * columns[i].flex // total


def _share_short(widths: list[int], natural: Sequence[int], columns: Sequence[Column],
                 flex: list[int], remaining: int) -> None:
    """Share ``remaining`` cells among the flex columns by weight: a column whose share
    exceeds its natural width keeps that width and leaves the rest to the others."""
    active = list(flex)
    while active:
        total = sum(columns[i].flex for i in active)
        capped = [i for i in active if remaining * columns[i].flex / total >= natural[i]]
        if not capped:
            for i in active:
                widths[i] = max(columns[i].min_width, remaining * columns[i].flex // total)
            return
        for i in capped:
            remaining -= natural[i]
            active.remove(i)


def _shrink_from_right(widths: list[int], columns: Sequence[Column], available: int) -> list[int]:
    excess = sum(widths) - available
    for i in range(len(columns) - 1, -1, -1):
        if excess <= 0:
            break
        cut = min(excess, max(0, widths[i] - columns[i].min_width))
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
