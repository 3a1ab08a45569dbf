"""Print mode throughput and memory (child process).

``{"base_url", "limit", "runs"}``: ``itwin-tui catalog --format jsonl --limit N > file``, as
a user runs it (its own process, its bytecode compiled as when installed, a cold disk cache
each time, and once more with ``--no-cache``), against a bare httpx + orjson loop in its own
process that pages the same way (``$top`` 1000, ``_links.next``) and writes the same lines,
runs in a rotating order. The files must be byte-identical. Memory: the peak RSS of the full
run minus that of a ``--limit 1`` run (start-up and imports; it also writes the bytecode),
from ``wait4``. The bare loop is ``bare_print.py``.

Run by ``bench_perf.py``; prints ``RESULT {json}``.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from perf_common import HERE, PYTHON, ROOT, TOKEN, child_main, median, temp_dir, with_bytecode


def timed(argv: list[str], path: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run ``argv`` with stdout into ``path``: wall seconds, peak RSS in MB, CPU seconds."""
    with open(path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.PIPE, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        assert proc.stderr is not None
        raise SystemExit(f"{argv[2:]} failed: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def compare(args: dict[str, Any]) -> dict[str, Any]:
    base_url, limit, runs = args["base_url"], args["limit"], args["runs"]
    top = min(limit, 1000)
    work = temp_dir("print")
    env = {**with_bytecode(dict(os.environ), work), "ITWIN_ACCESS_TOKEN": TOKEN}
    ours = [PYTHON, "-m", "tui", "--base-url", base_url, "catalog", "--format", "jsonl",
            "--limit", str(limit)]
    commands = {
        "bare": [PYTHON, str(HERE / "bare_print.py"), f"{base_url}/library/components?$top={top}",
                 str(limit)],
        "ours": ours,
        "ours_no_cache": [*ours[:5], "--no-cache", *ours[5:]],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    rss: list[float] = []
    names = list(commands)
    try:
        # first, while this process is small: a child's peak RSS counts what it was forked from
        _, small, _ = timed([*ours[:-1], "1"], work / "one.jsonl", env)
        for i in range(runs):  # a rotating order: no variant always runs right after another
            for name in names[i % 3:] + names[:i % 3]:
                env["XDG_CACHE_HOME"] = str(temp_dir("print-cache"))  # cold every time
                seconds, peak, used = timed(commands[name], work / f"{name}.jsonl", env)
                shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
                times[name].append(seconds)
                cpu[name].append(used)
                if name == "ours":
                    rss.append(peak)
            if i == 0 and not all(filecmp.cmp(work / "bare.jsonl", work / f"{n}.jsonl",
                                              shallow=False) for n in names[1:]):
                raise SystemExit("itwin-tui and the bare loop wrote different lines")
        with open(work / "ours.jsonl", "rb") as written:
            lines = sum(block.count(b"\n") for block in iter(lambda: written.read(1 << 20), b""))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {**{name: median(values) for name, values in times.items()}, "all": times,
            "lines": lines, "rss_mb": max(rss), "rss_one_row_mb": small,
            "cpu": {name: median(values) for name, values in cpu.items()}}


if __name__ == "__main__":
    child_main(compare)
