"""A GET on the standard library's ``http.client`` in a worker thread, for big bodies.

httpx (h11, httpcore) handles a body in pure Python at ~400 MB/s on loopback, half of what
``curl -o`` does; ``http.client`` in a thread that also writes the file keeps pace with curl.
The client uses this for the analytics CSV only, and only where it is equivalent to httpx: no
injected transport and no proxy (httpx honours proxies from the environment; this does not).
TLS is verified with httpx's own default context; the timeouts are the client's.

Each response has its own connection and worker thread, which runs the blocking steps one
after another. :meth:`DirectResponse.copy_into` reads and writes in that thread, like curl,
writing what has arrived as it arrives; the event loop only hears about progress.
:meth:`DirectResponse.aclose` stops at once: it shuts the socket down, which wakes a blocked
read, and the thread closes the connection when its current step returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import socket
import ssl
import sys
import time
import urllib.request
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import TypeVar
from urllib.parse import urlsplit

from tui.core.files import write_all

#: Largest single read from the socket (a read returns what has arrived, up to this).
READ_SIZE = 256 * 1024
#: Largest single write to the file (pieces that arrived together are written at once).
WRITE_SIZE = 1 << 20
#: Bytes waiting on the socket that make sure the next read will not block: in a chunked body
#: it may first need a chunk header, a few bytes, so "anything waiting" is not enough.
ENOUGH_WAITING = 1024
#: Seconds between progress reports: each wakes the event loop, which costs the reader time.
REPORT_EVERY = 0.05

T = TypeVar("T")


def goes_direct(url: str) -> bool:
    """True when httpx would connect straight to ``url``'s host: http(s) and no proxy from the
    environment (or the system settings ``urllib`` reads) applies to it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return False
    proxies = urllib.request.getproxies()
    if not (proxies.get(parts.scheme) or proxies.get("all")):
        return True
    return bool(urllib.request.proxy_bypass(parts.netloc))


@cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default verification (certifi, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``)."""
    import httpx

    context = httpx.create_ssl_context()
    context.set_alpn_protocols(["http/1.1"])
    return context


async def open_direct(url: str, headers: Mapping[str, str], *, connect_timeout: float,
                      read_timeout: float) -> DirectResponse:
    """Send ``GET url`` with exactly ``headers`` and wait for the response head.

    Raises ``TimeoutError``, ``OSError`` (``ssl.SSLError`` included) or
    ``http.client.HTTPException``; the caller turns them into its own errors.
    """
    response = DirectResponse(url, connect_timeout, read_timeout)
    try:
        await response._run(lambda: response._open(dict(headers)))
    except BaseException:
        response.close()
        raise
    return response


def _waiting(sock: socket.socket) -> Callable[[], int]:
    """A probe for how many bytes have arrived on ``sock`` and wait to be read (0 where the
    system cannot tell: Windows)."""
    try:
        import fcntl
        import termios
    except ImportError:
        return lambda: 0
    fd = sock.fileno()
    probe = bytes(4)

    def waiting() -> int:
        try:
            return int.from_bytes(fcntl.ioctl(fd, termios.FIONREAD, probe), sys.byteorder)
        except OSError:
            return 0

    return waiting


def _write_batch(fd: int, pieces: list[bytes], size: int) -> None:
    """Write ``pieces`` (``size`` bytes in all) with one system call where possible: joining
    them would cost a fresh buffer each time. (Batches of several pieces only happen where
    ``_waiting`` works, which is where ``os.writev`` exists.)"""
    written = os.writev(fd, pieces) if len(pieces) > 1 else os.write(fd, pieces[0])
    if written < size:
        write_all(fd, b"".join(pieces)[written:])


class ReadFailure(Exception):
    """Reading the body failed (``__cause__`` says how) — as opposed to writing it."""


class DirectResponse:
    """One GET on its own connection: ``status_code``, ``headers``, then the body once."""

    def __init__(self, url: str, connect_timeout: float, read_timeout: float) -> None:
        parts = urlsplit(url)
        self._target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            self._conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname or "", parts.port, timeout=connect_timeout,
                context=_tls_context())
        else:
            self._conn = http.client.HTTPConnection(parts.hostname or "", parts.port,
                                                    timeout=connect_timeout)
        self._read_timeout = read_timeout
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="itwin-tui-download")
        self._sock: socket.socket | None = None
        self._response: http.client.HTTPResponse | None = None
        self.status_code = 0
        self.headers: http.client.HTTPMessage = http.client.HTTPMessage()
        self._stopped = False
        self._received = 0  # bytes copied so far, for progress reports
        self._reporting = False  # a progress report is queued on the event loop

    async def _run(self, step: Callable[[], T]) -> T:
        """Run ``step`` in this response's thread (steps run one after another)."""
        return await asyncio.wrap_future(self._pool.submit(step))

    def _open(self, headers: dict[str, str]) -> None:  # worker thread
        self._conn.connect()
        self._sock = self._conn.sock
        if self._stopped:  # closed while connecting: close() did not see the socket
            raise ConnectionAbortedError("the download was cancelled")
        self._conn.sock.settimeout(self._read_timeout)
        self._conn.request("GET", self._target, headers=headers)
        response = self._conn.getresponse()
        self._response = response
        self.status_code = response.status
        self.headers = response.headers

    async def aread(self) -> bytes:
        """The whole body, for (small) error responses; empty if it cannot be read."""
        response = self._response
        assert response is not None
        try:
            return await self._run(response.read)
        except (OSError, http.client.HTTPException):
            return b""

    def _read(self) -> bytes:  # worker thread
        """The next bytes of the body that have arrived; ``b""`` at its end."""
        response = self._response
        assert response is not None
        try:
            piece = response.read1(READ_SIZE)
        except http.client.IncompleteRead:
            raise ReadFailure from ConnectionResetError(
                "the connection closed before the whole file arrived")
        except (OSError, http.client.HTTPException) as exc:
            raise ReadFailure from exc
        if not piece and response.length:  # Content-Length not reached
            raise ReadFailure from ConnectionResetError(
                f"the connection closed with {response.length:,} bytes still to come")
        return piece

    async def aiter_bytes(self) -> AsyncIterator[bytes]:
        """The body as it arrives (one trip to the thread per read: for small bodies);
        transport failures are :class:`ReadFailure`."""
        while piece := await self._run(self._read):
            yield piece

    async def copy_into(self, fd: int, progress: Callable[[int], None]) -> int:
        """Write the whole body into ``fd`` and return its size: read and written in the
        worker thread, ``progress(bytes so far)`` called on the event loop as it goes.

        Failures to read are :class:`ReadFailure`; ``OSError`` is a failure to write. The
        thread writes through its own duplicate of ``fd``, so the caller may close ``fd`` as
        soon as this returns or is cancelled (cancelling also stops the download).
        """
        loop = asyncio.get_running_loop()
        own = os.dup(fd)
        try:
            future = self._pool.submit(self._copy, own, loop, progress)
        except BaseException:
            os.close(own)
            raise
        try:
            received = await asyncio.wrap_future(future)
        except BaseException:
            self.close()
            raise
        progress(received)
        return received

    def _copy(self, fd: int, loop: asyncio.AbstractEventLoop,
              progress: Callable[[int], None]) -> int:  # worker thread
        """Read pieces as they arrive and write them in batches of up to ``WRITE_SIZE``: a
        batch is written as soon as the next read might have to wait."""
        assert self._sock is not None
        waiting = _waiting(self._sock)
        batch: list[bytes] = []
        size = 0
        next_report = 0.0
        try:
            while True:
                piece = self._read()
                batch.append(piece)
                size += len(piece)
                if piece and size < WRITE_SIZE and waiting() >= ENOUGH_WAITING:
                    continue
                if size:
                    _write_batch(fd, batch, size)
                    self._received += size
                batch.clear()
                size = 0
                if not piece:
                    return self._received
                if self._stopped:
                    raise ReadFailure from ConnectionAbortedError("the download was stopped")
                now = time.monotonic()
                if now >= next_report and not self._reporting:
                    self._reporting = True
                    next_report = now + REPORT_EVERY
                    loop.call_soon_threadsafe(self._report, progress)
        finally:
            os.close(fd)

    def _report(self, progress: Callable[[int], None]) -> None:  # event loop
        self._reporting = False
        if not self._stopped:
            progress(self._received)

    async def aclose(self) -> None:
        self.close()

    def close(self) -> None:
        """Stop now (idempotent): a blocked read is woken by shutting the socket down, and the
        worker thread closes the connection once its current step has returned."""
        if self._stopped:
            return
        self._stopped = True
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # plain TCP, even under TLS
        self._pool.submit(self._release)
        self._pool.shutdown(wait=False)

    def _release(self) -> None:  # worker thread, after every other step
        if self._response is not None:
            self._response.close()
        self._conn.close()
