"""The app against a hostile server (issue 20), driven with Pilot over real HTTP: no
traceback, a message in words, and what was on screen stays."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.widgets import Tree
from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.core.limits import MAX_EMPTY_PAGES, MAX_SEARCH_LENGTH
from tui.fake import DEMO_TOKEN
from tui.fake import hostile as H
from tui.widgets.detail_pane import MAX_PANE_CHARS
from tui.widgets.page_view import PageView
from tui.widgets.text import MAX_SHOWN_CHARS

COMPONENTS = H.COMPONENTS


async def _loaded(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    await settle(pilot, app)


async def _to_the_end(pilot: Any, app: Any, expected: str) -> None:
    """``G``: the end of the list, which asks for the next page; wait for ``expected``."""
    await pilot.press("G")
    await wait_for(pilot, lambda: expected in screen_text(app), repr(expected))
    await settle(pilot, app)


# -- 1. malformed links: the app starts, the link is shown refused ----------------------------

async def test_malformed_links_are_shown_and_refused(server, client) -> None:
    H.bad_links(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        assert "(not a valid URL)" in screen_text(app)
        await pilot.press("enter")
        links = app.screen.query_one(PageView)
        assert app.focused is links
        links.highlight(0)
        await pilot.press("enter")
        pane = app.screen.pane
        await wait_for(pilot, lambda: pane.top.error is not None, "the refusal")
        await settle(pilot, app)
        assert pane.top.error.kind == "bad_link"
        assert "Refused a link that is not a valid URL" in screen_text(app)
        assert app.is_running and app.screen.table.row_count == 100


# -- 2. a malformed next link keeps the rows shown ---------------------------------------------

async def test_malformed_next_link_keeps_the_rows(server, client) -> None:
    H.bad_next_link(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await _to_the_end(pilot, app, "could not load more")
        assert "not a valid URL" in screen_text(app)
        assert app.screen.table.row_count == 100 and app.screen.table.display
        assert "Unexpected error" not in screen_text(app)
        assert len(requests_to(server, COMPONENTS)) == 1


# -- 3. values deeper than orjson writes ------------------------------------------------------

async def test_a_deep_value_is_shown_cut_in_the_pane(server, client) -> None:
    H.deep_value(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        nested = dict(app.screen.pane.top.fields)["Nested"]
        assert nested.startswith('{"level":{"level":') and "deeper levels not shown" in nested
        assert app.is_running


async def test_a_deep_linked_resource_is_a_bounded_tree(server, client) -> None:
    H.deep_value(server.api, levels=1000, path="/library/categories")
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await pilot.press("enter")
        labels = [label for label, _ in app.screen.pane.top.links]
        app.screen.query_one(PageView).highlight(labels.index("category"))
        await pilot.press("enter")
        pane = app.screen.pane
        await wait_for(pilot, lambda: pane.top.tree is not None, "the JSON tree")
        await settle(pilot, app)
        tree = app.screen.query_one("#detail-tree", Tree)
        node, depth = tree.root, 0
        while node.children:
            node, depth = node.children[-1], depth + 1
        assert str(node.label) == "… deeper levels not shown" and depth < 40


# -- 4. empty pages in a row --------------------------------------------------------------------

async def test_empty_pages_stop_paging_and_say_so(server, client) -> None:
    H.empty_pages(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await _to_the_end(pilot, app, f"{MAX_EMPTY_PAGES} empty pages in a row")
        await pilot.pause(0.3)
        await settle(pilot, app)
        assert len(requests_to(server, COMPONENTS)) == 1 + MAX_EMPTY_PAGES
        assert app.screen.table.row_count == 100


# -- 5. a server ignoring $top: the row limit ---------------------------------------------------

async def test_the_row_limit_stops_paging_and_says_so(server) -> None:
    H.ignore_top(server.api)
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_rows=250) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await _loaded(pilot, app)
            await pilot.press("G")
            await settle(pilot, app)
            assert app.screen.table.row_count == 250
            assert "250 loaded · stopped at the 250-row limit — refine the search" in \
                screen_text(app)
            assert len(requests_to(server, COMPONENTS)) == 1


# -- 6. a megabyte-long name ----------------------------------------------------------------------

async def test_a_huge_name_is_shown_cut_and_kept_whole(server, client) -> None:
    H.huge_name(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        pane = app.screen.pane
        assert len(dict(pane.top.fields)["Name"]) == H.HUGE_NAME_CHARS  # copied / saved whole
        scroll = app.screen.query_one("#detail-scroll")
        # what is rendered is bounded: name and description cut (~2 × 80 lines), where
        # 1 MB wrapped would be ~40,000 lines each
        assert scroll.virtual_size.height < 2 * MAX_SHOWN_CHARS // 10
        assert "Huge nnnn" in screen_text(app)
        for key in ("j", "k", "j", "k"):  # entering and leaving the row
            await pilot.press(key)
            app.screen.details.flush()
            await pilot.pause()
        assert pane.top.item_id == app.screen.table.rows[0].id
        seen = ""
        for y in range(0, scroll.virtual_size.height, 10):  # scroll the pane through
            scroll.scroll_to(y=y, animate=False)
            await pilot.pause()
            seen += screen_text(app)
        assert f"{H.HUGE_NAME_CHARS - MAX_SHOWN_CHARS:,} more characters" in seen


async def test_many_long_fields_render_a_bounded_pane(server, client) -> None:
    H.many_fields(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        assert len(app.screen.pane.top.fields) > 100  # counted: "… N more fields not shown"
        scroll = app.screen.query_one("#detail-scroll")
        assert scroll.virtual_size.height < MAX_PANE_CHARS // 10
        seen = ""  # the page scrolled through (the component's files and links come after)
        for y in range(0, scroll.virtual_size.height, 10):
            scroll.scroll_to(y=y, animate=False)
            await pilot.pause()
            seen += screen_text(app)
        assert "more fields not shown" in seen


# -- 7. a page trickling in: timed out, the cached copy shown -----------------------------------

async def test_a_timed_out_refresh_shows_the_cached_page_and_says_why(server,
                                                                       tmp_path: Path) -> None:
    async with ItwinClient(server.base_url, DEMO_TOKEN, deadline=0.5,
                           cache=ResponseCache(tmp_path)) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await _loaded(pilot, app)
            await wait_for(pilot, lambda: not client.writes_pending, "the cache write")
            H.trickle(server.api, 0.02, head=True)
            await pilot.press("r")
            await wait_for(pilot, lambda: "timed out — showing cache from" in screen_text(app),
                           "the timed-out notice", timeout=5)
            assert app.screen.table.row_count == 100


# -- 12. a huge paste into the search box ---------------------------------------------------------

async def test_a_huge_search_paste_is_cut_with_a_message(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await pilot.press("slash")
        box = app.screen.search_box()
        box.post_message(events.Paste("door " * 20_000))
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert len(box.value) <= MAX_SEARCH_LENGTH
        messages = [str(n.message) for n in app._notifications]
        assert any(f"at most {MAX_SEARCH_LENGTH} characters" in m for m in messages)
        assert "Unexpected error" not in screen_text(app)
        sent = requests_to(server, COMPONENTS)[-1].query["$search"]
        assert sent.startswith("door door") and len(sent) <= MAX_SEARCH_LENGTH
        assert "no components match 'door door" in screen_text(app)


# -- 13. a collection key that holds no list ------------------------------------------------------

async def test_a_first_page_without_its_list_is_malformed_not_empty(server, client) -> None:
    H.collection(server.api, None)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "malformed" in screen_text(app), "the message")
        text = screen_text(app)
        assert "'components' is null, not a list" in text
        assert "no components" not in text


async def test_a_later_page_without_its_list_keeps_the_rows(server, client) -> None:
    server.api.faults.add(COMPONENTS, None, transform=lambda page, req: (
        {**page, "components": "oops"} if req.arg("$skip") else page))
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await _to_the_end(pilot, app, "could not load more")
        assert "malformed" in screen_text(app)
        assert app.screen.table.row_count == 100 and app.screen.table.display


async def test_a_redirect_to_a_malformed_location_is_shown_as_a_refused_link(server,
                                                                           client) -> None:
    H.bad_location(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Could not load" in screen_text(app), "the error")
        text = screen_text(app)
        assert f"Refused a redirect to an address that is not a valid URL: {H.BAD_URL}" in text
        assert "empty body" not in text
        await settle(pilot, app)
