"""Security hardening: the token stays on the API origin and out of logs, errors and reprs;
proxies and CA bundles from the standard environment variables are honoured."""

from __future__ import annotations

import logging
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from tui import locations
from tui.config import Settings
from tui.core.auth import StaticToken, TokenFile
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.login import browser_login
from tui.core.oauth import ClientCredentials, RefreshTokenSession, TokenEndpoint
from tui.core.secrets import FileStore, StoredSignIn
from tui.fake import FakeApi, serve
from tui.fake.oauth import NATIVE_CLIENT_ID, SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, FakeIms
from tui.services import build_client

_PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")
    for var in (*_PROXY_VARS, *(v.lower() for v in _PROXY_VARS), "SSL_CERT_FILE",
                "SSL_CERT_DIR", "ITWIN_AUTHORITY", "ITP_ISSUER_URL"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture
def ims(server) -> FakeIms:
    return FakeIms(server.api)


@pytest.fixture
def other() -> Iterator:
    """A second fake server on another port: nothing may ever reach it."""
    with serve(FakeApi()) as running:
        yield running


def _service(authority: str) -> ClientCredentials:
    return ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, TokenEndpoint(authority))


# -- the token only goes to the API origin ------------------------------------------------------

async def test_foreign_next_link_is_refused_before_any_request(server, ims: FakeIms,
                                                               other) -> None:
    body = orjson.dumps({"brands": [{"id": "b1", "displayName": "One"}],
                         "_links": {"next": {"href": f"{other.base_url}/library/brands?p=2"}}})
    server.api.faults.add(path_prefix="/library/brands", status=200, body=body, times=1)
    async with ItwinClient(server.base_url, _service(server.base_url)) as client:
        pager = client.brands()
        assert [b.id for b in (await pager.next_page()).items] == ["b1"]
        with pytest.raises(ApiError) as info:
            await pager.next_page()
    assert info.value.kind is ErrorKind.UNSAFE_LINK and not pager.has_more
    assert other.api.requests == []


@pytest.mark.parametrize("href", [
    "{other}/library/brands",  # another port on the same loopback host
    "//{other_netloc}/library/brands",  # protocol-relative
    "http://{netloc}@{other_netloc}/library/brands",  # userinfo that looks like the API host
    "https://{netloc}/library/brands",  # same host and port, other scheme
    "http://localhost:{port}/library/brands",  # same socket, other host name
])
async def test_resource_on_another_origin_is_refused(server, ims: FakeIms, other,
                                                     href: str) -> None:
    url = href.format(other=other.base_url, other_netloc=f"127.0.0.1:{other.port}",
                      netloc=f"127.0.0.1:{server.port}", port=server.port)
    async with ItwinClient(server.base_url, _service(server.base_url)) as client:
        with pytest.raises(ApiError) as info:
            await client.resource(url)
    assert info.value.kind is ErrorKind.UNSAFE_LINK
    assert other.api.requests == []
    assert server.api.requests == []  # refused before even fetching a token


async def test_access_token_never_goes_to_the_authority_nor_the_secret_to_the_api(
        server, other) -> None:
    ims = FakeIms(other.api)  # the sign-in service on its own host
    server.api.valid_tokens = ims.api.valid_tokens  # the API trusts what IMS issues
    async with ItwinClient(server.base_url, _service(other.base_url)) as client:
        await client.brands().next_page()
    assert ims.token_requests() == 1
    assert all("authorization" not in r.headers for r in other.api.requests)
    for request in server.api.requests:
        assert request.path.startswith("/library")
        assert SERVICE_CLIENT_SECRET not in repr(request)


# -- never in logs, errors, reprs, the cache ------------------------------------------------------

def _browser_thread(url: str, seen: dict[str, str]) -> threading.Thread:
    def visit() -> None:
        with httpx.Client(trust_env=False) as http:
            location = http.get(url).headers["location"]
            seen["code"] = httpx.URL(location).params["code"]
            http.get(location)

    thread = threading.Thread(target=visit, name="simulated-browser", daemon=True)
    thread.start()
    return thread


async def test_no_secret_is_logged_at_debug(server, ims: FakeIms, tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    for name in ("", "httpx", "httpcore", "tui", "asyncio"):
        caplog.set_level(logging.DEBUG, logger=name)
    redirect = f"http://localhost:{_free_port()}/signin-callback"
    ims.redirect_uris.add(redirect)
    seen: dict[str, str] = {}
    threads: list[threading.Thread] = []

    tokens = await browser_login(
        TokenEndpoint(server.base_url), NATIVE_CLIENT_ID, redirect_uri=redirect, timeout=20,
        open_url=lambda url: threads.append(_browser_thread(url, seen)))
    for thread in threads:
        thread.join(10)
    assert tokens.refresh_token
    signin = StoredSignIn(tokens.refresh_token, NATIVE_CLIENT_ID, server.base_url, "x", None)
    session = RefreshTokenSession(signin, TokenEndpoint(server.base_url),
                                  store=FileStore(tmp_path / "c.json"))
    async with ItwinClient(server.base_url, session) as client:
        await client.brands().next_page()
        ims.revoke_access_tokens()
        await client.brands().next_page()  # 401 → refresh → retry
    async with ItwinClient(server.base_url, _service(server.base_url)) as client:
        await client.brands().next_page()

    ours = [r for r in caplog.records if r.threadName != "simulated-browser"]
    assert any(r.name.startswith("httpx") for r in ours)  # the capture did see httpx
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in ours)
    secrets = [*ims.access_tokens, *ims.refresh_tokens, tokens.refresh_token,
               SERVICE_CLIENT_SECRET, seen["code"]]
    assert len(ims.access_tokens) == 4
    for secret in secrets:
        assert secret not in text


async def test_errors_never_contain_tokens_or_secrets(server, ims: FakeIms) -> None:
    token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig-do-not-print"
    errors: list[ApiError] = []
    for auth in (StaticToken(token), ClientCredentials(SERVICE_CLIENT_ID, "bad-secret-xyz",
                                                       TokenEndpoint(server.base_url)),
                 RefreshTokenSession(StoredSignIn("rt-revoked-xyz", NATIVE_CLIENT_ID,
                                                  server.base_url, "s", None),
                                     TokenEndpoint(server.base_url))):
        async with ItwinClient(server.base_url, auth) as client:
            with pytest.raises(ApiError) as info:
                await client.brands().next_page()
        errors.append(info.value)
    assert [e.status for e in errors] == [401, 401, 400]
    for err in errors:
        shown = f"{err.human()} {err!r} {err.url}"
        for secret in (token, "bad-secret-xyz", "rt-revoked-xyz"):
            assert secret not in shown


def test_reprs_and_descriptions_never_show_secrets(tmp_path: Path) -> None:
    token = "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImphbmVAZXhhbXBsZS5jb20ifQ.secret-sig"
    token_file = tmp_path / "token"
    token_file.write_text(token)
    signin = StoredSignIn("rt-xyz-secret", NATIVE_CLIENT_ID, "https://ims.example", "s", None)
    sources: list[Any] = [
        StaticToken(token), TokenFile(token_file),
        ClientCredentials(SERVICE_CLIENT_ID, SERVICE_CLIENT_SECRET, TokenEndpoint()),
        RefreshTokenSession(signin, TokenEndpoint()),
    ]
    settings = Settings.from_env(token=token, client_secret=SERVICE_CLIENT_SECRET)
    for obj in [*sources, settings, signin]:
        for secret in (token, "secret-sig", SERVICE_CLIENT_SECRET, "rt-xyz-secret"):
            assert secret not in repr(obj)
            assert secret not in str(obj)
    for source in sources:
        for secret in (token, SERVICE_CLIENT_SECRET, "rt-xyz-secret"):
            assert secret not in source.describe()
    assert sources[0].describe() == "jane@example.com · token from $ITWIN_ACCESS_TOKEN"


async def test_nothing_on_disk_holds_the_token_after_a_cached_session(server, ims: FakeIms
                                                                      ) -> None:
    settings = Settings.from_env(base_url=server.base_url, authority=server.base_url,
                                 client_id=SERVICE_CLIENT_ID, client_secret=SERVICE_CLIENT_SECRET)
    async with build_client(settings) as client:
        assert isinstance(client.auth, ClientCredentials)
        await client.brands().all_items()
        await client.components().next_page()
    assert client.cache is not None and ims.token_requests() == 1
    files = [p for root in (settings.cache_dir, locations.config_dir(), locations.state_dir())
             if root.exists() for p in root.rglob("*") if p.is_file()]
    assert files  # the cache did write something
    for path in files:
        data = path.read_bytes()
        for secret in (ims.access_tokens[0], SERVICE_CLIENT_SECRET):
            assert secret.encode() not in data, path


# -- proxies and CA bundles via the environment ----------------------------------------------------

class _Proxy:
    """A forward HTTP proxy stand-in: records absolute-form request targets, answers itself."""

    def __init__(self) -> None:
        self.targets: list[str] = []
        seen = self.targets

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                seen.append(self.path)
                self._reply({"brands": [{"id": "via-proxy", "displayName": "Proxied"}]})

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                seen.append(self.path)
                self._reply({"access_token": "proxied-token", "expires_in": 3600})

            def _reply(self, payload: object) -> None:
                body = orjson.dumps(payload)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Proxy]:
    running = _Proxy()
    monkeypatch.setenv("HTTP_PROXY", running.url)
    monkeypatch.setenv("http_proxy", running.url)
    yield running
    running.close()


async def test_http_proxy_from_the_environment_carries_api_and_token_requests(proxy: _Proxy
                                                                                ) -> None:
    auth = _service("http://ims.itwin-tui.invalid")
    async with ItwinClient("http://api.itwin-tui.invalid", auth) as client:
        brands = await client.brands().all_items()
    assert [b.id for b in brands] == ["via-proxy"]
    assert proxy.targets == ["http://ims.itwin-tui.invalid/connect/token",
                             "http://api.itwin-tui.invalid/library/brands"]


async def test_no_proxy_bypasses_the_proxy(proxy: _Proxy, server, monkeypatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    async with ItwinClient(server.base_url, "any-token") as client:
        assert await client.brands().all_items()
    assert proxy.targets == []


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS server on 127.0.0.1 with a fresh self-signed certificate: (base URL, cert)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = orjson.dumps({"brands": [{"id": "tls", "displayName": "Over TLS"}]})
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # the untrusted attempt aborts its handshake; that is expected

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = Server(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    yield f"https://127.0.0.1:{httpd.server_address[1]}", cert
    httpd.shutdown()
    httpd.server_close()


async def test_ca_bundle_from_ssl_cert_file(tls_server: tuple[str, Path], monkeypatch) -> None:
    base_url, cert = tls_server
    async with ItwinClient(base_url, "any-token", timeout=5) as client:
        with pytest.raises(ApiError) as info:
            await client.brands().next_page()
    assert info.value.kind is ErrorKind.CONNECTION  # untrusted without the bundle

    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    async with ItwinClient(base_url, "any-token", timeout=5) as client:
        assert [b.id for b in await client.brands().all_items()] == ["tls"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
