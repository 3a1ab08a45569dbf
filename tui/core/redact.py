"""Masking secrets in text that is about to be written to a log (no textual)."""

from __future__ import annotations

import re
from collections.abc import Iterable

#: A piece of a secret this long (or longer) is masked wherever it appears, so a secret that a
#: report cut short or wrapped over several lines is still hidden.
WINDOW = 12
MASK = "*"
#: A JSON Web Token (every IMS access token): header and payload start with ``eyJ`` (``{"``).
#: Compiled when first used (re keeps it): not at every start.
_JWT = r"eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}"


def mask_secrets(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every JWT and every ``WINDOW``-character piece of a secret masked."""
    known = [s for s in secrets if s]
    for short in (s for s in known if len(s) < WINDOW):
        text = text.replace(short, MASK * len(short))
    pieces = {s[i:i + WINDOW] for s in known if len(s) >= WINDOW
              for i in range(len(s) - WINDOW + 1)}
    lines = [_mask_line(line, pieces) for line in text.split("\n")] if pieces else [text]
    return re.sub(_JWT, lambda m: MASK * len(m.group()), "\n".join(lines))


def _mask_line(line: str, pieces: set[str]) -> str:
    hidden = [False] * len(line)
    for i in range(len(line) - WINDOW + 1):
        if line[i:i + WINDOW] in pieces:
            hidden[i:i + WINDOW] = [True] * WINDOW
    if not any(hidden):
        return line
    return "".join(MASK if h else ch for ch, h in zip(line, hidden, strict=True))
