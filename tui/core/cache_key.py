"""Cache keys: who is asking (never the token itself) and what they asked for."""

from __future__ import annotations

import base64
import binascii
import hashlib

from tui.core.jsonio import loads_or_none

_IDENTITY_DOMAIN = b"itwin-tui cache identity v1\0"
_KEY_DOMAIN = b"itwin-tui cache key v1\0"


def jwt_claims(token: str) -> dict | None:
    """The (unverified) claims of a JWT, or ``None`` when ``token`` is not one."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1]:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        raw = base64.urlsafe_b64decode(payload.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    claims = loads_or_none(raw)
    return claims if isinstance(claims, dict) else None


def token_identity(token: str) -> str:
    """A SHA-256 naming the user behind ``token``, safe to keep on disk.

    For a JWT with a ``sub`` claim it hashes the issuer, subject and organisation, so a
    refreshed token of the same user keeps its cache; any other token is hashed whole.
    """
    claims = jwt_claims(token)
    sub = claims.get("sub") if claims else None
    if claims is not None and isinstance(sub, str) and sub:
        fields = ["jwt", str(claims.get("iss") or ""), sub, str(claims.get("org") or "")]
        material = "\0".join(fields).encode("utf-8", "surrogatepass")
    else:
        material = b"token\0" + token.encode("utf-8", "surrogatepass")
    return hashlib.sha256(_IDENTITY_DOMAIN + material).hexdigest()


def cache_key(method: str, url: str, prefer: str | None, identity: str) -> str:
    """The entry key: a SHA-256 of method, full URL, ``Prefer`` header and identity."""
    material = "\0".join((method.upper(), url, prefer or "", identity))
    return hashlib.sha256(_KEY_DOMAIN + material.encode("utf-8", "surrogatepass")).hexdigest()
