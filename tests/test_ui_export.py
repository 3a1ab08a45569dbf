"""``e`` exports a list: the rows loaded (or every page) as CSV, JSON or JSON Lines, in the
download folder, never over another file, and nothing at all when it fails or is cancelled."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.core.fields import BRAND_LIST_FIELDS, CATALOG_FIELDS, COMPONENT_FIELDS, CONNECTION_FIELDS
from tui.dialogs.export import ExportDialog
from tui.fake import BIG_IMODEL_ID, EMPTY_IMODEL_ID
from tui.fake.responses import json_response

CONNECTIONS = "/export/connections"
#: Cells a CSV writer must quote: a comma, a quote, a line break; and markup-like text.
AWKWARD = 'Door, "fire" rated\nEI60 [b]x[/b]'


def downloads() -> Path:
    return Path(os.environ["XDG_DOWNLOAD_DIR"])


def saved(pattern: str = "*") -> list[Path]:
    """Files in the download folder, hidden ones (temp files) included."""
    return sorted(p for p in downloads().glob(pattern) if p.is_file()) + sorted(
        p for p in downloads().glob(f".{pattern}") if p.is_file())


def name(what: str, suffix: str, n: int = 0) -> str:
    stem = f"{what}-{date.today().isoformat()}"
    return f"{stem}{f' ({n})' if n else ''}{suffix}"


def target(app: Any) -> str:
    """The dialog's line saying where the file goes (whole: a long path wraps on screen)."""
    return str(app.screen.query_one("#export-target", Static).content)


async def _listed(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    await settle(pilot, app)


async def _export(pilot: Any, app: Any, *keys: str) -> None:
    """``e``, then ``keys`` in the dialog, then ``enter``; until the dialog has closed."""
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
    await pilot.pause()
    await pilot.press(*keys, "enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog), "the export")
    await settle(pilot, app)


def _awkward_page(api: Any) -> None:
    def page(req: Any) -> Any:
        rows = [{"id": "c-1", "displayName": AWKWARD, "state": None, "hashtags": ["a", "b"],
                 "extra": {"deep": [1, {"x": True}]}},
                {"id": "c-2", "displayName": "Plain", "supportedFileTypes": []}]
        return json_response({"components": rows, "_links": {"self": {"href": req.url}}})

    api.route("GET", r"/library/components", page)


async def test_e_enter_saves_the_loaded_rows_as_csv(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        rows = list(app.screen.table.rows)
        await _export(pilot, app)
        [path] = saved()
        assert path.name == name("components", ".csv")
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert table[0] == list(COMPONENT_FIELDS)
        assert len(table) == 1 + len(rows) == 101
        first = rows[0]
        assert table[1][:3] == [first.id, first.display_name, first.state]
        assert table[1][5] == json.dumps(list(first.hashtags), separators=(",", ":"))
        assert any("Saved 100 components" in n.message and str(path) in n.message
                   for n in app._notifications)


async def test_csv_quoting_and_a_second_export_never_overwrites(server, client) -> None:
    _awkward_page(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await _export(pilot, app)
        await _export(pilot, app)
        second, first = saved()  # " (1)" sorts first
        assert (first.name, second.name) == (name("components", ".csv"),
                                             name("components", ".csv", 1))
        assert first.read_bytes() == second.read_bytes()
        text = first.read_text(encoding="utf-8")
        assert '"Door, ""fire"" rated\nEI60 [b]x[/b]"' in text  # quoted, quotes doubled
        table = list(csv.reader(io.StringIO(text, newline="")))
        assert table[1][:3] == ["c-1", AWKWARD, ""]
        assert table[1][5] == '["a","b"]'
        assert table[2][:2] == ["c-2", "Plain"] and table[2][4] == "[]"


async def test_json_and_json_lines_keep_the_objects_as_sent(server, client) -> None:
    _awkward_page(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        sent = [row.raw for row in app.screen.table.rows]
        await _export(pilot, app, "j")
        await _export(pilot, app, "l")
        [as_json] = saved("*.json")
        [as_lines] = saved("*.jsonl")
        assert json.loads(as_json.read_bytes()) == sent
        lines = as_lines.read_text(encoding="utf-8").splitlines()
        assert [json.loads(line) for line in lines] == sent
        assert as_lines.name == name("components", ".jsonl")


async def test_all_pages_fetches_the_rest_with_the_pagers_guards(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        assert app.screen.table.row_count == 100  # of 130
        pages = len(requests_to(server, CONNECTIONS))
        await _export(pilot, app, "a", "l")
        [path] = saved()
        ids = [json.loads(line)["id"] for line in path.read_text().splitlines()]
        everyone = [c.id for c in server.api.data.exports.by_imodel[BIG_IMODEL_ID]]
        assert ids == everyone and len(ids) == 130
        assert len(requests_to(server, CONNECTIONS)) == pages + 1  # only the page not loaded
        assert app.screen.table.row_count == 100  # the list itself is as it was


async def test_all_pages_cancelled_or_failed_leaves_no_file(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        server.api.faults.latency = 2.0  # the next page is slow to come
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        dialog = app.screen
        await pilot.press("a", "enter")
        await wait_for(pilot, lambda: "esc cancels" in screen_text(app), "the progress")
        await wait_for(pilot, lambda: len(requests_to(server, CONNECTIONS)) > 1, "the request")
        bar = screen_text(app).splitlines()[-1]
        assert bar.startswith("enter Cancel ") and "esc Cancel" in bar, bar  # not Close
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Cancelled; nothing was saved." in screen_text(app),
                       "the cancellation")
        await settle(pilot, app)
        assert app.screen is dialog and saved() == []
        assert "esc Close" in screen_text(app).splitlines()[-1]
        server.api.faults.latency = 0.0
        server.api.faults.add(path_prefix=CONNECTIONS, status=403)
        await pilot.press("enter")  # the Export button has the focus again
        await wait_for(pilot, lambda: "Nothing was saved." in screen_text(app), "the failure")
        await settle(pilot, app)
        assert "403" in screen_text(app) and saved() == []
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog)


async def test_the_dialog_says_what_goes_where(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        await pilot.pause()
        assert "Export 100 loaded connections" in screen_text(app)
        assert target(app) == (f"Saving the 100 rows loaded to "
                               f"{downloads() / name('connections', '.csv')}")
        await pilot.press("j", "a")
        await pilot.pause()
        assert target(app) == f"Saving every page to {downloads() / name('connections', '.json')}"
        assert app.screen.source.fields == CONNECTION_FIELDS
        await pilot.press("escape")
        assert not isinstance(app.screen, ExportDialog) and saved() == []


async def test_nothing_to_export_says_so(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=EMPTY_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "no export connections" in screen_text(app), "no rows")
        await settle(pilot, app)
        await pilot.press("e")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
        assert any("Nothing to export" in n.message for n in app._notifications)


async def test_all_pages_waits_for_a_page_on_its_way(server, client) -> None:
    """Where the rest of the list starts is known only once the page being loaded is in."""
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        server.api.faults.latency = 1.0
        await pilot.press("end")  # the last row loaded: the next page is asked for
        await wait_for(pilot, lambda: app.screen.listing.loading, "the next page")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportDialog), "the dialog")
        await pilot.pause()
        assert app.screen.source.rest is None
        assert "All pages: the list is loading a page" in screen_text(app)
        await pilot.press("a", "enter")  # all pages is off: the rows loaded are saved
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog), "the export")
        [path] = saved()
        assert len(path.read_text().splitlines()) == 101


@pytest.mark.parametrize(("screen", "what", "fields"), [
    ("brands", "brands", BRAND_LIST_FIELDS), ("catalogs", "catalogs", CATALOG_FIELDS)])
async def test_every_list_exports_its_own_rows(server, client, screen, what, fields) -> None:
    app = make_app(client, screen=screen)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        ids = [row.id for row in app.screen.table.rows]
        await _export(pilot, app)
        [path] = saved()
        assert path.name == name(what, ".csv")
        table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert table[0] == list(fields) and [row[0] for row in table[1:]] == ids


def test_every_exported_kind_names_a_model_class() -> None:
    """``EXPORTED`` is keyed by class name (models other than components load with their
    screens)."""
    from tui.core import brand_catalog, export_models, models
    from tui.screens.data_views import EXPORTED

    classes = {c.__name__ for m in (models, brand_catalog, export_models)
               for c in vars(m).values() if isinstance(c, type)}
    assert set(EXPORTED) <= classes
