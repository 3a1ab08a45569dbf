"""What the columns of an analytics CSV hold, inferred from its header and first rows.

The vendor does not document the CSV's columns, so nothing here relies on their names or
order: a date-like column is the time axis, a numeric column (a count) is summed, and the
other columns are groupings. Names only break ties (``ComponentName`` is preferred for the
top components, ``Action`` as the first grouping). Pure Python, no Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter, methodcaller
from typing import AnyStr

#: Share of the non-empty sampled cells that must fit for a column to count as dates/numbers.
FIT = 0.9
_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?: .*)?")
_XYZ = re.compile(r"(\d{1,2})([/.-])(\d{1,2})[/.-](\d{4})(?:[ ,T].*)?")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")

_DATE_WORDS = {"date", "day", "time", "timestamp", "when", "created", "used", "occurred"}
_COUNT_WORDS = {"count", "counts", "total", "qty", "quantity", "uses", "usage", "hits",
                "times", "events", "amount", "number", "views", "sum"}
#: Numbers that are labels or calendar parts, never a count to sum.
_NOT_COUNT_WORDS = {"id", "guid", "uuid", "key", "code", "year", "month", "week", "hour",
                    "minute", "second", "version", "zip", "phone", "day"}
#: Preferred first groupings, in order: what was done, with what, by whom.
_GROUPING_WORDS = (("action", "event", "operation", "activity", "type"),
                   ("application", "app", "product", "client", "source", "tool"),
                   ("user", "email", "person", "account"))


def words(name: str) -> list[str]:
    """``ComponentName`` → ``["component", "name"]``; ``user_id`` → ``["user", "id"]``."""
    return [w.lower() for w in _WORDS.findall(name)]


@dataclass(frozen=True, slots=True)
class DateStyle:
    """How a date column writes its days: the part of a cell that is the day, and its order."""

    kind: str  # iso | ymd | mdy | dmy

    def day_keys(self, cells: Sequence[AnyStr]) -> Iterable[AnyStr]:
        """The day part of each cell, str or bytes (C-speed maps: this runs once per row)."""
        if self.kind == "iso":
            return map(itemgetter(slice(0, 10)), cells)
        space = b" " if cells and isinstance(cells[0], bytes) else " "
        return map(itemgetter(0), map(methodcaller("partition", space), cells))

    def parse(self, key: str) -> date | None:
        """The date a day key names, or None."""
        key = key.strip()
        try:
            if self.kind == "iso":
                return date.fromisoformat(key[:10]) if _ISO.fullmatch(key[:10]) else None
            parts = [int(p) for p in re.split(r"[/.-]", key.rstrip(",T"))]
            if len(parts) != 3:
                return None
            if self.kind == "ymd":
                return date(parts[0], parts[1], parts[2])
            if self.kind == "mdy":
                return date(parts[2], parts[0], parts[1])
            return date(parts[2], parts[1], parts[0])
        except ValueError:
            return None


def date_style(cells: Sequence[str]) -> DateStyle | None:
    """The date style most sampled cells fit (day/month order decided from the values)."""
    if not cells:
        return None
    for kind, pattern in (("iso", _ISO), ("ymd", _YMD)):
        if _fits(cells, pattern.fullmatch):
            return DateStyle(kind)
    matches = [m for m in map(_XYZ.fullmatch, cells) if m]
    if len(matches) < FIT * len(cells):
        return None
    if any(int(m.group(1)) > 12 for m in matches):
        return DateStyle("dmy")
    if any(int(m.group(3)) > 12 for m in matches) or matches[0].group(2) == "/":
        return DateStyle("mdy")
    return DateStyle("dmy")  # 01.02.2026: the dotted form is day first


def _fits(cells: Sequence[str], test: Callable[[str], object]) -> bool:
    return sum(1 for c in cells if test(c)) >= FIT * len(cells)


@dataclass(frozen=True, slots=True)
class Layout:
    """The role of each column: ``date``/``count`` are indexes (None when the file has none),
    ``groupings`` the text columns (default first), ``component`` the one to rank."""

    header: tuple[str, ...]
    date: int | None
    style: DateStyle | None
    count: int | None
    groupings: tuple[int, ...]
    component: int | None

    @property
    def width(self) -> int:
        return len(self.header)

    def name(self, index: int | None) -> str:
        return "" if index is None else self.header[index]


def unique_header(header: Sequence[str]) -> tuple[str, ...]:
    """Blank names become ``Column N``; repeated names get `` (2)``, `` (3)``…"""
    seen: dict[str, int] = {}
    names = []
    for n, raw in enumerate(header, start=1):
        name = raw.strip() or f"Column {n}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(names)


def infer_layout(header: Sequence[str], sample: Sequence[Sequence[str]]) -> Layout:
    """Column roles from the header and the first rows (``sample``). A column with no
    value in the sample is judged by its name alone."""
    names = unique_header(header)
    cells = [[row[i].strip() for row in sample if i < len(row) and row[i].strip()]
             for i in range(len(names))]
    styles = _date_styles(names, cells)
    when = _prefer(list(styles), names, _DATE_WORDS)
    count = _count_column(names, cells, when)
    texts = [i for i in range(len(names)) if i not in (when, count)]
    component = _component(texts, names)
    return Layout(names, when, styles.get(when) if when is not None else None, count,
                  _grouping_order(texts, names, component), component)


def _date_styles(names: Sequence[str], cells: list[list[str]]) -> dict[int, DateStyle]:
    styles = {}
    for i, values in enumerate(cells):
        style = date_style(values) if values else (
            DateStyle("iso") if set(words(names[i])) & _DATE_WORDS else None)
        if style is not None:
            styles[i] = style
    return styles


def _count_column(names: Sequence[str], cells: list[list[str]], when: int | None
                  ) -> int | None:
    """The numeric column to sum: one named like a count first, else the last one."""
    numeric = []
    for i, values in enumerate(cells):
        named = set(words(names[i]))
        if i == when or named & _NOT_COUNT_WORDS:
            continue
        if (_fits(values, _NUMBER.fullmatch) if values else named & _COUNT_WORDS):
            numeric.append(i)
    hinted = [i for i in numeric if set(words(names[i])) & _COUNT_WORDS]
    return (hinted or numeric[-1:] or [None])[0]


def _prefer(candidates: list[int], names: Sequence[str], hints: set[str]) -> int | None:
    for i in candidates:
        if set(words(names[i])) & hints:
            return i
    return candidates[0] if candidates else None


def _component(texts: list[int], names: Sequence[str]) -> int | None:
    """A column naming the component: ``ComponentName`` before ``ComponentId``."""
    found = [i for i in texts if "component" in words(names[i])]
    readable = [i for i in found if not set(words(names[i])) & _NOT_COUNT_WORDS]
    return (readable or found or [None])[0]


def _grouping_order(texts: list[int], names: Sequence[str], component: int | None
                    ) -> tuple[int, ...]:
    """Header order, rotated so the preferred first grouping leads (and never the component
    column when another one exists)."""
    if not texts:
        return ()
    first = next((i for hints in _GROUPING_WORDS for i in texts
                  if set(words(names[i])) & set(hints)), None)
    if first is None:
        first = next((i for i in texts if i != component), texts[0])
    at = texts.index(first)
    return tuple(texts[at:] + texts[:at])
