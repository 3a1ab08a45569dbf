"""The loopback redirect receiver of a browser sign-in: one callback on 127.0.0.1, then done."""

from __future__ import annotations

import asyncio
import contextlib
import html
import secrets
from urllib.parse import parse_qsl, urlsplit

from tui.core.signin import NATIVE_APP_SCOPES

_MAX_LINE = 8192
_MAX_HEADERS = 100

_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>itwin-tui</title></head>
<body style="font-family:sans-serif;margin:3em"><h1>{title}</h1><p>{text}</p></body></html>"""


class LoginError(Exception):
    """A browser sign-in that did not complete; the message says why, the hint what to do."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def human(self) -> str:
        return f"{self.message}\n{self.hint}" if self.hint else self.message


def parse_redirect_uri(uri: str) -> tuple[int, str]:
    """(port, path) of an ``http://localhost:PORT/path`` redirect URI; else :class:`LoginError`."""
    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1") or not port:
        raise LoginError(f"The redirect URI {uri!r} is not a loopback address.",
                         "Use http://localhost:PORT/path (the one registered for the app), "
                         "e.g. http://localhost:3301/signin-callback.")
    return port, parts.path or "/"


class RedirectReceiver:
    """Listens on 127.0.0.1 only until the redirect arrives, validating ``state``.

    Use as ``async with RedirectReceiver(uri, state) as rx: code = await rx.wait(timeout)``.
    Requests for other paths (``/favicon.ico``) get a 404 and do not end the wait.
    """

    def __init__(self, redirect_uri: str, expected_state: str) -> None:
        self.redirect_uri = redirect_uri
        self.port, self.path = parse_redirect_uri(redirect_uri)
        self._state = expected_state
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[str] | None = None

    async def __aenter__(self) -> RedirectReceiver:
        self._result = asyncio.get_running_loop().create_future()
        try:
            self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        except OSError as exc:
            raise LoginError(f"Cannot listen on 127.0.0.1:{self.port} for the sign-in redirect: "
                             f"{exc.strerror or exc}.",
                             "Close whatever uses that port (another itwin-tui login?) or pass "
                             "--redirect-uri with a port registered for the app.") from None
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 2)

    @property
    def addresses(self) -> list[tuple[str, int]]:
        """(host, port) of every listening socket (only ever 127.0.0.1)."""
        sockets = self._server.sockets if self._server is not None else ()
        return [sock.getsockname()[:2] for sock in sockets]

    async def wait(self, timeout: float) -> str:
        """The authorization code; :class:`LoginError` on timeout, error or wrong state."""
        assert self._result is not None, "use RedirectReceiver as an async context manager"
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except TimeoutError:
            raise LoginError(f"No sign-in arrived at {self.redirect_uri} within {timeout:g} s.",
                             "Run itwin-tui login again and finish signing in in the browser."
                             ) from None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            target = await self._read_request(reader)
            status, title, text = self._answer(target)
            body = _PAGE.format(title=html.escape(title), text=html.escape(text)).encode()
            writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                         f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\n"
                         "Connection: close\r\n\r\n".encode() + body)
            await writer.drain()
        except (OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    @staticmethod
    async def _read_request(reader: asyncio.StreamReader) -> str | None:
        line = await asyncio.wait_for(reader.readline(), 10)
        if len(line) > _MAX_LINE:
            return None
        parts = line.decode("latin-1").split()
        for _ in range(_MAX_HEADERS):
            header = await asyncio.wait_for(reader.readline(), 10)
            if header in (b"\r\n", b"\n", b""):
                break
        return parts[1] if len(parts) == 3 and parts[0] == "GET" else None

    def _answer(self, target: str | None) -> tuple[str, str, str]:
        """(status line, page title, page text), settling the result for the redirect path."""
        assert self._result is not None
        parts = urlsplit(target or "")
        if target is None or parts.path != self.path or self._result.done():
            return "404 Not Found", "Not found", "This address only receives the sign-in."
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        error = self._problem(query)
        if error is not None:
            self._result.set_exception(error)
            return "400 Bad Request", "Sign-in failed", error.message
        self._result.set_result(query["code"])
        return ("200 OK", "Signed in",
                "You can close this tab and return to the terminal.")

    def _problem(self, query: dict[str, str]) -> LoginError | None:
        if "error" in query:
            description = query.get("error_description")
            detail = f": {description.rstrip('.')}" if description else ""
            return LoginError(f"The sign-in service reported {query['error']}{detail}.",
                              "Check that the app is a Desktop/Mobile app with this redirect "
                              f"URI and the scopes {NATIVE_APP_SCOPES}, then run itwin-tui "
                              "login again.")
        if not secrets.compare_digest(query.get("state", "").encode(), self._state.encode()):
            return LoginError("The sign-in redirect carried the wrong state value; it was "
                              "ignored and no token was requested.",
                              "This can mean another page tried to inject a sign-in. "
                              "Run itwin-tui login again.")
        if not query.get("code"):
            return LoginError("The sign-in redirect carried no authorization code.")
        return None
