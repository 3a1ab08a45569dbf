"""Analytics date ranges: presets, validation and the API's UTC timestamp form.

Days are calendar days in UTC (the API's clock). The range is inclusive: the start day from
00:00:00.000Z, the end day until 23:59:59.999Z. ``today`` is a parameter everywhere so tests
(and callers) can fix the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

DAY_FORMAT = "YYYY-MM-DD"


@dataclass(frozen=True, slots=True)
class Preset:
    """A named quick range."""

    key: str  # short id, also used for widget ids
    label: str


PRESETS: tuple[Preset, ...] = (
    Preset("last7", "Last 7 days"),
    Preset("last30", "Last 30 days"),
    Preset("this-month", "This month"),
    Preset("last-month", "Last month"),
    Preset("this-year", "This year"),
)


def utc_today() -> date:
    """Today's date on the API's (UTC) clock."""
    return datetime.now(UTC).date()


def preset_range(key: str, today: date | None = None) -> tuple[date, date]:
    """The inclusive (start, end) days of preset ``key``; never ends after ``today``."""
    today = today or utc_today()
    if key == "last7":
        return today - timedelta(days=6), today
    if key == "last30":
        return today - timedelta(days=29), today
    if key == "this-month":
        return today.replace(day=1), today
    if key == "last-month":
        last_day = today.replace(day=1) - timedelta(days=1)
        return last_day.replace(day=1), last_day
    if key == "this-year":
        return today.replace(month=1, day=1), today
    raise KeyError(f"unknown preset {key!r}")


def api_start(day: date) -> str:
    """``yyyy-MM-dd'T'00:00:00.000'Z'`` — the first millisecond of ``day`` (UTC)."""
    return f"{day.isoformat()}T00:00:00.000Z"


def api_end(day: date) -> str:
    """``yyyy-MM-dd'T'23:59:59.999'Z'`` — the last millisecond of ``day`` (UTC), inclusive."""
    return f"{day.isoformat()}T23:59:59.999Z"


def parse_day(text: str) -> date:
    """A strict ``YYYY-MM-DD`` day; ``ValueError`` with a readable message otherwise."""
    value = text.strip()
    if not value:
        raise ValueError(f"Enter a date as {DAY_FORMAT}.")
    parts = value.split("-")
    if len(parts) != 3 or [len(p) for p in parts] != [4, 2, 2] or not all(
        p.isascii() and p.isdigit() for p in parts
    ):
        raise ValueError(f"Not a date: use {DAY_FORMAT} (for example 2026-01-31).")
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(f"{value} is not a real calendar date.") from None


@dataclass(frozen=True, slots=True)
class RangeCheck:
    """The outcome of checking two typed dates: per-field problems, or a valid range."""

    start: date | None = None
    end: date | None = None
    start_error: str | None = None
    end_error: str | None = None
    range_error: str | None = None

    @property
    def ok(self) -> bool:
        return not (self.start_error or self.end_error or self.range_error)

    @property
    def errors(self) -> list[str]:
        """Every problem, labelled, for one-line reports (the CLI)."""
        found = [f"start date: {self.start_error}"] if self.start_error else []
        found += [f"end date: {self.end_error}"] if self.end_error else []
        found += [self.range_error] if self.range_error else []
        return found

    @property
    def start_param(self) -> str | None:
        return api_start(self.start) if self.start and self.ok else None

    @property
    def end_param(self) -> str | None:
        return api_end(self.end) if self.end and self.ok else None


def check_range(start_text: str, end_text: str, today: date | None = None) -> RangeCheck:
    """Validate a typed range: real dates, start ≤ end, neither after ``today`` (UTC)."""
    today = today or utc_today()
    start, start_error = _day_or_error(start_text, today)
    end, end_error = _day_or_error(end_text, today)
    range_error = None
    if start and end and start > end:
        range_error = f"The start date ({start}) is after the end date ({end})."
    return RangeCheck(start, end, start_error, end_error, range_error)


def _day_or_error(text: str, today: date) -> tuple[date | None, str | None]:
    try:
        day = parse_day(text)
    except ValueError as exc:
        return None, str(exc)
    if day > today:
        return day, f"{day} is in the future (today is {today} UTC)."
    return day, None
