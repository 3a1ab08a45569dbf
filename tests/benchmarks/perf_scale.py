"""Scale target (child process): the real app's catalog paged to N components, then cursor
moves timed frame by frame, page appends timed, and the process's resident memory.

What is measured (the app runs under ``run_test()``; the fake API in another process, so the
memory figure is the app's alone):

- loading: the catalog's own paging (``$top=1000``), the End key pressed until every row is
  in; each page's cost is ``VirtualTable.append_rows`` plus the garbage-collector work the
  screen does right after it for big listings;
- cursor moves: Down keys sent the way the terminal driver sends them, held (30/s, the detail
  pane follows at most every 120 ms) and single (4/s, each one also redraws the detail pane),
  starting mid-list so nearly every move scrolls the table. A move's repaint is the key's
  cursor handler plus the first frame rendered after it (layout, compositor, and the escape
  sequences a real terminal driver would write — the headless driver skips only that step, so
  it is done here too);
- memory: VmRSS after ``gc.collect()``.

Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from collections.abc import Callable
from typing import Any

from perf_common import TOKEN, child_main, median, percentile, proc_status

SIZE = (160, 50)


class FrameTimer:
    """Times every screen update (layout + compositor render + the terminal escape-sequence
    string a real driver would write; the headless driver skips only that last step, so it is
    done here too)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.frames: list[tuple[float, float]] = []  # (start, seconds)
        self._depth = 0

    def install(self, screen: Any) -> None:
        for name in ("_refresh_layout", "_compositor_refresh"):
            setattr(screen, name, self._timed(getattr(screen, name)))
        display = self.app._display

        def _display(target: Any, renderable: Any) -> None:
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(self.app.console)
            display(target, renderable)

        self.app._display = _display

    def _timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._depth += 1
            start = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.frames.append((start, time.perf_counter() - start))
        return timed


class LoopMeter:
    """Records how long each event-loop callback runs: the app's whole busy time (key
    dispatch, handlers, layout, rendering), not just the parts we thought of."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []
        self._original = asyncio.events.Handle._run
        original = self._original
        spans = self.spans

        def _run(handle: asyncio.events.Handle) -> None:
            start = time.perf_counter()
            try:
                original(handle)
            finally:
                spans.append((start, time.perf_counter() - start))

        asyncio.events.Handle._run = _run  # type: ignore[method-assign]

    def uninstall(self) -> None:
        asyncio.events.Handle._run = self._original  # type: ignore[method-assign]

    def busy(self, start: float, end: float) -> float:
        return sum(d for t, d in self.spans if start <= t < end)


async def key_series(app: Any, key: str, count: int, interval: float) -> list[float]:
    """Send ``key`` ``count`` times, one every ``interval`` s, the way the terminal driver
    does (a held key repeats at ~30/s); returns when each was sent."""
    from textual import events

    sent: list[float] = []
    begin = time.perf_counter()
    for i in range(count):
        await asyncio.sleep(max(0.0, begin + i * interval - time.perf_counter()))
        sent.append(time.perf_counter())
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)
    await asyncio.sleep(interval)
    return sent


def cursor_repaints(sent: list[float], moved: list[tuple[float, float]],
                    frames: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Per key, in ms: the repaint cost (the cursor-move handler plus the first frame rendered
    after it, i.e. the frame that shows the moved cursor) and the latency (key sent → that
    frame finished; includes waiting for Textual's 60 fps frame slot)."""
    repaint: list[float] = []
    latency: list[float] = []
    for i, t in enumerate(sent):
        limit = sent[i + 1] if i + 1 < len(sent) else float("inf")
        move = next((m for m in moved if t <= m[0] < limit), None)
        if move is None:
            continue  # not handled before the next key: counted with that one
        frame = next(((s, d) for s, d in frames if s >= move[0]), None)
        if frame is not None:
            repaint.append((move[1] + frame[1]) * 1000)
            latency.append((frame[0] + frame[1] - t) * 1000)
    return repaint, latency


async def _until(pilot: Any, done: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await pilot.pause(0.005)


async def scale(args: dict[str, Any]) -> dict[str, Any]:
    from tui.app import ItwinApp
    from tui.config import Settings
    from tui.core.client import ItwinClient

    base_url, total, top = args["base_url"], args["components"], args["top"]
    moves = args.get("moves", 300)
    settings = Settings.from_env(base_url=base_url, token=TOKEN, no_cache=True)
    client = ItwinClient(base_url, TOKEN, page_size=top)
    app = ItwinApp(settings, client=client)
    out: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        table = screen.query_one("#table")
        await _until(pilot, lambda: table.row_count > 0, 60, "the first page")
        await pilot.pause(0.2)
        gc.collect()
        out["rss_first_page_mb"] = proc_status("VmRSS")

        # A page's cost: extending the table, plus the garbage-collector work the screen
        # does for big listings right after (tui.screens.browser.keep_out_of_gc).
        appends: list[float] = []
        append_rows = table.append_rows

        def timed_append(items: Any) -> None:
            start = time.perf_counter()
            append_rows(items)
            appends.append(time.perf_counter() - start)

        table.append_rows = timed_append
        browser = sys.modules["tui.screens.browser"]
        keep = getattr(browser, "keep_out_of_gc", None)
        if keep is not None:
            def timed_keep() -> None:
                start = time.perf_counter()
                keep()
                if appends:
                    appends[-1] += time.perf_counter() - start

            browser.keep_out_of_gc = timed_keep
        load_start = time.perf_counter()
        while table.row_count < total:
            loaded = table.row_count
            await pilot.press("end")
            await _until(pilot, lambda n=loaded: table.row_count > n, 60,
                         f"the page after row {loaded}")
        out["load_seconds"] = time.perf_counter() - load_start
        out["rows"] = table.row_count
        out["append_ms"] = [a * 1000 for a in appends]
        await pilot.pause(0.3)
        gc.collect()
        out["rss_mb"] = proc_status("VmRSS")

        # Cursor moves in the middle of the list: every one after the first screenful scrolls.
        table.move_cursor(total // 2)
        await pilot.pause(0.5)
        timer = FrameTimer(app)
        timer.install(screen)
        moved: list[tuple[float, float]] = []  # (end, seconds) of each cursor move handler
        move_cursor = table.move_cursor

        def noted_move(index: int) -> None:
            start = time.perf_counter()
            move_cursor(index)
            end = time.perf_counter()
            moved.append((end, end - start))

        table.move_cursor = noted_move
        meter = LoopMeter()
        all_frames: list[float] = []
        for name, count, rate in (("held", moves, 30.0), ("single", max(20, moves // 5), 4.0)):
            first_frame = len(timer.frames)
            sent = await key_series(app, "down", count, 1 / rate)
            frames = timer.frames[first_frame:]
            repaint, latency = cursor_repaints(sent, moved, frames)
            out[f"{name}_repaint_ms"] = repaint
            out[f"{name}_p95_ms"] = percentile(repaint, 95)
            out[f"{name}_max_ms"] = max(repaint)
            out[f"{name}_latency_p95_ms"] = percentile(latency, 95)
            ends = [*sent[1:], sent[-1] + 1 / rate]
            out[f"{name}_busy_median_ms"] = median(
                [meter.busy(a, b) * 1000 for a, b in zip(sent, ends, strict=True)])
            all_frames += [d * 1000 for _, d in frames]
            await pilot.pause(0.5)
        meter.uninstall()
        out["frame_p95_ms"] = percentile(all_frames, 95)
        out["frame_max_ms"] = max(all_frames)
        out["frames"] = len(all_frames)
        out["cursor_row"] = table.cursor_row
    return out


def run(args: dict[str, Any]) -> dict[str, Any]:
    return asyncio.run(scale(args))


if __name__ == "__main__":
    child_main(run)
