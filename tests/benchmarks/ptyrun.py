"""Launch a program on a pseudo-terminal: time how long until a string is painted, or count
the bytes it writes to the terminal.

Used by ``bench_perf.py`` for the start and bytes targets. No textual here: the child is a
real process whose whole output stream is read as a terminal would read it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

#: CSI / OSC / DCS / two-byte escape sequences, so text split by styling still matches.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P_^][^\x07\x1b]*(?:\x07|\x1b\\)"
                      rb"|\x1b[@-Z\\-_]|\x1b[()][0-9A-Za-z]")


class PaintTimeout(Exception):
    """The expected text never appeared; carries the tail of the visible output."""


def visible(raw: bytes) -> bytes:
    """``raw`` terminal output without escape sequences."""
    return _ESCAPES.sub(b"", raw)


def _set_size(fd: int, rows: int, cols: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def _spawn(argv: Sequence[str], env: Mapping[str, str] | None, cwd: Path | None,
           size: tuple[int, int]) -> tuple[subprocess.Popen[bytes], int]:
    """``argv`` on a fresh pty of ``size`` (rows, columns): the process and the master fd.

    ``env`` is the child's whole environment (default: this one); TERM and the size are set.
    """
    master, slave = pty.openpty()
    _set_size(slave, *size)
    full_env = {**(os.environ if env is None else env), "TERM": "xterm-256color",
                "COLUMNS": str(size[1]), "LINES": str(size[0])}
    proc = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=full_env,
                            cwd=cwd, close_fds=True, start_new_session=True)
    os.close(slave)
    return proc, master


def time_to_paint(argv: Sequence[str], needle: str, *, env: Mapping[str, str] | None = None,
                  cwd: Path | None = None, size: tuple[int, int] = (40, 120),
                  timeout: float = 30.0, quit_keys: bytes = b"") -> float:
    """Seconds from spawning ``argv`` on a fresh pty until ``needle`` is visible in its output.

    Afterwards the child is sent ``quit_keys`` (if any), given a moment to exit, then killed
    (by its own pid), so every run leaves nothing behind.
    """
    target = needle.encode()
    start = time.perf_counter()
    proc, master = _spawn(argv, env, cwd, size)
    raw = bytearray()
    found: float | None = None
    try:
        deadline = start + timeout
        while found is None:
            left = deadline - time.perf_counter()
            if left <= 0 or (proc.poll() is not None and not _readable(master, 0)):
                break
            if not _readable(master, min(left, 0.5)):
                continue
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the child closed the terminal
                break
            now = time.perf_counter()
            raw += data
            # Only the recent tail can complete a match: keep the search cheap.
            if target in visible(bytes(raw[-(len(target) * 4 + (1 << 17)):])):
                found = now - start
        if found is None:
            tail = visible(bytes(raw[-2000:])).decode("utf-8", "replace")
            raise PaintTimeout(f"{needle!r} not painted within {timeout:.0f} s by "
                               f"{' '.join(argv)}; exit {proc.poll()}; last output: {tail!r}")
        return found
    finally:
        _finish(proc, master, quit_keys)


def _readable(fd: int, wait: float) -> bool:
    return bool(select.select([fd], [], [], wait)[0])


def _finish(proc: subprocess.Popen[bytes], master: int, quit_keys: bytes) -> None:
    """Ask the child to quit (keys), drain its output meanwhile, then make sure it is gone."""
    if quit_keys and proc.poll() is None:
        with contextlib.suppress(OSError):
            os.write(master, quit_keys)
        deadline = time.perf_counter() + 3.0
        while proc.poll() is None and time.perf_counter() < deadline:
            if _readable(master, 0.05):
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    os.close(master)


class PtySession:
    """A program kept running on a pty: send it keys, read what it writes until it is quiet.

    Use as a context manager; on exit the child is sent ``quit_keys`` then killed if need be.
    """

    def __init__(self, argv: Sequence[str], *, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None, size: tuple[int, int] = (40, 120),
                 quit_keys: bytes = b"") -> None:
        self.argv, self.env, self.cwd, self.size = list(argv), env, cwd, size
        self.quit_keys = quit_keys
        self.proc: subprocess.Popen[bytes] | None = None
        self.master = -1

    def __enter__(self) -> PtySession:
        self.proc, self.master = _spawn(self.argv, self.env, self.cwd, self.size)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            _finish(self.proc, self.master, self.quit_keys)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def read_until_quiet(self, quiet: float, timeout: float = 30.0) -> bytes:
        """Everything written until nothing more came for ``quiet`` seconds (or ``timeout``
        seconds passed in all)."""
        out = bytearray()
        start = last = time.perf_counter()
        while True:
            now = time.perf_counter()
            wait = min(quiet - (now - last), timeout - (now - start))
            if wait <= 0:
                return bytes(out)
            if _readable(self.master, wait):
                try:
                    data = os.read(self.master, 1 << 16)
                except OSError:  # EIO: the child closed the terminal
                    return bytes(out)
                out += data
                last = time.perf_counter()

    def read_for(self, seconds: float) -> bytes:
        """Everything written in the next ``seconds`` seconds."""
        return self.read_until_quiet(seconds, timeout=seconds)

    def key(self, keys: bytes, quiet: float) -> bytes:
        """Send ``keys``; what the program writes in answer, until it is quiet again."""
        self.send(keys)
        return self.read_until_quiet(quiet)
