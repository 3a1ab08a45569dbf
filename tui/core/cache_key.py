"""Cache keys: who is asking (never the token itself) and what they asked for."""

from __future__ import annotations

import hashlib

from tui.core.claims import read_claims

_IDENTITY_DOMAIN = b"itwin-tui cache identity v1\0"
_KEY_DOMAIN = b"itwin-tui cache key v1\0"


def token_identity(token: str) -> str:
    """A SHA-256 naming the user behind ``token``, safe to keep on disk.

    For a JWT with a ``sub`` claim it hashes the issuer, subject and organisation, so a
    refreshed token of the same user keeps its cache; any other token is hashed whole.
    """
    claims = read_claims(token)
    sub = claims.get("sub")
    if isinstance(sub, str) and sub:
        fields = ["jwt", str(claims.get("iss") or ""), sub, str(claims.get("org") or "")]
        material = "\0".join(fields).encode("utf-8", "surrogatepass")
    else:
        material = b"token\0" + token.encode("utf-8", "surrogatepass")
    return hashlib.sha256(_IDENTITY_DOMAIN + material).hexdigest()


def cache_key(method: str, url: str, prefer: str | None, identity: str) -> str:
    """The entry key: a SHA-256 of method, full URL, ``Prefer`` header and identity."""
    material = "\0".join((method.upper(), url, prefer or "", identity))
    return hashlib.sha256(_KEY_DOMAIN + material.encode("utf-8", "surrogatepass")).hexdigest()
