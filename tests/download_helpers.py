"""Shared by the analytics download tests: the route, a month, what a directory holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

PATH = "/library/components/analytics/download"
JAN = (date(2026, 1, 1), date(2026, 1, 31))


def listing(directory: Path) -> list[str]:
    """The names in ``directory``, sorted (none when it does not exist)."""
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def part_written(directory: Path) -> bool:
    """A download has written its first bytes to a ``.part`` file in ``directory``."""
    return any(p.name.endswith(".part") and p.stat().st_size for p in directory.iterdir())
