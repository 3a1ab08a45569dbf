"""A ``curl`` command line for a request the app makes: its URL and headers, with the bearer
token left to the shell (``"$ITWIN_ACCESS_TOKEN"``), never written out."""

from __future__ import annotations

import shlex
from collections.abc import Mapping


def curl_command(url: str, headers: Mapping[str, str], token_variable: str) -> str:
    """``curl -sS -H 'Accept: …' -H "Authorization: Bearer $VAR" 'URL'`` on one line, each
    part quoted for a POSIX shell; only ``$token_variable`` is left for the shell to expand."""
    if not token_variable.isidentifier():
        raise ValueError(f"not a shell variable name: {token_variable!r}")
    parts = ["curl", "-sS"]
    for name, value in headers.items():
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    parts += ["-H", f'"Authorization: Bearer ${token_variable}"', shlex.quote(url)]
    return " ".join(parts)
