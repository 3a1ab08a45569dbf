"""``FakeTransport``: serve a ``FakeApi`` to httpx in-process, with no socket (demo mode)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterable, Iterator

import httpx

from tui.fake.api import FakeApi
from tui.fake.responses import FakeResponse, HandleFn


class _AsyncChunks(httpx.AsyncByteStream):
    def __init__(self, chunks: Iterable[bytes], delay: float) -> None:
        self._chunks = chunks
        self._delay = delay

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for chunk in self._chunks:
            yield chunk
            # Yield to the event loop between chunks so a big download never starves the UI.
            await asyncio.sleep(self._delay)

    async def aclose(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


class _SyncChunks(httpx.SyncByteStream):
    def __init__(self, chunks: Iterable[bytes], delay: float) -> None:
        self._chunks = chunks
        self._delay = delay

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._chunks:
            yield chunk
            if self._delay:
                time.sleep(self._delay)

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


def _response(resp: FakeResponse, request: httpx.Request, *, sync: bool) -> httpx.Response:
    if resp.trickle:  # a byte at a time (the head cannot trickle without a socket)
        resp.body = [bytes((b,)) for b in resp.content()]
        resp.chunk_delay = resp.trickle
    if isinstance(resp.body, bytes):
        stream: httpx.AsyncByteStream | httpx.SyncByteStream = httpx.ByteStream(resp.body)
    elif sync:
        stream = _SyncChunks(resp.body, resp.chunk_delay)
    else:
        stream = _AsyncChunks(resp.body, resp.chunk_delay)
    return httpx.Response(resp.status, headers=resp.headers, stream=stream, request=request,
                          extensions={"http_version": b"HTTP/1.1"})


class FakeTransport(httpx.AsyncBaseTransport, httpx.BaseTransport):
    """Works with both ``httpx.AsyncClient`` and ``httpx.Client``.

    Async: the handler runs in a worker thread and latency is ``asyncio.sleep``, so the event
    loop stays responsive. Sync: latency is ``time.sleep``. Requests to the storage host
    (``api.storage.base_url``) are answered by ``api.storage``, every other one by ``api``.
    """

    def __init__(self, api: FakeApi) -> None:
        self.api = api

    def _handler(self, request: httpx.Request) -> HandleFn:
        storage = self.api.storage
        return storage.handle if storage.owns(str(request.url)) else self.api.handle

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        resp = await asyncio.to_thread(self._handler(request), request.method,
                                       str(request.url), request.headers, body)
        if resp.delay:
            await asyncio.sleep(resp.delay)
        return _response(resp, request, sync=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        resp = self._handler(request)(request.method, str(request.url), request.headers, body)
        if resp.delay:
            time.sleep(resp.delay)
        return _response(resp, request, sync=True)
