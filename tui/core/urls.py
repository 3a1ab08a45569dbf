"""URL helpers: resolving links and keeping the token on the API host.

Nothing here raises, whatever a server sends: a link that is not a valid URL resolves to
itself, has no origin and is never the same origin as the API, so the client refuses it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import SplitResult, urljoin, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
#: Longest URL httpx accepts; a longer one is not valid here either.
MAX_URL_LENGTH = 65_536
#: Longest URL text put in a message (the rest is cut).
SHOWN_URL_LENGTH = 200


def _split(url: str) -> SplitResult | None:
    """``urlsplit(url)`` with its port checked, or ``None`` when it is not a valid URL."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # a bad port only raises when read
    except ValueError:
        return None
    return parts


def is_valid(url: str) -> bool:
    """An absolute http(s) URL with a host, that httpx can send: no control characters,
    not too long, a valid port and IPv6 address."""
    if len(url) > MAX_URL_LENGTH or any(ch < " " or ch == "\x7f" for ch in url):
        return False
    parts = _split(url)
    return parts is not None and parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) with the scheme's default port filled in, lower-cased;
    ``("", "", -1)`` for a URL that is not valid."""
    parts = _split(url)
    if parts is None:
        return "", "", -1
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0)


def same_origin(url: str, base: str) -> bool:
    """Whether ``url`` is a valid URL on ``base``'s scheme, host and port."""
    return is_valid(url) and origin(url) == origin(base)


def resolve(href: str, base: str) -> str:
    """An absolute URL for ``href``, which may be absolute or relative to ``base``
    (``href`` itself when it cannot be resolved: it is then not valid)."""
    try:
        return urljoin(base if base.endswith("/") else base + "/", href)
    except ValueError:
        return href


def redact(url: str) -> str:
    """The URL without query string or userinfo, cut to a readable length, for messages."""
    parts = _split(url)
    if parts is None or not parts.scheme:
        text = url.split("?", 1)[0].split("#", 1)[0]
        scheme, sep, rest = text.partition("://")
        if sep:  # drop what could be userinfo before the host
            authority, slash, path = rest.partition("/")
            text = f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"
    else:
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        if parts.port:
            host = f"{host}:{parts.port}"
        text = f"{parts.scheme}://{host}{parts.path}"
    if len(text) > SHOWN_URL_LENGTH:
        text = text[: SHOWN_URL_LENGTH - 1] + "…"
    return text


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` or ``::1`` (by address: no name is looked up)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
