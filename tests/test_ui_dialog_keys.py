"""Every dialog shows its own keys in the key bar (never the screen's behind it, never a key
that does nothing there), and ``?`` opens the help from each of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from ui_pilot import make_app, screen_lines, settle, wait_for

from tui.dialogs.charts import ChartsScreen
from tui.dialogs.columns import ColumnsDialog
from tui.dialogs.export import ExportDialog
from tui.dialogs.help import HelpScreen
from tui.dialogs.picker import PickerDialog

#: Hints of the list screens that do nothing in a dialog.
SCREEN_HINTS = ("/ Search", "r Refresh", "y Copy id", "s Sort", "c Columns", "d Hide",
                "f Filters", "q Quit")


def bar(app: Any) -> str:
    return screen_lines(app)[-1]


def only_own(app: Any, *own: str) -> None:
    line = bar(app)
    for hint in own:
        assert hint in line, (hint, line)
    for hint in SCREEN_HINTS:
        assert hint in own or hint not in line, (hint, line)


async def _open(pilot: Any, app: Any, key: str, kind: type) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
    await settle(pilot, app)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await pilot.pause()


async def _help_and_back(pilot: Any, app: Any, kind: type) -> None:
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
    await pilot.pause()
    only_own(app, "esc Close")
    await pilot.press("question_mark")  # ? closes the help too
    await wait_for(pilot, lambda: isinstance(app.screen, kind), f"back to {kind.__name__}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_export_dialog_shows_its_keys_and_opens_the_help(client, size) -> None:
    app = make_app(client)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app, "e", ExportDialog)
        only_own(app, "enter Export", "c/j/l Format", "a All pages", "esc Close", "? Keys")
        await _help_and_back(pilot, app, ExportDialog)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog), "closed")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_columns_chooser_shows_its_keys_and_opens_the_help(client, size) -> None:
    app = make_app(client)
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app, "c", ColumnsDialog)
        only_own(app, "space Show/hide", "Move", "enter Apply", "esc Cancel", "? Keys")
        await _help_and_back(pilot, app, ColumnsDialog)


async def test_the_picker_shows_its_keys_and_opens_the_help_from_the_list(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, "p", PickerDialog)
        await settle(pilot, app)
        only_own(app, "enter Open", "esc Back")  # typing: ? types a ?
        await pilot.press("tab")
        await pilot.pause()
        only_own(app, "esc Back", "r Refresh", "? Keys")
        await _help_and_back(pilot, app, PickerDialog)
        await settle(pilot, app)


async def test_the_json_search_box_says_what_enter_and_esc_do(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await pilot.press("J")
        await wait_for(pilot, lambda: app.screen.pane.json_view is not None, "the JSON view")
        app.screen.pane.json_view.focus_tree()
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert bar(app).startswith("enter Find esc Back "), bar(app)
        await settle(pilot, app)


async def test_the_export_title_follows_all_pages(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, app, "e", ExportDialog)

        def title() -> str:
            return str(app.screen.query_one("#export-title", Static).render())

        assert title() == "Export 100 loaded components"
        await pilot.press("a")
        await pilot.pause()
        assert title() == "Export every page of components"
        await pilot.press("a")
        await pilot.pause()
        assert title() == "Export 100 loaded components"


async def test_at_80_columns_the_charts_status_drops_whole_parts(client, tmp_path: Path
                                                                 ) -> None:
    path = tmp_path / "usage.csv"
    path.write_text("Date,Component,Action,Application,Count\n"
                    "2026-01-01,Door,View,Revit,3\n2026-01-02,Window,Download,MicroStation,1\n")
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await app.push_screen(ChartsScreen(path))
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen)
                       and app.screen.summary is not None and not app.screen.summary.pending,
                       "the summary")
        await pilot.pause()
        line = screen_lines(app)[-2]
        assert "…" not in line, line
        assert "g groups by Action, Application, Component" in line, line
        await settle(pilot, app)


async def test_the_help_has_the_saved_files_keys(client, tmp_path: Path) -> None:
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
        text = "\n".join(screen_lines(app))
        for _page in range(8):
            if "the charts of the highlighted file" in text:
                break
            await pilot.press("pagedown")
            await pilot.pause()
            text = "\n".join(screen_lines(app))
        assert "Saved files" in text
        assert "the charts of the highlighted file" in text
        await settle(pilot, app)


async def test_the_web_link_dialog_shows_its_keys_and_opens_the_help(client) -> None:
    from tui.dialogs.open_link import OpenLinkDialog

    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await app.push_screen(OpenLinkDialog("Datasheet", "https://example.invalid/a"))
        await pilot.pause()
        only_own(app, "enter Open", "y Copy URL", "esc Cancel", "? Keys")
        await _help_and_back(pilot, app, OpenLinkDialog)
