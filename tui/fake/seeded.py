"""Deterministic pseudo-random draws keyed by a string: no global state, no clock."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

T = TypeVar("T")

REFERENCE = datetime(2026, 11, 1, tzinfo=UTC)


class Draw:
    """A stream of draws derived from ``blake2b(key)``; same key, same draws."""

    __slots__ = ("_block", "_key", "_x")

    def __init__(self, key: str) -> None:
        self._key = key.encode()
        self._block = 0
        self._x = int.from_bytes(hashlib.blake2b(self._key, digest_size=64).digest(), "little")

    def _refill(self) -> None:
        self._block += 1
        salt = self._block.to_bytes(8, "little")
        digest = hashlib.blake2b(self._key, digest_size=64, salt=salt).digest()
        self._x = (self._x << 512) | int.from_bytes(digest, "little")

    def below(self, n: int) -> int:
        """An integer in ``[0, n)`` (bias below one part in a million)."""
        if self._x < n << 20:
            self._refill()
        self._x, r = divmod(self._x, n)
        return r

    def chance(self, p: float) -> bool:
        """True with probability ``p``."""
        return self.below(1_000_000) < p * 1_000_000

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self.below(len(seq))]

    def sample(self, seq: Sequence[T], k: int) -> list[T]:
        """Up to ``k`` distinct items of ``seq`` in draw order."""
        pool = list(seq)
        out: list[T] = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self.below(len(pool))))
        return out

    def guid(self) -> str:
        h = f"{self.below(1 << 128):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def moment(self, earliest: datetime, latest: datetime) -> datetime:
        """A time in ``[earliest, latest]`` with millisecond precision."""
        span_ms = max(0, int((latest - earliest).total_seconds() * 1000))
        return earliest + timedelta(milliseconds=self.below(span_ms + 1))


def iso(moment: datetime) -> str:
    """ISO 8601 UTC with milliseconds and ``Z``: ``2025-03-04T05:06:07.890Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
