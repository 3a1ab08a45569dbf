"""What the charts plot: buckets of days, weeks and months, rankings and axis numbers."""

from __future__ import annotations

from datetime import date

from tui.core.analytics_series import (
    default_unit,
    nice_ticks,
    ranking,
    series,
    share,
    short_number,
    units_for,
)
from tui.core.analytics_summary import Tally


def test_the_unit_follows_the_range() -> None:
    start = date(2026, 1, 1)
    assert default_unit(start, date(2026, 1, 30)) == "day"
    assert default_unit(start, date(2026, 4, 2)) == "day"  # 92 days: a quarter
    assert default_unit(start, date(2026, 4, 3)) == "week"
    assert default_unit(date(2024, 11, 1), date(2026, 11, 1)) == "week"  # two years
    assert default_unit(date(2024, 1, 1), date(2026, 11, 1)) == "month"


def test_series_fill_the_gaps_and_bucket_weeks_and_months() -> None:
    per_day = {date(2026, 1, 1): 2, date(2026, 1, 4): 3, date(2026, 1, 5): 1,
               date(2026, 3, 2): 4}
    days = series(per_day, "day")
    assert days[:4] == [(date(2026, 1, 1), 2), (date(2026, 1, 2), 0), (date(2026, 1, 3), 0),
                        (date(2026, 1, 4), 3)]
    assert len(days) == 61 and sum(v for _, v in days) == 10
    weeks = series(per_day, "week")  # ISO weeks from Monday 2025-12-29
    assert weeks[0] == (date(2025, 12, 29), 5) and weeks[1] == (date(2026, 1, 5), 1)
    assert weeks[-1] == (date(2026, 3, 2), 4) and len(weeks) == 10
    assert series(per_day, "month") == [(date(2026, 1, 1), 6), (date(2026, 2, 1), 0),
                                        (date(2026, 3, 1), 4)]
    assert series({}, "day") == []


def test_ranking_merges_blanks_and_tells_the_rest() -> None:
    tally = Tally()
    tally.add(["View", " View", "", "Download", "Insert", "Place "], [5, 1, 2, 4, 3, 1])
    top = ranking(tally, 2)
    assert top.items == [("View", 6), ("Download", 4)]
    assert (top.rest, top.rest_values, top.capped) == (6, 3, False)
    assert ("(empty)", 2) in ranking(tally, 10).items
    assert top.rest_label() == "3 others"


def test_axis_numbers() -> None:
    assert nice_ticks(37) == [0, 10, 20, 30, 40]
    assert nice_ticks(1520) == [0, 500, 1000, 1500, 2000]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(0) == [0, 1]
    assert [short_number(n) for n in (950, 12_400, 250_000, 1_250_000, 3.5)] == [
        "950", "12,400", "250k", "1.25M", "3.5"]


def test_units_offered_and_shares() -> None:
    assert units_for(date(2026, 1, 1), date(2026, 3, 1)) == ("day", "week", "month")
    assert units_for(date(2024, 11, 1), date(2026, 11, 1)) == ("week", "month")  # no 731 days
    assert units_for(date(2000, 1, 1), date(2026, 1, 1)) == ("month",)
    assert [share(v, 200) for v in (90, 9, 0.05, 0)] == ["45%", "4.5%", "<0.1%", "0%"]
    assert share(1, 0) == ""
