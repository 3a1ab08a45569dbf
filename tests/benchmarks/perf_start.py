"""Start target: launch → first catalog rows painted (warm disk cache) vs a bare Textual
"hello" app's first paint, both real processes on a pseudo-terminal, runs interleaved."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

from perf_common import ACCEPT, HERE, PYTHON, ROOT, TOKEN, median
from ptyrun import time_to_paint

SIZE = (50, 160)  # rows, columns: wide enough that the first name is not cut


def first_name(base_url: str) -> str:
    """The display name of the catalog's first component (what the app paints first)."""
    request = urllib.request.Request(
        f"{base_url}/library/components?$top=1",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": ACCEPT})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["components"][0]["displayName"]


def measure_start(base_url: str, env: dict[str, str], home: Path, runs: int) -> dict[str, Any]:
    """Median seconds to first paint of the app (served from a warm cache) and of hello.

    Both children get the same environment: bytecode is written to a private
    ``PYTHONPYCACHEPREFIX`` by the warm-up runs (an installed package has its bytecode
    compiled at install time; this checkout's environment sets PYTHONDONTWRITEBYTECODE).
    """
    env = {**env, "PYTHONPYCACHEPREFIX": str(home / "pycache"), "ITWIN_ACCESS_TOKEN": TOKEN}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    needle = first_name(base_url)[:16].strip()
    app = [PYTHON, "-m", "tui", "--base-url", base_url, "--cache-dir", str(home / "http-cache")]
    hello = [PYTHON, str(HERE / "hello_app.py")]

    def run_app() -> float:
        return time_to_paint(app, needle, env=env, cwd=ROOT, size=SIZE, quit_keys=b"q")

    def run_hello() -> float:
        return time_to_paint(hello, "hello", env=env, cwd=ROOT, size=SIZE, quit_keys=b"q")

    for _ in range(2):  # warm-up: fills the disk cache, writes bytecode, warms the OS caches
        run_app()
        run_hello()
    app_times: list[float] = []
    hello_times: list[float] = []
    for i in range(runs):
        pair = (run_app, run_hello) if i % 2 == 0 else (run_hello, run_app)
        for run in pair:
            (app_times if run is run_app else hello_times).append(run())
    return {"app": median(app_times), "hello": median(hello_times),
            "app_best": min(app_times), "hello_best": min(hello_times),
            "app_all": app_times, "hello_all": hello_times, "needle": needle}
