"""The client with a disk cache, against the fake API over real loopback HTTP."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from test_auth import jwt

from tui.config import Settings
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.fake import DEMO_TOKEN, IMODEL_IDS
from tui.services import build_client


def make_client(server, cache_dir: Path, token: str = DEMO_TOKEN, **cache_kw) -> ItwinClient:
    """A fresh client and cache object, as a new app run would build them."""
    return ItwinClient(server.base_url, token, max_retry_wait=5,
                       cache=ResponseCache(cache_dir, **cache_kw))


def api_requests(server) -> list:
    return [r for r in server.api.requests if r.path.lower().startswith(("/library", "/export"))]


async def load_pages(client: ItwinClient, n: int, *, refresh: bool = False) -> list:
    pager = client.components(top=20)
    return [await pager.next_page(refresh=refresh) for _ in range(n)]


async def test_second_run_serves_pages_from_cache_without_a_request(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as first:
        online = await load_pages(first, 3)
    assert all(p.cached_at is None and not p.stale for p in online)
    server.api.clear_requests()

    async with make_client(server, tmp_path) as second:
        cached = await load_pages(second, 3)
    assert api_requests(server) == []
    assert [[c.id for c in p.items] for p in cached] == [[c.id for c in p.items] for p in online]
    assert all(p.from_cache and not p.stale for p in cached)


async def test_refresh_revalidates_and_stores_the_new_answer(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as client:
        await load_pages(client, 1)
        server.api.clear_requests()
        (fresh,) = await load_pages(client, 1, refresh=True)
        assert fresh.cached_at is None and not fresh.stale
        assert len(api_requests(server)) == 1
        (again,) = await load_pages(client, 1)
        assert again.from_cache and len(api_requests(server)) == 1


async def test_revalidating_a_cached_page_asks_the_api_and_keeps_paging_where_it_was(
        server, tmp_path) -> None:
    async with make_client(server, tmp_path) as client:
        await load_pages(client, 2)
    server.api.clear_requests()
    async with make_client(server, tmp_path) as client:
        pager = client.components(top=20)
        first, second = await pager.next_page(), await pager.next_page()
        assert first.from_cache and second.from_cache and api_requests(server) == []
        fresh = await pager.revalidate(second, start=len(first.items))
        assert fresh.cached_at is None and not fresh.stale and fresh.url == second.url
        assert [c.id for c in fresh.items] == [c.id for c in second.items]
        assert len(api_requests(server)) == 1 and pager.pages_loaded == 2
        cut = await client.components(top=20).revalidate(second, start=client.max_rows - 5)
        assert len(cut.items) == 5  # only the rows that fit under the row limit
        server.api.faults.add(path_prefix="/library/components", status=503)
        offline = await pager.revalidate(first)
        assert offline.stale and offline.cached_at is not None
        assert [c.id for c in offline.items] == [c.id for c in first.items]


async def test_server_stopped_cached_pages_and_their_next_links_are_stale(server, tmp_path
                                                                         ) -> None:
    async with make_client(server, tmp_path) as client:
        online = await load_pages(client, 3)
    server.stop()

    async with make_client(server, tmp_path) as client:
        pager = client.components(top=20)
        offline = [await pager.next_page(refresh=True) for _ in range(3)]
        assert [p.url for p in offline] == [p.url for p in online]
        assert all(p.stale and p.cached_at is not None for p in offline)
        assert offline[2].items[0].id == online[2].items[0].id
        with pytest.raises(ApiError) as caught:
            await pager.next_page(refresh=True)  # page 4 was never loaded
    assert caught.value.kind is ErrorKind.OFFLINE
    assert "not available offline" in caught.value.human()


async def test_offline_without_cache_entry_says_so(server, tmp_path) -> None:
    server.stop()
    async with make_client(server, tmp_path) as client:
        with pytest.raises(ApiError) as caught:
            await client.brands().next_page()
    assert caught.value.kind is ErrorKind.OFFLINE
    assert caught.value.hint and "not in the cache" in caught.value.hint


async def test_server_errors_fall_back_to_cache_but_client_errors_do_not(server, tmp_path
                                                                         ) -> None:
    async with make_client(server, tmp_path) as client:
        await client.brands().next_page()
        server.api.faults.add(path_prefix="/library/brands", status=503, times=1)
        page = await client.brands().next_page(refresh=True)
        assert page.stale and page.items
        server.api.faults.add(path_prefix="/library/brands", status=403, times=1)
        with pytest.raises(ApiError) as caught:
            await client.brands().next_page(refresh=True)
    assert caught.value.kind is ErrorKind.FORBIDDEN


async def test_expired_entries_are_refetched_online_and_served_offline(server, tmp_path
                                                                       ) -> None:
    now = [1_000_000.0]
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        await client.brands().next_page()
        now[0] += 3601
        server.api.clear_requests()
        page = await client.brands().next_page()
        assert page.cached_at is None and len(api_requests(server)) == 1
    now[0] += 3601
    server.stop()
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        page = await client.brands().next_page()
    assert page.stale and page.cached_at == 1_000_000.0 + 3601


async def test_two_identities_never_share_entries(server, tmp_path) -> None:
    alice = jwt(sub="alice", org="acme", exp=1)
    alice_refreshed = jwt(sub="alice", org="acme", exp=2)
    bob = jwt(sub="bob", org="acme", exp=1)
    async with make_client(server, tmp_path, alice) as client:
        await client.brands().next_page()
    server.api.clear_requests()
    async with make_client(server, tmp_path, alice_refreshed) as client:
        assert (await client.brands().next_page()).from_cache
    assert api_requests(server) == []
    async with make_client(server, tmp_path, bob) as client:
        assert not (await client.brands().next_page()).from_cache
    assert len(api_requests(server)) == 1
    server.stop()
    async with make_client(server, tmp_path, "opaque-token-of-carol") as client:
        with pytest.raises(ApiError) as caught:
            await client.brands().next_page()
    assert caught.value.kind is ErrorKind.OFFLINE


async def test_token_and_urls_never_reach_the_disk_and_files_are_private(server, tmp_path
                                                                          ) -> None:
    token = "secret-token-XYZ"
    cache_dir = tmp_path / "cache"
    async with make_client(server, cache_dir, token) as client:
        page = (await load_pages(client, 2))[0]
        await client.component(page.items[0].id)
        await client.brands().next_page()
    files = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        assert token.encode() not in data, path
        assert b"/library/components" not in data, path
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert cache_dir.stat().st_mode & 0o777 == 0o700


async def test_export_runs_are_always_asked_for_while_online(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as client:
        conns = await client.export_connections(IMODEL_IDS[0]).all_items()
        href = next(c.links.last_run for c in conns if c.links.last_run)
        await client.run_at(href)
        server.api.clear_requests()
        await client.run_at(href)
        assert len(api_requests(server)) == 1
    server.stop()
    async with make_client(server, tmp_path) as client:
        assert (await client.get_json(href)).stale


async def test_analytics_downloads_are_not_cached(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as client, client.analytics_download(
            "2026-01-01T00:00:00.000Z", "2026-01-31T23:59:59.999Z") as dl:
        assert [chunk async for chunk in dl.chunks()]
    assert ResponseCache(tmp_path).info().entries == 0


async def test_unwritable_cache_never_breaks_browsing(server, tmp_path, caplog) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    caplog.set_level(logging.DEBUG, logger="tui.core.cache")
    async with make_client(server, blocker, "secret-token-XYZ") as client:
        pages = await load_pages(client, 2)
    assert all(p.items and p.cached_at is None for p in pages)
    assert "skipped" in caplog.text
    assert "secret-token-XYZ" not in caplog.text


async def test_corrupt_entry_is_dropped_and_refetched(server, tmp_path) -> None:
    import sqlite3

    async with make_client(server, tmp_path) as client:
        await client.brands().next_page()
    with sqlite3.connect(tmp_path / "responses.sqlite3") as db:
        db.execute("UPDATE entries SET body = substr(body, 1, length(body) / 2)")
    db.close()
    server.api.clear_requests()
    async with make_client(server, tmp_path) as client:
        page = await client.brands().next_page()
        assert page.items and page.cached_at is None
        assert len(api_requests(server)) == 1
        assert (await client.brands().next_page()).from_cache


def test_settings_choose_the_cache() -> None:
    assert build_client(Settings(no_cache=True)).cache is None
    assert build_client(Settings(demo=True)).cache is None
    cache = build_client(Settings(cache_dir=Path("/nonexistent/x"), cache_max_mb=1)).cache
    assert isinstance(cache, ResponseCache) and cache.max_bytes == 1024 * 1024
    assert not Path("/nonexistent/x").exists()  # nothing is created until a write


async def test_peek_reads_a_fresh_first_page_without_any_request(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as first:
        (online,) = await load_pages(first, 1)
    server.api.clear_requests()
    async with make_client(server, tmp_path) as second:
        pager = second.components(top=20)
        page = pager.peek_first()  # synchronous: no event loop turn, no token call, no request
        assert page is not None and page.from_cache
        assert [c.id for c in page.items] == [c.id for c in online.items]
        assert pager.peek_first() is None  # only the first page, once
        following = await pager.next_page()  # paging goes on from the cached page's next link
    assert following is not None and following.items[0].id != online.items[0].id
    assert [r.query.get("$skip") for r in api_requests(server)] == ["20"]


async def test_peek_never_serves_stale_foreign_or_uncached_pages(server, tmp_path) -> None:
    now = [1_000_000.0]
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        assert client.components(top=20).peek_first() is None  # nothing stored yet
        await load_pages(client, 1)
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        assert client.components(top=20).peek_first() is not None
        assert client.components(top=30).peek_first() is None  # another URL
    async with make_client(server, tmp_path, jwt(sub="bob"), ttl=3600,
                           clock=lambda: now[0]) as other_user:
        assert other_user.components(top=20).peek_first() is None
    now[0] += 3601
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        assert client.components(top=20).peek_first() is None  # expired: ask the API
    async with ItwinClient(server.base_url, DEMO_TOKEN) as uncached:
        assert uncached.components(top=20).peek_first() is None


async def test_offline_and_not_cached_is_said_once(server, tmp_path) -> None:
    server.stop()
    async with make_client(server, tmp_path) as client:
        with pytest.raises(ApiError) as caught:
            await client.brands().next_page()
    text = caught.value.human()
    assert "not available offline" in text
    assert text.lower().count("cache") == 1, text  # was said twice, in two wordings


class CountingToken:
    """A token source that counts how often it is asked (cache-only mode must not ask)."""

    def __init__(self) -> None:
        self.asked = 0

    async def token(self) -> str:
        self.asked += 1
        return DEMO_TOKEN

    async def refresh(self) -> bool:
        return False

    def describe(self) -> str:
        return "counting"

    def identity_hint(self) -> str | None:
        from tui.core.cache_key import token_identity

        return token_identity(DEMO_TOKEN)


async def test_a_cache_only_client_answers_from_the_cache_however_old(server, tmp_path
                                                                        ) -> None:
    now = [1_000_000.0]
    async with make_client(server, tmp_path, ttl=3600, clock=lambda: now[0]) as client:
        online = await client.components(top=20).next_page()
    now[0] += 7200  # expired: still the answer offline
    server.api.clear_requests()
    source = CountingToken()
    cache = ResponseCache(tmp_path, ttl=3600, clock=lambda: now[0])
    async with ItwinClient(server.base_url, source, cache=cache, cache_mode="only") as client:
        pager = client.components(top=20)
        page = await pager.next_page()
        assert [c.id for c in page.items] == [c.id for c in online.items]
        assert page.stale and page.cached_at == 1_000_000.0
        with pytest.raises(ApiError) as caught:  # the second page was never fetched
            await pager.next_page()
    assert caught.value.kind is ErrorKind.OFFLINE
    assert caught.value.url.lower() == f"{server.base_url}/library/components"
    assert api_requests(server) == [] and source.asked == 0


async def test_cache_only_mode_of_one_call(server, tmp_path) -> None:
    async with make_client(server, tmp_path) as client:
        with pytest.raises(ApiError) as caught:
            await client.get_json("/library/brands", cached="only")
        assert caught.value.kind is ErrorKind.OFFLINE and api_requests(server) == []
        await client.brands().next_page()
        assert (await client.get_json("/library/brands", cached="only")).cached_at is not None


async def test_store_mode_always_asks_and_never_hides_a_failure(server, tmp_path) -> None:
    cache = ResponseCache(tmp_path)
    async with ItwinClient(server.base_url, DEMO_TOKEN, cache=cache, cache_mode="store") as client:
        await client.brands().next_page()
        await client.brands().next_page()
        assert len(api_requests(server)) == 2  # a fresh copy was stored, yet asked again
        assert (await client.get_json("/library/brands", cached="prefer")).cached_at is None
        server.api.faults.add(path_prefix="/library/brands", status=503)
        with pytest.raises(ApiError) as caught:
            await client.brands().next_page()
    assert caught.value.kind is ErrorKind.SERVER
    async with make_client(server, tmp_path) as client:  # stored for everyone else
        server.api.faults.clear()
        assert (await client.brands().next_page()).from_cache
