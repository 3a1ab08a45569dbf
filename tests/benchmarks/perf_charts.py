"""Analytics charts (child process): summarising a two-year, million-row analytics CSV.

``generate`` writes the file once (the fake's columns and vocabulary, ~1,370 rows a day for
two years); ``measure`` times :func:`~tui.core.analytics_summary.summarise` on it (the pass
the first charts wait for), the second pass that adds the other groupings, the peak memory
growth, and the worst stall of a Textual app's event loop while its charts screen
summarises the file in a thread worker. Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import csv
import gc
import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from perf_common import child_main, proc_status, reset_peak_rss

FIRST_DAY = date(2024, 11, 2)
DAYS = 730
ROWS_PER_DAY = 1370  # ~1 million rows in two years: a large organisation
ACTIONS = ("View", "View", "View", "Download", "Download", "Insert", "Place", "Favorite")


def generate(path: Path, days: int = DAYS, per_day: int = ROWS_PER_DAY) -> int:
    """Write the CSV; returns its data rows. Deterministic (seeded)."""
    from tui.fake import FakeData
    from tui.fake.vocab import APPLICATIONS

    org = FakeData(n_components=5000).org
    rng = random.Random(18)
    users = [f"{rng.getrandbits(128):032x}" for _ in range(2000)]
    apps = [a.displayName for a in APPLICATIONS]
    popular = list(range(org.size))
    weights = [1 / (1 + i) ** 0.8 for i in popular]  # a few components are used most
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["Date", "ComponentId", "ComponentName", "UserId", "Action",
                         "Application", "Count"])
        for n in range(days):
            day = (FIRST_DAY + timedelta(days=n)).isoformat()
            picks = rng.choices(popular, weights, k=per_day)
            writer.writerows([day, org.ids[i], org.names[i], rng.choice(users),
                              rng.choice(ACTIONS), rng.choice(apps), rng.randint(1, 40)]
                             for i in picks)
            rows += per_day
    return rows


def measure_summary(path: Path, runs: int) -> dict[str, Any]:
    from tui.core.analytics_summary import summarise, tally_columns

    first: list[float] = []
    cpu: list[float] = []
    growth = 0.0
    exact = True
    summary = None
    for _ in range(runs):
        gc.collect()
        exact = reset_peak_rss() and exact
        rss = proc_status("VmRSS")
        start, start_cpu = time.perf_counter(), time.process_time()
        summary = summarise(path)
        first.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        growth = max(growth, proc_status("VmHWM") - rss)
        del summary
    summary = summarise(path)
    start = time.perf_counter()
    rest = tally_columns(path, summary.layout, summary.pending)
    second = time.perf_counter() - start
    return {"seconds": first, "cpu_seconds": cpu, "peak_growth_mb": growth,
            "peak_exact": exact, "rows": summary.rows, "second_pass_seconds": second,
            "second_pass_columns": len(rest)}


async def measure_stall(path: Path) -> dict[str, float]:
    """The charts screen summarising ``path`` in its worker; meanwhile, how late a 10 ms
    tick of the app's event loop ever comes: idle, during the first pass, and from the
    first charts' painting to the end of the second pass."""
    from textual.app import App

    from tui.dialogs.charts import ChartsScreen

    class Host(App[None]):
        pass

    async def ticks(until: Callable[[], bool]) -> float:
        """The latest a 10 ms tick came, in ms, until ``until()``."""
        worst, start = 0.0, time.perf_counter()
        while not until():
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            worst = max(worst, time.perf_counter() - before - 0.01)
            if time.perf_counter() - start > 120:
                raise RuntimeError("the charts did not finish in 2 minutes")
        return worst * 1000

    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        began = time.perf_counter()
        idle = await ticks(lambda: time.perf_counter() - began > 2)
        screen = ChartsScreen(path)
        await app.push_screen(screen)
        start = time.perf_counter()
        first = await ticks(lambda: screen.summary is not None)
        first_seconds = time.perf_counter() - start
        rest = await ticks(lambda: screen.summary is not None and not screen.summary.pending)
        seconds = time.perf_counter() - start
        await pilot.pause()
    return {"stall_ms": first, "idle_stall_ms": idle, "after_stall_ms": rest,
            "first_seconds": first_seconds, "charts_seconds": seconds}


def run(args: dict[str, Any]) -> dict[str, Any]:
    path = Path(args["path"])
    if args["mode"] == "generate":
        return {"rows": generate(path), "bytes": path.stat().st_size}
    if args["mode"] == "summary":
        return measure_summary(path, args["runs"])
    return asyncio.run(measure_stall(path))


if __name__ == "__main__":
    child_main(run)
