"""Where the bearer token comes from.

The client asks a :class:`TokenSource` for a token before each call and, after a 401,
asks it to refresh once. Sources here are the fixed ones; OAuth sources live in
:mod:`tui.core.oauth` and the choice between them in :mod:`tui.core.sources`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from tui.core.cache_key import token_identity
from tui.core.claims import expiry, format_expiry, identity, read_claims
from tui.core.errors import ApiError, ErrorKind


class TokenSource(Protocol):
    async def token(self) -> str | None:
        """A currently valid access token, or ``None`` when there is none."""

    async def refresh(self) -> bool:
        """Try to obtain a new token after a 401; ``True`` when a retry makes sense."""

    def describe(self) -> str:
        """Who is signed in and until when, for the UI (never the token itself)."""

    def identity_hint(self) -> str | None:
        """The cache identity known without a network call (``None``: not known yet)."""


def _label(origin: str, value: str | None) -> str:
    """Who and until when (when the token is a readable JWT), then ``token from X``.

    Most telling first: the title bar truncates on the right.
    """
    claims = read_claims(value)
    parts = [identity(claims), format_expiry(expiry(claims)), f"token from {origin}"]
    return " · ".join(p for p in parts if p)


class StaticToken:
    """A fixed token (``$ITWIN_ACCESS_TOKEN``, ``--token-file`` or the demo token)."""

    def __init__(self, value: str | None, origin: str = "$ITWIN_ACCESS_TOKEN") -> None:
        self._value = value.strip() if value else None
        self.origin = origin

    async def token(self) -> str | None:
        return self._value

    async def refresh(self) -> bool:
        return False

    def describe(self) -> str:
        return _label(self.origin, self._value) if self._value else "not signed in"

    def identity_hint(self) -> str | None:
        return token_identity(self._value) if self._value else None

    def __repr__(self) -> str:  # never show the secret
        return f"StaticToken({'set' if self._value else 'empty'}, origin={self.origin!r})"


class TokenFile:
    """A token read from a file at each call, so a file renewed by another tool is picked up.

    After a 401, :meth:`refresh` re-reads the file and asks for a retry only if it changed.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self._value: str | None = None

    def _read(self) -> str | None:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise ApiError(ErrorKind.NO_TOKEN, f"Cannot read the token file {self.path}: "
                           f"{reason}.") from None
        if text.lower().startswith("bearer "):
            text = text[7:].strip()
        return text or None

    async def token(self) -> str | None:
        self._value = self._read()
        if self._value is None:
            raise ApiError(ErrorKind.NO_TOKEN, f"The token file {self.path} is empty.")
        return self._value

    async def refresh(self) -> bool:
        before = self._value
        return self._read() not in (None, before)

    def describe(self) -> str:
        return _label(f"--token-file {self.path}", self._value)

    def identity_hint(self) -> str | None:
        try:
            value = self._value or self._read()
        except ApiError:
            return None
        return token_identity(value) if value else None

    def __repr__(self) -> str:
        return f"TokenFile({str(self.path)!r})"


class NoToken:
    """Nothing configured: every call fails with NO_TOKEN (its hint says how to sign in)."""

    async def token(self) -> str | None:
        return None

    async def refresh(self) -> bool:
        return False

    def describe(self) -> str:
        return "not signed in"

    def identity_hint(self) -> str | None:
        return None

    def __repr__(self) -> str:
        return "NoToken()"
