"""Exporting a listing to a file: the rows loaded, and optionally the rest of its pages, as
CSV, JSON or JSON Lines (the app's ``e``).

The rows are the API's objects as sent; written through :mod:`tui.core.writers` (print
mode's writers) into :func:`tui.core.files.save_download`, so the file appears only once
complete, never over another (``name (1).csv``), and a failure or cancellation leaves none.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tui.core.files import SavedFile, safe_filename, save_download
from tui.core.writers import Csv, Json, JsonArray, JsonLines, Writer

if TYPE_CHECKING:
    from tui.core.paging import Pager

#: Rows written to the file at a time (the rows loaded are already in memory; a batch's
#: bytes are not held longer than it takes to write them).
BATCH = 1000


class ExportSource(NamedTuple):
    """What to export: the rows loaded (each the object as the API sent it), the pages
    after them (``None``: every row is loaded), the fields a CSV shows, and why paging
    stopped early (the row limit) if it did."""

    what: str  # what the rows are, for the file name and messages: "components"
    rows: list[Json]
    rest: Pager[Json] | None
    fields: tuple[str, ...]
    stop_reason: str | None = None


class Format(NamedTuple):
    """One export format: its words, file extension and media type."""

    label: str
    suffix: str
    mime: str


FORMATS: dict[str, Format] = {
    "csv": Format("CSV", ".csv", "text/csv"),
    "json": Format("JSON", ".json", "application/json"),
    "jsonl": Format("JSON Lines", ".jsonl", "application/x-ndjson"),
}


def writer_for(fmt: str, fields: Sequence[str]) -> Writer:
    """CSV shows ``fields``; JSON and JSON Lines keep each object whole."""
    if fmt == "csv":
        return Csv(fields)
    if fmt == "json":
        return JsonArray(None)
    if fmt == "jsonl":
        return JsonLines(None)
    raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")


def export_name(what: str, fmt: str, day: date) -> str:
    """``components-2026-11-01.csv``: a safe file name for an export of ``what``."""
    suffix = FORMATS[fmt].suffix
    return safe_filename(f"{what}-{day.isoformat()}", f"export{suffix}", suffix=suffix)


@dataclass(slots=True)
class ExportProgress:
    """How far an export has come: rows written, pages fetched for it, and why it stopped
    before the last page (the row limit), if it did."""

    rows: int = 0
    pages: int = 0
    stop_reason: str | None = None


async def export_chunks(rows: Sequence[Json], rest: Pager[Json] | None, writer: Writer,
                        progress: ExportProgress,
                        on_progress: Callable[[ExportProgress], None] | None = None
                        ) -> AsyncIterator[bytes]:
    """The file's bytes: ``rows``, then (``rest``) every page after them as it arrives."""
    yield writer.begin()
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        yield writer.rows(batch)
        progress.rows += len(batch)
    if rest is not None:
        async with contextlib.aclosing(rest.pages()) as pages:
            async for page in pages:
                yield writer.rows(page.items)
                progress.rows += len(page.items)
                progress.pages += 1
                if on_progress is not None:
                    on_progress(progress)
        progress.stop_reason = rest.stop_reason
    yield writer.end()


async def save_export(rows: Sequence[Json], rest: Pager[Json] | None, writer: Writer,
                      directory: Path, name: str, progress: ExportProgress,
                      on_progress: Callable[[ExportProgress], None] | None = None
                      ) -> SavedFile:
    """Write the export into ``directory/name`` (or ``name (n)``); where it went. Raises
    ``ApiError`` (a page that failed, the disk) and leaves no file then, nor when cancelled."""
    chunks = export_chunks(rows, rest, writer, progress, on_progress)
    async with contextlib.aclosing(chunks):
        return await save_download(chunks, directory, name)
