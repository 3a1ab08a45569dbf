"""URL helpers: resolving links and keeping the token on the API host."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in, lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme, 0)
    except ValueError:
        port = -1
    return scheme, host, port


def same_origin(url: str, base: str) -> bool:
    return origin(url) == origin(base)


def resolve(href: str, base: str) -> str:
    """An absolute URL for ``href``, which may be absolute or relative to ``base``."""
    return urljoin(base if base.endswith("/") else base + "/", href)


def redact(url: str) -> str:
    """The URL without query string or userinfo, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}"
