"""Download helpers: file names from ``Content-Disposition``."""

from __future__ import annotations

import re
from urllib.parse import unquote

_EXT = re.compile(r"filename\*\s*=\s*([^;]+)", re.IGNORECASE)
_PLAIN = re.compile(r'filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)', re.IGNORECASE)


def filename_from_disposition(header: str | None) -> str | None:
    """The (unsanitised) file name: ``filename*=UTF-8''…`` preferred over ``filename=``."""
    if not header:
        return None
    ext = _EXT.search(header)
    if ext:
        value = ext.group(1).strip().strip('"')
        charset, _, rest = value.partition("'")
        _lang, _, encoded = rest.partition("'")
        if encoded:
            try:
                return unquote(encoded, encoding=charset or "utf-8", errors="strict")
            except (LookupError, UnicodeDecodeError):
                pass
    plain = _PLAIN.search(header)
    if plain:
        value = plain.group(1).strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        return value or None
    return None
