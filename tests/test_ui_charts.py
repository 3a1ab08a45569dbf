"""The analytics charts, driven with Pilot: at once after a download in the app, from the
list of saved files, and for files whose columns allow only some charts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static, TabbedContent
from ui_pilot import SIZE, make_app, screen_text, settle, wait_for

from tui.app import ItwinApp
from tui.core.analytics_summary import summarise
from tui.dialogs.analytics import AnalyticsDialog
from tui.dialogs.charts import ChartsScreen, NotesLine
from tui.dialogs.saved_files import SavedFilesScreen
from tui.widgets.usage_charts import BarList, TimeChart


def charts(app: ItwinApp) -> ChartsScreen:
    screen = app.screen
    assert isinstance(screen, ChartsScreen), f"expected the charts, got {screen!r}"
    return screen


def summarised(app: ItwinApp) -> bool:
    screen = app.screen
    return (isinstance(screen, ChartsScreen) and screen.summary is not None
            and not screen.summary.pending)


def active(app: ItwinApp) -> str:
    return app.screen.query_one(TabbedContent).active


async def test_a_demo_download_shows_charts_at_once(server, client, tmp_path: Path) -> None:
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("a")
        await pilot.press("enter")  # the dialog opens on "last 30 days"
        await wait_for(pilot, lambda: summarised(app), "the charts after the download")
        screen = charts(app)
        saved = next(tmp_path.glob("*.csv"))
        assert screen.path == saved
        expected = summarise(saved)
        text = screen_text(app)
        assert f"{expected.total:,.0f} uses (the sum of Count) in {expected.rows:,} rows" in text
        assert "1 Over time (per day)" in text
        time_chart = screen.query_one(TimeChart)
        assert time_chart.data is not None
        assert sum(v for _, v in time_chart.data.points) == expected.total

        await pilot.press("2")
        assert active(app) == "top"
        top = screen.query_one("#top-bars", BarList).data
        assert top is not None and top.ranking.items[0][1] == max(
            expected.tallies[expected.layout.component].totals.values())
        assert top.ranking.items[0][0] in screen_text(app)

        await pilot.press("g")  # shows the breakdown (by Action first)…
        assert active(app) == "breakdown" and "3 By Action" in screen_text(app)
        await pilot.press("g")  # …then groups by the next column
        assert "3 By Application" in screen_text(app)
        assert "Uses by Application" in screen_text(app)

        await pilot.press("t")
        assert active(app) == "over-time"
        await pilot.press("t")
        assert "1 Over time (per week)" in screen_text(app)
        await pilot.press("tab")
        assert active(app) == "top"
        await pilot.press("shift+tab", "shift+tab")
        assert active(app) == "breakdown"

        await pilot.press("escape")  # back to the dialog, whose c shows them again
        assert isinstance(app.screen, AnalyticsDialog)
        await pilot.press("c")
        await wait_for(pilot, lambda: summarised(app), "the charts again")
        await pilot.press("escape", "escape")
        await settle(pilot, app)


def message(app: ItwinApp) -> str:
    """The saved-files list's message line ("" until it is up)."""
    screen = app.screen
    if not isinstance(screen, SavedFilesScreen) or not screen.is_mounted:
        return ""
    return str(screen.query_one("#saved-message", Static).render())


def _saved(directory: Path, name: str, text: str, mtime: int) -> Path:
    path = directory / name
    path.write_text(text)
    os.utime(path, (mtime, mtime))
    return path


async def test_saved_files_newest_first_and_foreign_columns(server, client,
                                                            tmp_path: Path) -> None:
    """A file without a date, a count or a component column: the breakdown is drawn, the
    other charts say why not."""
    _saved(tmp_path, "older.csv", "Date,Count\n2026-01-01,3\n", 1_000)
    _saved(tmp_path, "foreign.csv", "Tool,Who\nMicroStation,ann\nRevit,bob\nRevit,ann\n",
           2_000)
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        app.action_saved_files()  # the palette's "Analytics: charts of a saved file"
        await wait_for(pilot, lambda: isinstance(app.screen, SavedFilesScreen)
                       and app.screen.files, "the saved files")
        assert [f.path.name for f in app.screen.files] == ["foreign.csv", "older.csv"]
        text = screen_text(app)
        bar = text.splitlines()[-1]  # its own keys, not those of what is behind it
        assert "esc Back" in bar and "r Refresh" in bar and "? Keys" in bar, bar
        assert "Search" not in bar and "Presets" not in bar
        assert text.index("foreign.csv") < text.index("older.csv")
        await pilot.press("enter")
        await wait_for(pilot, lambda: summarised(app), "the charts of foreign.csv")
        text = screen_text(app)
        assert "3 rows (no count column: each row counts once)" in text
        assert "Rows by Tool (2 values)" in text and "Revit" in text  # the one it allows
        await pilot.press("1")
        assert "No column of this file holds dates" in screen_text(app)
        await pilot.press("2")
        assert "No column names a component" in screen_text(app)
        await pilot.press("3")
        await pilot.press("g")
        assert "3 By Who" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, SavedFilesScreen)
        await pilot.press("down", "enter")  # older.csv: only a date and a count
        await wait_for(pilot, lambda: summarised(app), "the charts of older.csv")
        await pilot.press("3")
        assert "No column holds text to group by" in screen_text(app)
        await settle(pilot, app)


@pytest.mark.parametrize(("subdirectory", "words"),
                         [("", "No CSV files in"), ("missing", "does not exist yet")])
async def test_saved_files_in_an_empty_or_missing_directory(server, client, tmp_path: Path,
                                                            subdirectory: str,
                                                            words: str) -> None:
    app = make_app(client, download_dir=tmp_path / subdirectory)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        app.action_saved_files()
        await wait_for(pilot, lambda: words in message(app), words)
        hint = str(app.screen.query_one("#saved-hint", Static).render())
        assert hint == "r refreshes · esc closes"  # no enter: there is nothing to chart
        await pilot.press("enter")  # nothing happens
        assert isinstance(app.screen, SavedFilesScreen)
        await pilot.press("escape")
        await settle(pilot, app)


async def test_empty_and_unreadable_files_are_explained(server, client,
                                                        tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(empty))
        await wait_for(pilot, lambda: summarised(app), "the empty file's summary")
        assert "The file is empty: it has no header." in screen_text(app)
        await pilot.press("escape")
        await app.push_screen(ChartsScreen(tmp_path / "gone.csv"))
        await wait_for(pilot, lambda: "Could not read" in screen_text(app), "the error")
        assert "No such file or directory" in screen_text(app)
        await settle(pilot, app)


async def test_csv_text_is_shown_literally(server, client, tmp_path: Path) -> None:
    """Names from the file are data: markup stays text, escape codes are made visible."""
    hostile = tmp_path / "hostile.csv"
    hostile.write_text("Date,Component,Action,Count\n"
                       "2026-01-01,[bold red]Door[/],\x1b[31mView,3\n"
                       "2026-01-02,[link=http://x]Win[/link],View,1\n")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(hostile))
        await wait_for(pilot, lambda: summarised(app), "the summary")
        await pilot.press("2")
        text = screen_text(app)
        assert "[bold red]Door[/]" in text and "[link=http://x]Win[/link]" in text
        await pilot.press("3")
        assert "\x1b" not in screen_text(app) and "\N{REPLACEMENT CHARACTER}[31mView" in (
            screen_text(app))
        await settle(pilot, app)


async def test_the_saved_files_list_moves_with_the_list_keys(server, client,
                                                             tmp_path: Path) -> None:
    """j / k / g / G as in every list (the keys of tui.keys)."""
    for n in range(3):
        _saved(tmp_path, f"f{n}.csv", "Date,Count\n2026-01-01,3\n", 1_000 + n)
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        app.action_saved_files()
        await wait_for(pilot, lambda: isinstance(app.screen, SavedFilesScreen)
                       and app.screen.files, "the saved files")
        table = app.screen.query_one(DataTable)
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("j", "k")
        assert table.cursor_row == 1
        await pilot.press("G")
        assert table.cursor_row == 2
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("j", "enter")
        await wait_for(pilot, lambda: summarised(app), "the charts")
        assert charts(app).path.name == "f1.csv"
        await settle(pilot, app)


async def test_a_file_without_dates_opens_on_a_chart_it_allows(server, client,
                                                               tmp_path: Path) -> None:
    """No date column: no empty plot frame; the charts open on the first one that can be
    drawn (the top components; the breakdown when no column names a component)."""
    components = tmp_path / "components.csv"
    components.write_text("Component,Action,Count\nDoor,View,3\nWindow,Download,1\n")
    tools = tmp_path / "tools.csv"
    tools.write_text("Tool,Who\nRevit,ann\nRevit,bob\n")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(components))
        await wait_for(pilot, lambda: summarised(app), "the summary")
        assert active(app) == "top" and "Door" in screen_text(app)
        await pilot.press("1")
        assert not app.screen.query_one(TimeChart).display  # no empty frame
        assert "No column of this file holds dates" in screen_text(app)
        assert "┌" not in screen_text(app)
        await pilot.press("escape")
        await app.push_screen(ChartsScreen(tools))
        await wait_for(pilot, lambda: summarised(app), "the summary")
        assert active(app) == "breakdown" and "Rows by Tool" in screen_text(app)
        await settle(pilot, app)


def status(app: ItwinApp) -> str:
    return str(app.screen.query_one(NotesLine).render())


async def test_the_status_line_says_what_g_groups_by_next(server, client,
                                                          tmp_path: Path) -> None:
    path = tmp_path / "usage.csv"
    path.write_text("Date,Component,Action,Application,Count\n"
                    "2026-01-01,Door,View,Revit,3\n2026-01-02,Window,Download,MicroStation,1\n")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(path))
        await wait_for(pilot, lambda: summarised(app), "the summary")
        assert status(app).endswith("g groups by Action, Application, Component")
        await pilot.press("g")  # the breakdown by Action: g now moves on to Application
        assert status(app).endswith("g groups by Application, Component, Action")
        await pilot.press("g")
        assert "3 By Application" in screen_text(app)
        assert status(app).endswith("g groups by Component, Action, Application")
        await pilot.press("1")  # away from the breakdown, g shows it as it is
        assert status(app).endswith("g groups by Application, Component, Action")
        await settle(pilot, app)


async def test_question_mark_shows_the_help_over_the_charts(server, client,
                                                            tmp_path: Path) -> None:
    from tui.dialogs.help import HelpScreen

    path = tmp_path / "usage.csv"
    path.write_text("Date,Count\n2026-01-01,3\n")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(path))
        await wait_for(pilot, lambda: summarised(app), "the summary")
        assert "? Keys" in screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ChartsScreen)
        await settle(pilot, app)
