"""Screen 4, the catalogs: listed from ``GET /library/catalogs``; enter on one opens the
catalog screen filtered by it, so nobody pastes catalog ids."""

from __future__ import annotations

from textual.widgets import Input
from ui_pilot import SIZE, make_app, requests_to, screen_lines, screen_text, settle, wait_for

from tui.screens.catalog import CatalogScreen
from tui.screens.catalogs import CatalogsScreen

CATALOGS = "/library/catalogs"
COMPONENTS = "/library/components"


async def _open_catalog(pilot, app, row: int) -> str:
    """Enter on the catalogs screen's ``row``; the id of that catalog."""
    await wait_for(pilot, lambda: isinstance(app.screen, CatalogsScreen)
                   and app.screen.table.row_count, "the catalogs")
    app.screen.table.move_cursor(row)
    catalog_id = app.screen.table.rows[row].id
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, CatalogScreen)
                   and app.screen.catalogs == [catalog_id] and app.screen.table.row_count,
                   "the catalog's components")
    await settle(pilot, app)
    return catalog_id


async def test_the_deep_link_lists_the_catalogs_and_enter_lists_one_s_components(
        server, client) -> None:
    app = make_app(client, screen="catalogs")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "the catalogs")
        await settle(pilot, app)
        catalogs = server.api.data.catalogs
        assert app.screen.table.row_count == len(catalogs)
        assert requests_to(server, CATALOGS)
        assert f"all {len(catalogs)} loaded" in screen_lines(app)[-2]
        assert catalogs[0].displayName in screen_text(app)
        assert "enter: list its components (1)" in screen_text(app)  # the pane's note
        assert "/ Search" not in screen_lines(app)[-1]  # the API has no search for catalogs

        chosen = catalogs[2]
        assert await _open_catalog(pilot, app, 2) == chosen.id
        asked = requests_to(server, COMPONENTS)[-1]
        assert asked.query.get("catalogs") == chosen.id
        # shown in the status line by name, and in the filters row by id
        assert f"catalog {chosen.displayName} · " in screen_lines(app)[-2]
        assert app.screen.query_one("#catalogs", Input).value == chosen.id
        assert app.screen.query_one("#filters").display
        # the screen lists exactly what the API gives for that filter
        first = await client.components(catalogs=[chosen.id], full=True).next_page()
        assert [c.id for c in app.screen.table.rows[:5]] == [c.id for c in first.items[:5]]


async def test_picking_another_catalog_refilters_the_open_catalog_screen(
        server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        catalog_screen = app.screen
        await pilot.press("slash", *"door", "enter")  # a search the link replaces
        await wait_for(pilot, lambda: catalog_screen.term == "door", "the search")
        await pilot.press("4")
        first = await _open_catalog(pilot, app, 0)
        assert app.screen is catalog_screen and catalog_screen.term == ""
        await pilot.press("4")
        second = await _open_catalog(pilot, app, 1)
        assert second != first and app.screen is catalog_screen
        assert requests_to(server, COMPONENTS)[-1].query.get("catalogs") == second
        # esc on the list keeps the filter (it clears a search, and there is none)
        await pilot.press("escape")
        await settle(pilot, app)
        assert catalog_screen.catalogs == [second]


async def test_hostile_catalogs_are_shown_bounded_and_a_broken_collection_in_words(
        server, client) -> None:
    from tui.fake import hostile as H
    from tui.widgets.text import MAX_SHOWN_CHARS

    H.huge_name(server.api, path=CATALOGS)
    app = make_app(client, screen="catalogs")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "the catalogs")
        await settle(pilot, app)
        assert app.is_running and "Huge nnnnnnnnnn" in screen_text(app)
        assert all(len(line) <= SIZE[0] for line in screen_lines(app))
        assert MAX_SHOWN_CHARS < H.HUGE_NAME_CHARS
    server.api.faults.clear()
    H.collection(server.api, "catalogs", path=CATALOGS)
    app = make_app(client, screen="catalogs")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "catalogs" in screen_text(app).lower()
                       and not app.screen.listing.loading, "the refusal")
        await settle(pilot, app)
        assert app.is_running and app.screen.table.row_count == 0
        assert "not a list" in screen_text(app) or "unexpected" in screen_text(app).lower()
