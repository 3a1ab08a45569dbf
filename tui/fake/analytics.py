"""Fake component analytics: CSV rows for the two years before ``REFERENCE_DATE`` and every
day since, up to today (UTC), so the demo's "last 7 days" finds usage whenever it is run.
Each day's rows depend only on the seed and the day."""

from __future__ import annotations

import bisect
import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from tui.fake.seeded import REFERENCE, Draw
from tui.fake.vocab import APPLICATIONS

if TYPE_CHECKING:
    from tui.fake.data import ComponentSet

HEADER = b"Date,ComponentId,ComponentName,UserId,Action,Application,Count\r\n"
DAYS = 730  # before the reference date; after it, days up to today (at most as many again)
CHUNK = 64 * 1024
_ACTIONS = ("View", "View", "View", "Download", "Download", "Insert", "Place", "Favorite")
_ROWS_PER_DAY = (0, 1, 2, 2, 3, 4)


class Analytics:
    """Deterministic usage rows, one list sorted by day; filtered by inclusive day range."""

    def __init__(self, org: ComponentSet, seed: int, *, today: date | None = None) -> None:
        users = [Draw(f"{seed}:user:{u}").guid() for u in range(15)]
        popular = min(org.size, 400)
        first = REFERENCE.date() - timedelta(days=DAYS)
        today = today or datetime.now(UTC).date()
        days = DAYS + max(0, min(DAYS, (today - REFERENCE.date()).days + 1))
        self.days: list[date] = []
        self.rows: list[bytes] = []
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for n in range(days if popular else 0):
            day = first + timedelta(days=n)
            d = Draw(f"{seed}:analytics:{day.isoformat()}")
            for _ in range(d.pick(_ROWS_PER_DAY)):
                i = d.below(popular)
                writer.writerow([day.isoformat(), org.ids[i], org.names[i], d.pick(users),
                                 d.pick(_ACTIONS), d.pick(APPLICATIONS).displayName,
                                 1 + d.below(40)])
                self.days.append(day)
                self.rows.append(buf.getvalue().encode())
                buf.seek(0)
                buf.truncate()

    def select(self, start: date, end: date) -> list[bytes]:
        """Rows whose day is within ``[start, end]``."""
        lo = bisect.bisect_left(self.days, start)
        hi = bisect.bisect_right(self.days, end)
        return self.rows[lo:hi]

    def body(self, start: date, end: date) -> bytes:
        """The whole CSV for a range (small: at most a few hundred KB)."""
        return HEADER + b"".join(self.select(start, end))

    def stream(self, start: date, end: date, target_bytes: int) -> Iterator[bytes]:
        """About ``target_bytes`` of CSV, repeating the range's rows, in ~64 KiB chunks."""
        rows = self.select(start, end)
        yield HEADER
        sent = len(HEADER)
        if not rows:
            return
        chunk: list[bytes] = []
        size = 0
        while sent < target_bytes:
            for row in rows:
                chunk.append(row)
                size += len(row)
                if size >= CHUNK or sent + size >= target_bytes:
                    yield b"".join(chunk)
                    sent += size
                    chunk, size = [], 0
                    if sent >= target_bytes:
                        return
