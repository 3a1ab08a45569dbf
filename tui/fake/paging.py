"""``$top``/``$skip`` validation, ``Prefer`` parsing and ``_links`` for collection routes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from tui.fake.responses import ApiRequest, detail

DEFAULT_TOP = 100
MAX_TOP = 1000
SKIP_MESSAGE = "Provided $skip value is not valid."
_INT = re.compile(r"^\s*[+-]?\d+\s*$")


def _int(raw: str) -> int | None:
    return int(raw) if _INT.match(raw) else None


def paging_args(req: ApiRequest, top_message: str,
                details: list[dict[str, str]]) -> tuple[int, int]:
    """``(top, skip)``; invalid values append a detail (``top_message`` is per endpoint)."""
    top, skip = DEFAULT_TOP, 0
    raw = req.arg("$top")
    if raw:
        value = _int(raw)
        if value is None or not 1 <= value <= MAX_TOP:
            details.append(detail("InvalidValue", top_message, "$top"))
        else:
            top = value
    raw = req.arg("$skip")
    if raw:
        value = _int(raw)
        if value is None or value < 0:
            details.append(detail("InvalidValue", SKIP_MESSAGE, "$skip"))
        else:
            skip = value
    return top, skip


def page_links(base: str, path: str, skip: int, top: int, total: int,
               extra: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """``self`` always; ``prev`` when ``skip > 0``; ``next`` only while items remain."""
    tail = "".join(f"&{k}={quote(v, safe=',')}" for k, v in extra)

    def link(at: int) -> dict[str, str]:
        return {"href": f"{base}{path}?$skip={at}&$top={top}{tail}"}

    links = {"self": link(skip)}
    if skip > 0:
        links["prev"] = link(max(0, skip - top))
    if skip + top < total:
        links["next"] = link(skip + top)
    return links


def prefer_return(req: ApiRequest) -> str | None:
    """``"representation"`` or ``"minimal"`` when the ``Prefer`` header asks for one."""
    tokens = {t.strip().lower().replace(" ", "")
              for t in re.split(r"[,;]", req.headers.get("prefer", ""))}
    for mode in ("representation", "minimal"):
        if f"return={mode}" in tokens:
            return mode
    return None


def preference_applied(mode: str | None) -> list[tuple[str, str]]:
    return [("Preference-Applied", f"return={mode}")] if mode else []
