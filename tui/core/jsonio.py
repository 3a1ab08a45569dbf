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


#: Deepest level of nested JSON shown (orjson writes 254 levels; a server may send 1,000).
MAX_DEPTH = 20
#: Shown in place of what :func:`preview` leaves out.
DEEPER = "…"
DEEPER_NOTE = "… deeper levels not shown"
MORE_NOTE = "… more not shown"


def more_characters(n: int) -> str:
    """The marker after a text cut short: ``… 998,000 more characters``."""
    return f"… {n:,} more character{'s' if n != 1 else ''}"


def preview(value: Any, max_chars: int, max_depth: int = MAX_DEPTH) -> str:
    """Compact JSON of ``value`` for display in at most ``max_chars`` characters, never
    raising: containers below ``max_depth`` levels become ``"…"``, and notes say what was
    left out (only the first ``max_chars`` values are even visited)."""
    state = _Budget(max_chars)
    pruned = _prune(value, max_depth, state)
    try:
        text = orjson.dumps(pruned, option=orjson.OPT_NON_STR_KEYS).decode("utf-8", "replace")
    except TypeError:  # e.g. an integer beyond 64 bits: never from a JSON parser
        text = repr(pruned)
    tail = f" {DEEPER_NOTE}" if state.deeper else ""
    if state.cut or len(text) + len(tail) > max_chars:
        room = max(0, max_chars - len(tail) - 30)  # 30: the longest "more" marker, and a space
        more = MORE_NOTE if state.cut else more_characters(len(text) - room)
        text = f"{text[:room]} {more}"
    return text + tail


class _Budget:
    """How much of a value :func:`preview` may still visit, and what it left out."""

    def __init__(self, chars: int) -> None:
        self.left = chars  # every visited value writes at least one character
        self.cut = False
        self.deeper = False


def _prune(value: Any, depth: int, state: _Budget) -> Any:
    """``value`` with at most ``state.left`` values and ``depth`` levels (see preview)."""
    if not isinstance(value, dict | list):
        state.left -= 1
        return value
    if depth <= 0:
        state.deeper = True
        return DEEPER
    pairs = value.items() if isinstance(value, dict) else enumerate(value)
    out: list[tuple[Any, Any]] = []
    for key, child in pairs:
        if state.left <= 0:
            state.cut = True
            break
        state.left -= 1
        out.append((key, _prune(child, depth - 1, state)))
    return dict(out) if isinstance(value, dict) else [child for _, child in out]
