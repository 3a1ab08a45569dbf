"""The words of the charts screen: what a file holds, what was left out, and why a chart
cannot be drawn from its columns. Column names come from the CSV: shown cleaned."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from tui.core.analytics_summary import Summary
from tui.widgets.text import clean
from tui.widgets.top_bar import fit_parts

SEPARATOR = " · "
NO_ROWS = "The file has a header but no rows: nothing was used in this range."


def _columns(summary: Summary) -> str:
    names = ", ".join(clean(name) for name in summary.layout.header)
    return names if len(names) <= 200 else names[:199] + "…"


def _common(summary: Summary) -> str | None:
    """Why no chart at all can be drawn, or None."""
    if summary.problem:
        return summary.problem
    return NO_ROWS if not summary.rows else None


def time_message(summary: Summary) -> str | None:
    """Why usage over time cannot be drawn, or None."""
    layout = summary.layout
    if common := _common(summary):
        return common
    if layout.date is None:
        return ("No column of this file holds dates, so usage over time cannot be drawn. "
                f"Its columns: {_columns(summary)}.")
    if not summary.per_day:
        return f"No row has a readable date in {clean(layout.name(layout.date))}."
    return None


def top_message(summary: Summary, *, breakdown_key: str) -> str | None:
    """Why the top components cannot be drawn, or None (``breakdown_key`` shows the
    breakdown)."""
    if common := _common(summary):
        return common
    if summary.layout.component is None:
        hint = (f" Press {breakdown_key} for a breakdown by another column."
                if summary.layout.groupings else "")
        return (f"No column names a component, so there is no top list. Its columns: "
                f"{_columns(summary)}.{hint}")
    return None


def breakdown_message(summary: Summary, grouping: int | None) -> str | None:
    """Why the breakdown cannot be drawn (yet), or None."""
    if common := _common(summary):
        return common
    if grouping is None:
        return f"No column holds text to group by. Its columns: {_columns(summary)}."
    if grouping not in summary.tallies:
        return f"Adding up {clean(summary.layout.name(grouping))}…"
    return None


def describe(summary: Summary) -> str:
    """``12,345 uses (the sum of Count) in 4,321 rows · 2026-10-03 → 2026-11-01``."""
    if summary.problem:
        return summary.problem
    layout = summary.layout
    if layout.count is not None:
        text = (f"{summary.total:,.0f} uses (the sum of {clean(layout.name(layout.count))}) "
                f"in {summary.rows:,} rows")
    else:
        text = f"{summary.rows:,} rows (no count column: each row counts once)"
    if summary.per_day:
        first, last = min(summary.per_day), max(summary.per_day)
        text += f" · {first.isoformat()} → {last.isoformat()}"
    return text


def notes(summary: Summary, groupings: Sequence[int], *, group_key: str) -> list[str]:
    """The status line's parts: what was left out, else which column plays which part
    (``group_key`` groups the breakdown by ``groupings``, in turn: the last part)."""
    layout = summary.layout
    parts = []
    if summary.skipped:
        parts.append(f"{summary.skipped:,} unreadable or incomplete rows left out")
    if summary.bad_counts:
        name = clean(layout.name(layout.count))
        parts.append(f"{summary.bad_counts:,} rows with no number in {name} (counted as 0)")
    if summary.undated and summary.per_day:
        name = clean(layout.name(layout.date))
        parts.append(f"{summary.undated:,.0f} {summary.unit} without a readable {name}")
    if parts or summary.problem:
        return parts
    roles = [(layout.date, "time"), (layout.count, "summed"), (layout.component, "components")]
    parts = [f"{clean(layout.name(i))}: {role}" for i, role in roles if i is not None]
    if groupings:
        names = ", ".join(clean(layout.name(i)) for i in groupings)
        parts.append(f"{group_key} groups by {names}")
    return parts


def fit_notes(parts: Sequence[str], room: int) -> str:
    """``parts`` in ``room`` cells, never cut mid-word: the parts before the last are
    dropped whole from the right first (the last says what ``g`` does next), then the
    last's names from its end."""
    kept = list(parts)
    while len(kept) > 1 and cell_len(SEPARATOR.join(kept)) > room:
        del kept[-2]
    return fit_parts(SEPARATOR.join(kept), room, separator=", ")
