"""The components-analytics CSV: downloading it into a file, and reading it back (a preview
and the row count) for the dialog."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.files import (
    SUFFIX,
    Destination,
    ProgressCallback,
    SavedFile,
    safe_filename,
    save_download,
)

if TYPE_CHECKING:
    from tui.core.client import ItwinClient


def fallback_filename(start: date, end: date) -> str:
    """``components-analytics_<start>_<end>.csv`` for a server that names no file."""
    return f"components-analytics_{start.isoformat()}_{end.isoformat()}{SUFFIX}"


async def download_analytics(client: ItwinClient, start: date, end: date,
                             destination: Destination, *,
                             on_progress: ProgressCallback | None = None) -> SavedFile:
    """Download the components-analytics CSV for the inclusive UTC day range into
    ``destination`` (see :func:`tui.core.files.save_download`). Failures are ``ApiError``s in
    the error table's words for this download."""
    from tui.core.dates import api_end, api_start

    async with client.analytics_download(api_start(start), api_end(end)) as stream:
        name = destination.filename or safe_filename(stream.filename,
                                                     fallback_filename(start, end))
        return await save_download(stream.chunks(), destination.directory, name,
                                   total=stream.total, on_progress=on_progress)


@dataclass(slots=True)
class CsvPreview:
    """The first rows of a saved CSV and how many data rows (after the header) it holds."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    row_count: int = 0


def read_csv_preview(path: Path, rows: int = 10, *, max_bytes: int = 1 << 20) -> CsvPreview:
    """Header, first ``rows`` rows (from at most ``max_bytes``) and the full data-row count."""
    with open(path, "rb") as f:
        head = f.read(max_bytes)
        complete = len(head) < max_bytes
    if not complete:
        head = head[: head.rfind(b"\n") + 1]
    text = head.decode("utf-8-sig", errors="replace")
    parsed = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    header = parsed[0] if parsed else []
    return CsvPreview(header, parsed[1 : rows + 1], max(0, count_csv_records(path) - 1))


def count_csv_records(path: Path, block: int = 1 << 20) -> int:
    """CSV records in ``path``: newlines outside quotes, plus an unterminated last line.

    Streams in ``block``-sized reads, so a 200 MB file needs no more than one block of memory.
    """
    records = 0
    quoted = False
    last = b""
    with open(path, "rb") as f:
        while data := f.read(block):
            if b'"' not in data:
                if not quoted:
                    records += data.count(b"\n")
            else:
                for i, part in enumerate(data.split(b'"')):
                    if i:
                        quoted = not quoted
                    if not quoted:
                        records += part.count(b"\n")
            last = data[-1:]
    if last not in (b"", b"\n"):
        records += 1
    return records
