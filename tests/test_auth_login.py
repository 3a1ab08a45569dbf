"""``itwin-tui login`` / ``logout``: PKCE with a simulated browser over real loopback sockets."""

from __future__ import annotations

import asyncio
import socket
import stat
import threading
from collections.abc import Callable

import httpx
import pytest

from tui.commands.auth import login, logout
from tui.config import Settings
from tui.core.errors import ApiError, ErrorKind
from tui.core.login import browser_login
from tui.core.loopback import LoginError, RedirectReceiver
from tui.core.oauth import RefreshTokenSession, TokenEndpoint
from tui.core.secrets import FileStore
from tui.fake.oauth import NATIVE_CLIENT_ID, SERVICE_CLIENT_ID, FakeIms, Revocation
from tui.locations import credentials_file
from tui.services import build_client


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")
    for var in ("ITWIN_AUTHORITY", "ITP_ISSUER_URL", "ITWIN_SCOPES", "ITWIN_REDIRECT_URI",
                "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                "all_proxy"):
        monkeypatch.delenv(var, raising=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redirect_uri() -> str:
    return f"http://localhost:{free_port()}/signin-callback"


@pytest.fixture
def ims(server, redirect_uri: str) -> FakeIms:
    ims = FakeIms(server.api)
    ims.redirect_uris.add(redirect_uri)
    return ims


class Browser:
    """Follows the authorize URL to IMS and its 302 to the loopback, in a thread."""

    def __init__(self, tamper: Callable[[str], str] = lambda url: url) -> None:
        self.tamper = tamper
        self.authorize: httpx.Response | None = None
        self.callback: httpx.Response | None = None
        self.opened: list[str] = []
        self._threads: list[threading.Thread] = []

    def __call__(self, url: str) -> None:
        self.opened.append(url)
        thread = threading.Thread(target=self._visit, args=(url,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def _visit(self, url: str) -> None:
        with httpx.Client(trust_env=False, timeout=10) as http:
            self.authorize = http.get(url)
            location = self.authorize.headers.get("location")
            if location:
                self.callback = http.get(self.tamper(location))

    def join(self) -> None:
        for thread in self._threads:
            thread.join(10)


def _settings(server, redirect_uri: str, **extra: object) -> Settings:
    values = {"base_url": server.base_url, "authority": server.base_url,
              "client_id": NATIVE_CLIENT_ID, "redirect_uri": redirect_uri, **extra}
    return Settings.from_env(**values)


def test_login_with_pkce_end_to_end_then_the_app_uses_the_stored_sign_in(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    browser = Browser()
    assert login(_settings(server, redirect_uri), open_url=browser, timeout=20) == 0
    browser.join()

    (url,) = browser.opened
    assert "code_challenge_method=S256" in url and "offline_access" in url
    assert browser.authorize is not None and browser.authorize.status_code == 302
    assert browser.callback is not None and browser.callback.status_code == 200
    assert "return to the terminal" in browser.callback.text
    out = capsys.readouterr().out
    assert "Signed in as jane@example.com (Acme Engineering) · access token expires " in out
    store = FileStore(credentials_file())
    assert f"Refresh token stored in {store.path} (readable only by you)" in out
    assert ims.token_requests() == 1

    saved = store.load()
    assert saved is not None and saved.refresh_token == ims.refresh_tokens[0]
    assert saved.client_id == NATIVE_CLIENT_ID and saved.authority == server.base_url
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    for secret in (*ims.access_tokens, saved.refresh_token):
        assert secret not in out

    async def use_app_client() -> str:
        async with build_client(Settings.from_env(base_url=server.base_url)) as client:
            assert isinstance(client.auth, RefreshTokenSession)
            assert client.auth.describe() == "signed in as jane@example.com (Acme Engineering)"
            await client.brands().next_page()
            return client.auth.describe()

    assert asyncio.run(use_app_client()).startswith("signed in as jane@example.com")
    assert ims.token_requests() == 2  # one refresh grant from the stored token


def test_wrong_state_is_rejected_without_a_token_exchange(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    browser = Browser(tamper=lambda url: url.replace("state=", "state=forged"))
    assert login(_settings(server, redirect_uri), open_url=browser, timeout=20) == 1
    browser.join()
    err = capsys.readouterr().err
    assert "wrong state" in err and "no token was requested" in err
    assert browser.callback is not None and browser.callback.status_code == 400
    assert ims.token_requests() == 0
    assert FileStore(credentials_file()).load() is None


def test_sign_in_cancelled_at_the_authority(server, ims: FakeIms, redirect_uri: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ims.authorize_error = "access_denied"
    browser = Browser()
    assert login(_settings(server, redirect_uri), open_url=browser, timeout=20) == 1
    browser.join()
    err = capsys.readouterr().err
    assert "reported access_denied: The user cancelled." in err
    assert "the scopes itwin-platform offline_access" in " ".join(err.split())  # as the README
    assert ims.token_requests() == 0


def test_unregistered_redirect_uri_stops_at_the_authority(
        server, ims: FakeIms, capsys: pytest.CaptureFixture[str]) -> None:
    unregistered = f"http://localhost:{free_port()}/signin-callback"
    browser = Browser()
    code = login(_settings(server, unregistered), open_url=browser, timeout=0.5)
    browser.join()
    assert code == 1
    assert browser.authorize is not None and browser.authorize.status_code == 400
    assert "No sign-in arrived" in capsys.readouterr().err


def test_login_without_a_client_id_explains_how_to_get_one(
        server, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings.from_env(authority=server.base_url)
    assert login(settings, open_url=lambda url: pytest.fail("no browser expected")) == 2
    err = capsys.readouterr().err
    assert "developer.bentley.com" in err and "Desktop/Mobile" in err
    assert "http://localhost:3301/signin-callback" in err and "--client-id" in err
    assert "the scopes itwin-platform offline_access" in " ".join(err.split())


def test_redirect_uri_must_be_loopback(server, capsys: pytest.CaptureFixture[str]) -> None:
    settings = _settings(server, "https://example.com/callback")
    assert login(settings, open_url=lambda url: pytest.fail("no browser expected")) == 1
    assert "not a loopback address" in capsys.readouterr().err


async def test_port_in_use_is_a_clear_error(server, ims: FakeIms) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        uri = f"http://localhost:{busy.getsockname()[1]}/signin-callback"
        with pytest.raises(LoginError) as info:
            await browser_login(TokenEndpoint(server.base_url), NATIVE_CLIENT_ID,
                                open_url=lambda url: pytest.fail("no browser expected"),
                                redirect_uri=uri)
    assert "Cannot listen on 127.0.0.1" in info.value.human()


async def test_loopback_listens_on_127_0_0_1_only(redirect_uri: str) -> None:
    async with RedirectReceiver(redirect_uri, "state") as receiver:
        assert receiver.addresses == [("127.0.0.1", receiver.port)]


async def test_loopback_ignores_other_paths(server, ims: FakeIms, redirect_uri: str) -> None:
    seen: dict[str, int] = {}

    async def visit(url: str) -> None:
        port = int(redirect_uri.split(":")[2].split("/")[0])
        async with httpx.AsyncClient(trust_env=False) as http:
            seen["favicon"] = (await http.get(f"http://127.0.0.1:{port}/favicon.ico")).status_code
            location = (await http.get(url)).headers["location"]
            seen["callback"] = (await http.get(location)).status_code

    tasks: list[asyncio.Task[None]] = []
    tokens = await browser_login(TokenEndpoint(server.base_url), NATIVE_CLIENT_ID,
                                 open_url=lambda url: tasks.append(asyncio.create_task(visit(url))),
                                 redirect_uri=redirect_uri, timeout=20)
    await asyncio.gather(*tasks)
    assert seen == {"favicon": 404, "callback": 200}
    assert tokens.refresh_token and tokens.identity() == "jane@example.com (Acme Engineering)"


def test_service_client_cannot_use_browser_login(server, ims: FakeIms, redirect_uri: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    browser = Browser()
    settings = _settings(server, redirect_uri, client_id=SERVICE_CLIENT_ID)
    assert login(settings, open_url=browser, timeout=0.5) == 1
    browser.join()
    assert browser.authorize is not None and browser.authorize.status_code == 400


def test_logout_removes_the_stored_sign_in_and_says_so(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    browser = Browser()
    assert login(_settings(server, redirect_uri), open_url=browser, timeout=20) == 0
    browser.join()
    path = FileStore(credentials_file()).path
    assert path.exists()
    capsys.readouterr()

    assert logout(Settings.from_env()) == 0
    assert not path.exists()
    assert f"Removed the stored sign-in from {path}." in capsys.readouterr().out
    assert logout(Settings.from_env()) == 0
    assert "nothing to remove" in capsys.readouterr().out
    assert ims.revocation_requests() == 1  # nothing stored, nothing to revoke

    from tui.core.auth import NoToken

    client = build_client(Settings.from_env(base_url=server.base_url))
    asyncio.run(client.aclose())
    assert isinstance(client.auth, NoToken) and client.auth.describe() == "not signed in"


def _signed_in(server, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> str:
    """Log in through the fake IMS; the stored refresh token."""
    browser = Browser()
    assert login(_settings(server, redirect_uri), open_url=browser, timeout=20) == 0
    browser.join()
    capsys.readouterr()
    saved = FileStore(credentials_file()).load()
    assert saved is not None
    return saved.refresh_token


def test_logout_revokes_the_refresh_token_at_ims(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    token = _signed_in(server, redirect_uri, capsys)
    assert token in ims.refresh_tokens

    assert logout(Settings.from_env()) == 0
    out, err = capsys.readouterr()
    assert f"Revoked the refresh token at {server.base_url}." in out
    assert f"Removed the stored sign-in from {FileStore(credentials_file()).path}." in out
    assert err == "" and token not in out
    assert ims.revocations == [Revocation(NATIVE_CLIENT_ID, "refresh_token", revoked=True)]
    assert token not in ims.refresh_tokens

    with pytest.raises(ApiError) as info:  # a leaked copy no longer works
        asyncio.run(TokenEndpoint(server.base_url).request({
            "grant_type": "refresh_token", "client_id": NATIVE_CLIENT_ID,
            "refresh_token": token}))
    assert info.value.code == "invalid_grant"


def test_logout_offline_warns_and_still_removes_the_sign_in(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    token = _signed_in(server, redirect_uri, capsys)
    server.stop()

    assert logout(Settings.from_env()) == 0
    out, err = capsys.readouterr()
    assert not FileStore(credentials_file()).path.exists()
    assert f"Removed the stored sign-in from {FileStore(credentials_file()).path}." in out
    assert "Revoked" not in out
    (warning,) = err.splitlines()
    assert warning.startswith(f"Could not revoke the refresh token at {server.base_url} "
                              f"(Cannot reach the sign-in service at {server.base_url}: ")
    assert warning.endswith("; it is removed here and expires on its own.")
    assert "Traceback" not in err and token not in out + err


def test_logout_warns_when_ims_refuses_the_revocation(
        server, ims: FakeIms, redirect_uri: str, capsys: pytest.CaptureFixture[str]) -> None:
    token = _signed_in(server, redirect_uri, capsys)
    del ims.clients[NATIVE_CLIENT_ID]  # the app registration was deleted meanwhile

    assert logout(Settings.from_env()) == 0
    out, err = capsys.readouterr()
    assert ims.revocation_requests() == 1 and ims.revocations == []
    assert not FileStore(credentials_file()).path.exists()
    (warning,) = err.splitlines()
    assert warning.startswith(f"Could not revoke the refresh token at {server.base_url} "
                              "(401 invalid_client: ")
    assert token not in out + err


async def test_revoking_an_unknown_or_foreign_token_is_not_an_error(
        server, ims: FakeIms) -> None:
    mine = ims.issue_refresh_token()
    theirs = ims.issue_refresh_token(SERVICE_CLIENT_ID)
    endpoint = TokenEndpoint(server.base_url)
    await endpoint.revoke("never-issued", NATIVE_CLIENT_ID)
    await endpoint.revoke(theirs, NATIVE_CLIENT_ID)
    assert ims.revocations == [Revocation(NATIVE_CLIENT_ID, "refresh_token", revoked=False)] * 2
    assert set(ims.refresh_tokens) == {mine, theirs}

    with pytest.raises(ApiError) as info:
        await endpoint.revoke(mine, "unknown-client")
    assert info.value.kind is ErrorKind.UNAUTHORIZED and info.value.code == "invalid_client"
    assert mine in ims.refresh_tokens and mine not in info.value.human()


def test_without_a_display_the_url_is_printed_with_an_ssh_hint(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.commands.auth import has_display, show_url

    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 5000 10.0.0.1 22")
    monkeypatch.setattr("sys.platform", "linux")
    assert not has_display()
    show_url("http://localhost:3301/signin-callback")("https://ims.example/connect/authorize?x=1")
    out = capsys.readouterr().out
    assert "Open this URL in a browser to sign in:" in out
    assert "https://ims.example/connect/authorize?x=1" in out
    assert "ssh -L 3301:localhost:3301" in out
