"""Benchmark: time to the first catalog page from the disk cache vs from the fake server.

Not a test (pytest does not collect it). Run from the repository root:

    python tests/benchmarks/bench_cache.py [--repeat 50] [--top 100] [--minimal]

Times ``client.components(...).next_page()`` against the fake API over loopback HTTP (no
cache) and answered from a populated cache (no request): first with a new client per run, as
at app start (new connection, database opened), then with one client reused. Prints medians
and the ratios. A real API is much further away than loopback, so these ratios are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.fake import DEMO_TOKEN, FakeApi, FakeData, serve


async def time_first_page(client: ItwinClient, top: int, full: bool, *, expect_cached: bool
                          ) -> float:
    start = time.perf_counter()
    page = await client.components(top=top, full=full).next_page()
    elapsed = time.perf_counter() - start
    if page is None or not page.items or page.from_cache != expect_cached:
        raise SystemExit(f"unexpected page (from cache: {page and page.from_cache})")
    return elapsed


async def new_client_seconds(base_url: str, cache: ResponseCache | None, top: int, full: bool,
                             *, expect_cached: bool) -> float:
    async with ItwinClient(base_url, DEMO_TOKEN, cache=cache) as client:
        return await time_first_page(client, top, full, expect_cached=expect_cached)


def report(label: str, network: list[float], cached: list[float]) -> None:
    net_ms = statistics.median(network) * 1000
    cache_ms = statistics.median(cached) * 1000
    print(label)
    print(f"  fake server over loopback: median {net_ms:8.2f} ms "
          f"(min {min(network) * 1000:.2f}, max {max(network) * 1000:.2f})")
    print(f"  disk cache (SQLite):       median {cache_ms:8.2f} ms "
          f"(min {min(cached) * 1000:.2f}, max {max(cached) * 1000:.2f})")
    print(f"  ratio server/cache: {net_ms / cache_ms:.1f}x")


async def run(repeat: int, top: int, full: bool) -> None:
    with serve(FakeApi(FakeData())) as server, tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        # Warm up both paths (imports, server threads) and fill the cache.
        await new_client_seconds(server.base_url, None, top, full, expect_cached=False)
        await new_client_seconds(server.base_url, ResponseCache(directory), top, full,
                                 expect_cached=False)
        cold_net, cold_cache = [], []
        for _ in range(repeat):  # a new app run: new connection, new cache handle
            cold_net.append(await new_client_seconds(server.base_url, None, top, full,
                                                     expect_cached=False))
            cold_cache.append(await new_client_seconds(
                server.base_url, ResponseCache(directory), top, full, expect_cached=True))
        async with (ItwinClient(server.base_url, DEMO_TOKEN) as plain,
                    ItwinClient(server.base_url, DEMO_TOKEN,
                                cache=ResponseCache(directory)) as cached):
            await time_first_page(plain, top, full, expect_cached=False)
            await time_first_page(cached, top, full, expect_cached=True)
            warm_net = [await time_first_page(plain, top, full, expect_cached=False)
                        for _ in range(repeat)]
            warm_cache = [await time_first_page(cached, top, full, expect_cached=True)
                          for _ in range(repeat)]
        served = len(server.api.requests)
    what = f"first page of {top} components ({'full' if full else 'minimal'}), {repeat} runs"
    report(f"{what}, a new client each run (app start):", cold_net, cold_cache)
    report(f"{what}, one client reused (kept-alive connection, open database):",
           warm_net, warm_cache)
    print(f"requests the server saw: {served} (expected {2 * repeat + 3}: "
          "none for the cached runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--minimal", action="store_true", help="Prefer: return=minimal")
    args = parser.parse_args()
    asyncio.run(run(max(1, args.repeat), args.top, not args.minimal))


if __name__ == "__main__":
    main()
