"""Where print mode writes: stdout, or a file that appears only once complete; and the
progress line on stderr."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
import time
from pathlib import Path
from typing import BinaryIO

from tui.core.errors import disk_error


class Output:
    """stdout: rows go out as they are written (flushed at each batch)."""

    name = "stdout"

    def __init__(self, stream: BinaryIO | None = None) -> None:
        self._stream = stream

    @property
    def stream(self) -> BinaryIO:
        """The stream given, else stdout's bytes (``OSError`` when there is no stdout)."""
        if self._stream is None:
            if sys.stdout is None:
                raise OSError(errno.EBADF, "stdout is closed")
            self._stream = sys.stdout.buffer
        return self._stream

    def write(self, data: bytes) -> None:
        """All of ``data``: a buffered write that fails part-way (a closed pipe, a full disk)
        returns a short count, and only the next write raises."""
        view = memoryview(data)
        while view:
            view = view[self.stream.write(view):]

    def flush(self) -> None:
        self.stream.flush()

    def commit(self) -> None:
        self.flush()

    def discard(self) -> None:
        """After a failure: what was written stays written (the exit status tells)."""

    @property
    def is_terminal(self) -> bool:
        try:
            return self.stream.isatty()
        except (OSError, ValueError):
            return False


class FileOutput(Output):
    """``-o FILE``: a hidden temp file beside ``FILE``, renamed over it once complete, so a
    failed or interrupted run never leaves a partial file (nor touches an existing one)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.name = str(path)
        self.temp: Path | None = None

    def open(self) -> None:
        """Create the temp file. Its name is known before it exists, so :meth:`discard`
        removes it whenever an interruption comes."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        while True:
            self.temp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.part")
            try:
                fd = os.open(self.temp, flags, 0o666)  # 0666 minus the umask, as any file
            except FileExistsError:
                continue
            except OSError as exc:
                self.temp = None
                raise disk_error(exc, self.path.parent, self.path.name) from None
            self._stream = os.fdopen(fd, "wb", buffering=1 << 20)
            return

    def write(self, data: bytes) -> None:
        try:
            super().write(data)
        except OSError as exc:
            raise disk_error(exc, self.path.parent, self.path.name) from None

    def flush(self) -> None:
        """Nothing to show anyone until the end: the buffer flushes when it fills."""

    def commit(self) -> None:
        assert self.temp is not None, "open() first"
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise disk_error(exc, self.path.parent, self.path.name) from None

    def discard(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(OSError):
                self._stream.close()
        if self.temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temp)

    @property
    def is_terminal(self) -> bool:
        return False


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null, so the interpreter's last flush at
    exit cannot fail again (and print a traceback)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class Progress:
    """``12 pages · 12,000 rows · 8,400 rows/s`` on one stderr line, at most 10 times a
    second; only when stderr is a terminal that the rows are not going to."""

    INTERVAL = 0.1

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.began = time.monotonic()
        self.shown_at = 0.0
        self.shown = False

    @classmethod
    def for_output(cls, output: Output) -> Progress:
        try:
            on_terminal = sys.stderr.isatty()
        except (AttributeError, ValueError):
            on_terminal = False
        return cls(on_terminal and not output.is_terminal)

    def update(self, pages: int, rows: int) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.shown_at < self.INTERVAL:
            return
        self.shown_at = now
        rate = rows / max(now - self.began, 1e-6)
        noun = "page" if pages == 1 else "pages"
        sys.stderr.write(f"\r\x1b[K{pages:,} {noun} · {rows:,} rows · {rate:,.0f} rows/s")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False
