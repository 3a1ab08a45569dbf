"""The API client against the fake iTwin API over real HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest

from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.transport import ACCEPT
from tui.fake import DEMO_TOKEN, serve


def _component_requests(server) -> list:
    return [r for r in server.api.requests if r.path.lower() == "/library/components"]


async def test_pages_through_every_component_exactly_once(client, server) -> None:
    pager = client.components(top=1000)
    ids = [c.id for c in await pager.all_items()]
    assert len(ids) == server.api.data.n_components >= 5000
    assert len(set(ids)) == len(ids)
    assert pager.pages_loaded == -(-len(ids) // 1000)
    assert not pager.has_more


async def test_every_request_carries_accept_and_bearer(client, server) -> None:
    await client.components().next_page()
    (request,) = _component_requests(server)
    assert request.headers["accept"] == ACCEPT
    assert request.headers["authorization"] == f"Bearer {DEMO_TOKEN}"
    assert request.query["$top"] == "100"


async def test_search_matches_names_and_hashtags_case_insensitively(client) -> None:
    page = await client.components(search="DOOR", full=True).next_page()
    assert page.items
    for item in page.items:
        haystack = [item.display_name.lower(), *(h.lower() for h in item.hashtags)]
        assert any("door" in text for text in haystack)


async def test_prefer_selects_full_or_minimal_representation(client, server) -> None:
    minimal = await client.components(full=False).next_page()
    full = await client.components(full=True).next_page()
    assert set(minimal.items[0].raw) == {"id", "displayName"}
    assert full.items[0].state and full.items[0].modified
    prefers = [r.headers.get("prefer") for r in _component_requests(server)]
    assert prefers == ["return=minimal", "return=representation"]


async def test_single_component_and_links(client) -> None:
    first = (await client.components(full=True).next_page()).items[0]
    again = await client.component(first.id)
    assert again.id == first.id and again.full
    assert again.links.catalogs or again.links.category or again.links.manufacturer


async def test_brands_and_brand_components(client) -> None:
    brands = await client.brands().all_items()
    assert len(brands) >= 5
    page = await client.brand_components(brands[0].id, full=True).next_page()
    assert page.items and page.items[0].display_name


async def test_catalogs_full_searchable_and_one_by_id(client, server) -> None:
    catalogs = await client.catalogs().all_items()
    assert len(catalogs) >= 5 and all(c.id and c.display_name for c in catalogs)
    assert any(c.description and c.region and c.hashtags and c.modified for c in catalogs)
    steel = await client.catalogs(search="steel").all_items()
    assert steel and len(steel) < len(catalogs)
    for catalog in steel:
        assert "steel" in " ".join([catalog.display_name, *catalog.hashtags]).lower()
    again = await client.catalog(steel[0].id)
    assert again == steel[0] and again.raw == steel[0].raw
    requests = [r for r in server.api.requests if r.path == "/library/catalogs"]
    assert [r.query.get("$search") for r in requests] == [None, "steel"]
    assert {r.headers.get("prefer") for r in requests} == {"return=representation"}


async def test_components_of_a_catalog(client) -> None:
    catalog = next(c for c in await client.catalogs().all_items()
                   if "steel" in c.display_name.lower())
    page = await client.components(catalogs=[catalog.id], full=True).next_page()
    assert page.items
    for item in page.items:
        assert any(catalog.id in href for href in item.links.catalogs)


async def test_export_connections_and_last_run(client) -> None:
    from tui.fake import IMODEL_IDS

    conns = await client.export_connections(IMODEL_IDS[0]).all_items()
    assert conns
    with_run = next(c for c in conns if c.links.last_run)
    run = await client.run_at(with_run.links.last_run)
    assert run.id and run.state


@pytest.mark.parametrize(
    ("make_call", "status", "kind"),
    [
        (lambda c: c.components(top=1000).next_page(), None, None),
        (lambda c: c.brand_components("not-a-guid").next_page(), 422, ErrorKind.INVALID),
        (lambda c: c.component("00000000-0000-0000-0000-000000000000"), 404,
         ErrorKind.NOT_FOUND),
    ],
)
async def test_status_mapping(client, make_call, status, kind) -> None:
    if status is None:
        assert (await make_call(client)).items
        return
    with pytest.raises(ApiError) as info:
        await make_call(client)
    assert info.value.status == status and info.value.kind is kind


async def test_422_keeps_every_detail_target(server) -> None:
    async with ItwinClient(server.base_url, DEMO_TOKEN) as c:
        c.page_size = 1000
        pager = c.brand_components("not-a-guid")
        with pytest.raises(ApiError) as info:
            await pager.next_page()
    err = info.value
    assert err.code == "InvalidBrandComponentsRequest"
    assert "brandId" in err.targets
    assert "brandId" in err.human()


async def test_top_over_limit_is_422_from_server(client, server) -> None:
    url = client.url("/library/components", {"$top": 1001})
    with pytest.raises(ApiError) as info:
        await client.get_json(url)
    assert info.value.status == 422 and info.value.targets == ["$top"]


async def test_401_without_a_valid_token_explains_the_fix(server) -> None:
    async with ItwinClient(server.base_url, "") as c:
        with pytest.raises(ApiError) as info:
            await c.components().next_page()
    assert info.value.kind is ErrorKind.NO_TOKEN
    assert server.api.requests == []  # nothing was sent without a token


async def test_401_from_server(server) -> None:
    from tui.fake import FakeApi

    api = FakeApi(server.api.data, valid_tokens={"good"})
    with serve(api) as strict:
        async with ItwinClient(strict.base_url, "bad") as c:
            with pytest.raises(ApiError) as info:
                await c.components().next_page()
    assert info.value.status == 401 and info.value.kind is ErrorKind.UNAUTHORIZED
    assert "ITWIN_ACCESS_TOKEN" in info.value.human()


async def test_403_and_404_on_export_connections(client) -> None:
    from tui.fake import FORBIDDEN_IMODEL_ID

    with pytest.raises(ApiError) as forbidden:
        await client.export_connections(FORBIDDEN_IMODEL_ID).next_page()
    assert forbidden.value.status == 403 and forbidden.value.code == "InsufficientPermissions"
    with pytest.raises(ApiError) as missing:
        await client.export_connections("11111111-2222-3333-4444-555555555555").next_page()
    assert missing.value.status == 404 and missing.value.code == "ConnectionNotFound"


async def test_429_honours_retry_after_then_succeeds(client, server) -> None:
    server.api.faults.add(path_prefix="/library/components", status=429,
                          headers={"Retry-After": "1"}, times=2)
    page = await client.components().next_page()
    assert page.items
    assert len(_component_requests(server)) == 3


async def test_429_surfaces_after_bounded_retries(server) -> None:
    server.api.faults.add(path_prefix="/library/components", status=429,
                          headers={"Retry-After": "120"}, times=None)
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_retry_wait=5) as c:
        with pytest.raises(ApiError) as info:
            await c.components().next_page()
    assert info.value.kind is ErrorKind.RATE_LIMITED and info.value.retry_after == 120
    assert "Retry-After" in info.value.human()


async def test_5xx_with_non_json_body(client, server) -> None:
    server.api.faults.add(path_prefix="/library/components", status=502,
                          body=b"<html>Bad gateway</html>", times=1)
    with pytest.raises(ApiError) as info:
        await client.components().next_page()
    assert info.value.kind is ErrorKind.SERVER and info.value.status == 502
    assert "Bad gateway" in info.value.message


async def test_malformed_json_is_a_clear_error(client, server) -> None:
    server.api.faults.add(path_prefix="/library/components", status=200,
                          body=b'{"components": [', times=1)
    with pytest.raises(ApiError) as info:
        await client.components().next_page()
    assert info.value.kind is ErrorKind.BAD_RESPONSE
    assert "malformed JSON" in info.value.message


async def test_timeout(server) -> None:
    server.api.faults.latency = 1.0
    async with ItwinClient(server.base_url, DEMO_TOKEN, timeout=0.2) as c:
        with pytest.raises(ApiError) as info:
            await c.components().next_page()
    assert info.value.kind is ErrorKind.TIMEOUT


async def test_connection_refused() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with ItwinClient(f"http://127.0.0.1:{port}", DEMO_TOKEN) as c:
        with pytest.raises(ApiError) as info:
            await c.components().next_page()
    assert info.value.kind is ErrorKind.CONNECTION


def _page_body(next_href: str) -> bytes:
    return (b'{"components": [{"id": "a", "displayName": "A"}], '
            b'"_links": {"next": {"href": "' + next_href.encode() + b'"}}}')


async def test_foreign_host_next_link_is_refused_without_sending_the_token(client, server
                                                                          ) -> None:
    from tui.fake import FakeApi

    other_api = FakeApi(server.api.data)
    with serve(other_api) as other:
        server.api.faults.add(path_prefix="/library/components", status=200,
                              body=_page_body(f"{other.base_url}/library/components?$skip=1"),
                              times=1)
        pager = client.components()
        first = await pager.next_page()
        assert [c.id for c in first.items] == ["a"]
        with pytest.raises(ApiError) as info:
            await pager.next_page()
        assert info.value.kind is ErrorKind.UNSAFE_LINK
        assert not pager.has_more
        with pytest.raises(ApiError):
            await client.resource(f"{other.base_url}/library/brands")
    assert other_api.requests == []


async def test_relative_next_link_is_followed(client, server) -> None:
    server.api.faults.add(path_prefix="/library/components", status=200,
                          body=_page_body("/Library/components?$skip=100&$top=100"), times=1)
    pager = client.components()
    await pager.next_page()
    second = await pager.next_page()
    assert second.items
    assert _component_requests(server)[-1].query["$skip"] == "100"


async def test_next_link_loop_is_stopped(client, server) -> None:
    loop = _page_body("/library/components?$top=100")
    server.api.faults.add(path_prefix="/library/components", status=200, body=loop, times=None)
    pager = client.components(top=100)
    await pager.next_page()
    with pytest.raises(ApiError) as info:
        await pager.next_page()
    assert info.value.kind is ErrorKind.LINK_LOOP
    assert not pager.has_more
    assert len(_component_requests(server)) == 1


async def test_tolerates_missing_and_null_fields(client, server) -> None:
    body = (b'{"components": [{"id": "x", "displayName": null, "hashtags": null, '
            b'"_links": {"catalogs": null, "category": null}, "extra": 1}, "junk"], '
            b'"_links": null}')
    server.api.faults.add(path_prefix="/library/components", status=200, body=body, times=1)
    pager = client.components(full=True)
    page = await pager.next_page()
    (item,) = page.items
    assert item.id == "x" and item.display_name == "" and item.hashtags == ()
    assert not pager.has_more


async def test_analytics_download_streams_csv_with_filename(client) -> None:
    async with client.analytics_download("2026-01-01T00:00:00.000Z",
                                         "2026-01-31T23:59:59.999Z") as dl:
        body = b"".join([chunk async for chunk in dl.chunks()])
    assert dl.filename and dl.filename.endswith(".csv")
    assert body.count(b"\n") > 1
    if dl.total is not None:
        assert dl.total == len(body)
