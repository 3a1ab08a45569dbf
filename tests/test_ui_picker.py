"""The project and iModel picker: from an empty screen to data without typing a GUID, lazy
paging and debounced search (requests counted at the fake), errors in place, recent picks
per profile."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.pilot import Pilot
from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, type_fast, wait_for

from tui.app import ItwinApp
from tui.core.client import ItwinClient
from tui.dialogs.picker import PickerDialog
from tui.fake import (
    BIG_IMODEL_ID,
    FORBIDDEN_PROJECT_ID,
    IMODEL_IDS,
    ITWIN_IDS,
)
from tui.state import RecentIds

CONNECTIONS = "/export/connections"


def picker(app: ItwinApp) -> PickerDialog:
    screen = app.screen
    assert isinstance(screen, PickerDialog), f"expected the picker, got {screen!r}"
    return screen


async def picker_listed(pilot: Pilot[Any], app: ItwinApp) -> PickerDialog:
    """Wait for the picker and its list (or the message in its place) to settle."""
    await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
    await wait_for(pilot, lambda: not picker(app).listing.loading, "the picker's list")
    await settle(pilot, app)
    return picker(app)


def names(dialog: PickerDialog) -> list[str]:
    return [row.item.display_name for row in dialog.table.rows]


def itwin_requests(server, path: str = "/itwins") -> list[dict[str, str]]:
    return [r.query for r in requests_to(server, path)]


async def test_from_an_empty_connections_screen_to_a_last_run_without_an_id(server, client
                                                                            ) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await picker_listed(pilot, app)  # shown at once: nothing is chosen yet
        assert app.focused is dialog.box
        assert names(dialog)[0] == "Riverside Hospital Expansion"
        assert dialog.table.rows[0].source == "recent"
        text = screen_text(app)
        assert "Pick an iModel" in text and "RHX-2024-001" in text and "favourite" in text
        await pilot.press("enter")  # the highlighted project: its iModels
        dialog = await picker_listed(pilot, app)
        assert dialog.project is not None and dialog.project.id == ITWIN_IDS[0]
        assert names(dialog)[0] == "Riverside Hospital – Architecture"
        assert "The iModels of project Riverside Hospital Expansion" in screen_text(app)
        await pilot.press("enter")  # the highlighted iModel: its export connections
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog), "the close")
        screen = app.screen
        await wait_for(pilot, lambda: screen.table.row_count, "connection rows")
        await wait_for(pilot, lambda: screen.pane.top is not None and "Result" in dict(
            dict(screen.pane.top.sections).get("Last run", ())), "the last run")
        await settle(pilot, app)
        assert requests_to(server, CONNECTIONS)[0].query["imodelId"] == BIG_IMODEL_ID
        text = screen_text(app)
        assert ("Riverside Hospital – Architecture · project Riverside Hospital Expansion · "
                f"{BIG_IMODEL_ID}") in text
        assert dict(dict(screen.pane.top.sections)["Last run"])["Result"]
        # the names came with the pick: none was asked for
        assert not requests_to(server, f"/imodels/{BIG_IMODEL_ID}")
        assert not requests_to(server, f"/itwins/{ITWIN_IDS[0]}")
        recent = app.recent
        assert [(r.id, r.label) for r in recent.get("imodels")] == [
            (BIG_IMODEL_ID, "Riverside Hospital – Architecture")]
        assert [(r.id, r.label) for r in recent.get("projects")] == [
            (ITWIN_IDS[0], "Riverside Hospital Expansion")]
        # next time the picks come first, the iModel opens straight from there
        await pilot.press("i")
        dialog = await picker_listed(pilot, app)
        assert [(row.item.id, row.source) for row in dialog.table.rows[:2]] == [
            (BIG_IMODEL_ID, "your pick"), (ITWIN_IDS[0], "your pick")]
        assert names(dialog).count("Riverside Hospital Expansion") == 1


async def test_a_project_filter_for_the_catalog_picked_by_name(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("p")
        await picker_listed(pilot, app)
        assert "Pick a project for the catalog's projectId filter" in screen_text(app)
        before = len(itwin_requests(server))
        await type_fast(pilot, picker(app).box, "northern")  # a search once typing settles,
        # not one a key
        await wait_for(pilot, lambda: picker(app).term == "northern", "the search")
        dialog = await picker_listed(pilot, app)
        searches = itwin_requests(server)[before:]
        assert searches == [{"subClass": "Project", "$search": "northern", "$top": "100"}]
        assert names(dialog) == ["Northern Process Plant"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog), "the close")
        screen = app.screen
        await wait_for(pilot, lambda: screen.listing.rows and not screen.listing.loading,
                       "the filtered catalog")
        await settle(pilot, app)
        last = [r.query for r in requests_to(server, "/library/components")][-1]
        assert last["projectId"] == ITWIN_IDS[1]
        assert screen.query_one("#project").value == ITWIN_IDS[1]  # the filters row
        assert "project Northern Process Plant" in screen_text(app)
        assert [(r.id, r.label) for r in app.recent.get("projects")] == [
            (ITWIN_IDS[1], "Northern Process Plant")]


async def test_project_picker_pages_lazily_and_esc_closes(server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await picker_listed(pilot, app)
        # recents, favourites and the first page of all projects: enough to fill the list
        assert [r.path for r in server.api.requests] == [
            "/itwins/recents", "/itwins/favorites", "/itwins"]
        first = dialog.table.row_count
        assert first == 10 + 1 + 89 and dialog.listing.has_more  # 11 listed again: left out
        await pilot.press("tab", "end")  # to the list, its last row: the next page
        await wait_for(pilot, lambda: len(itwin_requests(server)) == 2, "the second page")
        await wait_for(pilot, lambda: dialog.table.row_count > first, "more rows")
        assert itwin_requests(server)[1]["$skip"] == "100"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog), "the close")
        assert "Export connections belong to an iModel" in screen_text(app)


async def test_imodel_picker_pages_searches_and_steps_back(server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await picker_listed(pilot, app)
        await pilot.press("down")  # the list moves while the box has the focus
        assert dialog.table.cursor_row == 1 and app.focused is dialog.box
        await pilot.press("up", "enter")
        dialog = await picker_listed(pilot, app)
        imodels = lambda: [r.query for r in requests_to(server, "/imodels")]  # noqa: E731
        assert imodels() == [{"iTwinId": ITWIN_IDS[0], "$top": "100"}]
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        await wait_for(pilot, lambda: dialog.table.row_count == 140, "the second page")
        assert imodels()[1] == {"$skip": "100", "$top": "100", "iTwinId": ITWIN_IDS[0]}
        assert dialog.listing.rows == 140 and not dialog.listing.has_more
        await type_fast(pilot, dialog.box, "zone b")
        await wait_for(pilot, lambda: dialog.term == "zone b", "the search")
        await picker_listed(pilot, app)
        assert len(imodels()) == 3 and imodels()[2]["$search"] == "zone b"
        assert names(dialog) and all("Zone B" in name for name in names(dialog))
        await pilot.press("escape")  # back to the projects, the cursor on the one opened
        dialog = await picker_listed(pilot, app)
        assert dialog.project is None and dialog.box.value == ""
        assert dialog.table.current_item.item.id == ITWIN_IDS[0]
        await pilot.press("escape")
        assert not isinstance(app.screen, PickerDialog)


async def test_errors_in_place_keep_the_picker(server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await picker_listed(pilot, app)
        dialog.box.value = "restricted"
        await pilot.press("enter")  # runs the search at once
        dialog = await picker_listed(pilot, app)
        assert [row.item.id for row in dialog.table.rows] == [FORBIDDEN_PROJECT_ID]
        await pilot.press("enter")
        dialog = await picker_listed(pilot, app)
        text = screen_text(app)
        assert "403" in text and "InsufficientPermissions" in text
        assert "Pick an iModel · Restricted Client Works" in text  # still the picker
        await pilot.press("escape")
        dialog = await picker_listed(pilot, app)
        assert dialog.table.display and dialog.box.value == "restricted"
        assert dialog.table.current_item.item.id == FORBIDDEN_PROJECT_ID
        # a search the API refuses (422): said in place; the next one lists again
        body = (b'{"error": {"code": "InvalidiTwinsRequest", "message": "Cannot perform '
                b'operation.", "details": [{"code": "InvalidValue", "message": "Provided '
                b'$search value is not valid.", "target": "$search"}]}}')
        server.api.faults.add(path_prefix="/itwins", status=422, body=body, times=1)
        dialog.box.value = "depot"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "422" in screen_text(app), "the 422 in place")
        assert "$search: Provided $search value is not valid." in screen_text(app)
        assert isinstance(app.screen, PickerDialog) and app.focused is dialog.box
        await pilot.press("enter")  # again: enter asks again
        await wait_for(pilot, lambda: "Depot" in screen_text(app), "the search listed")
        assert dialog.table.display and names(dialog)


async def test_a_pasted_id_opens_directly_and_gets_its_names(server, client) -> None:
    app = make_app(client, screen="connections")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await picker_listed(pilot, app)
        searched = len(itwin_requests(server))
        # pasted: arrives at once, as a terminal's bracketed paste (typed key by key, a
        # pause longer than the search delay on a loaded machine searched a partial id)
        dialog.box.post_message(events.Paste(IMODEL_IDS[1]))
        await pilot.pause(0.5)
        assert "enter opens the iModel with this id" in screen_text(app)
        assert len(itwin_requests(server)) == searched  # an id is not searched for
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog), "the close")
        await wait_for(pilot, lambda: "Northern Process Plant" in screen_text(app),
                       "the names")
        await settle(pilot, app)
        assert "North Plant Process Model · project Northern Process Plant" in screen_text(app)
        assert "iModel North Plant Process Model" in screen_text(app)  # the status line
        assert len(requests_to(server, f"/imodels/{IMODEL_IDS[1]}")) == 1
        assert len(requests_to(server, f"/itwins/{ITWIN_IDS[1]}")) == 1
        assert dialog.project is None
        await pilot.press("r")  # a refresh knows the names already
        await settle(pilot, app)
        assert len(requests_to(server, f"/imodels/{IMODEL_IDS[1]}")) == 1


async def test_deep_links_show_names(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=IMODEL_IDS[2])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "A14 Bridge Replacement" in screen_text(app), "names")
        assert "Bridge A14 Structural · project A14 Bridge Replacement" in screen_text(app)
    app = make_app(client, screen="catalog", project_id=ITWIN_IDS[1])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "project Northern Process Plant" in screen_text(app),
                       "the project's name in the status line")


async def test_recent_picks_are_per_profile(server, client: ItwinClient, tmp_path) -> None:
    work, home = tmp_path / "work" / "recent.json", tmp_path / "home" / "recent.json"
    app = make_app(client, screen="catalog", recent_file=work)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("p")
        await picker_listed(pilot, app)
        await pilot.press("down", "down", "enter")  # the third recent project
        await wait_for(pilot, lambda: app.recent.get("projects"), "the pick remembered")
    assert [r.label for r in RecentIds(work).get("projects")] == ["Campus Fit-out Phase 2"]
    assert RecentIds(home).get("projects") == []
    app = make_app(client, screen="catalog", recent_file=home)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("p")
        dialog = await picker_listed(pilot, app)
        assert "your pick" not in {row.source for row in dialog.table.rows}
    app = make_app(client, screen="catalog", recent_file=work)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("p")
        dialog = await picker_listed(pilot, app)
        assert (dialog.table.rows[0].source, names(dialog)[0]) == (
            "your pick", "Campus Fit-out Phase 2")


async def test_at_120_columns_the_picker_shows_whole_ids_and_names(server, client) -> None:
    """QA 2 item 8: the Id was a flex column and lost 2 cells while Name had spare room."""
    app = make_app(client, screen="connections")
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await picker_listed(pilot, app)
        await settle(pilot, app)
        for y, row in enumerate(dialog.table.rows[:10], start=1):
            line = dialog.table.render_line(y).text
            assert row.item.id in line and row.item.display_name in line, line


async def test_at_80_columns_the_picker_keeps_numbers_whole_and_ids_short(server,
                                                                          client) -> None:
    """Numbers were cut to ``NPP-00…`` and sources to ``rec…`` to keep 36-cell ids whole."""
    app = make_app(client, screen="connections")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await picker_listed(pilot, app)
        await settle(pilot, app)
        for y, row in enumerate(dialog.table.rows[:8], start=1):
            line = dialog.table.render_line(y).text
            assert f" {row.item.id[:8]}… " in f"{line} " and row.source in line, line
            assert (getattr(row.item, "number", None) or "iModel") in line, line


def send_keys(app: ItwinApp, *keys: events.Key) -> None:
    """Keys as the terminal delivers them: all queued at once, none waiting for the last
    to be handled (a quick typist, or keys pressed while the app is busy)."""
    for key in keys:
        key.set_sender(app)
        app._driver.send_message(key)  # type: ignore[union-attr]


async def test_esc_then_2_closes_the_picker_and_switches_to_brands(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("p")
        dialog = await picker_listed(pilot, app)
        box = dialog.box
        send_keys(app, events.Key("escape", "\x1b"), events.Key("2", "2"))
        await wait_for(pilot, lambda: app.current_mode == "brands", "the brands screen")
        assert box.value == ""  # the 2 was not typed into the closing picker
        assert not isinstance(app.screen, PickerDialog)
        await settle(pilot, app)
