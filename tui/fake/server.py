"""A real HTTP/1.1 server for a ``FakeApi`` on loopback, running in a background thread.

Document files are served by a second server on another port (another origin), as a
storage host would be: the API's JSON links to it with pre-signed URLs.
"""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tui.fake.api import FakeApi
from tui.fake.responses import FakeResponse, HandleFn

_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "itwin-fake/1.0"
    sys_version = ""
    timeout = 60  # idle keep-alive connections are closed after this
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid 40 ms stalls
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no request log on stderr."""

    def _read_body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                parts.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(parts)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _serve(self) -> None:
        body = self._read_body()
        host = self.headers.get("Host") or self.server.authority
        resp = self.server.handle(self.command, f"http://{host}{self.path}",
                                  dict(self.headers.items()), body)
        if resp.delay:
            time.sleep(resp.delay)
        try:
            if resp.trickle:
                self._trickle(resp)
            else:
                self._respond(resp)
        except _DISCONNECTS:
            self.close_connection = True
        finally:
            close = getattr(resp.body, "close", None)
            if close is not None:
                close()

    def _respond(self, resp: FakeResponse) -> None:
        """Send ``resp``: a whole body, or a streamed one (chunked without a length)."""
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        if isinstance(resp.body, bytes):
            if resp.header("Content-Length") is None:
                self.send_header("Content-Length", str(len(resp.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(resp.body)
            return
        chunked = resp.header("Content-Length") is None
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for chunk in resp.body:
            if not chunk:
                continue
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                self.wfile.write(chunk)
            if resp.chunk_delay:
                time.sleep(resp.chunk_delay)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _trickle(self, resp: FakeResponse) -> None:
        """Send ``resp`` one byte every ``resp.trickle`` seconds (the head at once unless
        ``resp.trickle_head``): a server that never stalls long enough for a read timeout."""
        body = b"" if self.command == "HEAD" else resp.content()
        headers = list(resp.headers)
        if resp.header("Content-Length") is None:
            headers.append(("Content-Length", str(len(body))))
        reason = self.responses.get(resp.status, ("",))[0]
        lines = [f"{self.protocol_version} {resp.status} {reason}"]
        lines += [f"{name}: {value}" for name, value in headers]
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.close_connection = True
        if not resp.trickle_head:
            self.wfile.write(head)
            head = b""
        for byte in head + body:
            self.wfile.write(bytes((byte,)))
            time.sleep(resp.trickle)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, handle: HandleFn, host: str, port: int) -> None:
        self.handle = handle
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)
        shown = f"[{host}]" if ":" in host else host
        self.authority = f"{shown}:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up mid-response are normal in tests; stay quiet."""


def _start(server: _Server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name=f"fake-itwin-{server.server_address[1]}", daemon=True)
    thread.start()
    return thread


class RunningServer:
    """A started server; also a context manager that stops it on exit.

    ``storage_url`` is the second server (same host, another port) that serves document
    files; ``api.storage.base_url`` is set to it, so the API's links point there.
    """

    def __init__(self, api: FakeApi, host: str = "127.0.0.1", port: int = 0) -> None:
        self.api = api
        self._server = _Server(api.handle, host, port)
        self._storage = _Server(api.storage.handle, host, 0)
        self.host = host
        self.port: int = self._server.server_address[1]
        self.base_url = f"http://{self._server.authority}"
        self.storage_url = f"http://{self._storage.authority}"
        api.storage.base_url = self.storage_url
        self._threads = [_start(self._server), _start(self._storage)]
        self._stopped = False

    def stop(self) -> None:
        """Stop serving and close the listening sockets (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        for server in (self._server, self._storage):
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()


def serve(api: FakeApi | None = None, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Start serving ``api`` (a default one if None) on ``host:port`` (0 = a free port).

    Use as ``with serve(api) as running: ... running.base_url``, or call ``stop()``.
    """
    return RunningServer(api if api is not None else FakeApi(), host, port)
