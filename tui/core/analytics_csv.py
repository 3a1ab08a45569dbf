"""Read a CSV of any size as batches of columns, with bounded memory. No Textual.

The file is read a chunk at a time, as bytes where its encoding allows (UTF-8 and
Windows-1252 keep ``, ; " \\r \\n`` as single bytes): nothing is decoded but the distinct
values in the end. While the chunks hold plain rows (no quote character, every line with
the header's number of cells), a chunk is split at C speed into one flat list of cells and
sliced into columns: no per-row list is made. From the first chunk that does not (quoted
cells, ragged rows), the rest goes through the ``csv`` module, which is exact but about
twice as slow, and gives ``str`` cells. Either way a line longer than :data:`MAX_LINE`
characters, a row the ``csv`` module cannot read and a ragged row (fewer cells than the
header, or more with text in them) are skipped and counted; blank cells after the last
column (a trailing delimiter) are ignored. A UTF-8 or UTF-16 byte-order mark is honoured,
a file that does not start as UTF-8 is read as Windows-1252, and bytes that cannot be
decoded are replaced. The delimiter is the commonest of ``, ; tab |`` in the header line.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import IO, Any, AnyStr

CHUNK = 1 << 18  # bytes (or characters, for UTF-16) read at a time
MAX_LINE = 1 << 20
BATCH_ROWS = 8000
SNIFF_BYTES = 1 << 16
_DELIMITERS = (",", ";", "\t", "|")

#: A batch: the cells of each column asked for (by index), all of the same length; bytes
#: from plain chunks (see :meth:`CsvColumns.text`), str from the csv module.
Columns = dict[int, Sequence[Any]]


def sniff_delimiter(line: str) -> str:
    """The most frequent of ``, ; tab |`` in the header line (a comma on a tie or none)."""
    return max(_DELIMITERS, key=lambda d: (line.count(d), d == ","))


def _encoding(head: bytes) -> str:
    """UTF-16 when the file starts with its byte-order mark; UTF-8 when its first bytes are
    valid UTF-8; else Windows-1252 (what a spreadsheet saves on Windows)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8"


class _Marks:
    """The delimiter, quote and line ends, as the type the chunks are read in."""

    def __init__(self, kind: type[AnyStr], delimiter: str, newline: str) -> None:
        def mark(text: str) -> Any:
            return text.encode("ascii") if kind is bytes else text

        self.delimiter, self.newline = mark(delimiter), mark(newline)
        self.quote, self.cr, self.lf, self.space = mark('"'), mark("\r"), mark("\n"), mark(" ")


class CsvColumns:
    """A CSV file opened for one pass: :meth:`header`, then :meth:`batches`.

    ``skipped`` counts the rows left out; ``tell()`` the bytes read so far, of ``size``.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.size = os.fstat(raw.fileno()).st_size
        head = raw.read(SNIFF_BYTES)
        raw.seek(0)
        self.encoding = _encoding(head)
        if self.encoding == "utf-16":
            self._stream: IO[Any] = io.TextIOWrapper(raw, encoding="utf-16",
                                                     errors="replace", newline="")
            first = self._stream.readline(MAX_LINE)
            self._stream.seek(0)
        else:
            self._stream = raw
            if head.startswith(codecs.BOM_UTF8):
                raw.seek(len(codecs.BOM_UTF8))
            first = self.text(head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0] + b"\n")
        self.delimiter = sniff_delimiter(first)
        newline = "\r\n" if first.endswith("\r\n") else "\n"
        self.marks = _Marks(str if self.encoding == "utf-16" else bytes, self.delimiter,
                            newline)
        self._chunks = self._read_lines()
        self._first: list[Any] = []  # lines of the first chunk after the header
        self.skipped = 0

    def tell(self) -> int:
        return self._raw.tell()

    def text(self, cell: bytes | str) -> str:
        """A cell (or any bytes of the file) as text."""
        return cell if isinstance(cell, str) else cell.decode(self.encoding, "replace")

    def _decoded(self, lines: list[Any]) -> list[str]:
        if self.marks.lf == "\n":
            return lines
        return self.text(self.marks.newline.join(lines)).split(self.text(self.marks.newline))

    def header(self, sample_rows: int = 0) -> tuple[list[str], list[list[str]]]:
        """The first row with a non-blank cell ([] if none) and up to ``sample_rows`` rows
        after it that line up with it (read again by :meth:`batches`)."""
        lines = next(self._chunks, [])
        reader = csv.reader(self._decoded(lines), delimiter=self.delimiter)
        header: list[str] = []
        for row in _readable(reader, self):
            if any(cell.strip() for cell in row):
                header = row
                break
        self._first = lines[reader.line_num:]
        rows = _readable(csv.reader(self._decoded(self._first[:sample_rows * 2]),
                                    delimiter=self.delimiter), None)
        fitting = (row for row in rows if _fits(row, len(header)))
        return header, list(itertools.islice(fitting, sample_rows))

    def batches(self, width: int, wanted: Sequence[int]) -> Iterator[Columns]:
        """The rows after the header: the cells of the ``wanted`` columns, in batches
        (ragged rows are left out: see :func:`_fits`)."""
        chunks = itertools.chain([self._first], self._chunks)
        for lines in chunks:
            columns = self._plain(lines, width, wanted)
            if columns is None:
                yield from self._parsed(itertools.chain([lines], chunks), width, wanted)
                return
            if columns:
                yield columns

    def _plain(self, lines: list[Any], width: int, wanted: Sequence[int]) -> Columns | None:
        """``lines`` split at C speed, or None when they need the csv module."""
        if not lines:
            return {}
        marks = self.marks
        flat = marks.delimiter.join(lines)
        if width < 2 or marks.quote in flat or marks.lf in flat or (
                marks.cr in flat and marks.newline != marks.lf):
            return None  # quotes, or line ends other than the header's
        if list(map(type(flat).count, lines, repeat(marks.delimiter))).count(width - 1) != (
                len(lines)):
            return None
        cells = flat.split(marks.delimiter)
        return {i: cells[i::width] for i in wanted}

    def _parsed(self, chunks: Iterator[list[Any]], width: int, wanted: Sequence[int]
                ) -> Iterator[Columns]:
        lines = itertools.chain.from_iterable(map(self._decoded, chunks))
        rows = _readable(csv.reader(lines, delimiter=self.delimiter), self)
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            if any(len(r) != width for r in batch):
                kept = [r for r in batch if _fits(r, width)]
                self.skipped += sum(1 for r in batch if r) - len(kept)
                batch = kept
            if batch:
                yield {i: list(map(itemgetter(i), batch)) for i in wanted}

    def _read_lines(self) -> Iterator[list[Any]]:
        """The file's complete lines a chunk at a time, split at the header's line end
        (no big copies: the chunk is split as read). A line over :data:`MAX_LINE`
        characters is dropped and counted."""
        newline, lf = self.marks.newline, self.marks.lf
        carry, dropping = lf[:0], False
        while chunk := self._stream.read(CHUNK):
            if dropping:  # skip the rest of an over-long line
                end = chunk.find(lf)
                if end < 0:
                    continue
                chunk, dropping = chunk[end + 1:], False
            lines = chunk.split(newline)
            first = carry + lines[0]
            lines[0:1] = first.split(newline) if newline in first else [first]  # \r | \n
            carry = lines.pop()
            if len(carry) > MAX_LINE:
                carry, dropping = carry[:0], True
                self.skipped += 1
            if lines:
                yield lines
        if carry:
            yield [carry]


def _fits(row: list[str], width: int) -> bool:
    """Whether ``row``'s cells line up with a header of ``width`` columns: as many, or more
    that are blank (a trailing delimiter). Text past the last column means a value's
    unquoted delimiter shifted the cells, so none of them can be trusted."""
    return len(row) == width or (len(row) > width and not any(c.strip() for c in row[width:]))


def _readable(reader: Iterator[list[str]], counter: CsvColumns | None) -> Iterator[list[str]]:
    """The reader's rows, skipping (and counting) those it cannot read."""
    while True:
        try:
            yield from reader
            return
        except csv.Error:
            if counter is not None:
                counter.skipped += 1


def open_columns(path: Path) -> tuple[IO[bytes], CsvColumns]:
    """``path`` opened for :class:`CsvColumns` (close the first item when done)."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    try:
        return raw, CsvColumns(raw)
    except BaseException:
        raw.close()
        raise
