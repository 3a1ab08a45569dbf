"""``itwin-tui analytics --start … --end … [-o PATH]``: download the CSV without the UI."""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tui.signals import Stopped, on_stop_signals

if TYPE_CHECKING:
    from tui.config import Settings
    from tui.core.files import Destination, SavedFile

PROG = "itwin-tui analytics"
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


def run_analytics_command(start: str | None, end: str | None, output: str | Path | None,
                          settings: Settings) -> int:
    """Validate the days, download, print the saved path on stdout; non-zero on failure."""
    from tui.core.dates import check_range
    from tui.core.files import Destination

    if not start or not end:
        return _fail("both --start and --end are required (YYYY-MM-DD, inclusive).",
                     EXIT_USAGE)
    check = check_range(start, end)
    if not check.ok or check.start is None or check.end is None:
        return _fail("invalid dates:\n" + "\n".join(f"  • {e}" for e in check.errors),
                     EXIT_USAGE)
    destination = Destination.from_output(output, settings.download_dir)
    try:
        saved = asyncio.run(_download(settings, check.start, check.end, destination))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing was saved.", EXIT_INTERRUPTED)
    except Stopped as stop:
        return _fail(f"stopped by {stop}; nothing was saved.", stop.exit_status)
    except Exception as exc:  # ApiError, or anything unexpected: a message, not a traceback
        from tui.core.errors import ApiError

        if isinstance(exc, ApiError):
            return _fail(exc.human(), EXIT_FAILED)
        return _fail(f"unexpected error: {type(exc).__name__}: {exc}", EXIT_FAILED)
    print(saved.path.absolute())
    return 0


async def _download(settings: Settings, start: date, end: date, destination: Destination
                    ) -> SavedFile:
    """The download; a stop signal cancels it (which removes the temp file) and raises
    :class:`Stopped`."""
    from tui.core.analytics import download_analytics
    from tui.services import build_client

    task = asyncio.current_task()
    assert task is not None
    received: list[int] = []

    def stop(signum: int) -> None:
        received.append(signum)
        task.cancel()

    undo = on_stop_signals(stop)
    progress = ProgressLine(sys.stderr)
    try:
        async with build_client(settings) as client:
            return await download_analytics(client, start, end, destination,
                                            on_progress=progress)
    except asyncio.CancelledError:
        if received:
            raise Stopped(received[0]) from None
        raise
    finally:  # before any message: the line ends first
        progress.end()
        undo()


class ProgressLine:
    """Download progress on one terminal line, rewritten in place (``\r``) a few times a
    second; :meth:`end` shows the last figure and ends the line. Nothing unless ``stream``
    is a terminal (a log or a pipe gets only the saved path or the error)."""

    def __init__(self, stream: TextIO) -> None:
        from tui.core.progress import Throttle

        self.stream = stream
        self.shown = stream.isatty()
        self.throttle = Throttle()
        self.last: tuple[int, int | None] | None = None
        self.width = 0

    def __call__(self, received: int, total: int | None) -> None:
        self.last = (received, total)
        if self.shown and self.throttle.due(received, total):
            self._draw()

    def _draw(self) -> None:
        from tui.core.progress import progress_text

        assert self.last is not None
        text = f"Downloading: {progress_text(*self.last)}"
        self.stream.write("\r" + text.ljust(self.width))
        self.width = len(text)
        self.stream.flush()

    def end(self) -> None:
        if self.shown and self.last is not None:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.last = None
