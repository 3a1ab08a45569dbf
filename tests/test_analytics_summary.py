"""Summarising analytics CSVs: demo files from the fake's generator, files with foreign
columns, and hostile files (empty, ragged, huge fields, other encodings). Every figure is
checked against an independent count made with the ``csv`` module."""

from __future__ import annotations

import csv
import io
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import shared_data

from tui.core import analytics_csv, analytics_summary
from tui.core.analytics_summary import Cancelled, Summary, summarise, tally_columns

OCT = (date(2026, 10, 3), date(2026, 11, 1))  # the demo's "last 30 days" on its reference day
TWO_YEARS = (date(2024, 11, 1), date(2026, 11, 1))


def demo_csv(tmp_path: Path, days: tuple[date, date] = OCT) -> Path:
    """The CSV the fake API serves for ``days`` (its own generator)."""
    path = tmp_path / "demo.csv"
    path.write_bytes(shared_data().analytics.body(*days))
    return path


def records(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows, read plainly with the csv module (the reference)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if row]
    return rows[0], rows[1:]


def write(tmp_path: Path, text: str | bytes, name: str = "file.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def totals(summary: Summary, column: str) -> dict[str, float]:
    layout = summary.layout
    return dict(summary.tallies[layout.header.index(column)].totals)


def names(summary: Summary) -> dict[str, object]:
    layout = summary.layout
    return {"date": layout.name(layout.date), "count": layout.name(layout.count),
            "component": layout.name(layout.component),
            "groupings": [layout.header[i] for i in layout.groupings]}


# -- demo data ------------------------------------------------------------------------------


def test_demo_csv_roles_and_totals(tmp_path: Path) -> None:
    path = demo_csv(tmp_path)
    header, rows = records(path)
    summary = summarise(path, every_grouping=True)
    assert names(summary) == {
        "date": "Date", "count": "Count", "component": "ComponentName",
        "groupings": ["Action", "Application", "ComponentId", "ComponentName", "UserId"]}
    count = header.index("Count")
    assert summary.rows == len(rows)
    assert summary.total == sum(int(r[count]) for r in rows)
    per_day: Counter[date] = Counter()
    by_action: Counter[str] = Counter()
    for row in rows:
        per_day[date.fromisoformat(row[0])] += int(row[count])
        by_action[row[header.index("Action")]] += int(row[count])
    assert summary.per_day == dict(per_day)
    assert totals(summary, "Action") == dict(by_action)
    assert (summary.skipped, summary.bad_counts, summary.undated) == (0, 0, 0)
    assert summary.unit == "uses"


def test_first_pass_then_the_other_groupings(tmp_path: Path) -> None:
    """The charts need the component and the first grouping; a second pass adds the rest."""
    path = demo_csv(tmp_path, TWO_YEARS)
    first = summarise(path)
    layout = first.layout
    assert set(first.tallies) == {layout.component, layout.groupings[0]}
    assert set(first.pending) == set(layout.groupings) - set(first.tallies)
    first.tallies.update(tally_columns(path, layout, first.pending))
    assert first.pending == ()
    whole = summarise(path, every_grouping=True)
    assert {i: dict(t.totals) for i, t in first.tallies.items()} == {
        i: dict(t.totals) for i, t in whole.tallies.items()}


def test_second_pass_refuses_a_changed_file(tmp_path: Path) -> None:
    path = demo_csv(tmp_path)
    summary = summarise(path)
    path.write_text("Something,Else\n1,2\n")
    with pytest.raises(ValueError, match="changed"):
        tally_columns(path, summary.layout, summary.pending)


def test_stop_cancels_between_batches(tmp_path: Path) -> None:
    path = demo_csv(tmp_path, TWO_YEARS)
    with pytest.raises(Cancelled):
        summarise(path, stop=lambda: True)


# -- foreign columns --------------------------------------------------------------------------


def foreign(tmp_path: Path, keep: list[str], rename: dict[str, str], *,
            delimiter: str = ",", when: str = "{}") -> tuple[Path, list[list[str]]]:
    """The demo rows with only ``keep`` columns, in that order, renamed."""
    header, rows = records(demo_csv(tmp_path))
    picked = [[row[header.index(c)] for c in keep] for row in rows]
    if "Date" in keep:
        at = keep.index("Date")
        for row in picked:
            row[at] = when.format(row[at])
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([rename.get(c, c) for c in keep])
    writer.writerows(picked)
    return write(tmp_path, out.getvalue(), "foreign.csv"), picked


def test_other_names_in_another_order(tmp_path: Path) -> None:
    """No name is relied on: a count is the numeric column, a date the date-like one."""
    keep = ["Application", "Count", "UserId", "Date", "Action", "ComponentName"]
    rename = {"Application": "Tool", "Count": "Hits", "UserId": "Who", "Date": "At",
              "Action": "Verb", "ComponentName": "Item"}
    path, rows = foreign(tmp_path, keep, rename, delimiter=";", when="{}T08:30:00Z")
    summary = summarise(path, every_grouping=True)
    assert names(summary) == {"date": "At", "count": "Hits", "component": "",
                              "groupings": ["Tool", "Who", "Verb", "Item"]}
    assert summary.total == sum(int(r[1]) for r in rows)
    assert sum(summary.per_day.values()) == summary.total
    assert min(summary.per_day) == OCT[0]
    by_tool: Counter[str] = Counter()
    for row in rows:
        by_tool[row[0]] += int(row[1])
    assert totals(summary, "Tool") == dict(by_tool)


def test_no_count_column_counts_rows(tmp_path: Path) -> None:
    path, rows = foreign(tmp_path, ["ComponentName", "Date", "Action"], {})
    summary = summarise(path, every_grouping=True)
    assert names(summary)["count"] == "" and summary.unit == "rows"
    assert summary.total == summary.rows == len(rows)
    assert totals(summary, "Action") == dict(Counter(r[2] for r in rows))


def test_no_date_column(tmp_path: Path) -> None:
    path, rows = foreign(tmp_path, ["Action", "ComponentName", "Count"], {})
    summary = summarise(path)
    assert names(summary)["date"] == "" and summary.per_day == {}
    assert summary.total == sum(int(r[2]) for r in rows)


def test_no_text_column(tmp_path: Path) -> None:
    path, rows = foreign(tmp_path, ["Date", "Count"], {})
    summary = summarise(path)
    assert names(summary) == {"date": "Date", "count": "Count", "component": "",
                              "groupings": []}
    assert sum(summary.per_day.values()) == sum(int(r[1]) for r in rows)


def test_day_first_and_month_first_dates(tmp_path: Path) -> None:
    dotted = summarise(write(tmp_path, "Tag;Anzahl\n15.01.2026;3\n02.01.2026;4\n"))
    assert dotted.per_day == {date(2026, 1, 15): 3, date(2026, 1, 2): 4}
    us = summarise(write(tmp_path, "When,Action\n1/15/2026 10:00 AM,View\n2/1/2026,View\n"))
    assert us.per_day == {date(2026, 1, 15): 1, date(2026, 2, 1): 1}


# -- hostile files ----------------------------------------------------------------------------


def test_empty_file_and_header_only(tmp_path: Path) -> None:
    empty = summarise(write(tmp_path, b""))
    assert empty.problem and "empty" in empty.problem
    blank = summarise(write(tmp_path, b"\n\r\n\n"))
    assert blank.problem
    header_only = summarise(write(tmp_path, "Date,Component,Count\r\n"))
    assert header_only.problem is None and header_only.rows == 0
    assert names(header_only)["date"] == "Date" and names(header_only)["count"] == "Count"


def test_bom_crlf_and_blank_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffDate,Component,Count\r\n\r\n2026-01-01,Door,3\r\n"
                           "2026-01-02,Door,2\r\n\r\n")
    summary = summarise(path)
    assert summary.layout.header[0] == "Date"
    assert (summary.rows, summary.total, summary.skipped) == (2, 5, 0)


def test_ragged_rows_are_left_out_and_counted(tmp_path: Path) -> None:
    """Fewer cells than the header, or more with text in them (a value's unquoted comma
    shifts the rest: its count would be read from the wrong cell): left out. Empty cells
    after the last column (a trailing comma) are no reason to leave a row out."""
    path = write(tmp_path, "Date,Component,Count\n2026-01-01,Door,3\n2026-01-02,Door\n"
                           "2026-01-03,Window, Oak,1\n2026-01-04,Window,1,\n"
                           "2026-01-05,Window,2, ,\n")
    summary = summarise(path)
    assert (summary.rows, summary.total, summary.skipped) == (3, 6, 2)
    assert totals(summary, "Component") == {"Door": 3, "Window": 3}
    assert summary.bad_counts == 0


def test_huge_fields_are_skipped_with_bounded_memory(tmp_path: Path) -> None:
    long_line = b"2026-01-02,Door" + b"x" * (analytics_csv.MAX_LINE + 10) + b",2\n"
    over_csv_limit = b'2026-01-03,"' + b"y" * 200_000 + b'",5\n'
    path = write(tmp_path, b"Date,Component,Count\n2026-01-01,Door,3\n" + long_line
                 + over_csv_limit + b"2026-01-04,Window,1\n")
    summary = summarise(path)
    assert (summary.rows, summary.total, summary.skipped) == (2, 4, 2)


def test_other_encodings(tmp_path: Path) -> None:
    cp1252 = summarise(write(tmp_path, "Date,Component,Count\n2026-01-01,Tür,3\n"
                                       .encode("cp1252")))
    assert totals(cp1252, "Component") == {"Tür": 3}
    utf16 = summarise(write(tmp_path, "Date\tComponent\tCount\r\n2026-01-01\tDoor\t3\r\n"
                                      .encode("utf-16")))
    assert totals(utf16, "Component") == {"Door": 3}
    junk = summarise(write(tmp_path, b"\x00\xff\x81,B\n\xfe\x00,\x9d\n"))
    assert junk.problem is None and junk.rows == 1


def test_quoted_cells(tmp_path: Path) -> None:
    path = write(tmp_path, 'Date,Component,Count\n2026-01-01,"Door, wide",3\n'
                           '2026-01-02,"Pipe 3/4""",2\n2026-01-03,"two\nlines",1\n')
    summary = summarise(path)
    assert totals(summary, "Component") == {"Door, wide": 3, 'Pipe 3/4"': 2, "twolines": 1}


def test_a_count_that_is_not_a_number_counts_zero(tmp_path: Path) -> None:
    good = "".join(f"2026-01-{day:02d},Door,2\n" for day in range(1, 21))
    summary = summarise(write(tmp_path, f"Date,Component,Count\n{good}2026-01-21,Door,n/a\n"
                                        "2026-01-22,Door,1.5\n"))
    assert names(summary)["count"] == "Count"
    assert (summary.rows, summary.bad_counts, summary.total) == (22, 1, 41.5)


def test_fast_and_exact_paths_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain chunks split at C speed (as bytes), later quoted ones parsed by csv (as text):
    the same figures, each name once."""
    monkeypatch.setattr(analytics_csv, "CHUNK", 512)
    rng = random.Random(7)
    lines = ["Date,Component,Action,Count"]
    expected: Counter[str] = Counter()
    for n in range(3000):
        name = rng.choice(["Door", "Window", "Tür"]) + str(rng.randrange(5))
        if n > 2000 and n % 7 == 0:
            name = f'"{name}, quoted"'
        count = rng.randrange(1, 9)
        expected[name.strip('"')] += count
        lines.append(f"2026-01-{1 + n % 28:02d},{name},View,{count}")
    summary = summarise(write(tmp_path, "\r\n".join(lines) + "\r\n"))  # UTF-8
    assert totals(summary, "Component") == dict(expected)
    assert summary.rows == 3000 and summary.skipped == 0


def test_distinct_values_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analytics_summary, "MAX_VALUES", 5)
    monkeypatch.setattr(analytics_csv, "CHUNK", 64)  # a few rows per batch
    body = "".join(f"2026-01-01,C{n},View,1\n" for n in range(40))
    summary = summarise(write(tmp_path, "Date,Component,Action,Count\n" + body))
    tally = summary.tallies[summary.layout.component]
    assert 5 <= len(tally.totals) < 10 and tally.other > 0
    assert sum(tally.totals.values()) + tally.other == 40
