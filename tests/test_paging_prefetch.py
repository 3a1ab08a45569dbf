"""``Pager.pages()`` requests the next page while the current one is parsed and used."""

from __future__ import annotations

import asyncio


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
