"""Summarise an analytics CSV of any size: totals per day and per value of a grouping.

One pass over the file in batches of columns (see :mod:`tui.core.analytics_csv`); per row,
one dictionary update per tally. The first pass adds up what the first charts need (the
days, the component column and the first grouping); :func:`tally_columns` adds the other
groupings in a second pass. Memory stays bounded: each tally keeps at most
:data:`MAX_VALUES` distinct values (new values after that are added up as "other"). No Textual.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tui.core.analytics_columns import Layout, infer_layout, unique_header
from tui.core.analytics_csv import Columns, CsvColumns, open_columns

SAMPLE_ROWS = 1000
MAX_VALUES = 50_000

#: Called after each batch with the bytes read so far and the file's size.
Progress = Callable[[int, int], None]
Stop = Callable[[], bool]


class Cancelled(Exception):
    """The caller's ``stop()`` asked to stop."""


@dataclass(slots=True)
class Tally:
    """Totals per distinct value of one column; once :data:`MAX_VALUES` values are known,
    new ones are added up in ``other``."""

    totals: defaultdict[Any, float] = field(default_factory=lambda: defaultdict(int))
    other: float = 0

    def as_text(self, text: Callable[[Any], str]) -> Tally:
        """This tally with every value as ``str`` (plain chunks are read as bytes)."""
        totals: defaultdict[str, float] = defaultdict(int)
        for key, value in self.totals.items():
            totals[text(key)] += value
        return Tally(totals, self.other)

    def add(self, keys: Iterable[Any], weights: list[float] | None) -> None:
        totals = self.totals
        if len(totals) >= MAX_VALUES:
            for key, weight in zip(keys, weights or itertools.repeat(1), strict=False):
                if key in totals:
                    totals[key] += weight
                else:
                    self.other += weight
        elif weights is None:
            for key in keys:
                totals[key] += 1
        else:
            for key, weight in zip(keys, weights, strict=False):
                totals[key] += weight


@dataclass(slots=True)
class Summary:
    """What a file holds, ready to chart. ``total`` sums the count column (or counts rows);
    ``per_day`` holds the dated part of it, ``undated`` the rest. ``tallies`` is keyed by
    column index: the groupings added up so far (the others are :attr:`pending`)."""

    layout: Layout
    rows: int = 0
    total: float = 0
    per_day: dict[date, float] = field(default_factory=dict)
    undated: float = 0
    tallies: dict[int, Tally] = field(default_factory=dict)
    skipped: int = 0  # rows unreadable, too long, or ragged (see analytics_csv)
    bad_counts: int = 0  # rows whose count cell is not a number (counted as 0)
    problem: str | None = None  # why there is nothing at all to chart

    @property
    def pending(self) -> tuple[int, ...]:
        """Groupings not added up yet (see :func:`tally_columns`)."""
        return tuple(i for i in self.layout.groupings if i not in self.tallies)

    @property
    def unit(self) -> str:
        """What the totals count: ``uses`` (the count column summed) or ``rows``."""
        return "rows" if self.layout.count is None else "uses"


def summarise(path: Path, *, every_grouping: bool = False, stop: Stop = lambda: False,
              progress: Progress | None = None) -> Summary:
    """Read ``path`` once and summarise it: totals, per day, and per value of the component
    column and the first grouping (of every grouping with ``every_grouping``; else
    :func:`tally_columns` adds the others). Raises OSError (unreadable) or
    :class:`Cancelled` (``stop()`` returned true between two batches)."""
    raw, csv_columns = open_columns(path)
    with raw:
        header, sample = csv_columns.header(SAMPLE_ROWS)
        if not header:
            return Summary(infer_layout([], []), problem="The file is empty: it has no header.")
        layout = infer_layout(header, sample)
        columns = layout.groupings if every_grouping else first_columns(layout)
        adding = _Adding(Summary(layout), columns, totals=True)
        _feed(csv_columns, adding, stop, progress)
        adding.summary.skipped += csv_columns.skipped
        return adding.finish(csv_columns.text)


def tally_columns(path: Path, layout: Layout, columns: Iterable[int], *,
                  stop: Stop = lambda: False,
                  progress: Progress | None = None) -> dict[int, Tally]:
    """A second pass over a file :func:`summarise` read: the tallies of ``columns``.
    Raises ValueError when the file's header is no longer the one summarised."""
    raw, csv_columns = open_columns(path)
    with raw:
        header, _ = csv_columns.header()
        if unique_header(header) != layout.header:
            raise ValueError("The file changed after it was summarised.")
        adding = _Adding(Summary(layout), tuple(columns), totals=False)
        _feed(csv_columns, adding, stop, progress)
        return adding.finish(csv_columns.text).tallies


def first_columns(layout: Layout) -> tuple[int, ...]:
    """The groupings the first charts need: the component column and the first grouping."""
    first = (layout.component, *layout.groupings[:1])
    return tuple(dict.fromkeys(i for i in first if i is not None))


def _feed(source: CsvColumns, adding: _Adding, stop: Stop, progress: Progress | None) -> None:
    for columns in source.batches(adding.summary.layout.width, adding.wanted):
        if stop():
            raise Cancelled
        adding.add(columns)
        if progress is not None:
            progress(source.tell(), source.size)


class _Adding:
    """Adds batches of rows to a :class:`Summary`."""

    def __init__(self, summary: Summary, columns: tuple[int, ...], *, totals: bool) -> None:
        self.summary = summary
        layout = summary.layout
        self.days = Tally()
        summary.tallies = {i: Tally() for i in columns}
        self._totals = totals
        self._count = layout.count
        wanted = (*columns, layout.count, layout.date if totals else None)
        #: The columns read: the tallied ones, the count and (for totals) the date.
        self.wanted = tuple(dict.fromkeys(i for i in wanted if i is not None)) or (0,)

    def add(self, columns: Columns) -> None:
        summary = self.summary
        weights = None if self._count is None else self._weights(columns[self._count])
        if self._totals:
            rows = len(columns[self.wanted[0]])
            summary.rows += rows
            summary.total += rows if weights is None else sum(weights)
            layout = summary.layout
            if layout.date is not None and layout.style is not None:
                self.days.add(layout.style.day_keys(columns[layout.date]), weights)
        for i, tally in summary.tallies.items():
            tally.add(columns[i], weights)

    def _weights(self, cells: Sequence[Any]) -> list[float]:
        try:
            return list(map(int, cells))
        except ValueError:
            numbers = list(map(_number, cells))
        self.summary.bad_counts += numbers.count(None)
        return [n or 0 for n in numbers]

    def finish(self, text: Callable[[Any], str]) -> Summary:
        """Values as text, and day keys as dates (each distinct value decoded once)."""
        summary = self.summary
        summary.tallies = {i: tally.as_text(text) for i, tally in summary.tallies.items()}
        style = summary.layout.style
        summary.undated = self.days.other
        for key, total in self.days.as_text(text).totals.items():
            day = style.parse(key) if style is not None else None
            if day is None:
                summary.undated += total
            else:
                summary.per_day[day] = summary.per_day.get(day, 0) + total
        return summary


def _number(cell: str | bytes) -> float | None:
    """A count cell as a number: ``12``, ``3.5``; None for text, blanks, inf and nan."""
    try:
        return int(cell)
    except ValueError:
        pass
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
