"""Which token source a run uses, and the fixed sources (env token, token file)."""

from __future__ import annotations

import base64
import time
from pathlib import Path

import orjson
import pytest

from tui.cli import build_parser, settings_from_args
from tui.config import Settings
from tui.core.auth import NoToken, StaticToken, TokenFile
from tui.core.claims import format_expiry, identity, read_claims
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.oauth import ClientCredentials, RefreshTokenSession, normalise_authority
from tui.core.secrets import FileStore, StoredSignIn
from tui.core.sources import token_source
from tui.fake import FakeApi, serve
from tui.locations import credentials_file


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")
    for var in ("ITWIN_AUTHORITY", "ITP_ISSUER_URL", "ITWIN_SCOPES", "ITWIN_REDIRECT_URI"):
        monkeypatch.delenv(var, raising=False)


def jwt(**claims: object) -> str:
    def part(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return ".".join([part(b'{"alg":"none"}'), part(orjson.dumps(claims)), "sig"])


def _settings(argv: list[str]) -> Settings:
    return settings_from_args(build_parser().parse_args(argv))


def test_token_file_wins_over_the_environment(monkeypatch, tmp_path: Path) -> None:
    path = tmp_path / "token.txt"
    path.write_text("from-file\n")
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", "from-env")
    monkeypatch.setenv("ITWIN_CLIENT_ID", "svc")
    monkeypatch.setenv("ITWIN_CLIENT_SECRET", "shh")
    source = token_source(_settings(["--token-file", str(path)]))
    assert isinstance(source, TokenFile)
    assert source.describe() == f"token from --token-file {path}"


def test_env_token_then_service_app_then_stored_sign_in_then_nothing(monkeypatch) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", "from-env")
    monkeypatch.setenv("ITP_SERVICE_CLIENT_ID", "itp-svc")
    monkeypatch.setenv("ITP_SERVICE_CLIENT_SECRET", "itp-secret")
    FileStore(credentials_file()).save(StoredSignIn("rt", "native", "https://ims.example", "s",
                                                    "jane"))
    source = token_source(_settings([]))
    assert isinstance(source, StaticToken) and source.describe() == "token from $ITWIN_ACCESS_TOKEN"

    monkeypatch.delenv("ITWIN_ACCESS_TOKEN")
    source = token_source(_settings([]))
    assert isinstance(source, ClientCredentials) and source.client_id == "itp-svc"

    monkeypatch.delenv("ITP_SERVICE_CLIENT_SECRET")
    source = token_source(_settings([]))
    assert isinstance(source, RefreshTokenSession)
    assert source.endpoint.url == "https://ims.example/connect/token"
    assert source.describe() == "signed in as jane"

    FileStore(credentials_file()).delete()
    source = token_source(_settings([]))
    assert isinstance(source, NoToken) and source.describe() == "not signed in"


def test_client_id_and_secret_are_taken_as_pairs(monkeypatch) -> None:
    monkeypatch.setenv("ITWIN_CLIENT_ID", "native-app")  # no ITWIN_CLIENT_SECRET
    monkeypatch.setenv("ITP_SERVICE_CLIENT_ID", "itp-svc")
    monkeypatch.setenv("ITP_SERVICE_CLIENT_SECRET", "itp-secret")
    settings = _settings([])
    assert (settings.client_id, settings.client_secret) == ("itp-svc", "itp-secret")
    monkeypatch.delenv("ITP_SERVICE_CLIENT_SECRET")
    settings = _settings([])
    assert (settings.client_id, settings.client_secret) == ("native-app", None)
    assert _settings(["--client-id", "cli-app"]).client_id == "cli-app"


def test_authority_from_flag_env_or_bentley_cli_variable(monkeypatch) -> None:
    assert normalise_authority(_settings([]).authority) == "https://ims.bentley.com"
    monkeypatch.setenv("ITP_ISSUER_URL", "https://qa-ims.bentley.com/")
    assert normalise_authority(_settings([]).authority) == "https://qa-ims.bentley.com"
    monkeypatch.setenv("ITWIN_AUTHORITY", "https://env-ims.example")
    assert normalise_authority(_settings([]).authority) == "https://env-ims.example"
    flagged = _settings(["--authority", "https://flag-ims.example/"])
    assert normalise_authority(flagged.authority) == "https://flag-ims.example"


def test_service_app_uses_the_authority_token_endpoint(monkeypatch) -> None:
    monkeypatch.setenv("ITWIN_CLIENT_ID", "svc")
    monkeypatch.setenv("ITWIN_CLIENT_SECRET", "shh")
    source = token_source(_settings(["--authority", "https://ims.example/"]))
    assert isinstance(source, ClientCredentials)
    assert source.endpoint.url == "https://ims.example/connect/token"
    assert source.scope == "itwin-platform"


async def test_token_file_is_reread_after_a_401(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text("Bearer old\n")
    source = TokenFile(path)
    assert await source.token() == "old"
    assert await source.refresh() is False  # unchanged: a retry would not help
    path.write_text("new")
    assert await source.refresh() is True
    assert await source.token() == "new"


async def test_token_file_problems_are_clear_errors(tmp_path: Path) -> None:
    api = FakeApi()
    with serve(api) as server:
        for name, content in (("missing", None), ("empty", "  \n")):
            path = tmp_path / name
            if content is not None:
                path.write_text(content)
            async with ItwinClient(server.base_url, TokenFile(path)) as client:
                with pytest.raises(ApiError) as info:
                    await client.brands().next_page()
            assert info.value.kind is ErrorKind.NO_TOKEN and str(path) in info.value.message
    assert api.requests == []


def test_jwt_claims_give_identity_and_expiry_without_verification() -> None:
    exp = int(time.time()) + 600
    token = jwt(email="jane@example.com", org_name="Acme", exp=exp)
    assert identity(read_claims(token)) == "jane@example.com (Acme)"
    when = time.strftime("%H:%M", time.localtime(exp))
    assert StaticToken(token).describe() == (
        f"jane@example.com (Acme) · expires {when} · token from $ITWIN_ACCESS_TOKEN")
    assert format_expiry(exp - 1200, now=exp) == \
        f"expired {time.strftime('%H:%M', time.localtime(exp - 1200))}"
    for junk in ("", "opaque-token", "a.b.c", "a.!!!.c", jwt() + ".x"):
        assert read_claims(junk) == {}
    assert read_claims(".".join(["x", base64.urlsafe_b64encode(b"[1]").decode(), "y"])) == {}
