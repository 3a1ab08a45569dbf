"""Table choice (child process): the same N catalog rows loaded and painted by Textual's stock
``DataTable`` and by our ``VirtualTable``, each in its own small app.

Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

from perf_common import TOKEN, child_main, proc_status

SIZE = (160, 50)


async def fetch(base_url: str, count: int) -> list[Any]:
    from tui.core.client import ItwinClient

    async with ItwinClient(base_url, TOKEN, page_size=1000) as client:
        return await client.components(full=True).all_items(limit=count)


async def load_and_paint(kind: str, rows: list[Any]) -> dict[str, float]:
    """Seconds to hand every row to the widget and paint the first screen; RSS growth."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from tui.screens.columns import component_columns
    from tui.widgets.virtual_table import VirtualTable

    columns = component_columns()

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            if kind == "datatable":
                yield DataTable(id="table")
            else:
                yield VirtualTable(columns, id="table")

    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one("#table")
        await pilot.pause()
        gc.collect()
        rss = proc_status("VmRSS")
        start = time.perf_counter()
        if kind == "datatable":
            # DataTable takes cell values; give it the same strings the virtual table shows.
            table.add_columns(*(c.label for c in columns))
            table.add_rows([tuple(str(c.get(r)) for c in columns) for r in rows])
        else:
            table.set_rows(rows)
        await pilot.pause()
        seconds = time.perf_counter() - start
        gc.collect()
        return {"seconds": seconds, "rss_growth_mb": proc_status("VmRSS") - rss}


def run(args: dict[str, Any]) -> dict[str, Any]:
    rows = asyncio.run(fetch(args["base_url"], args["rows"]))
    out: dict[str, Any] = {"rows": len(rows)}
    for kind in ("virtual", "datatable"):
        out[kind] = asyncio.run(load_and_paint(kind, rows))
    return out


if __name__ == "__main__":
    child_main(run)
