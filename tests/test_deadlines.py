"""Overall deadlines (issue 20, item 7): a server that trickles its headers or body a byte at
a time never trips a per-read timeout, so every request has a deadline for the whole answer.
Short deadlines here; the defaults are minutes."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from download_helpers import JAN, PATH, listing

from tui.cli import main
from tui.config import Settings
from tui.core.analytics import download_analytics
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.files import Destination
from tui.core.limits import DOWNLOAD_DEADLINE, MAX_ROWS, REQUEST_DEADLINE
from tui.core.oauth import ClientCredentials, TokenEndpoint
from tui.fake import DEMO_TOKEN
from tui.fake import hostile as H
from tui.fake.oauth import SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, FakeIms
from tui.services import build_client

DEADLINE = 0.5
#: A byte every 20 ms: each read is quick, the whole answer takes many seconds.
TRICKLE = 0.02


@pytest.mark.parametrize("head", [True, False], ids=["headers", "body"])
async def test_a_trickled_page_times_out_at_the_deadline(server, head: bool) -> None:
    H.trickle(server.api, TRICKLE, head=head)
    async with ItwinClient(server.base_url, DEMO_TOKEN, timeout=5, deadline=DEADLINE) as client:
        started = time.monotonic()
        with pytest.raises(ApiError) as info:
            await client.components().next_page()
    assert info.value.kind is ErrorKind.TIMEOUT
    assert "within 0.5 s" in info.value.message
    assert time.monotonic() - started < 3


async def test_a_timed_out_page_is_served_from_the_cache(server, tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    async with ItwinClient(server.base_url, DEMO_TOKEN, deadline=DEADLINE,
                           cache=cache) as client:
        fresh = await client.components().next_page()
        H.trickle(server.api, TRICKLE, head=True)
        again = await client.components().next_page(refresh=True)
    assert again.stale and again.stale_because == "timed out"
    assert [c.id for c in again.items] == [c.id for c in fresh.items]


async def test_the_sign_in_service_has_a_deadline_too(server) -> None:
    FakeIms(server.api)
    H.trickle(server.api, TRICKLE, head=True, path="/connect/token")
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               TokenEndpoint(server.base_url, deadline=DEADLINE))
    with pytest.raises(ApiError) as info:
        await source.token()
    assert info.value.kind is ErrorKind.TIMEOUT


# -- the analytics CSV, and the CLI -------------------------------------

def _slow_download(server, head: bool = False) -> None:
    H.trickle(server.api, TRICKLE, head=head, path=PATH)


@pytest.mark.parametrize("head", [True, False], ids=["headers", "body"])
async def test_a_trickled_download_times_out_and_leaves_nothing(server, tmp_path: Path,
                                                                head: bool) -> None:
    _slow_download(server, head)
    async with ItwinClient(server.base_url, DEMO_TOKEN, download_deadline=DEADLINE) as client:
        with pytest.raises(ApiError) as info:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert info.value.kind is ErrorKind.TIMEOUT
    assert info.value.message == "The download did not finish within 0.5 s."
    assert listing(tmp_path) == []


async def test_a_trickled_download_through_an_injected_transport_times_out_too(
        server, tmp_path: Path) -> None:
    _slow_download(server)
    async with ItwinClient(server.base_url, DEMO_TOKEN, download_deadline=DEADLINE,
                           transport=httpx.AsyncHTTPTransport()) as client:
        with pytest.raises(ApiError) as info:
            await download_analytics(client, *JAN, Destination(tmp_path))
    assert info.value.kind is ErrorKind.TIMEOUT and listing(tmp_path) == []


def test_the_cli_exits_1_and_leaves_no_file(server, tmp_path: Path, monkeypatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    _slow_download(server)
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)
    monkeypatch.setenv("ITWIN_TUI_DOWNLOAD_DEADLINE", str(DEADLINE))
    started = time.monotonic()
    code = main(["--base-url", server.base_url, "--no-cache", "analytics", "--start",
                 "2026-01-01", "--end", "2026-01-31", "-o", f"{tmp_path}/"])
    assert code == 1 and time.monotonic() - started < 5
    err = capsys.readouterr().err
    assert "The download did not finish within 0.5 s." in err and "Traceback" not in err
    assert listing(tmp_path) == []


# -- settings ------------------------------------------------------------------------------------

def test_deadlines_and_row_limit_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("ITWIN_TUI_REQUEST_DEADLINE", "12.5")
    monkeypatch.setenv("ITWIN_TUI_DOWNLOAD_DEADLINE", "600")
    monkeypatch.setenv("ITWIN_TUI_MAX_ROWS", "5000")
    settings = Settings.from_env(token="t", base_url="https://api.example.com")
    assert (settings.request_deadline, settings.download_deadline) == (12.5, 600.0)
    assert settings.max_rows == 5000 and isinstance(settings.max_rows, int)
    client = build_client(settings)
    assert (client.deadline, client.download_deadline, client.max_rows) == (12.5, 600.0, 5000)


@pytest.mark.parametrize("raw", ["", "soon", "0", "-3", "nan", "inf"])
def test_unusable_values_keep_the_documented_defaults(monkeypatch, raw: str) -> None:
    for var in ("ITWIN_TUI_REQUEST_DEADLINE", "ITWIN_TUI_DOWNLOAD_DEADLINE",
                "ITWIN_TUI_MAX_ROWS"):
        monkeypatch.setenv(var, raw)
    settings = Settings.from_env()
    assert (settings.request_deadline, settings.download_deadline, settings.max_rows) == (
        REQUEST_DEADLINE, DOWNLOAD_DEADLINE, MAX_ROWS) == (60.0, 1800.0, 200_000)
