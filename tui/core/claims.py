"""Reading JWT claims for display only (who, which org, until when) — never for trust.

The signature is not verified: the API verifies tokens; we only label them for the user.
"""

from __future__ import annotations

import base64
import time
from typing import Any

from tui.core.jsonio import loads_or_none

_USER_CLAIMS = ("email", "preferred_username", "upn", "name", "sub")
_ORG_CLAIMS = ("org_name", "organization_name", "org")


def read_claims(token: str | None) -> dict[str, Any]:
    """The payload of a JWT as a dict, or ``{}`` for anything that is not a readable JWT."""
    if not token or token.count(".") != 2:
        return {}
    payload = token.split(".")[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    except (ValueError, TypeError):
        return {}
    claims = loads_or_none(raw)
    return claims if isinstance(claims, dict) else {}


def _text(claims: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def identity(claims: dict[str, Any]) -> str | None:
    """``jane@example.com (Acme)`` from the usual IMS/OIDC claims, or ``None``."""
    user = _text(claims, _USER_CLAIMS)
    if not user:
        return None
    org = _text(claims, _ORG_CLAIMS)
    return f"{user} ({org})" if org else user


def expiry(claims: dict[str, Any]) -> float | None:
    """The ``exp`` claim as a POSIX timestamp."""
    value = claims.get("exp")
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    return None


def format_expiry(expires_at: float | None, now: float | None = None) -> str | None:
    """``expires 14:05`` / ``expired 13:05`` (local time; the date too when not today)."""
    if expires_at is None:
        return None
    now = time.time() if now is None else now
    when = time.localtime(expires_at)
    same_day = time.strftime("%Y-%m-%d", when) == time.strftime("%Y-%m-%d", time.localtime(now))
    stamp = time.strftime("%H:%M" if same_day else "%Y-%m-%d %H:%M", when)
    return f"expires {stamp}" if expires_at > now else f"expired {stamp}"
