"""Catalog screen against the fake API over loopback: rows, search, paging, filters, modes."""

from __future__ import annotations

from textual.widgets import Input
from ui_pilot import (
    SIZE,
    make_app,
    pane_key,
    press_burst,
    requests_to,
    screen_lines,
    screen_text,
    settle,
    wait_for,
)

from tui.fake import (
    EMPTY_PROJECT_ID,
    HOSTILE_ESCAPE_COMPONENT_ID,
    HOSTILE_MARKUP_COMPONENT_ID,
    PROJECT_IDS,
)
from tui.fake.constants import HOSTILE_MARKUP_NAME
from tui.state import RecentIds

COMPONENTS = "/library/components"


async def test_rows_appear_with_status_and_full_representation(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        screen = app.screen
        assert screen.table.row_count == 100
        assert "100 loaded · more available" in screen_text(app)
        first = requests_to(server, COMPONENTS)
        assert len(first) == 1
        assert first[0].headers.get("prefer") == "return=representation"
        assert first[0].query.get("$top") == "100"
        # the columns the issue asks for, and a real row under them
        header = screen_lines(app)[2]
        for label in ("Name", "State", "File ty", "Hashtags", "Last modified"):
            assert label in header
        name = screen.table.rows[0].display_name
        assert any(name[:20] in line for line in screen_lines(app)[3:6])


async def test_search_narrows_and_sends_the_term(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "search"
        await pilot.press(*"chiller")
        await wait_for(pilot, lambda: app.screen.term == "chiller", "the debounced search")
        await settle(pilot, app)
        searched = [r for r in requests_to(server, COMPONENTS) if "$search" in r.query]
        assert searched and searched[-1].query["$search"] == "chiller"
        # debounced: the seven keystrokes did not each start a request
        assert len(searched) < 7
        rows = app.screen.table.rows
        assert 0 < len(rows) < 100
        expected = len(server.api.data.org.select("chiller"))
        assert len(rows) == expected
        assert f"all {expected} loaded" in screen_text(app)
        for row in rows:
            haystack = (row.display_name + " " + " ".join(row.hashtags)).lower()
            assert "chiller" in haystack, row.display_name
        await pilot.press("enter")
        assert app.focused is app.screen.table


async def test_keys_typed_right_after_slash_land_in_the_search_box(server, client) -> None:
    """``/door`` typed at once (or arriving in one packet over SSH): every character reaches
    the box, none runs as a key of the list (d hides the details, f shows the filters);
    a ``/`` typed in the box is text."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await press_burst(pilot, "slash", *"door", "slash", "f")
        await settle(pilot, app)
        box = app.screen.query_one("#search", Input)
        assert box.value == "door/f" and app.focused is box
        assert app.screen.detail_wanted and not app.screen.query("#filters")


async def test_the_search_box_is_an_input_mounted_after_the_first_frame(server, client) -> None:
    """An Input is the costliest widget of the first frame: the search box is mounted once
    that frame is painted (``textual.lazy.Lazy``), then it is an ordinary Input."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await wait_for(pilot, lambda: "name or hashtag" in screen_lines(app)[1],
                       "the search box")
        await pilot.click("#search")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "search",
                       "the search box, focused")
        await pilot.press(*"door")
        await wait_for(pilot, lambda: app.screen.term == "door", "the debounced search")
        await settle(pilot, app)


async def test_search_without_match_says_so(server, client) -> None:
    app = make_app(client, search="zzqqxx-nothing")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "no components match" in screen_text(app), "empty text")
        text = screen_text(app)
        assert "no components match 'zzqqxx-nothing'" in text
        assert app.screen.query_one("#search").value == "zzqqxx-nothing"  # the deep link
        assert requests_to(server, COMPONENTS)[0].query["$search"] == "zzqqxx-nothing"
        assert app.screen.table.row_count == 0
        # escape goes back to the whole catalog
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.table.row_count == 100, "the whole catalog")
        assert "$search" not in requests_to(server, COMPONENTS)[-1].query
        assert app.screen.query_one("#search").value == ""


async def test_next_page_loads_only_when_scrolled_near_the_end(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        table = app.screen.table
        for _ in range(5):
            await pilot.press("j")
        await pilot.press("pagedown")
        await settle(pilot, app)
        assert table.cursor_row > 5
        assert len(requests_to(server, COMPONENTS)) == 1, "fetched a page nobody scrolled to"
        await pilot.press("G")
        await wait_for(pilot, lambda: table.row_count == 200, "the second page")
        await settle(pilot, app)
        assert len(requests_to(server, COMPONENTS)) == 2
        assert "200 loaded · more available" in screen_text(app)
        # the cursor stays where it was (row 100); page 3 is not near yet
        assert table.cursor_row == 99
        assert len(requests_to(server, COMPONENTS)) == 2
        second = requests_to(server, COMPONENTS)[1]
        assert second.query.get("$skip") == "100"


async def test_markup_and_escape_names_render_literally(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        ids = [c.id for c in app.screen.table.rows]
        table = app.screen.table
        markup_row = ids.index(HOSTILE_MARKUP_COMPONENT_ID)
        escape_row = ids.index(HOSTILE_ESCAPE_COMPONENT_ID)
        table.move_cursor(escape_row)  # scrolls both rows into view
        await pilot.pause()
        top = table.scroll_offset.y
        lines = screen_lines(app)
        assert HOSTILE_MARKUP_NAME in lines[3 + markup_row - top]
        assert "Pump \N{REPLACEMENT CHARACTER}[31mred" in lines[3 + escape_row - top]
        assert not any("\x1b" in line for line in lines)
        # the markup-like cell is not styled: no bold/red segment in its table line
        strip = table.render_line(1 + markup_row - top)
        assert strip.text.strip().startswith(HOSTILE_MARKUP_NAME)
        for segment in strip:
            if "Not bold" in segment.text:
                assert not (segment.style and segment.style.bold)
        # and in the detail pane
        app.screen.table.move_cursor(markup_row)
        await wait_for(pilot, lambda: pane_key(app) == HOSTILE_MARKUP_COMPONENT_ID,
                       "the pane to follow the cursor")
        await pilot.pause()
        pane_top = app.screen.pane.region.y
        assert any(HOSTILE_MARKUP_NAME in line
                   for line in screen_lines(app)[pane_top:pane_top + 4])


async def test_project_and_catalog_filters(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await pilot.press("f")
        assert app.focused is not None and app.focused.id == "project"
        app.focused.value = PROJECT_IDS[0]  # typing 36 characters would only slow the test
        await pilot.press("enter")
        await settle(pilot, app)
        last = requests_to(server, COMPONENTS)[-1]
        assert last.query.get("projectId") == PROJECT_IDS[0]
        assert app.screen.table.row_count > 0
        catalog_id = app.screen.table.rows[0].links.catalogs[0].rsplit("/", 1)[-1]
        app.screen.query_one("#project").value = EMPTY_PROJECT_ID
        app.screen.query_one("#catalogs").value = f" {catalog_id} ,"
        app.screen.query_one("#catalogs").focus()
        await pilot.press("enter")
        await settle(pilot, app)
        last = requests_to(server, COMPONENTS)[-1]
        assert last.query.get("catalogs") == catalog_id
        assert last.query.get("projectId") == EMPTY_PROJECT_ID
        await wait_for(pilot, lambda: "no components for these filters" in screen_text(app),
                       "the empty-filter text")


async def test_deep_link_filters_and_minimal_mode(server, client) -> None:
    """``itwin-tui catalog --project-id P --catalogs A,B --minimal`` opens on that listing."""
    app = make_app(client, project_id=PROJECT_IDS[0], catalogs="c1, c2", minimal=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: requests_to(server, COMPONENTS), "the first request")
        await settle(pilot, app)
        (first,) = requests_to(server, COMPONENTS)
        assert first.query.get("projectId") == PROJECT_IDS[0]
        assert first.query.get("catalogs") == "c1,c2"
        assert first.headers.get("prefer") == "return=minimal"
        # the project's name, asked of the iTwins API (a deep link has only the id)
        await wait_for(pilot, lambda: "minimal · project Riverside Hospital Expansion · 2 "
                       "catalogs" in screen_text(app), "the project's name")
        await pilot.press("f")  # the filter boxes show what is applied
        assert app.screen.query_one("#project", Input).value == PROJECT_IDS[0]
        assert app.screen.query_one("#catalogs", Input).value == "c1, c2"


async def test_minimal_mode_fetches_the_full_component_when_highlighted(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.table.row_count and not app.screen.full,
                       "minimal rows")
        await settle(pilot, app)
        assert requests_to(server, COMPONENTS)[-1].headers.get("prefer") == "return=minimal"
        first = app.screen.table.rows[0]
        assert not first.full
        header = screen_lines(app)[2]  # minimal rows have only a name and an id to show
        assert "Id" in header and "Hashtags" not in header
        detail_path = f"{COMPONENTS}/{first.id}"
        await wait_for(pilot, lambda: requests_to(server, detail_path), "the full component")
        await settle(pilot, app)
        pane = app.screen.pane
        labels = [label for label, _ in pane.top.fields]
        assert "State" in labels and "Description" in labels
        assert pane.top.links, "the full component's links"
        # cached: highlighting it again does not ask again
        await pilot.press("j")
        await pilot.press("k")
        await settle(pilot, app)
        assert len(requests_to(server, detail_path)) == 1


async def test_refresh_and_copy_id(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        assert len(requests_to(server, COMPONENTS)) == 2
        assert app.screen.table.row_count == 100
        await pilot.press("j", "y")
        assert app.clipboard == app.screen.table.rows[1].id
        assert any("Copied" in n.message for n in app._notifications)


async def test_a_hashtag_search_finds_what_the_table_shows_as_that_hashtag(
        server, client) -> None:
    """The table shows hashtags as ``#steel``; the API stores ``steel`` and looks for the
    search string in names and hashtags, so a leading ``#`` is not sent."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        tagged = [c for c in app.screen.table.rows if "steel" in c.hashtags]
        assert tagged and "#steel" in screen_text(app)
        await pilot.press("slash", *"#steel", "enter")
        await settle(pilot, app)
        assert requests_to(server, COMPONENTS)[-1].query.get("$search") == "steel"
        rows = app.screen.table.rows
        assert rows and tagged[0].id in {c.id for c in rows}
        assert all("steel" in (c.display_name + " " + " ".join(c.hashtags)).lower()
                   for c in rows)
        assert app.screen.query_one("#search").value == "#steel"  # the box keeps what was typed


async def test_f_returns_to_a_visible_filter_row_and_hides_it_only_from_inside(
        server, client) -> None:
    """After enter in a filter box the list has the focus; f goes back to the boxes (it
    used to hide them, and what was typed next ran as hotkeys: ``a`` opened Analytics)."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("f")
        filters = screen.query_one("#filters")
        project = screen.query_one("#project", Input)
        assert app.focused is project
        project.value = PROJECT_IDS[0]
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.focused is screen.table and screen.table.row_count
        await pilot.press("f")
        assert filters.display and app.focused is project
        project.value = ""
        await pilot.press(*"not-a-guid")  # typed into the box, not run as keys (a, d…)
        assert project.value == "not-a-guid"
        assert app.screen is screen, "a key reached the app as a hotkey"
        await pilot.press("enter")  # a 422 replaces the list; f still goes back to the box
        await wait_for(pilot, lambda: "422" in screen_text(app), "the 422 in place")
        await pilot.press("f")
        assert filters.display and app.focused is project
        await pilot.press("tab")
        assert app.focused is screen.query_one("#catalogs", Input)
        await screen.run_action("toggle_filters")  # f (palette: "Catalog: filters") inside
        # the 422 stands in place of the list: no hidden widget keeps the focus
        assert not filters.display and not screen.table.display and app.focused is None
        await pilot.press("f")
        assert filters.display and app.focused is project
        await settle(pilot, app)


async def test_refresh_says_refreshing_until_the_answer_then_refreshed(server, client) -> None:
    """r keeps the rows on screen; the status line shows that it is working, then that it
    is done (the answer often looks the same as before)."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        status = screen_lines(app)[-2]
        assert "refresh" not in status
        server.api.faults.latency = 2.0  # seen while it refreshes, even on a busy machine
        await pilot.press("r")
        await wait_for(pilot, lambda: "100 shown · refreshing…" in screen_lines(app)[-2],
                       "refreshing…")
        assert app.screen.table.row_count == 100  # the rows stay while it refreshes
        await wait_for(pilot, lambda: len(requests_to(server, COMPONENTS)) == 2
                       and not app.screen.listing.loading, "the refreshed page")
        await pilot.pause()
        status = screen_lines(app)[-2]
        assert "refreshing" not in status
        assert "100 loaded · more available · refreshed" in status


async def test_a_project_filter_is_remembered_with_its_name_not_before(server, client) -> None:
    """A project filter given by id goes to the recent picks once its name is known (QA: it
    was saved with an empty label when the components came first)."""
    server.api.faults.add(path_prefix=f"/itwins/{PROJECT_IDS[2]}", status=None, delay=0.6)
    app = make_app(client, project_id=PROJECT_IDS[2])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.listing.rows, "catalog rows")
        assert RecentIds().get("projects") == []
        await wait_for(pilot, lambda: RecentIds().get("projects"), "the project remembered")
        assert [(r.id, r.label) for r in RecentIds().get("projects")] == [
            (PROJECT_IDS[2], "A14 Bridge Replacement")]
