"""JSON in and out via orjson, in one place."""

from __future__ import annotations

from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    return orjson.loads(data)


def loads_or_none(data: bytes | str) -> Any:
    """Parse JSON, or return ``None`` for anything that is not valid JSON."""
    try:
        return orjson.loads(data) if data else None
    except orjson.JSONDecodeError:
        return None


def dumps(value: Any, *, pretty: bool = False) -> bytes:
    option = orjson.OPT_INDENT_2 if pretty else 0
    return orjson.dumps(value, option=option | orjson.OPT_NON_STR_KEYS)
