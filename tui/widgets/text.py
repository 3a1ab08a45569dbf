"""Turning server strings into safe, literal display text (never markup, never escape codes)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text

from tui.core.jsonio import more_characters

#: Longest text shown for one value: the rest is cut, with a marker saying how much (what
#: is copied or saved is never cut). Keeps a megabyte-long name from freezing the screen.
MAX_SHOWN_CHARS = 2000

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel
    from textual.widget import Widget
REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
# C0 controls (except tab/newline), DEL, C1 controls, and bidi overrides/isolates that
# could visually reorder a line.
#: Patterns, compiled when first used (re keeps them): most text needs neither.
_CONTROLS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_LINE_BREAKS = r"[\t\n]+"


def shown(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with ``… N more characters`` when cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]} {more_characters(len(text) - limit)}"


def clean(value: object) -> str:
    """One display line: tabs/newlines become spaces, control characters become ``�``;
    cut after ``MAX_SHOWN_CHARS``."""
    if value is None:
        return ""
    text = shown(value if isinstance(value, str) else str(value))
    if text.isprintable():
        return text
    return re.sub(_CONTROLS, REPLACEMENT, re.sub(_LINE_BREAKS, " ", text))


def clean_block(value: object, limit: int = MAX_SHOWN_CHARS) -> str:
    """Multi-line text: newlines kept, tabs expanded, other control characters become ``�``;
    cut after ``limit`` characters."""
    if value is None:
        return ""
    text = shown(value if isinstance(value, str) else str(value), limit)
    return re.sub(_CONTROLS, REPLACEMENT, text.replace("\t", "    "))


def literal(value: object, style: str = "", limit: int = MAX_SHOWN_CHARS) -> Text:
    """A Rich ``Text`` that shows ``value`` exactly (markup-like text stays text), cut after
    ``limit`` characters."""
    return Text(clean_block(value, limit), style=style)


def notify_plain(node: Widget | App[Any], message: str, *, title: str = "",
                 severity: SeverityLevel = "information", timeout: float | None = None) -> None:
    """The app's only way to show a toast: ``message`` as literal text, never markup.

    Textual's ``notify`` takes a ``str`` and parses it as markup by default; here anything
    (a rich ``Text`` included) becomes plain text first and ``markup`` is always off, so
    server text cannot style the toast or crash it. ``tests/test_notify.py`` keeps every
    other ``notify()`` call out of ``tui``.
    """
    node.notify(clean_block(message), title=clean(title), severity=severity, timeout=timeout,
                markup=False)


def parse_iso(value: str | None) -> datetime | None:
    """An aware datetime from an ISO-8601 string (``Z`` allowed), or ``None``."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def short_date(value: str | None) -> str:
    """``2025-03-04 14:22`` in local time, or the raw (cleaned) value if unparsable."""
    parsed = parse_iso(value)
    if parsed is None:
        return clean(value)
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M")


def long_date(value: str | None) -> str:
    """Local time plus the original ISO string: ``2025-03-04 14:22:05 CET (2025-…Z)``."""
    parsed = parse_iso(value)
    if parsed is None:
        return clean(value)
    local = parsed.astimezone().strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    return f"{local}  ({clean(value)})"


def ago(epoch: float, now: float | None = None) -> str:
    """``just now`` / ``3 min ago`` / ``2 h ago`` / ``4 days ago``."""
    seconds = max(0.0, (time.time() if now is None else now) - epoch)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"


def local_time(epoch: float) -> str:
    """An epoch timestamp as local ``YYYY-MM-DD HH:MM``."""
    return datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def duration(start: str | None, end: str | None) -> str | None:
    """``1 min 12 s`` between two ISO times, when both parse."""
    a, b = parse_iso(start), parse_iso(end)
    if a is None or b is None:
        return None
    seconds = int((b - a).total_seconds())
    if seconds < 0:
        return None
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"
