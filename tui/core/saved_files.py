"""The CSV files saved in the download directory, newest first (for the charts). No Textual."""

from __future__ import annotations

import heapq
import os
import stat
from dataclasses import dataclass
from pathlib import Path

#: At most this many files are listed (the newest), however full the directory is.
LIMIT = 500


@dataclass(frozen=True, slots=True)
class CsvFile:
    """A CSV file in the download directory."""

    path: Path
    size: int
    modified: float  # seconds since the epoch


def saved_csv_files(directory: Path, limit: int = LIMIT) -> list[CsvFile]:
    """The ``.csv`` files directly in ``directory``, newest first; hidden files (such as a
    download still in progress) are left out. Raises OSError when it cannot be listed."""
    found: list[tuple[float, str, CsvFile]] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.lower().endswith(".csv"):
                continue
            try:
                info = entry.stat()
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):
                continue
            item = (info.st_mtime, name, CsvFile(Path(entry.path), info.st_size,
                                                   info.st_mtime))
            if len(found) < limit:
                heapq.heappush(found, item)
            else:
                heapq.heappushpop(found, item)
    return [item for _, _, item in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]
