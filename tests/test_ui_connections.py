"""Export connections screen: an iModel in (picked, pasted, deep link), connections out, the
last run fetched lazily."""

from __future__ import annotations

from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.dialogs.picker import PickerDialog
from tui.fake import (
    BIG_IMODEL_ID,
    EMPTY_IMODEL_ID,
    FORBIDDEN_IMODEL_ID,
    IMODEL_IDS,
    NON_GUID_CONNECTION_ID,
)
from tui.state import RecentIds

CONNECTIONS = "/export/connections"


def run_requests(server) -> list:
    return [r for r in server.api.requests if "/runs/" in r.path]


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
        # the last run is fetched for the highlighted row only, after a short pause
        await wait_for(pilot, lambda: run_requests(server), "the last run")
        await settle(pilot, app)
        assert [r.path for r in run_requests(server)] == [first.links.last_run.split(
            server.base_url, 1)[1]]
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
