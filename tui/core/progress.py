"""Download progress for people: sizes in words, a few reports a second (no textual)."""

from __future__ import annotations

import time
from collections.abc import Callable

#: Seconds between progress reports on screen: often enough to look alive, rarely enough
#: to cost nothing next to the download.
REPORT_INTERVAL = 0.2


def human_bytes(n: float) -> str:
    """``1536`` → ``1.5 KB``."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def progress_text(received: int, total: int | None) -> str:
    """``1.2 MB of 3.4 MB (35%)``, or ``1.2 MB received`` when the size is not known."""
    if total:
        percent = min(100, received * 100 // total)
        return f"{human_bytes(received)} of {human_bytes(total)} ({percent}%)"
    return f"{human_bytes(received)} received"


class Throttle:
    """Says when a progress report is due: the first one at once, then at most one per
    ``interval`` seconds, and always the last one (everything received)."""

    def __init__(self, interval: float = REPORT_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self._next: float | None = None

    def due(self, received: int, total: int | None) -> bool:
        now = self.clock()
        done = total is not None and received >= total
        if self._next is not None and now < self._next and not done:
            return False
        self._next = now + self.interval
        return True
