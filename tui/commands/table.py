"""Print mode's ``table``: aligned columns that fit the terminal, control characters shown
escaped (a server's ESC sequences and newlines never reach the terminal as such)."""

from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Sequence

#: Space between columns, the narrowest a column is cut to, the widest it starts at.
GAP = 2
MIN_WIDTH = 6
MAX_WIDTH = 60
#: Default columns are dropped (last first) rather than cut below this many cells: a name
#: this wide tells rows apart ("Riverside Wind Farm …"). Ids are not cut at all: printed,
#: they are copied into the next command.
READABLE = 24
ELLIPSIS = "…"
#: C0/C1 controls, DEL, zero-width and bidi format characters, line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escape(text: str) -> str:
    """``text`` with every control or invisible format character written as an escape."""
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100
                                else f"\\u{ord(char):04x}")


def char_width(char: str) -> int:
    """Terminal cells a character takes: 2 for wide (CJK), 0 for combining marks."""
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_width(text: str) -> int:
    return len(text) if text.isascii() else sum(map(char_width, text))


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells (ending in ``…`` when cut), padded to ``width``."""
    used = text_width(text)
    if used > width:
        kept, used = [], 0
        for char in text:
            w = char_width(char)
            if used + w > width - 1:
                break
            kept.append(char)
            used += w
        text = "".join(kept) + ELLIPSIS
        used += 1
    return text + " " * (width - used)


def terminal_width() -> int:
    """``$COLUMNS``, else the width of the terminal stdout or stderr is on, else 80."""
    columns = shutil.get_terminal_size((0, 0)).columns
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def column_widths(natural: Sequence[int], floors: Sequence[int], total: int, *,
                  may_drop: bool = False) -> list[int]:
    """Widths for columns wanting ``natural`` cells within ``total``; the widest shrink first.

    ``may_drop`` (default columns): no column goes below its floor; the last columns are
    left out until the rest fit (two stay), so fewer widths than columns may come back.
    Otherwise every column shrinks as needed to :data:`MIN_WIDTH` (a row may still overflow
    a very narrow terminal).
    """
    count = len(natural)
    while may_drop and count > 2 and sum(floors[:count]) + GAP * (count - 1) > total:
        count -= 1
    lowest = floors[:count] if may_drop else [min(n, MIN_WIDTH) for n in natural]
    widths = [min(w, MAX_WIDTH) for w in natural[:count]]
    excess = sum(widths) + GAP * (count - 1) - total
    while excess > 0:
        shrinkable = [i for i in range(count) if widths[i] > lowest[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=widths.__getitem__)
        widths[widest] -= 1
        excess -= 1
    return widths


def floor_width(header: str, values: Sequence[str]) -> int:
    """How narrow a default column may get: values all as wide as each other (ids, times)
    are not cut at all; others down to :data:`READABLE` cells."""
    widths = {text_width(v) for v in values}
    if len(widths) == 1 and 0 not in widths:
        return min(widths.pop(), MAX_WIDTH)
    return min(max([text_width(header), *widths]), READABLE)


class Table:
    """Lines of an aligned table. Column widths come from the header and the first batch
    (then stay: rows are written as they arrive); longer cells are cut with ``…``.
    ``may_drop``: the columns are defaults, and those that do not fit are left out."""

    def __init__(self, headers: Sequence[str], width: int, *, may_drop: bool = False) -> None:
        self.headers = [escape(h) for h in headers]
        self.width = width
        self.may_drop = may_drop
        self.widths: list[int] | None = None

    def _line(self, cells: Sequence[str]) -> str:
        assert self.widths is not None
        last = len(self.widths) - 1
        parts = [fit(c, w) for c, w in zip(cells, self.widths, strict=False)]
        parts[last] = parts[last].rstrip()
        return (" " * GAP).join(parts).rstrip() + "\n"

    def lines(self, rows: Sequence[Sequence[str]]) -> str:
        """The text of ``rows`` (escaped); the header and a rule come first."""
        escaped = [[escape(c) for c in row] for row in rows]
        out = []
        if self.widths is None:
            columns = [[row[i] for row in escaped] for i in range(len(self.headers))]
            natural = [max(map(text_width, [h, *c])) for h, c in zip(self.headers, columns,
                                                                      strict=True)]
            floors = [floor_width(h, c) for h, c in zip(self.headers, columns, strict=True)]
            self.widths = column_widths(natural, floors, self.width, may_drop=self.may_drop)
            out.append(self._line(self.headers))
            out.append(self._line(["-" * w for w in self.widths]))
        out += [self._line(row) for row in escaped]
        return "".join(out)
