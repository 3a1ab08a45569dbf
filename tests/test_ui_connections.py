"""Export connections screen: an iModel in (picked, pasted, deep link), connections out, the
last run fetched lazily."""

from __future__ import annotations

import threading
import time
from typing import Any

from ui_pilot import SIZE, make_app, requests_to, screen_lines, screen_text, settle, wait_for

from tui.dialogs.picker import PickerDialog
from tui.fake import (
    BIG_IMODEL_ID,
    EMPTY_IMODEL_ID,
    FORBIDDEN_IMODEL_ID,
    IMODEL_IDS,
    NON_GUID_CONNECTION_ID,
)
from tui.fake.export_routes import get_run
from tui.screens.run_status import CONCURRENCY
from tui.screens.watch import in_view
from tui.state import RecentIds

CONNECTIONS = "/export/connections"


def run_requests(server) -> list:
    return [r for r in server.api.requests if "/runs/" in r.path]


def run_path(server, conn) -> str:
    return conn.links.last_run.split(server.base_url, 1)[1]


async def test_deep_link_lists_connections_and_the_last_run_loads_lazily(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        screen = app.screen
        first = screen.table.rows[0]
        assert requests_to(server, CONNECTIONS)[0].query["imodelId"] == BIG_IMODEL_ID
        text = screen_text(app)
        for column in ("Name", "Auth type", "Id"):
            assert column in text
        # the top names the iModel and its project (asked for: a deep link has only the id)
        await wait_for(pilot, lambda: "Riverside Hospital Expansion" in screen_text(app),
                       "the names")
        text = screen_text(app)
        assert ("Riverside Hospital – Architecture · project Riverside Hospital Expansion"
                in text)
        assert first.display_name in text
        assert "100 loaded · more available" in text
        # the last runs are fetched for the rows in view only, the highlighted one first
        await wait_for(pilot, lambda: run_requests(server), "the last run")
        await wait_for(pilot, lambda: not screen.runs.busy, "the runs in view")
        await settle(pilot, app)
        paths = [r.path for r in run_requests(server)]
        # the highlighted one is asked for first; up to CONCURRENCY go out together, so it
        # is among the first the server sees (their arrival order is the network's)
        assert run_path(server, first) in paths[:CONCURRENCY]
        shown = in_view(screen.table)
        assert sorted(paths) == sorted(run_path(server, c) for c in shown if c.links.last_run)
        assert len(shown) < 40 < screen.table.row_count
        sections = dict(screen.pane.top.sections)
        assert "Last run" in sections
        run_fields = dict(sections["Last run"])
        assert run_fields["State"] and run_fields["Result"]
        assert "Last run" in screen_text(app)
        assert "Job 1" in sections
        assert [r.id for r in RecentIds().get("imodels")] == [BIG_IMODEL_ID]


async def test_task_errors_of_a_failed_run_are_shown(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=IMODEL_IDS[1])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        screen = app.screen
        ids = [c.id for c in screen.table.rows]
        screen.table.move_cursor(ids.index(NON_GUID_CONNECTION_ID))
        await wait_for(pilot, lambda: any(NON_GUID_CONNECTION_ID in r.path
                                          for r in run_requests(server)), "the failed run")
        await settle(pilot, app)
        sections = dict(screen.pane.top.sections)
        assert dict(sections["Last run"])["Result"] == "Error"
        app.screen.query_one("#detail-scroll").scroll_end(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(app)
        assert "InvalidGeometry" in text
        assert "Nightly IFC export" in text


async def test_pasted_imodel_id_forbidden_and_empty(server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
        await settle(pilot, app)
        assert not requests_to(server, CONNECTIONS)
        await pilot.press("escape")
        assert "Export connections belong to an iModel" in screen_text(app)
        assert "none chosen (i picks one)" in screen_text(app)
        for imodel_id in (FORBIDDEN_IMODEL_ID, EMPTY_IMODEL_ID):
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
            box = app.screen.query_one("#picker-input")
            assert app.focused is box
            box.value = imodel_id  # pasted
            await pilot.press("enter")
            await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog),
                           "the picker to close")
            await settle(pilot, app)
            if imodel_id == FORBIDDEN_IMODEL_ID:
                text = screen_text(app)
                assert "403" in text and "InsufficientPermissions" in text
                assert "lacks the permission" in text
                assert [r.id for r in RecentIds().get("imodels")] == []
        assert "this iModel has no export connections" in screen_text(app)
        assert [r.id for r in RecentIds().get("imodels")] == [EMPTY_IMODEL_ID]
        # pasted ids, so the names were asked for: the iModel's, then its project's
        assert "Sandbox · project A14 Bridge Replacement" in screen_text(app)


async def test_a_deep_link_that_is_not_an_id_is_explained(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id="not-a-guid")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "422" in screen_text(app), "the 422 message")
        await settle(pilot, app)
        assert "imodelId: Provided imodelId value is not valid." in screen_text(app)
        assert requests_to(server, "/imodels/not-a-guid")  # its name asked, in vain
        assert "iModel not-a-guid" in screen_text(app)


async def test_refresh_before_an_imodel_is_chosen_says_why_nothing_happens(
        server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
        await settle(pilot, app)
        await pilot.press("escape")
        await pilot.press("r")
        await pilot.pause()
        assert not requests_to(server, CONNECTIONS)
        assert any("choose an iModel" in n.message for n in app._notifications)


async def test_run_columns_fetch_the_rows_in_view_a_few_at_a_time_and_keep_them(
        server, client) -> None:
    lock, in_flight, most = threading.Lock(), [0], [0]

    def slow_run(req: Any) -> Any:
        with lock:
            in_flight[0] += 1
            most[0] = max(most[0], in_flight[0])
        time.sleep(0.1)
        try:
            return get_run(server.api.data, req)
        finally:
            with lock:
                in_flight[0] -= 1

    server.api.route("GET", r"/export/connections/(?P<id>[^/]+)/runs/(?P<run>[^/]+)", slow_run)
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        screen = app.screen
        table = screen.table

        def shown() -> bool:
            return not screen.runs.busy and not any(
                screen.runs.pending(conn) for conn in in_view(table))

        await wait_for(pilot, lambda: run_requests(server) and shown(), "the runs in view")
        await pilot.pause()
        assert most[0] == CONCURRENCY  # in parallel, but never more at once
        first_view = in_view(table)
        asked = len(run_requests(server))
        assert asked == sum(1 for conn in first_view if conn.links.last_run)
        # the table shows each run's state and result in its row
        lines = screen_lines(app)
        for conn in first_view[:5]:
            run = screen.runs.run(conn.id)
            if run is None:
                continue
            line = next(ln for ln in lines if conn.id[:8] in ln)  # the table is on top
            assert run.state in line and run.result in line, line
        # another screenful: its runs; back up: none asked again
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: len(run_requests(server)) > asked, "the next screenful")
        await wait_for(pilot, shown, "the next screenful's runs")
        assert most[0] == CONCURRENCY
        asked = len(run_requests(server))
        await pilot.press("home")
        await pilot.pause(0.6)  # several looks at the view
        assert in_view(table) == first_view
        assert len(run_requests(server)) == asked


async def test_a_recent_imodel_is_saved_with_its_name_even_when_the_name_comes_last(
        server, client) -> None:
    """QA: an iModel opened by id was saved with an empty label when its connections
    arrived before its name; it is saved once the name is known."""
    server.api.faults.add(path_prefix=f"/imodels/{IMODEL_IDS[2]}", status=None, delay=0.6)
    app = make_app(client, screen="connections", imodel_id=IMODEL_IDS[2])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        assert "Bridge A14 Structural" not in screen_text(app)  # the name is still asked
        assert [r.label for r in RecentIds().get("imodels")] == []  # nothing without a name
        await wait_for(pilot, lambda: RecentIds().get("projects"), "the names")
        assert [(r.id, r.label) for r in RecentIds().get("imodels")] == [
            (IMODEL_IDS[2], "Bridge A14 Structural")]
        assert [r.label for r in RecentIds().get("projects")] == ["A14 Bridge Replacement"]


async def test_an_imodel_whose_name_cannot_be_had_is_still_remembered(server, client) -> None:
    server.api.faults.add(path_prefix=f"/imodels/{IMODEL_IDS[2]}", status=404)
    app = make_app(client, screen="connections", imodel_id=IMODEL_IDS[2])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        await settle(pilot, app)
        assert f"iModel {IMODEL_IDS[2]}" in screen_text(app)  # the id alone, on top
        assert [(r.id, r.label) for r in RecentIds().get("imodels")] == [(IMODEL_IDS[2], "")]
