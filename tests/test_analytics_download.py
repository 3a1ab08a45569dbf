"""The analytics download's guarantees, against the fake API over loopback HTTP.

Every download is streamed through httpx (the transport of every request): headers as any
request's, auth refresh and 429 retries, byte-exact bodies with progress, truncation, disk
full, cancellation, redirects, compression, timeouts and proxies.
"""

from __future__ import annotations

import asyncio
import errno
import gzip
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from download_helpers import JAN, PATH, listing, part_written

from tui.core.analytics import download_analytics
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.files import Destination
from tui.core.transport import ACCEPT
from tui.core.version import USER_AGENT
from tui.fake import (
    DEMO_TOKEN,
    RESTRICTED_TOKEN,
    FakeApi,
    FakeData,
    FakeResponse,
    FakeTransport,
    serve,
)

CSV_HEADERS = [("Content-Type", "text/csv"),
               ("Content-Disposition", 'attachment; filename="t.csv"')]


def _downloads(api: FakeApi) -> list:
    return [r for r in api.requests if r.path == PATH]


async def test_the_download_sends_what_every_request_sends(client: ItwinClient, server,
                                                          tmp_path: Path) -> None:
    await client.brands().next_page()  # a page, for comparison
    saved = await download_analytics(client, *JAN, Destination(tmp_path))
    assert saved.path.read_bytes() == server.api.data.analytics.body(*JAN)
    (page,) = [r for r in server.api.requests if r.path == "/library/brands"]
    (request,) = _downloads(server.api)
    for name in ("accept", "user-agent", "authorization", "accept-encoding"):
        assert request.headers[name] == page.headers[name]
    assert request.headers["accept"] == ACCEPT and request.headers["user-agent"] == USER_AGENT
    assert request.headers["authorization"] == f"Bearer {DEMO_TOKEN}"


async def test_chunked_body_is_saved_byte_exact_with_progress_on_the_loop(
        tmp_path: Path) -> None:
    data = FakeData(300, analytics_bytes=3_000_000)
    expected = b"".join(data.analytics.stream(*JAN, 3_000_000))
    seen: list[tuple[int, int | None, int]] = []
    with serve(FakeApi(data)) as srv:
        async with ItwinClient(srv.base_url, DEMO_TOKEN) as client:
            async with client.analytics_download("2026-01-01T00:00:00.000Z",
                                                 "2026-01-31T23:59:59.999Z") as stream:
                assert stream.total is None  # chunked: no Content-Length
            saved = await download_analytics(
                client, *JAN, Destination(tmp_path),
                on_progress=lambda n, total: seen.append((n, total, threading.get_ident())))
        requests = _downloads(srv.api)
    assert len(expected) >= 3_000_000
    assert saved.path.read_bytes() == expected and saved.size == len(expected)
    assert len(requests) == 2  # the stream opened above, and the download
    assert seen and seen[-1][:2] == (len(expected), None)
    assert [n for n, _, _ in seen] == sorted(n for n, _, _ in seen)
    assert {ident for _, _, ident in seen} == {threading.get_ident()}


async def test_chunks_read_the_whole_body(client: ItwinClient,
                                                           server) -> None:
    async with client.analytics_download("2026-01-01T00:00:00.000Z",
                                         "2026-01-31T23:59:59.999Z") as stream:
        body = b"".join([chunk async for chunk in stream.chunks()])
    assert body == server.api.data.analytics.body(*JAN) and stream.total == len(body)


class _Rotating:
    """A token source whose token is rejected until refreshed."""

    def __init__(self) -> None:
        self.value = "old"

    async def token(self) -> str | None:
        return self.value

    async def refresh(self) -> bool:
        self.value = "new"
        return True

    def describe(self) -> str:
        return "test"


async def test_401_refreshes_the_token_once_and_retries(tmp_path: Path) -> None:
    api = FakeApi(FakeData(), valid_tokens={"new"})
    with serve(api) as srv:
        async with ItwinClient(srv.base_url, _Rotating()) as client:
            saved = await download_analytics(client, *JAN, Destination(tmp_path))
    first, second = _downloads(api)
    assert first.headers["authorization"] == "Bearer old"
    assert second.headers["authorization"] == "Bearer new"
    assert saved.path.read_bytes() == api.data.analytics.body(*JAN)


async def test_429_honours_retry_after_then_succeeds(client: ItwinClient, server,
                                                     tmp_path: Path) -> None:
    server.api.faults.add(path_prefix=PATH, status=429, headers={"Retry-After": "0"}, times=2)
    saved = await download_analytics(client, *JAN, Destination(tmp_path))
    assert len(_downloads(server.api)) == 3
    assert saved.path.read_bytes() == server.api.data.analytics.body(*JAN)


async def test_429_beyond_the_wait_limit_is_an_error(client: ItwinClient, server,
                                                     tmp_path: Path) -> None:
    server.api.faults.add(path_prefix=PATH, status=429, headers={"Retry-After": "120"})
    with pytest.raises(ApiError) as caught:
        await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.RATE_LIMITED and caught.value.retry_after == 120
    assert len(_downloads(server.api)) == 1 and listing(tmp_path) == []


async def test_403_and_422_come_through_with_their_details(server, tmp_path: Path) -> None:
    async with ItwinClient(server.base_url, RESTRICTED_TOKEN) as restricted:
        with pytest.raises(ApiError) as forbidden:
            await download_analytics(restricted, *JAN, Destination(tmp_path))
    assert forbidden.value.status == 403
    assert "View Analytics" in forbidden.value.human()
    async with ItwinClient(server.base_url, DEMO_TOKEN) as client:
        with pytest.raises(ApiError) as invalid:
            async with client.analytics_download("2026-01-01", "2026-01-31T23:59:59.999Z"):
                pass
    assert invalid.value.status == 422 and invalid.value.targets == ["startDate"]
    assert "Parameter 'startDate' format is incorrect" in invalid.value.human()
    assert listing(tmp_path) == []


def _broken_chunked(req) -> FakeResponse:
    """A chunked body that stops after one chunk (the server hangs up, no last chunk)."""
    def body() -> Iterator[bytes]:
        yield b"a,b\n" + b"1,2\n" * 1000
        raise ConnectionResetError  # the fake server closes the connection
    return FakeResponse(200, [*CSV_HEADERS, ("Connection", "close")], body())


def _short(req) -> FakeResponse:
    """Claims 100 000 bytes, sends 8 and hangs up."""
    return FakeResponse(200, [*CSV_HEADERS, ("Content-Length", "100000"),
                              ("Connection", "close")], iter([b"a,b\n1,2\n"]))


@pytest.mark.parametrize("handler", [_short, _broken_chunked])
async def test_truncated_body_leaves_nothing(client: ItwinClient, server, tmp_path: Path,
                                             handler) -> None:
    server.api.route("GET", PATH, handler)
    with pytest.raises(ApiError) as caught:
        await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.CONNECTION
    assert caught.value.message == ("The download was interrupted: the connection closed "
                                    "before the whole file arrived")
    assert listing(tmp_path) == []


async def test_disk_full_mid_download_is_a_disk_error(
        client: ItwinClient, server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell file descriptors apart")

    def full_disk(real):  # ENOSPC for files in tmp_path only
        def write(fd: int, data) -> int:
            if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(fd, data)
        return write

    monkeypatch.setattr(os, "write", full_disk(os.write))
    with pytest.raises(ApiError) as caught:
        await download_analytics(client, *JAN, Destination(tmp_path))
    monkeypatch.undo()
    assert caught.value.kind is ErrorKind.DISK and "disk is full" in caught.value.message
    assert listing(tmp_path) == []


async def test_cancel_stops_the_download_at_once_and_leaves_nothing(
        client: ItwinClient, server, tmp_path: Path, stalling_download: threading.Event) -> None:
    task = asyncio.create_task(download_analytics(client, *JAN, Destination(tmp_path)))
    for _ in range(500):  # until the first chunk is on disk (bounded)
        if part_written(tmp_path):
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError("the download never started writing")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert listing(tmp_path) == []
    # The server sends nothing more for 30 s: the cancel did not wait for it.
    assert not stalling_download.is_set()


async def test_a_redirect_is_not_followed_and_the_token_stays_home(
        client: ItwinClient, server, tmp_path: Path) -> None:
    other_api = FakeApi(server.api.data)
    with serve(other_api) as other:
        server.api.faults.add(path_prefix=PATH, status=302, body=b"",
                              headers={"Location": f"{other.base_url}{PATH}"})
        with pytest.raises(ApiError) as caught:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.status == 302 and caught.value.kind is ErrorKind.REDIRECT
    assert other_api.requests == []
    assert listing(tmp_path) == []


async def test_a_compressed_answer_is_decoded_with_one_request(
        client: ItwinClient, server, tmp_path: Path) -> None:
    csv = b"a,b\n" + b"1,2\n" * 100
    server.api.faults.add(path_prefix=PATH, status=200, body=gzip.compress(csv),
                          headers={"Content-Encoding": "gzip", "Content-Type": "text/csv"})
    seen: list[tuple[int, int | None]] = []
    saved = await download_analytics(client, *JAN, Destination(tmp_path),
                                     on_progress=lambda n, total: seen.append((n, total)))
    assert saved.path.read_bytes() == csv and saved.size == len(csv)
    assert len(_downloads(server.api)) == 1  # never sent a second time
    assert seen[-1] == (len(csv), None)  # Content-Length counts gzip bytes: no total


async def test_timeout_waiting_for_the_answer(server, tmp_path: Path) -> None:
    server.api.faults.add(path_prefix=PATH, status=200, body=b"a\n", delay=2.0)
    async with ItwinClient(server.base_url, DEMO_TOKEN, timeout=0.2) as client:
        with pytest.raises(ApiError) as caught:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.TIMEOUT and listing(tmp_path) == []


async def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with ItwinClient(f"http://127.0.0.1:{port}", DEMO_TOKEN) as client:
        with pytest.raises(ApiError) as caught:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.CONNECTION
    assert caught.value.message.startswith(f"Cannot reach http://127.0.0.1:{port}")


# -- what lies between ------------------------------------------------------------------------


async def test_an_injected_transport_carries_the_download(tmp_path: Path) -> None:
    api = FakeApi(FakeData())
    async with ItwinClient("https://api.example.test", DEMO_TOKEN,
                           transport=FakeTransport(api)) as client:
        saved = await download_analytics(client, *JAN, Destination(tmp_path))
    assert saved.path.read_bytes() == api.data.analytics.body(*JAN)
    assert len(_downloads(api)) == 1


async def test_with_a_proxy_the_download_goes_to_the_proxy(
        server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as s:  # a proxy that is not there: httpx must try it and fail
        s.bind(("127.0.0.1", 0))
        proxy = f"http://127.0.0.1:{s.getsockname()[1]}"
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", proxy)
    async with ItwinClient(server.base_url, DEMO_TOKEN) as client:
        with pytest.raises(ApiError) as caught:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.CONNECTION
    assert _downloads(server.api) == []  # nothing went straight to the API
