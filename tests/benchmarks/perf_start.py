"""Start target: launch → first catalog rows painted (warm disk cache) vs a bare Textual
"hello" app's first paint, and a bare Textual app painting the same rows (the floor), all
real processes on a pseudo-terminal, runs interleaved."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from perf_common import ACCEPT, HERE, PYTHON, ROOT, TOKEN, median, with_bytecode
from ptyrun import time_to_paint

SIZE = (50, 160)  # rows, columns: wide enough that the first name is not cut


def first_page(base_url: str, path: Path) -> str:
    """Save the catalog's first page (as the app lists it) to ``path``; return the display
    name of its first component (what the app paints first)."""
    request = urllib.request.Request(
        f"{base_url}/library/components?$top=100",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": ACCEPT,
                 "Prefer": "return=representation"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    path.write_bytes(body)
    return json.loads(body)["components"][0]["displayName"]


def launcher() -> list[str]:
    """How a user starts the app: the installed ``itwin-tui`` script next to this Python
    (``pip install -e .``); ``python -m tui`` (which also loads runpy) when not installed."""
    script = Path(PYTHON).with_name("itwin-tui")
    return [str(script)] if script.is_file() else [PYTHON, "-m", "tui"]


def measure_start(base_url: str, env: dict[str, str], home: Path, runs: int) -> dict[str, Any]:
    """Median seconds to first paint of the app (served from a warm cache) and of hello, and
    the median over rounds of each one's time over that round's hello (``<name>_ratio``).

    Both children get the same environment, their bytecode written by the warm-up runs
    (:func:`perf_common.with_bytecode`).
    """
    env = {**with_bytecode(env, home), "ITWIN_ACCESS_TOKEN": TOKEN}
    page = home / "first-page.json"
    needle = first_page(base_url, page)[:16].strip()
    commands = {
        "app": ([*launcher(), "--base-url", base_url, "--cache-dir", str(home / "http-cache")],
                needle),
        "hello": ([PYTHON, str(HERE / "hello_app.py")], "hello"),
        "rows": ([PYTHON, str(HERE / "rows_app.py"), str(page)], needle),
    }

    def run(name: str) -> float:
        argv, text = commands[name]
        return time_to_paint(argv, text, env=env, cwd=ROOT, size=SIZE, quit_keys=b"q")

    for _ in range(2):  # warm-up: fills the disk cache, writes bytecode, warms the OS caches
        for name in commands:
            run(name)
    times: dict[str, list[float]] = {name: [] for name in commands}
    order = list(commands)
    for i in range(runs):  # interleaved, in a rotating order
        for name in order[i % 3:] + order[:i % 3]:
            times[name].append(run(name))
    # Each round's app and floor against that round's hello (run next to them): machine
    # speed drifts between rounds far more than within one.
    paired = {f"{name}_ratio": median([t / h for t, h in zip(values, times["hello"],
                                                              strict=True)])
              for name, values in times.items()}
    return ({name: median(values) for name, values in times.items()} | paired
            | {f"{name}_best": min(values) for name, values in times.items()}
            | {f"{name}_all": values for name, values in times.items()} | {"needle": needle})
