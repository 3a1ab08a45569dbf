"""Bare ``itwin-tui`` opens the default screen's command, ``catalog``, and behaves exactly
like it: into a pipe or a file it prints JSON Lines, never draws the app there (nor waits
on a stdin that is not a terminal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

from tui.fake import DEMO_TOKEN

ROOT = Path(__file__).resolve().parents[1]


def _env() -> dict[str, str]:
    return {**os.environ, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN}


def test_into_a_file_it_prints_the_catalog(server, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with open(target, "wb") as out:
        done = subprocess.run([sys.executable, "-m", "tui", "--base-url", server.base_url],
                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE,
                              cwd=ROOT, env=_env(), timeout=30)
    assert (done.returncode, done.stderr) == (0, b"")
    rows = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    assert len(rows) == server.api.data.org.size
    assert b"\x1b" not in target.read_bytes()


def test_into_a_pipe_that_closes_it_ends_quietly(server) -> None:
    """``itwin-tui | head -1`` with a stdin that is not a terminal."""
    proc = subprocess.Popen([sys.executable, "-m", "tui", "--base-url", server.base_url],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT, env=_env())
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=30) == 0
    assert orjson.loads(first)["id"] and proc.stderr.read() == b""


def test_the_same_options_as_catalog(server, tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tui", "--base-url", server.base_url,
                           "--no-cache"], stdin=subprocess.DEVNULL, capture_output=True,
                          cwd=ROOT, env=_env(), timeout=30)
    again = subprocess.run([sys.executable, "-m", "tui", "--base-url", server.base_url,
                            "--no-cache", "catalog"], stdin=subprocess.DEVNULL,
                           capture_output=True, cwd=ROOT, env=_env(), timeout=30)
    assert done.returncode == again.returncode == 0
    assert done.stdout == again.stdout and done.stdout
