"""Search while typing (child process): the real app against a fake API with 0.2 s latency,
driven with Pilot. Counts the listing requests started, completed and cancelled, checks that
the rows shown are the last term's, and records the worst event-loop stall while typing.

Two ways of typing: steadily (faster than the 0.3 s search pause: one request, for the last
term) and with a pause mid-word then enter (the pause starts a request that the final term
must cancel). Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from perf_common import TOKEN, child_main

SIZE = (160, 50)
KEY_INTERVAL = 0.04  # a fast typist: 25 keys per second


def send_key(app: Any, key: str) -> None:
    """Deliver a key the way the terminal driver does (no waiting, unlike ``pilot.press``)."""
    from textual import events

    event = events.Key(key, key if len(key) == 1 else ("\r" if key == "enter" else None))
    event.set_sender(app)
    app._driver.send_message(event)


class StallProbe:
    """A task that sleeps 2 ms at a time; how late it wakes is how long the loop was blocked."""

    def __init__(self) -> None:
        self.lags: list[tuple[float, float]] = []  # (woke at, seconds late)
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            start = time.perf_counter()
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            self.lags.append((now, now - start - 0.002))

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def worst_ms(self, start: float, end: float) -> float:
        return max((lag for t, lag in self.lags if start <= t < end), default=0.0) * 1000


def count_requests(client: Any) -> dict[str, list[str]]:
    """Wrap the client's ``get_json`` (on this instance) to log each listing's search term.
    Other requests (the detail pane's files, web links and variations of the highlighted
    result) pass through uncounted."""
    log: dict[str, list[str]] = {"started": [], "completed": [], "cancelled": []}
    get_json = client.get_json

    async def counted(url: str, **kwargs: Any) -> Any:
        parts = urlsplit(client.url(url))
        if not parts.path.endswith("/components"):
            return await get_json(url, **kwargs)
        term = parse_qs(parts.query).get("$search", [""])[0]
        log["started"].append(term)
        try:
            result = await get_json(url, **kwargs)
        except asyncio.CancelledError:
            log["cancelled"].append(term)
            raise
        log["completed"].append(term)
        return result

    client.get_json = counted
    return log


async def search(args: dict[str, Any]) -> dict[str, Any]:
    from tui.app import ItwinApp
    from tui.config import Settings
    from tui.core.client import ItwinClient

    base_url, word = args["base_url"], args.get("word", "door")
    settings = Settings.from_env(base_url=base_url, token=TOKEN, no_cache=True)
    client = ItwinClient(base_url, TOKEN)
    app = ItwinApp(settings, client=client)
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        table = screen.query_one("#table")
        search_box = screen.search_box()
        deadline = time.perf_counter() + 30
        while not table.row_count and time.perf_counter() < deadline:
            await pilot.pause(0.02)
        scenarios = {
            "steady": [*word, "wait:1.0"],
            "pause_then_enter": [*word[:2], "wait:0.32", *word[2:], "enter", "wait:1.0"],
        }
        for name, keys in scenarios.items():
            search_box.focus()
            search_box.value = ""
            await pilot.pause(0.6)  # the emptied box's own search settles first
            log = count_requests(client)
            probe = StallProbe()
            probe.start()
            began = typed = time.perf_counter()
            for key in keys:
                if key.startswith("wait:"):
                    await asyncio.sleep(float(key[5:]))
                else:
                    send_key(app, key)
                    await asyncio.sleep(KEY_INTERVAL)
                    typed = time.perf_counter()
            probe.stop()
            client.get_json = client.__class__.get_json.__get__(client)
            rows = list(table.rows)
            hay = [" ".join([r.display_name, *r.hashtags]).lower() for r in rows]
            out[name] = {
                "started": log["started"], "completed": log["completed"],
                "cancelled": log["cancelled"],
                "typing_stall_ms": probe.worst_ms(began, typed),
                "results_stall_ms": probe.worst_ms(typed, time.perf_counter()),
                "typed_ok": search_box.value == word, "rows": len(rows),
                "rows_match": bool(rows) and all(word in h for h in hay),
            }
    return out


def run(args: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(search(args))


if __name__ == "__main__":
    child_main(run)
