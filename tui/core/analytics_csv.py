"""Read a CSV of any size as batches of columns, with bounded memory. No Textual.

The file is read a chunk at a time. While the chunks hold plain rows (no quote character,
every line with the header's number of cells), a chunk is split at C speed into one flat
list of cells and sliced into columns: no per-row list is made. From the first chunk that
does not (quoted cells, ragged rows), the rest goes through the ``csv`` module, which is
exact but about twice as slow. Either way a line longer than :data:`MAX_LINE` characters,
a row the ``csv`` module cannot read and a row with fewer cells than the header are
skipped and counted. A UTF-8 or UTF-16 byte-order mark is honoured, a file that does not
start as UTF-8 is read as Windows-1252, and bytes that cannot be decoded are replaced. The
delimiter is the commonest of ``, ; tab |`` in the header line.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import IO

CHUNK_CHARS = 1 << 18
MAX_LINE = 1 << 20
BATCH_ROWS = 8000
SNIFF_BYTES = 1 << 16
_DELIMITERS = (",", ";", "\t", "|")

#: A batch: the cells of each column asked for (by index), all of the same length.
Columns = dict[int, Sequence[str]]


def sniff_delimiter(line: str) -> str:
    """The most frequent of ``, ; tab |`` in the header line (a comma on a tie or none)."""
    return max(_DELIMITERS, key=lambda d: (line.count(d), d == ","))


def _encoding(head: bytes) -> str:
    """UTF-16 when the file starts with its byte-order mark; UTF-8 (BOM or not) when its
    first bytes are valid UTF-8; else Windows-1252 (what a spreadsheet saves on Windows)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig"


class CsvColumns:
    """A CSV file opened for one pass: :meth:`header`, then :meth:`batches`.

    ``skipped`` counts the rows left out; ``tell()`` the bytes read so far, of ``size``.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.size = os.fstat(raw.fileno()).st_size
        encoding = _encoding(raw.read(SNIFF_BYTES))
        raw.seek(0)
        self._text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        first = self._text.readline(MAX_LINE)
        self.delimiter = sniff_delimiter(first)
        self._newline = "\r\n" if first.endswith("\r\n") else "\n"
        self._text.seek(0)
        self._bodies = self._read_bodies()
        self._first = ""  # lines of the first chunk after the header
        self.skipped = 0

    def tell(self) -> int:
        return self._raw.tell()

    def header(self, sample_rows: int = 0) -> tuple[list[str], list[list[str]]]:
        """The first row with a non-blank cell ([] if none) and up to ``sample_rows`` rows
        after it (read again by :meth:`batches`)."""
        body = next(self._bodies, "")
        lines = body.split("\n")
        reader = csv.reader(lines, delimiter=self.delimiter)
        header: list[str] = []
        for row in _readable(reader, self):
            if any(cell.strip() for cell in row):
                header = row
                break
        self._first = "\n".join(lines[reader.line_num:])
        sample = list(itertools.islice(
            _readable(csv.reader(lines[reader.line_num:], delimiter=self.delimiter), None),
            sample_rows))
        return header, sample

    def batches(self, width: int, wanted: Sequence[int]) -> Iterator[Columns]:
        """The rows after the header: the cells of the ``wanted`` columns, in batches
        (rows with fewer than ``width`` cells are left out)."""
        bodies = itertools.chain([self._first], self._bodies)
        for body in bodies:
            columns = self._plain(body, width, wanted)
            if columns is None:
                yield from self._parsed(itertools.chain([body], bodies), width, wanted)
                return
            if columns:
                yield columns

    def _plain(self, body: str, width: int, wanted: Sequence[int]) -> Columns | None:
        """``body`` split at C speed, or None when it needs the csv module."""
        if not body:
            return {}
        if width < 2 or '"' in body:
            return None
        newline, delimiter = self._newline, self.delimiter
        lines = body.removesuffix("\r").split(newline)
        if list(map(str.count, lines, repeat(delimiter))).count(width - 1) != len(lines):
            return None
        flat = delimiter.join(lines)
        if "\n" in flat or ("\r" in flat and newline == "\r\n"):
            return None  # line ends other than the header's
        cells = flat.split(delimiter)
        return {i: cells[i::width] for i in wanted}

    def _parsed(self, bodies: Iterator[str], width: int, wanted: Sequence[int]
                ) -> Iterator[Columns]:
        lines = itertools.chain.from_iterable(b.split("\n") for b in bodies)
        rows = _readable(csv.reader(lines, delimiter=self.delimiter), self)
        while batch := list(itertools.islice(rows, BATCH_ROWS)):
            if min(map(len, batch)) < width:
                self.skipped += sum(1 for r in batch if 0 < len(r) < width)
                batch = [r for r in batch if len(r) >= width]
            if batch:
                yield {i: list(map(itemgetter(i), batch)) for i in wanted}

    def _read_bodies(self) -> Iterator[str]:
        """The file's complete lines a chunk at a time (without the last ``\\n``); a line
        over :data:`MAX_LINE` characters is dropped and counted."""
        carry, dropping = "", False
        while chunk := self._text.read(CHUNK_CHARS):
            end = chunk.rfind("\n")
            if end < 0:
                carry = "" if dropping else carry + chunk
            elif dropping:
                carry, dropping = chunk[end + 1:], False
                yield chunk[chunk.find("\n") + 1:end]
            else:
                yield carry + chunk[:end]
                carry = chunk[end + 1:]
            if len(carry) > MAX_LINE:
                carry, dropping = "", True
                self.skipped += 1
        if carry:
            yield carry


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


