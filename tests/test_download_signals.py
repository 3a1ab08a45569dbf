"""A download stopped by a signal leaves no hidden ``.part`` file: real processes, real signals.

SIGTERM and SIGHUP stop the ``itwin-tui analytics`` command and the terminal app (its analytics
dialog) cleanly, exit 128 + the signal's number, and remove the temp file; what a SIGKILL
leaves is removed by a later download into the same directory.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest
from download_helpers import listing, part_written

from tui.core.temp_files import LEFTOVER_IDLE, STALE_AFTER
from tui.fake import DEMO_TOKEN

JAN = ("--start", "2026-01-01", "--end", "2026-01-31")


def _env(server) -> dict[str, str]:
    return {**os.environ, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN, "ITWIN_API_URL": server.base_url,
            "PYTHONUNBUFFERED": "1"}


def _until_writing(directory: Path, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 30
    while not (directory.exists() and part_written(directory)):
        assert proc.poll() is None, f"{what} ended early with {proc.returncode}"
        assert time.monotonic() < deadline, f"{what} never started writing"
        time.sleep(0.02)


def _analytics_cli(server, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tui", "analytics", *JAN, "-o", f"{out}/"],
                            env=_env(server), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_analytics_command_removes_its_part_file(
        server, tmp_path: Path, stalling_download: threading.Event, signum: int) -> None:
    proc = _analytics_cli(server, tmp_path)
    _until_writing(tmp_path, proc, "the download")
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum, err
    assert listing(tmp_path) == []
    assert signal.Signals(signum).name in err and "nothing was saved" in err
    assert "Traceback" not in out + err


class Terminal:
    """The terminal app in a pseudo-terminal (its own session), its screen output drained."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        os.set_blocking(self.master, False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *args], stdin=slave, stdout=slave, stderr=slave,
            env={**env, "TERM": "xterm-256color", "COLUMNS": "110", "LINES": "40"},
            start_new_session=True)
        os.close(slave)
        self.screen = b""

    def drain(self, timeout: float = 0.05) -> None:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if ready:
            with suppress(OSError):  # the app closed the terminal
                self.screen += os.read(self.master, 1 << 16)

    def wait_for(self, text: bytes, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            assert self.proc.poll() is None, f"the app ended early:\n{self.screen[-2000:]!r}"
            assert time.monotonic() < deadline, f"{text!r} never shown"
            self.drain()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)
        os.close(self.master)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_the_analytics_dialog_removes_its_part_file(
        server, tmp_path: Path, stalling_download: threading.Event, signum: int) -> None:
    app = Terminal(["--no-cache", "--download-dir", str(tmp_path), "analytics"], _env(server))
    try:
        app.wait_for(b"Components analytics")
        os.write(app.master, b"\r")  # the dialog opens on a valid range: enter downloads
        deadline = time.monotonic() + 30
        while not part_written(tmp_path):
            assert time.monotonic() < deadline, "the dialog never started writing"
            app.drain()
        app.proc.send_signal(signum)
        deadline = time.monotonic() + 30
        while app.proc.poll() is None:
            assert time.monotonic() < deadline, "the app did not exit on the signal"
            app.drain()
        assert app.proc.returncode == 128 + signum
        assert listing(tmp_path) == []
        assert b"Traceback" not in app.screen
    finally:
        app.close()


def test_a_later_download_removes_what_a_killed_one_left(
        server, tmp_path: Path, stalling_download: threading.Event) -> None:
    proc = _analytics_cli(server, tmp_path)
    _until_writing(tmp_path, proc, "the download")
    proc.kill()
    proc.communicate(timeout=30)
    [left] = listing(tmp_path)
    assert left.startswith(".itwin-tui-") and left.endswith(".part")
    # Its writer is gone; once it has been idle a while, it is a leftover.
    idle = time.time() - LEFTOVER_IDLE - 5
    os.utime(tmp_path / left, (idle, idle))
    # Others stay: a recent one of a live process (this one), files not ours, and an old-style
    # name (no pid) until it is stale.
    live = tmp_path / f".itwin-tui-{os.getpid()}-0a1b2c3d4e5f.part"
    others = [live, tmp_path / ".other.part", tmp_path / "notes.csv",
              tmp_path / ".itwin-tui-0123456789ab.part"]
    for path in others:
        path.write_bytes(b"x")
    os.utime(live, (idle, idle))
    stale = tmp_path / ".itwin-tui-ba9876543210.part"
    stale.write_bytes(b"x")
    old = time.time() - STALE_AFTER - 5
    os.utime(stale, (old, old))

    stalling_download.set()  # the next download completes
    done = _analytics_cli(server, tmp_path)
    _, err = done.communicate(timeout=60)
    assert done.returncode == 0, err
    assert listing(tmp_path) == sorted(["t.csv", *(p.name for p in others)])
