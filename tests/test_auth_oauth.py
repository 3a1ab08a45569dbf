"""Service-app credentials and refresh-token sessions against the fake IMS over loopback."""

from __future__ import annotations

import time

import pytest

from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.oauth import ClientCredentials, RefreshTokenSession, TokenEndpoint
from tui.core.secrets import FileStore, StoredSignIn
from tui.fake.oauth import (
    NATIVE_CLIENT_ID,
    SERVICE_CLIENT_ID,
    SERVICE_CLIENT_SECRET,
    FakeIms,
)


class Clock:
    """A clock the test moves by hand (no sleeping)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ims(server, clock: Clock) -> FakeIms:
    return FakeIms(server.api, clock=clock)


def _endpoint(server, clock: Clock) -> TokenEndpoint:
    return TokenEndpoint(server.base_url + "/", clock=clock)


def _api_calls(server) -> list:
    return [r for r in server.api.requests if r.path.startswith("/library")]


async def test_client_credentials_token_is_reused_until_shortly_before_expiry(
        server, ims: FakeIms, clock: Clock) -> None:
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               _endpoint(server, clock))
    assert source.describe() == "service app service-… · no token yet"
    async with ItwinClient(server.base_url, source) as client:
        for _ in range(3):
            await client.brands().next_page()
        assert ims.token_requests() == 1
        first = _api_calls(server)[-1].headers["authorization"]
        assert first == f"Bearer {ims.access_tokens[0]}"

        clock.now += ims.lifetime - 300  # still well inside the lifetime
        await client.brands().next_page()
        assert ims.token_requests() == 1

        clock.now += 200  # 100 s before expiry: inside the renewal margin
        await client.brands().next_page()
        assert ims.token_requests() == 2
        assert _api_calls(server)[-1].headers["authorization"] == f"Bearer {ims.access_tokens[1]}"
    assert source.describe().startswith("service app service-… · token expires ")


async def test_rejected_token_mid_session_is_renewed_once_and_the_call_retried(
        server, ims: FakeIms, clock: Clock) -> None:
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               _endpoint(server, clock))
    async with ItwinClient(server.base_url, source) as client:
        await client.brands().next_page()
        ims.revoke_access_tokens()  # e.g. revoked or expired early on the server
        brands = await client.brands().all_items()
    assert brands
    assert ims.token_requests() == 2
    sent = [r.headers["authorization"].removeprefix("Bearer ") for r in _api_calls(server)]
    assert sent == [ims.access_tokens[0], ims.access_tokens[0], ims.access_tokens[1]]


async def test_a_401_that_survives_renewal_is_reported_not_looped(
        server, ims: FakeIms, clock: Clock) -> None:
    server.api.faults.add(path_prefix="/library/brands", status=401, times=None)
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               _endpoint(server, clock))
    async with ItwinClient(server.base_url, source) as client:
        with pytest.raises(ApiError) as info:
            await client.brands().next_page()
    assert info.value.status == 401
    assert len(_api_calls(server)) == 2 and ims.token_requests() == 2


async def test_wrong_client_secret_is_a_clear_invalid_client_error(
        server, ims: FakeIms, clock: Clock) -> None:
    source = ClientCredentials(SERVICE_CLIENT_ID, "wrong-secret", _endpoint(server, clock))
    async with ItwinClient(server.base_url, source) as client:
        with pytest.raises(ApiError) as info:
            await client.brands().next_page()
    err = info.value
    assert err.kind is ErrorKind.UNAUTHORIZED and err.code == "invalid_client"
    assert "ITWIN_CLIENT_SECRET" in err.human()
    assert "wrong-secret" not in err.human()
    assert _api_calls(server) == []  # no API call without a token


async def test_unreachable_authority_is_a_connection_error(server, clock: Clock) -> None:
    from tui.fake import FakeApi, serve

    with serve(FakeApi()) as gone:
        authority = gone.base_url
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               TokenEndpoint(authority, clock=clock))
    with pytest.raises(ApiError) as info:
        await source.token()
    assert info.value.kind is ErrorKind.CONNECTION
    assert "sign-in service" in info.value.human() and authority in info.value.human()


async def test_non_oauth_error_page_from_the_authority(server, ims: FakeIms, clock: Clock) -> None:
    server.api.faults.add(path_prefix="/connect/token", status=502, body=b"<html>bad gateway")
    source = ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET,
                               _endpoint(server, clock))
    with pytest.raises(ApiError) as info:
        await source.token()
    assert info.value.kind is ErrorKind.SERVER and "HTTP 502" in info.value.message


def _signin(server, ims: FakeIms) -> StoredSignIn:
    refresh = ims.issue_refresh_token(NATIVE_CLIENT_ID, "itwin-platform offline_access")
    return StoredSignIn(refresh, NATIVE_CLIENT_ID, server.base_url,
                        "itwin-platform offline_access", None)


async def test_refresh_session_renews_before_expiry_and_stores_rotated_tokens(
        server, ims: FakeIms, clock: Clock, tmp_path) -> None:
    store = FileStore(tmp_path / "credentials.json")
    signin = _signin(server, ims)
    original = signin.refresh_token
    store.save(signin)
    session = RefreshTokenSession(signin, _endpoint(server, clock), store=store)
    assert session.describe() == "signed in (app native-i…)"
    async with ItwinClient(server.base_url, session) as client:
        await client.brands().next_page()
        await client.brands().next_page()
        assert ims.token_requests() == 1
        saved = store.load()
        assert saved is not None and saved.refresh_token == ims.refresh_tokens[0] != original
        assert saved.user == "jane@example.com (Acme Engineering)"
        assert session.describe().startswith("signed in as jane@example.com (Acme Engineering)"
                                             " · expires ")

        clock.now += ims.lifetime - 60
        await client.brands().next_page()
        assert ims.token_requests() == 2
        assert store.load().refresh_token == ims.refresh_tokens[0]  # rotated again, saved


async def test_refresh_session_after_a_401(server, ims: FakeIms, clock: Clock, tmp_path) -> None:
    session = RefreshTokenSession(_signin(server, ims), _endpoint(server, clock),
                                  store=FileStore(tmp_path / "c.json"))
    async with ItwinClient(server.base_url, session) as client:
        await client.brands().next_page()
        ims.revoke_access_tokens()
        await client.brands().next_page()
    assert ims.token_requests() == 2
    last = _api_calls(server)[-1].headers["authorization"]
    assert last == f"Bearer {ims.access_tokens[-1]}"


async def test_revoked_refresh_token_asks_to_sign_in_again(
        server, ims: FakeIms, clock: Clock, tmp_path) -> None:
    signin = _signin(server, ims)
    ims.revoke_refresh_tokens()
    session = RefreshTokenSession(signin, _endpoint(server, clock))
    async with ItwinClient(server.base_url, session) as client:
        with pytest.raises(ApiError) as info:
            await client.brands().next_page()
    err = info.value
    assert err.code == "invalid_grant" and "itwin-tui login" in err.human()
    assert signin.refresh_token not in err.human()


async def test_offline_start_with_a_stored_sign_in_still_reads_its_cache(
        server, ims: FakeIms, clock: Clock, tmp_path) -> None:
    """No access token can be had offline; the stored sign-in still says whose cache it is."""
    from tui.core.cache import ResponseCache

    store = FileStore(tmp_path / "credentials.json")
    store.save(_signin(server, ims))
    cache_dir = tmp_path / "cache"
    online = RefreshTokenSession(store.load(), _endpoint(server, clock), store=store)
    async with ItwinClient(server.base_url, online, cache=ResponseCache(cache_dir)) as client:
        first = await client.brands().next_page()
    assert store.load().identity
    server.stop()  # the API and IMS are gone; a new run starts with only the stored sign-in
    offline = RefreshTokenSession(store.load(), _endpoint(server, clock), store=store)
    async with ItwinClient(server.base_url, offline, cache=ResponseCache(cache_dir)) as client:
        page = await client.brands().next_page()
        assert page.from_cache and [b.id for b in page.items] == [b.id for b in first.items]
        with pytest.raises(ApiError) as info:
            await client.get_json("/library/brands/not-cached", refresh=True)
    assert info.value.kind is ErrorKind.OFFLINE
