"""Where the bearer token comes from.

The client asks a :class:`TokenSource` for a token before each call and, after a 401,
asks it to refresh once.
"""

from __future__ import annotations

from typing import Protocol


class TokenSource(Protocol):
    async def token(self) -> str | None:
        """A currently valid access token, or ``None`` when there is none."""

    async def refresh(self) -> bool:
        """Try to obtain a new token after a 401; ``True`` when a retry makes sense."""

    def describe(self) -> str:
        """Who is signed in and until when, for the UI (never the token itself)."""


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
        return f"token from {self.origin}" if self._value else "not signed in"

    def __repr__(self) -> str:  # never show the secret
        return f"StaticToken({'set' if self._value else 'empty'})"
