"""Who may use ``itwin-tui serve``: the secret in the URL printed at start, then a cookie.

As Jupyter does: a random token is printed once, in the URL to open. The first visit with it
gets a cookie (HttpOnly, SameSite=Lax, named for the port, since cookies are shared between
the ports of a host) and is redirected to the same page without the token, so the token
leaves the address bar and the history. The page, the session websocket and downloads all
need the token or the cookie; anything else is refused with 403 before an app is started.
The websocket also refuses a browser page of another origin (cross-site websocket hijacking).

Only textual-serve's public API is used: :class:`GuardedServer` overrides the request
handlers, the start-up and shutdown hooks and the logging set-up its ``Server`` documents as
overridable. Its shutdown ends the sessions promptly (``tui.commands.serve_stop``).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from aiohttp.web_runner import GracefulExit
from textual_serve.server import Server

from tui.commands.serve_stop import children_reaped, end_sessions
from tui.signals import exit_status, on_stop_signals

COOKIE_PREFIX = "itwin-tui-serve-"
REFUSED = ("403 Forbidden: open the address itwin-tui serve printed when it started "
           "(the one ending in ?token=…).\n")
WRONG_ORIGIN = "403 Forbidden: this session belongs to a page of another site.\n"


@dataclass(frozen=True, slots=True)
class Secret:
    """The token printed at start and the cookie value given in exchange for it."""

    port: int
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)

    @property
    def cookie_name(self) -> str:
        return f"{COOKIE_PREFIX}{self.port}"

    def token_ok(self, request: web.Request) -> bool:
        given = request.query.get("token")
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def allows(self, request: web.Request) -> bool:
        """The request carries the token or the cookie."""
        cookie = request.cookies.get(self.cookie_name)
        if cookie is not None and hmac.compare_digest(cookie.encode(), self.cookie.encode()):
            return True
        return self.token_ok(request)

    def redact(self, text: str) -> str:
        return text.replace(self.token, "…").replace(self.cookie, "…")


def same_origin(request: web.Request) -> bool:
    """No ``Origin`` (not a browser page), or one naming this very host and port."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc.lower() == request.host.lower()


class _Redact(logging.Filter):
    """Takes the secrets out of every log record (aiohttp's access log shows query strings)."""

    def __init__(self, secret: Secret) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.secret.redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


class GuardedServer(Server):
    """textual-serve's server with the token check; ``secret=None`` is ``--no-auth``."""

    def __init__(self, command: str, *, host: str, port: int, public_url: str,
                 secret: Secret | None) -> None:
        super().__init__(command, host=host, port=port, title="itwin-tui", public_url=public_url)
        self.secret = secret
        self.sessions: set[asyncio.Task[Any]] = set()
        self.stopped_by: int | None = None

    @property
    def exit_status(self) -> int:
        """0 after Ctrl+C; 128 + the signal's number after SIGTERM or SIGHUP."""
        return 0 if self.stopped_by is None else exit_status(self.stopped_by)

    @property
    def start_url(self) -> str:
        """The address to open: with the token, unless auth is off."""
        query = f"?{urlencode({'token': self.secret.token})}" if self.secret else ""
        return f"{self.public_url}/{query}"

    def initialize_logging(self) -> None:
        super().initialize_logging()
        if self.secret is not None:
            for handler in logging.getLogger().handlers:
                handler.addFilter(_Redact(self.secret))

    async def on_startup(self, app: web.Application) -> None:
        """Print the one line with the address to open (the token's only appearance)."""
        print(f"itwin-tui serve: open {self.start_url} in a browser", flush=True)
        print("Each browser tab runs its own app. Press Ctrl+C to stop.", flush=True)
        on_stop_signals(self._stop)

    def _stop(self, signum: int) -> None:
        """SIGTERM/SIGHUP: stop as Ctrl+C does, remembering the signal for the exit status."""
        self.stopped_by = signum
        raise GracefulExit

    async def on_shutdown(self, app: web.Application) -> None:
        """End the open sessions (each app quits as ``q`` does), then wait for the apps."""
        await end_sessions(self.sessions)
        await children_reaped()

    def _guard(self, request: web.Request) -> None:
        if self.secret is not None and not self.secret.allows(request):
            raise web.HTTPForbidden(text=REFUSED)

    async def handle_index(self, request: web.Request) -> Any:
        self._guard(request)
        if self.secret is not None and "token" in request.query:
            # Trade the token for a cookie, and take it out of the address bar.
            rest = [(k, v) for k, v in request.query.items() if k != "token"]
            moved = web.HTTPSeeOther(location=f"{request.path}?{urlencode(rest)}"
                                     if rest else request.path)
            self._set_cookie(moved)
            raise moved
        return await super().handle_index(request)

    def _set_cookie(self, response: web.StreamResponse) -> None:
        assert self.secret is not None
        response.set_cookie(self.secret.cookie_name, self.secret.cookie, path="/",
                            httponly=True, samesite="Lax")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not same_origin(request):
            raise web.HTTPForbidden(text=WRONG_ORIGIN)
        self._guard(request)
        session = asyncio.current_task()
        if session is not None:
            self.sessions.add(session)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(session)  # type: ignore[arg-type]

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        self._guard(request)
        return await super().handle_download(request)

