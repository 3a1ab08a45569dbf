"""Shared fixtures: the fake iTwin API on a real loopback socket, and isolated app dirs."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator

import pytest
from download_helpers import PATH

from tui.core.client import ItwinClient
from tui.fake import DEMO_TOKEN, FakeApi, FakeData, FakeResponse, serve

_DATA: FakeData | None = None


def shared_data() -> FakeData:
    """The default data set, built once per test session (it is immutable)."""
    global _DATA
    if _DATA is None:
        _DATA = FakeData()
    return _DATA


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
                  ) -> None:
    """Keep every test away from the real user's cache, config, state and downloads."""
    root = tmp_path_factory.mktemp("home")
    for var, sub in (("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_STATE_HOME", "state"), ("XDG_DATA_HOME", "data"),
                     ("XDG_DOWNLOAD_DIR", "downloads")):
        (root / sub).mkdir()
        monkeypatch.setenv(var, str(root / sub))
    for var in ("ITWIN_ACCESS_TOKEN", "ITWIN_API_URL", "ITP_API_URL", "ITWIN_CLIENT_ID",
                "ITWIN_CLIENT_SECRET", "ITP_SERVICE_CLIENT_ID", "ITP_SERVICE_CLIENT_SECRET",
                "ITWIN_AUTHORITY", "ITP_ISSUER_URL", "ITWIN_SCOPES", "ITWIN_REDIRECT_URI",
                "ITWIN_TUI_CACHE_MAX_MB", "ITWIN_TUI_CACHE_TTL_HOURS", "ITWIN_TUI_REQUEST_DEADLINE",
                "ITWIN_TUI_DOWNLOAD_DEADLINE", "ITWIN_TUI_MAX_ROWS", "ITWIN_TUI_WATCH_INTERVAL",
                "ITWIN_TUI_WATCH_BELL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")  # never touch the developer's real keyring


@pytest.fixture
def fake_api() -> FakeApi:
    return FakeApi(shared_data())


@pytest.fixture
def server(fake_api: FakeApi) -> Iterator:
    """The fake API served over real HTTP on 127.0.0.1 (a free port)."""
    with serve(fake_api) as running:
        yield running


@pytest.fixture
async def client(server) -> AsyncIterator[ItwinClient]:
    async with ItwinClient(server.base_url, DEMO_TOKEN, max_retry_wait=5) as c:
        yield c


@pytest.fixture
def stalling_download(server) -> Iterator[threading.Event]:
    """The analytics download sends one chunk, then waits (up to 30 s) for the test to set
    the event; teardown sets it."""
    release = threading.Event()

    def handler(req) -> FakeResponse:
        def body() -> Iterator[bytes]:
            yield b"a,b\n" + b"1,2\n" * 5000
            release.wait(30)
            yield b"3,4\n"
        return FakeResponse(200, [("Content-Type", "text/csv"),
                                  ("Content-Disposition", 'attachment; filename="t.csv"')],
                            body())

    server.api.route("GET", PATH, handler)
    yield release
    release.set()
