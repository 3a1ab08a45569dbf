"""``Pager.pages()`` requests the next page while the current one is parsed and used."""

from __future__ import annotations

import asyncio
import time


def skips(server) -> list[str]:
    return [r.query.get("$skip", "0") for r in server.api.requests
            if r.path.lower() == "/library/components"]


async def test_the_next_page_is_requested_before_the_caller_asks_for_it(server, client
                                                                        ) -> None:
    pages = client.components(top=500).pages()
    first = await anext(pages)
    assert len(first.items) == 500
    for _ in range(500):  # up to 5 s: the prefetch is already under way
        if "500" in skips(server):
            break
        await asyncio.sleep(0.01)
    assert skips(server) == ["0", "500"]
    await pages.aclose()


async def test_every_component_once_in_order_and_early_stops_are_clean(server, client) -> None:
    ids = [c.id for c in await client.components(top=500).all_items()]
    assert len(ids) == len(set(ids)) == server.api.data.org.size
    server.api.clear_requests()
    assert [c.id for c in await client.components(top=7).all_items(limit=10)] == ids[:10]
    assert skips(server)[:2] == ["0", "7"] and len(skips(server)) <= 3  # 3rd: the prefetch


async def test_the_next_request_is_on_the_wire_before_this_page_is_parsed(server, client
                                                                         ) -> None:
    """Parsing blocks the event loop, so the next request must be written before it starts:
    while a page is parsed, the server (its own thread) can already receive the next one."""
    from tui.core.paging import Pager

    received_during_parse: list[bool] = []
    expected = [0]

    def parse(raw: dict) -> str:
        if raw["id"] == first_ids.get(expected[0]):  # first item of a page that has a next
            nxt = str((expected[0] + 1) * 100)
            deadline = time.monotonic() + 2
            while nxt not in skips(server) and time.monotonic() < deadline:
                time.sleep(0.001)  # the loop is blocked here, as in a long parse
            received_during_parse.append(nxt in skips(server))
            expected[0] += 1
        return raw["id"]

    ids = [c.id for c in await client.components(top=100).all_items(limit=500)]
    first_ids = {n: ids[n * 100] for n in range(4)}
    server.api.clear_requests()
    pager = Pager(client, client.url("/library/components", {"$top": 100}), key="components",
                  parse=parse)
    async for _page in pager.pages():
        if pager.pages_loaded == 4:
            break
    assert received_during_parse == [True, True, True, True]


async def test_no_page_past_max_items_is_requested(server, client) -> None:
    pager = client.components(top=100).raw(max_items=200)
    got = [len(page.items) async for page in pager.pages()]
    assert got == [100, 100]
    assert skips(server) == ["0", "100"]  # no prefetch of a third page
    server.api.clear_requests()
    pager = client.components(top=100).raw(max_items=150)
    assert [len(page.items) async for page in pager.pages()] == [100, 50]
    assert skips(server) == ["0", "100"]


async def test_raw_pages_hold_the_objects_as_sent(server, client) -> None:
    pager = client.components(top=5, full=True).raw()
    page = await pager.next_page()
    assert page is not None
    assert page.items == [server.api.data.component(i, server.base_url) for i in range(5)]
    assert pager.prefer == "return=representation" and pager.key == "components"
