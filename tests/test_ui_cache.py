"""The browser on the disk cache: cached pages show at once, are revalidated, and say so
when the API is unreachable ("offline — showing cache from …")."""

from __future__ import annotations

from pathlib import Path

from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.fake import DEMO_TOKEN

COMPONENTS = "/library/components"


def cached_client(server, cache_dir: Path) -> ItwinClient:
    return ItwinClient(server.base_url, DEMO_TOKEN, max_retry_wait=5,
                       cache=ResponseCache(cache_dir))


async def _first_run(server, cache_dir: Path) -> None:
    async with cached_client(server, cache_dir) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
            await settle(pilot, app)
            assert "cached" not in screen_text(app)
    server.api.clear_requests()


async def revalidated(pilot, app, server) -> None:
    """Wait for the cached rows, then for their background revalidation to finish (it starts
    a moment after the rows are shown)."""
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    await wait_for(pilot, lambda: requests_to(server, COMPONENTS), "the revalidation")
    await settle(pilot, app)


async def test_cached_page_is_shown_then_revalidated(server, tmp_path) -> None:
    await _first_run(server, tmp_path)
    async with cached_client(server, tmp_path) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await revalidated(pilot, app, server)
            # one request: the background revalidation of the page shown from the cache
            assert len(requests_to(server, COMPONENTS)) == 1
            assert "100 loaded · more available" in screen_text(app)
            assert "cached" not in screen_text(app)


async def test_unreachable_api_shows_the_offline_notice(server, tmp_path) -> None:
    await _first_run(server, tmp_path)
    server.api.faults.add(path_prefix=COMPONENTS, status=503)
    async with cached_client(server, tmp_path) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: "offline — showing cache from" in screen_text(app),
                           "the offline notice")
            assert app.screen.table.row_count == 100
            # r asks the API again; still down, so the cache keeps the rows on screen
            await pilot.press("r")
            await settle(pilot, app)
            await wait_for(pilot, lambda: "offline — showing cache from" in screen_text(app),
                           "the offline notice after r")
            assert app.screen.table.row_count == 100


async def test_page_kept_from_cache_says_how_old_it_is(server, tmp_path) -> None:
    await _first_run(server, tmp_path)
    server.api.faults.add(path_prefix=COMPONENTS, status=403)  # revalidation refused
    async with cached_client(server, tmp_path) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await revalidated(pilot, app, server)
            assert len(requests_to(server, COMPONENTS)) == 1
            assert "100 loaded · more available · cached just now" in screen_text(app)


async def test_fresh_cached_rows_are_listed_synchronously(server, tmp_path) -> None:
    """A listing whose first page is fresh in the cache has its rows before ``load`` returns,
    so they are in the very next frame (a warm start paints no "loading…" frame)."""
    await _first_run(server, tmp_path)
    async with cached_client(server, tmp_path) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await revalidated(pilot, app, server)
            await wait_for(pilot, lambda: not client.writes_pending, "the cache write")
            server.api.clear_requests()
            app.screen.reload()
            assert app.screen.table.row_count == 100  # no await in between: no worker ran
            # No page request was started (the revalidation comes 0.15 s later, on a timer,
            # which a pause on a loaded machine may outlast: so not a request count here).
            assert not [w for w in app.screen.workers if w.group == "pages"]
            await pilot.pause()
            assert "loading" not in screen_text(app)
            await revalidated(pilot, app, server)
