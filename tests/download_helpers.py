"""Shared by the analytics download tests: the route, a month, what a directory holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

PATH = "/library/components/analytics/download"
JAN = (date(2026, 1, 1), date(2026, 1, 31))


def listing(directory: Path) -> list[str]:
    """The names in ``directory``, sorted (none when it does not exist)."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def part_written(directory: Path) -> bool:
    """A download has written its first bytes to a ``.part`` file in ``directory``."""
    return any(p.name.endswith(".part") and p.stat().st_size for p in directory.iterdir())


def slow_csv(server: Any, chunks: int = 30, size: int = 2048, pause: float = 0.06,
             known_length: bool = True) -> None:
    """The fake's CSV trickles in: ``chunks`` pieces of ``size`` bytes, ``pause`` s apart."""
    from tui.fake import FakeResponse

    body = [b"a,b\n" + b"1," + b"x" * (size - 7) + b"\n"] + [
        b"2," + b"y" * (size - 3) + b"\n" for _ in range(chunks - 1)]
    headers = [("Content-Type", "text/csv")]
    if known_length:
        headers.append(("Content-Length", str(sum(map(len, body)))))
    server.api.route("GET", PATH, lambda req: FakeResponse(200, headers, iter(body),
                                                           chunk_delay=pause))
