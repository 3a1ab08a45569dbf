"""Shared plumbing for ``bench_perf.py``: the fake API in a subprocess, child processes that
report JSON, clean environments and memory readings. No textual here."""

from __future__ import annotations

import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = sys.executable
TOKEN = "demo-token"  # the fake accepts any non-empty token
ACCEPT = "application/vnd.bentley.itwin-platform.v1+json"
RESULT_PREFIX = "RESULT "


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """This environment without the developer's iTwin settings, with every XDG directory
    inside ``home`` (so no benchmark reads or changes real state, config or cache)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ITWIN_", "ITP_"))}
    for name in ("CACHE", "CONFIG", "STATE", "DATA"):
        env[f"XDG_{name}_HOME"] = str(home / name.lower())
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def with_bytecode(env: dict[str, str], home: Path) -> dict[str, str]:
    """``env`` for timing a whole process of the app as a user runs it: an installed
    package has its bytecode compiled at install time, while this checkout's environment
    sets PYTHONDONTWRITEBYTECODE (every start would compile ``tui`` from source). The first
    run writes the bytecode to a private ``PYTHONPYCACHEPREFIX``; later runs read it."""
    env = {**env, "PYTHONPYCACHEPREFIX": str(home / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class FakeServer:
    """``python -m tui.fake`` running in a subprocess."""

    process: subprocess.Popen[str]
    base_url: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextlib.contextmanager
def fake_server(env: dict[str, str], *, components: int, latency: float = 0.0,
                analytics_bytes: int | None = None) -> Iterator[FakeServer]:
    """Serve the fake API on a free loopback port in its own process (own GIL and memory)."""
    argv = [PYTHON, "-m", "tui.fake", "--port", "0", "--components", str(components)]
    if latency:
        argv += ["--latency", str(latency)]
    if analytics_bytes:
        argv += ["--analytics-bytes", str(analytics_bytes)]
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline().strip()
    if not first.startswith("http://"):
        proc.kill()
        raise RuntimeError(f"the fake API did not start: {first!r}")
    server = FakeServer(proc, first)
    try:
        yield server
    finally:
        server.stop()


def run_child(script: str, args: dict[str, Any], env: dict[str, str],
              timeout: float = 900.0) -> dict[str, Any]:
    """Run ``tests/benchmarks/<script>`` in a fresh interpreter; its ``RESULT {json}`` line."""
    proc = subprocess.run([PYTHON, str(HERE / script), json.dumps(args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            return json.loads(line[len(RESULT_PREFIX):])
    raise RuntimeError(f"{script} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def child_main(run: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Entry point of a child script: JSON arguments in ``argv[1]``, JSON result on stdout."""
    args = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    result = run(args)
    print(RESULT_PREFIX + json.dumps(result), flush=True)


def proc_status(field: str) -> float:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(field)


def reset_peak_rss() -> bool:
    """Reset VmHWM to the current RSS (Linux ``clear_refs``); False when not allowed."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        return False
    return True


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (``p`` in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


def temp_dir(prefix: str) -> Path:
    return Path(tempfile.mkdtemp(prefix=f"itwin-bench-{prefix}-"))
