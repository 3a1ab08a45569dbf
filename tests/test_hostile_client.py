"""The client against a hostile server (issue 20): malformed links, empty pages, a server
ignoring ``$top``, malformed collections and ``Retry-After`` values — over real HTTP."""

from __future__ import annotations

import time

import pytest

from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.jsonio import DEEPER_NOTE, preview
from tui.core.limits import MAX_EMPTY_PAGES
from tui.core.transport import parse_retry_after
from tui.core.urls import is_valid, origin, redact, resolve, same_origin
from tui.fake import DEMO_TOKEN, FakeApi, serve
from tui.fake import hostile as H

COMPONENTS = H.COMPONENTS
BASE = "https://api.example.com"


def _requests(server, path: str = COMPONENTS) -> list:
    return [r for r in server.api.requests if r.path.lower().rstrip("/") == path.lower()]


# -- 1. a link that is not a valid URL never raises anything but a refusal ---------------------

HOSTILE_HREFS = [
    H.BAD_URL, "http://[::1", "//[oops/x", "http://h:99999/x", "http://h:port/x",
    "http://\x00host/x", "http://ho st/\x7f", "http://u:p@[bad/x?token=secret",
    "https://api.example.com/" + "x" * 100_000, "", "mailto:a@b", "http://",
]


@pytest.mark.parametrize("href", HOSTILE_HREFS)
def test_url_helpers_never_raise(href: str) -> None:
    absolute = resolve(href, BASE)
    assert isinstance(origin(absolute), tuple)
    assert not same_origin(absolute, BASE) or is_valid(absolute)
    shown = redact(absolute)
    assert len(shown) <= 200 and "secret" not in shown and "u:p" not in shown


async def test_a_link_that_is_not_a_url_is_refused_before_any_request(client, server) -> None:
    with pytest.raises(ApiError) as info:
        await client.resource(H.BAD_URL)
    assert info.value.kind is ErrorKind.BAD_LINK
    assert "not a valid URL" in info.value.message and H.BAD_URL in info.value.message
    assert server.api.requests == []


async def test_an_address_too_long_to_send_is_refused(client, server) -> None:
    with pytest.raises(ApiError) as info:
        await client.resource("/library/components/" + "x" * 70_000)
    assert info.value.kind is ErrorKind.BAD_LINK and "70,0" in info.value.message
    assert server.api.requests == []


@pytest.mark.parametrize("command", [[], ["analytics", "--start", "2026-01-01", "--end",
                                          "2026-01-02"]])
def test_a_malformed_base_url_is_a_usage_error(command: list[str],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as info:
        main(["--base-url", H.BAD_URL, *command])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "is not an http(s) URL" in err and "Traceback" not in err


async def test_components_with_malformed_links_still_list(client, server) -> None:
    H.bad_links(server.api)
    page = await client.components(full=True).next_page()
    assert len(page.items) == 100 and page.items[0].links.category == H.BAD_URL


async def test_a_redirect_to_a_malformed_location_is_a_refused_link(client, server) -> None:
    H.bad_location(server.api)
    with pytest.raises(ApiError) as info:
        await client.components().next_page()
    err = info.value
    assert err.status == 302 and err.kind is ErrorKind.BAD_LINK
    assert err.headline() == f"302: Refused a redirect to an address that is not a valid URL: " \
                             f"{H.BAD_URL}"
    assert "empty body" not in err.human()


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_a_redirect_is_not_followed_and_says_so(client, server, status: int) -> None:
    """The client follows no redirect of an API request (the token would go with it)."""
    other = FakeApi(server.api.data)
    with serve(other) as elsewhere:
        server.api.faults.add(COMPONENTS, status, body=b"",
                              headers={"Location": f"{elsewhere.base_url}{COMPONENTS}?x=secret"})
        with pytest.raises(ApiError) as info:
            await client.components().next_page()
    err = info.value
    assert err.kind is ErrorKind.REDIRECT and err.status == status
    assert err.headline() == (f"{status}: The API answered with a redirect to "
                              f"{elsewhere.base_url}{COMPONENTS}, which the app does not follow.")
    assert "secret" not in err.human() and other.requests == []
    assert err.hint and "--base-url" in err.hint


async def test_a_redirect_without_a_location_says_so(client, server) -> None:
    server.api.faults.add(COMPONENTS, 302, body=b"")
    with pytest.raises(ApiError) as info:
        await client.components().next_page()
    assert info.value.kind is ErrorKind.REDIRECT
    assert info.value.headline() == ("302: The API answered with a redirect without a "
                                     "Location, which the app does not follow.")


# -- 2. a malformed next link: the page is kept, the next one is refused -----------------------

async def test_malformed_next_link_keeps_the_page_and_refuses_the_next(client, server) -> None:
    H.bad_next_link(server.api)
    pager = client.components()
    first = await pager.next_page()
    assert len(first.items) == 100 and pager.has_more
    with pytest.raises(ApiError) as info:
        await pager.next_page()
    assert info.value.kind is ErrorKind.BAD_LINK and not pager.has_more
    assert len(_requests(server)) == 1


# -- 3. values deeper than orjson writes are shown cut -----------------------------------------

async def test_a_value_deeper_than_orjson_writes_is_previewed_cut(client, server) -> None:
    H.deep_value(server.api)
    first = (await client.components(full=True).next_page()).items[0]
    text = preview(first.raw["nested"], 2000)
    assert text.endswith(DEEPER_NOTE) and len(text) < 1000


def test_preview_cuts_long_values_and_says_how_much() -> None:
    text = preview("y" * 5000, 100)
    assert text == "\"" + "y" * 69 + " … 4,932 more characters" and len(text) <= 100
    assert preview(list(range(100_000)), 100).endswith("… more not shown")
    assert preview({"a": [1, {"b": None}]}, 100) == '{"a":[1,{"b":null}]}'
    assert preview(2**70, 100)  # beyond what orjson writes: still text
    deep = preview({"a": {"b": {"c": "x" * 500}}}, 100, max_depth=2)
    assert len(deep) <= 100 and deep == '{"a":{"b":"…"}} … deeper levels not shown'


# -- 4. empty pages with a next link stop after a few in a row ---------------------------------

async def test_empty_pages_in_a_row_stop_paging(client, server) -> None:
    H.empty_pages(server.api)
    pager = client.components()
    assert len((await pager.next_page()).items) == 100
    with pytest.raises(ApiError) as info:
        await pager.next_page()
    assert info.value.kind is ErrorKind.NO_PROGRESS and not pager.has_more
    assert f"{MAX_EMPTY_PAGES} empty pages in a row" in info.value.message
    assert len(_requests(server)) == 1 + MAX_EMPTY_PAGES


async def test_an_empty_page_is_passed_over_to_the_next_with_rows(client, server) -> None:
    server.api.faults.add(COMPONENTS, None, times=1,
                          transform=lambda page, req: {**page, "components": []})
    page = await client.components().next_page()
    assert len(page.items) == 100 and "$skip=100" in page.url
    assert len(_requests(server)) == 2


# -- 5. a server ignoring $top: the rows a listing holds are bounded ---------------------------

async def test_a_listing_stops_at_the_row_limit(server) -> None:
    H.ignore_top(server.api)
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_rows=250) as client:
        pager = client.components()
        page = await pager.next_page()
        assert len(page.items) == 250 and not pager.has_more
        assert pager.stop_reason == "stopped at the 250-row limit — refine the search"
        assert await pager.next_page() is None
    assert len(_requests(server)) == 1


async def test_bulk_paging_stops_at_the_row_limit_too(server) -> None:
    H.ignore_top(server.api)
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_rows=2500) as client:
        pager = client.components()
        items = await pager.all_items()
    assert len(items) == 2500 and pager.stop_reason and not pager.has_more
    assert len({c.id for c in items}) == 2500


async def test_the_limit_reached_exactly_on_the_last_page_is_no_stop(server) -> None:
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_rows=5000) as client:
        pager = client.components(top=1000)
        assert len(await pager.all_items()) == 5000
    assert pager.stop_reason is None


# -- 9. Retry-After that is not a usable number: the default back-off --------------------------

@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "-5", "1e999"])
def test_retry_after_that_is_not_a_finite_delay_is_ignored(value: str) -> None:
    assert parse_retry_after(value) is None


def test_retry_after_still_reads_seconds_and_dates() -> None:
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@pytest.mark.parametrize("value", ["nan", "inf", "-5"])
async def test_retry_after_nan_waits_the_default_back_off(server, value: str) -> None:
    H.retry_after(server.api, value, times=2)
    async with ItwinClient(server.base_url, DEMO_TOKEN, retry_backoff=0.3) as client:
        started = time.monotonic()
        page = await client.components().next_page()
    assert page.items and len(_requests(server)) == 3
    assert time.monotonic() - started >= 0.6


# -- 13. a collection key that holds no list is a malformed answer, not an empty list ---------

@pytest.mark.parametrize(("value", "said"), [
    (None, "null"), ({"id": "x"}, "an object"), ("components", "a string"), (7, "a number"),
    (H.MISSING, "missing")])
async def test_a_collection_without_its_list_is_malformed(client, server, value: object,
                                                          said: str) -> None:
    H.collection(server.api, value)
    pager = client.components()
    with pytest.raises(ApiError) as info:
        await pager.next_page()
    assert info.value.kind is ErrorKind.BAD_RESPONSE
    assert f"'components' is {said}, not a list" in info.value.message


async def test_an_empty_collection_is_still_empty(client, server) -> None:
    from tui.fake import EMPTY_BRAND_ID

    page = await client.brand_components(EMPTY_BRAND_ID).next_page()
    assert page.items == []
