"""Writers of API objects as JSON Lines, JSON or CSV: objects in, bytes out, one batch (a page)
at a time. Print mode (``tui/commands/formats.py``) and the app's export (``e``) both use them.

Every writer turns a batch into the bytes to write at once, so rows reach the output as
pages arrive and nothing but the current page is held. ``jsonl`` and ``json`` keep each
object whole unless fields are picked; ``csv`` shows the picked fields, nested values as
compact JSON.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Protocol

import orjson

from tui.core.errors import ApiError, ErrorKind

Json = dict[str, Any]
_LINE = orjson.OPT_APPEND_NEWLINE


class Writer(Protocol):
    def begin(self) -> bytes:
        """What comes before the first row (a header, an opening bracket)."""

    def rows(self, items: Sequence[Json]) -> bytes:
        """One batch of rows."""

    def end(self) -> bytes:
        """What closes the output once every row is written."""


def field_value(item: Any, path: str) -> Any:
    """``item[path]``, else the dotted path walked through objects (``_links.category.href``)
    and lists (``hashtags.0``); ``None`` where it leads nowhere."""
    if isinstance(item, dict) and path in item:
        return item[path]
    value = item
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def pick(item: Json, fields: Sequence[str] | None) -> Json:
    """The object itself, or only ``fields`` (keys as given, ``null`` where missing)."""
    if fields is None:
        return item
    return {name: field_value(item, name) for name in fields}


def dump(value: Any, option: int = 0) -> bytes:
    """JSON bytes of ``value``; nesting deeper than orjson writes (254 levels) goes through
    the standard library instead (slower, rare), never an error."""
    try:
        return orjson.dumps(value, option=option)
    except TypeError:
        pass
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                          indent=2 if option & orjson.OPT_INDENT_2 else None)
    except RecursionError:
        raise ApiError(ErrorKind.BAD_RESPONSE, "The server sent an object nested too deeply "
                       "to write as JSON.") from None
    return (text + ("\n" if option & _LINE else "")).encode()


def cell_text(value: Any) -> str:
    """A value as one CSV or table cell: text as is, ``null`` empty, the rest compact JSON."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return dump(value).decode()


class JsonLines:
    """``jsonl``: one JSON object a line."""

    def __init__(self, fields: Sequence[str] | None) -> None:
        self.fields = fields

    def begin(self) -> bytes:
        return b""

    def rows(self, items: Sequence[Json]) -> bytes:
        if self.fields is not None:
            items = [pick(item, self.fields) for item in items]
        try:
            return b"".join([orjson.dumps(item, option=_LINE) for item in items])
        except TypeError:  # too deep for orjson somewhere in this batch
            return b"".join([dump(item, _LINE) for item in items])

    def end(self) -> bytes:
        return b""


class JsonArray(JsonLines):
    """``json``: one array, an object a line inside it (valid JSON once complete)."""

    def __init__(self, fields: Sequence[str] | None) -> None:
        super().__init__(fields)
        self.started = False

    def begin(self) -> bytes:
        return b"["

    def rows(self, items: Sequence[Json]) -> bytes:
        if not items:
            return b""
        lines = super().rows(items)
        head = b",\n" if self.started else b"\n"
        self.started = True
        return head + lines[:-1].replace(b"\n", b",\n")

    def end(self) -> bytes:
        return b"\n]\n" if self.started else b"]\n"


class JsonObject(JsonLines):
    """``json`` for one item: the object itself, indented."""

    def rows(self, items: Sequence[Json]) -> bytes:
        picked = [pick(item, self.fields) for item in items]
        return b"".join(dump(item, orjson.OPT_INDENT_2 | _LINE) for item in picked)


class Csv:
    """``csv``: a header row, then a row per object; standard quoting, ``\\n`` line ends."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.fields = list(fields)
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\n")

    def _take(self) -> bytes:
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text.encode()

    def begin(self) -> bytes:
        self._csv.writerow(self.fields)
        return self._take()

    def rows(self, items: Sequence[Json]) -> bytes:
        fields = self.fields
        self._csv.writerows([cell_text(field_value(item, f)) for f in fields] for item in items)
        return self._take()

    def end(self) -> bytes:
        return b""
