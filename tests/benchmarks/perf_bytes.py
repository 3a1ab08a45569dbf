"""Bytes target (child process): what the real app writes to its terminal per key, against
Textual's own ``DataTable`` showing the same rows (issue 19).

Both programs run as real processes on a pseudo-terminal (``ptyrun.PtySession``), 256
colours (``TERM=xterm-256color``, no ``COLORTERM``: what a plain ``ssh`` passes on). After
each key the output is read until the program has been quiet for ``QUIET`` seconds, so a
move's bytes include the detail pane's delayed repaint (``DETAIL_REST``). Each figure is the
median over several keys.

- the app (``itwin-tui --demo``, catalog): cursor moves (``j``) with the detail pane shown,
  the same with it hidden (``d``), page downs (pane hidden: the same table area as the
  baseline; and shown, for information), then an idle spell with no key at all; then
  watching export runs (``3``, ``w``): each burst of output for ``watch`` seconds after the
  first check, one countdown tick each (``next in 80 s`` → ``79 s``);
- the baseline (``datatable_app.py``): the catalog's first rows as the app's table shows
  them (labels, widths and cell texts from the app's own columns), down arrows and page
  downs.

Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from perf_common import HERE, PYTHON, ROOT, child_main, median, temp_dir
from perf_start import launcher
from ptyrun import PtySession, visible

#: Quiet this long after a key means the program has written all it will for it (well
#: above the detail pane's DETAIL_REST of 0.12 s and a 60 fps frame).
QUIET = 0.45
#: The first screen is up when the program has been quiet this long.
START_QUIET = 1.5
#: Rows for the baseline: enough for every page down at 50 lines.
ROWS = 1000
DOWN, PAGE_DOWN = b"\x1b[B", b"\x1b[6~"
#: Output this close together is one burst (one frame or a few): a countdown tick is one.
BURST_GAP = 0.2
#: Seconds between checks while watching: longer than the spell measured.
WATCH_INTERVAL = 90


async def demo_rows(count: int) -> list[Any]:
    """The demo catalog's first rows (full representation), as the app lists them."""
    from tui.config import DEMO_BASE_URL
    from tui.core.auth import StaticToken
    from tui.core.client import ItwinClient
    from tui.fake import DEMO_TOKEN, FakeApi, FakeTransport

    async with ItwinClient(DEMO_BASE_URL, StaticToken(DEMO_TOKEN, "demo mode"),
                           transport=FakeTransport(FakeApi())) as client:
        return await client.components(full=True).all_items(limit=count)


def table_text(rows: list[Any], width: int) -> dict[str, Any]:
    """Labels, widths and cell texts of the catalog table ``width`` cells wide, laid out as
    ``VirtualTable`` does (one leading space, one between columns, a 1-cell scrollbar).

    ``DataTable`` pads each cell with a space on either side (one more per column than the
    app's table): the first (flex) column gives those cells back, so the rows fill the same
    width without a horizontal scrollbar."""
    from rich.cells import cell_len

    from tui.screens.column_choice import default_columns
    from tui.screens.columns import component_columns
    from tui.widgets.text import clean
    from tui.widgets.virtual_table import SAMPLE_ROWS, fit, layout_widths

    columns = default_columns(component_columns())  # the columns shown by default
    natural = [max(c.min_width, min(c.max_width, cell_len(c.label))) for c in columns]
    for row in rows[:SAMPLE_ROWS]:
        for i, column in enumerate(columns):
            natural[i] = max(natural[i], min(column.max_width, cell_len(clean(column.get(row)))))
    content = width - 1  # the vertical scrollbar
    widths = layout_widths(natural, columns, content - len(columns))
    widths[0] -= len(columns)
    return {"columns": [[c.label, w] for c, w in zip(columns, widths, strict=True)],
            "rows": [[fit(clean(c.get(r)), w) for c, w in zip(columns, widths, strict=True)]
                     for r in rows]}


def keys(session: PtySession, key: bytes, count: int) -> list[int]:
    """Bytes written in answer to each of ``count`` presses of ``key``."""
    return [len(session.key(key, QUIET)) for _ in range(count)]


def bursts(session: PtySession, seconds: float) -> list[bytes]:
    """What the program writes in ``seconds`` seconds, as bursts ``BURST_GAP`` apart."""
    out: list[bytes] = []
    until = time.monotonic() + seconds
    while (left := until - time.monotonic()) > 0:
        burst = session.read_until_quiet(BURST_GAP, timeout=left)
        if burst:
            out.append(burst)
    return out


def watching(session: PtySession, seconds: float) -> dict[str, Any]:
    """Watch the demo's export runs (connections screen, ``w``) for ``seconds`` seconds
    after the first check: the bytes of each countdown tick (a burst that shows ``next in``;
    the app runs with a check interval longer than that, so no check or notice comes)."""
    session.key(b"3", START_QUIET)
    session.send(b"w")
    first = session.read_for(START_QUIET)  # the first check; then a tick a second
    seen = bursts(session, seconds)
    ticks = [b for b in seen if b"next in" in visible(b)]
    if not ticks or b"next in" not in visible(first):
        raise RuntimeError(f"no countdown in {seconds} s of watching: "
                           f"{[visible(b)[-200:] for b in [first, *seen]]!r}")
    return {"tick": [len(b) for b in ticks], "burst": [len(b) for b in seen]}


def started(session: PtySession, needle: str) -> int:
    """Bytes of the first screen; fails when ``needle`` (the first row's name) is not in it."""
    out = session.read_until_quiet(START_QUIET)
    if needle.encode() not in visible(out):
        raise RuntimeError(f"{' '.join(session.argv)} did not paint {needle!r}: "
                           f"{visible(out)[-500:]!r}")
    return len(out)


def measure_app(env: dict[str, str], size: tuple[int, int], needle: str,
                args: dict[str, Any]) -> dict[str, Any]:
    moves, pages = args["moves"], args["pages"]
    env = env | {"ITWIN_TUI_WATCH_INTERVAL": str(WATCH_INTERVAL)}
    with PtySession([*launcher(), "--demo"], env=env, cwd=ROOT, size=size,
                    quit_keys=b"q") as app:
        out: dict[str, Any] = {"start": started(app, needle)}
        out["move_shown"] = keys(app, b"j", moves)
        out["idle"] = len(app.read_for(args["idle"]))
        app.key(b"d", QUIET)
        out["move_hidden"] = keys(app, b"j", moves)
        out["page_hidden"] = keys(app, PAGE_DOWN, pages)
        app.key(b"d", QUIET)
        out["page_shown"] = keys(app, PAGE_DOWN, pages)
        out["watch"] = watching(app, args["watch"])
    return out


def measure_datatable(env: dict[str, str], size: tuple[int, int], needle: str, path: Path,
                      args: dict[str, Any]) -> dict[str, Any]:
    with PtySession([PYTHON, str(HERE / "datatable_app.py"), str(path)], env=env, cwd=ROOT,
                    size=size, quit_keys=b"q") as table:
        out: dict[str, Any] = {"start": started(table, needle)}
        out["move"] = keys(table, DOWN, args["moves"])
        out["page"] = keys(table, PAGE_DOWN, args["pages"])
        out["idle"] = len(table.read_for(args["idle"]))
    return out


def with_medians(figures: dict[str, Any]) -> dict[str, Any]:
    """``figures`` and, for each list of per-key counts, its median as ``<name>_median``."""
    return figures | {f"{k}_median": median(v) for k, v in figures.items()
                      if isinstance(v, list)}


def run(args: dict[str, Any]) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR") and not k.startswith("TEXTUAL")}
    rows = asyncio.run(demo_rows(ROWS))
    directory = temp_dir("bytes")
    results: dict[str, Any] = {}
    try:
        for lines, cols in args["sizes"]:
            path = directory / f"rows-{cols}.json"
            text = table_text(rows, cols)
            path.write_text(json.dumps(text), encoding="utf-8")
            needle = text["rows"][0][0].strip()[:16]
            app = measure_app(env, (lines, cols), needle, args)
            stock = measure_datatable(env, (lines, cols), needle, path, args)
            results[f"{cols}x{lines}"] = {"app": with_medians(app),
                                          "datatable": with_medians(stock)}
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return results


if __name__ == "__main__":
    child_main(run)
