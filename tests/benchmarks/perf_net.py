"""Paging throughput and the analytics download (child process).

``{"mode": "paging", ...}``: every component through ``_links.next`` with ``ItwinClient``
(models parsed; no disk cache, and with a cold disk cache that stores every page) against a
bare ``httpx.AsyncClient`` loop making the same requests, runs interleaved.

``{"mode": "download", ...}``: one analytics CSV saved with ``download_analytics`` (the
``save_download`` path of the dialog and the CLI): seconds, bytes, and the peak RSS growth;
and the same body streamed by a bare httpx loop into a file (the target's floor), the two in
the order ``bare_first`` says (so neither always runs on a warmer machine).

Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from datetime import date
from pathlib import Path
from typing import Any

from perf_common import (
    ACCEPT,
    TOKEN,
    child_main,
    median,
    proc_status,
    reset_peak_rss,
    temp_dir,
)

PREFER_FULL = "return=representation"


async def bare_httpx(first_url: str) -> int:
    """The floor: GET, decode, follow ``_links.next.href``; nothing else."""
    import httpx

    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": ACCEPT, "Prefer": PREFER_FULL}
    count = 0
    async with httpx.AsyncClient(headers=headers, timeout=60) as http:
        url: str | None = first_url
        while url:
            response = await http.get(url)
            response.raise_for_status()
            data = response.json()
            count += len(data["components"])
            url = ((data.get("_links") or {}).get("next") or {}).get("href")
    return count


async def ours(base_url: str, top: int, cache_dir: Path | None) -> int:
    from tui.core.cache import ResponseCache
    from tui.core.client import ItwinClient

    cache = ResponseCache(cache_dir) if cache_dir is not None else None
    count = 0
    async with ItwinClient(base_url, TOKEN, page_size=top, cache=cache) as client:
        async for page in client.components(full=True).pages():
            count += len(page.items)
    return count


def paging(args: dict[str, Any]) -> dict[str, Any]:
    base_url, top, runs, expected = args["base_url"], args["top"], args["runs"], args["components"]
    first_url = f"{base_url}/library/components?$top={top}"
    times: dict[str, list[float]] = {"bare": [], "ours": [], "ours_cached": []}
    names = list(times)
    for i in range(runs):  # a rotating order: no variant always runs right after another
        for name in names[i % 3:] + names[:i % 3]:
            cache_dir = temp_dir("paging-cache") if name == "ours_cached" else None
            start = time.perf_counter()
            if name == "bare":
                count = asyncio.run(bare_httpx(first_url))
            else:
                count = asyncio.run(ours(base_url, top, cache_dir))
            times[name].append(time.perf_counter() - start)
            if cache_dir is not None:
                shutil.rmtree(cache_dir, ignore_errors=True)
            if count != expected:
                raise SystemExit(f"{name} fetched {count} components, expected {expected}")
    return {name: median(values) for name, values in times.items()} | {"all": times}


async def save_once(base_url: str, start: date, end: date, directory: Path
                    ) -> dict[str, Any]:
    from tui.core.analytics import download_analytics
    from tui.core.client import ItwinClient
    from tui.core.files import Destination

    async with ItwinClient(base_url, TOKEN) as client:
        await client.components(top=1).next_page()  # connection open, imports done
        rss = proc_status("VmRSS")
        exact = reset_peak_rss()
        peak_before = proc_status("VmHWM")
        began = time.perf_counter()
        saved = await download_analytics(client, start, end, Destination(directory))
        seconds = time.perf_counter() - began
        peak = proc_status("VmHWM")
    # Without clear_refs the high-water mark may predate the download: then only a rise
    # above the earlier peak is visible, which can only under-state, so say so.
    growth = peak - rss if exact or peak > peak_before else 0.0
    return {"seconds": seconds, "bytes": saved.size, "peak_growth_mb": growth,
            "peak_exact": exact, "path": str(saved.path)}


async def bare_stream(url: str, path: Path) -> float:
    """The library's floor: httpx streaming the same body straight into a file."""
    import os

    import httpx

    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": ACCEPT}
    async with httpx.AsyncClient(headers=headers, timeout=60) as http:
        began = time.perf_counter()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            async with http.stream("GET", url) as response:
                response.raise_for_status()
                async for chunk in response.aiter_raw():
                    os.write(fd, chunk)
        finally:
            os.close(fd)
        return time.perf_counter() - began


def download(args: dict[str, Any]) -> dict[str, Any]:
    directory = Path(args["directory"])

    def bare() -> float:
        path = directory / "bare-httpx.csv"
        seconds = asyncio.run(bare_stream(args["url"], path))
        path.unlink()
        return seconds

    bare_seconds = bare() if args.get("bare_first") else None
    result = asyncio.run(save_once(args["base_url"], date.fromisoformat(args["start"]),
                                   date.fromisoformat(args["end"]), directory))
    Path(result.pop("path")).unlink()
    result["bare_seconds"] = bare() if bare_seconds is None else bare_seconds
    return result


def run(args: dict[str, Any]) -> dict[str, Any]:
    return paging(args) if args["mode"] == "paging" else download(args)


if __name__ == "__main__":
    child_main(run)
