"""What the charts plot, from a :class:`~tui.core.analytics_summary.Summary`: usage per
day, week or month, the top values of a column, and the numbers on the axes. No Textual."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from tui.core.analytics_summary import MAX_VALUES, Tally

UNITS = ("day", "week", "month")
#: Ranges up to a quarter are shown per day, up to two years per week, longer per month.
DAYS_PER_DAY_CHART = 92
DAYS_PER_WEEK_CHART = 731
#: A unit giving more points than this is not offered: more than a wide terminal can
#: show, and slow to draw.
MAX_POINTS = 200
EMPTY_LABEL = "(empty)"


def default_unit(first: date, last: date) -> str:
    """``day``, ``week`` or ``month``, so the chart has at most ~100 points."""
    days = (last - first).days + 1
    if days <= DAYS_PER_DAY_CHART:
        return "day"
    return "week" if days <= DAYS_PER_WEEK_CHART else "month"


def units_for(first: date, last: date) -> tuple[str, ...]:
    """The units worth offering for a range: at most :data:`MAX_POINTS` points (the
    default unit always)."""
    default = default_unit(first, last)
    return tuple(unit for unit in UNITS if unit == default or
                 len(series({first: 1, last: 1}, unit)) <= MAX_POINTS)


def bucket(day: date, unit: str) -> date:
    """The first day of the day, ISO week (Monday) or month holding ``day``."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=7)
    if unit == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=1)


def series(per_day: Mapping[date, float], unit: str) -> list[tuple[date, float]]:
    """Totals per bucket from the first to the last used one, empty buckets as 0."""
    if not per_day:
        return []
    totals: dict[date, float] = {}
    for day, value in per_day.items():
        start = bucket(day, unit)
        totals[start] = totals.get(start, 0) + value
    out = []
    start, last = min(totals), max(totals)
    while start <= last:
        out.append((start, totals.get(start, 0)))
        start = _next(start, unit)
    return out


def bucket_label(start: date, unit: str) -> str:
    """``2026-10-03`` for a day or a week (its Monday), ``2026-10`` for a month."""
    return start.strftime("%Y-%m") if unit == "month" else start.isoformat()


@dataclass(frozen=True, slots=True)
class Ranking:
    """The largest values of a column, and what the others add up to."""

    items: list[tuple[str, float]]
    rest: float  # the total of every value not in ``items``
    rest_values: int  # how many values that is (a lower bound when ``capped``)
    capped: bool  # the column had more than MAX_VALUES values: some were not told apart

    def rest_label(self) -> str:
        """``3 others``, ``1 other``, ``50,000+ others``."""
        plus = "+" if self.capped else ""
        return f"{self.rest_values:,}{plus} other" + ("" if self.rest_values == 1 and not plus
                                                      else "s")


def ranking(tally: Tally, n: int) -> Ranking:
    """The ``n`` largest values (blanks around values ignored; blank as ``(empty)``)."""
    merged: dict[str, float] = {}
    for key, value in tally.totals.items():
        label = key.strip() or EMPTY_LABEL
        merged[label] = merged.get(label, 0) + value
    ordered = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
    top, others = ordered[:n], ordered[n:]
    capped = tally.other > 0 or len(tally.totals) >= MAX_VALUES
    return Ranking(top, sum(v for _, v in others) + tally.other, len(others), capped)


def short_number(value: float) -> str:
    """An axis number: ``950``, ``12,400``, ``1.2M``, ``3.5``, ``2.5e+15``."""
    if abs(value) >= 1e12:
        return f"{value:.3g}"
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    if abs(value) >= 100_000:
        return f"{value / 1000:.0f}k"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.1f}"


def nice_ticks(top: float, count: int = 5) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 × 10ⁿ) up to the smallest round value at or over
    ``top``, in ``count - 2`` to ``count`` intervals (whole steps once ``top`` ≥ 1)."""
    if top <= 0:
        return [0, 1]
    best: tuple[float, float] | None = None  # (last tick, step)
    for intervals in range(max(2, count), max(2, count - 2) - 1, -1):  # ties: more ticks
        raw = top / intervals
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
        if step < 1 <= top:
            step = 1
        last = math.ceil(round(top / step, 9)) * step
        if best is None or last < best[0]:
            best = (last, step)
    last, step = best
    return [round(n * step, 10) for n in range(round(last / step) + 1)]


def share(value: float, total: float) -> str:
    """``45%``, ``4.5%``, ``<0.1%`` of ``total`` ("" when the total is not positive)."""
    if total <= 0:
        return ""
    part = value / total * 100
    if part >= 9.95 or part == 0:
        return f"{part:.0f}%"
    return f"{part:.1f}%" if part >= 0.05 else "<0.1%"
