"""Print mode's writers by format: ``jsonl``, ``json`` and ``csv`` are the shared ones of
:mod:`tui.core.writers` (the app's export uses them too); ``table`` is print mode's own."""

from __future__ import annotations

from collections.abc import Sequence

from tui.commands.print_args import FORMATS
from tui.commands.table import Table
from tui.core.writers import (
    Csv,
    Json,
    JsonArray,
    JsonLines,
    JsonObject,
    Writer,
    cell_text,
    field_value,
)

__all__ = ["TableWriter", "Writer", "cell_text", "field_value", "make_writer"]


class TableWriter:
    """``table``: aligned text fitting ``width`` columns (see :class:`Table`); of the
    default fields, those that do not fit are left out. One item (``single``) is shown
    down the page instead: a field and its value a line."""

    def __init__(self, fields: Sequence[str], width: int, *, defaults: bool = False,
                 single: bool = False) -> None:
        self.fields = list(fields)
        self.single = single
        headers = ["field", "value"] if single else self.fields
        self.table = Table(headers, width, may_drop=defaults and not single)

    def begin(self) -> bytes:
        return b""

    def rows(self, items: Sequence[Json]) -> bytes:
        if self.single:
            cells = [[f, cell_text(field_value(item, f))] for item in items for f in self.fields]
        else:
            cells = [[cell_text(field_value(item, f)) for f in self.fields] for item in items]
        return self.table.lines(cells).encode()

    def end(self) -> bytes:
        return self.table.lines([]).encode()  # the header alone when nothing came


def make_writer(fmt: str, fields: Sequence[str] | None, default_fields: Sequence[str], *,
                single: bool = False, width: int = 80) -> Writer:
    """The writer for ``fmt``; ``single``: the output is one item, not a list."""
    if fmt == "jsonl":
        return JsonLines(fields)
    if fmt == "json":
        return JsonObject(fields) if single else JsonArray(fields)
    if fmt == "csv":
        return Csv(fields or default_fields)
    if fmt == "table":
        return TableWriter(fields or default_fields, width, defaults=fields is None,
                           single=single)
    raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
