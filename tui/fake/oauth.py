"""A fake IMS on a ``FakeApi``: ``/connect/token``, ``/connect/authorize`` and
``/connect/revocation``.

``ims = FakeIms(api)`` adds the three routes and makes ``api`` accept only tokens it issued
(plus any already in ``api.valid_tokens``). The authority for clients is the server's
base URL. Access tokens are unsigned JWTs with ``email``, ``org_name`` and ``exp`` claims.
Revocation follows RFC 7009 as IdentityServer does: the client must authenticate, a refresh
token of that client is forgotten, and any other token is answered 200 without effect.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from tui.fake.api import FakeApi
from tui.fake.responses import ApiRequest, FakeResponse, bytes_response, json_response

SERVICE_CLIENT_ID = "service-app-7f3c9a"
SERVICE_CLIENT_SECRET = "service-secret-do-not-print"
NATIVE_CLIENT_ID = "native-itwin-tui"
KNOWN_SCOPES = frozenset({"itwin-platform", "offline_access", "library:read", "export:read"})


@dataclass
class FakeUser:
    email: str = "jane@example.com"
    name: str = "Jane Doe"
    org_name: str = "Acme Engineering"
    sub: str = "0b8d6f3e-user"


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    challenge: str
    scope: str


@dataclass
class _Grant:
    client_id: str
    scope: str


@dataclass(frozen=True)
class Revocation:
    """One ``/connect/revocation`` call that passed client authentication (no token kept)."""

    client_id: str
    token_type_hint: str | None
    revoked: bool  # whether a refresh token of that client was forgotten


@dataclass
class FakeIms:
    """The fake sign-in service; tweak its attributes to script failures."""

    api: FakeApi
    lifetime: int = 3600
    rotate_refresh_tokens: bool = True
    user: FakeUser = field(default_factory=FakeUser)
    #: client id → secret (service apps) or None (native apps, PKCE).
    clients: dict[str, str | None] = field(default_factory=lambda: {
        SERVICE_CLIENT_ID: SERVICE_CLIENT_SECRET, NATIVE_CLIENT_ID: None})
    #: Redirect URIs a native client may use; tests add their free-port URI.
    redirect_uris: set[str] = field(default_factory=set)
    #: When set, ``/connect/authorize`` redirects back with this ``error`` (user cancelled…).
    authorize_error: str | None = None
    clock: Callable[[], float] = time.time
    access_tokens: list[str] = field(default_factory=list)
    revocations: list[Revocation] = field(default_factory=list)
    _codes: dict[str, _Code] = field(default_factory=dict)
    _refresh: dict[str, _Grant] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.api.valid_tokens is None:
            self.api.valid_tokens = set()
        self.api.route("POST", r"/connect/token", self._token, auth=False)
        self.api.route("GET", r"/connect/authorize", self._authorize, auth=False)
        self.api.route("POST", r"/connect/revocation", self._revoke, auth=False)

    # -- helpers for tests ----------------------------------------------------------------

    def token_requests(self) -> int:
        """How many ``/connect/token`` calls the server received."""
        return sum(1 for r in self.api.requests if r.path.rstrip("/") == "/connect/token")

    def revocation_requests(self) -> int:
        """How many ``/connect/revocation`` calls the server received."""
        return sum(1 for r in self.api.requests if r.path.rstrip("/") == "/connect/revocation")

    def revoke_access_tokens(self) -> None:
        """Make every issued access token fail with 401 (as if expired server-side)."""
        with self._lock:
            assert self.api.valid_tokens is not None
            self.api.valid_tokens.difference_update(self.access_tokens)

    def issue_refresh_token(self, client_id: str = NATIVE_CLIENT_ID,
                            scope: str = "itwin-platform offline_access") -> str:
        """A refresh token as if ``client_id`` had signed in earlier (for test setup)."""
        token = secrets.token_urlsafe(32)
        with self._lock:
            self._refresh[token] = _Grant(client_id, scope)
        return token

    def revoke_refresh_tokens(self) -> None:
        with self._lock:
            self._refresh.clear()

    @property
    def refresh_tokens(self) -> list[str]:
        with self._lock:
            return list(self._refresh)

    # -- routes ---------------------------------------------------------------------------

    def _authorize(self, req: ApiRequest) -> FakeResponse:
        q = req.query
        client_id, redirect_uri = q.get("client_id", ""), q.get("redirect_uri", "")
        if client_id not in self.clients or self.clients[client_id] is not None:
            return _page(400, "Unknown or non-native client_id.")
        if redirect_uri not in self.redirect_uris:
            return _page(400, "redirect_uri is not registered for this client.")
        state = q.get("state")

        def back(**params: str) -> FakeResponse:
            params = {**params, **({"state": state} if state is not None else {})}
            sep = "&" if "?" in redirect_uri else "?"
            return FakeResponse(302, [("Location", redirect_uri + sep + urlencode(params)),
                                      ("Content-Length", "0")], b"")

        if self.authorize_error:
            return back(error=self.authorize_error, error_description="The user cancelled.")
        if q.get("response_type") != "code":
            return back(error="unsupported_response_type")
        challenge = q.get("code_challenge", "")
        if q.get("code_challenge_method") != "S256" or len(challenge) < 43:
            return back(error="invalid_request", error_description="PKCE S256 is required.")
        scope = q.get("scope", "")
        if not scope or not set(scope.split()) <= KNOWN_SCOPES:
            return back(error="invalid_scope")
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Code(client_id, redirect_uri, challenge, scope)
        return back(code=code)

    def _client_error(self, form: dict[str, str]) -> FakeResponse | None:
        """401 ``invalid_client`` unless the form names a known client (with its secret)."""
        client_id = form.get("client_id", "")
        if client_id not in self.clients:
            return _oauth_error(401, "invalid_client", "Unknown client.")
        secret = self.clients[client_id]
        if secret is not None and not secrets.compare_digest(form.get("client_secret", ""),
                                                             secret):
            return _oauth_error(401, "invalid_client", "Client authentication failed.")
        return None

    def _revoke(self, req: ApiRequest) -> FakeResponse:
        form = _form(req)
        if (refused := self._client_error(form)) is not None:
            return refused
        token, hint = form.get("token", ""), form.get("token_type_hint") or None
        if not token:
            return _oauth_error(400, "invalid_request", "token is required.")
        if hint not in (None, "refresh_token", "access_token"):
            return _oauth_error(400, "unsupported_token_type")
        client_id = form["client_id"]
        with self._lock:
            grant = self._refresh.get(token)
            revoked = grant is not None and grant.client_id == client_id
            if revoked:
                del self._refresh[token]
            self.revocations.append(Revocation(client_id, hint, revoked))
        return FakeResponse(200, [("Content-Length", "0"), ("Cache-Control", "no-store")], b"")

    def _token(self, req: ApiRequest) -> FakeResponse:
        form = _form(req)
        if (refused := self._client_error(form)) is not None:
            return refused
        client_id, secret = form["client_id"], self.clients[form["client_id"]]
        grant = form.get("grant_type")
        if grant == "client_credentials" and secret is not None:
            scope = form.get("scope", "")
            if not scope or not set(scope.split()) <= KNOWN_SCOPES - {"offline_access"}:
                return _oauth_error(400, "invalid_scope")
            return self._issue(client_id, scope, refresh=False)
        if grant == "authorization_code":
            return self._redeem_code(form, client_id)
        if grant == "refresh_token":
            return self._redeem_refresh(form, client_id)
        return _oauth_error(400, "unsupported_grant_type")

    def _redeem_code(self, form: dict[str, str], client_id: str) -> FakeResponse:
        with self._lock:
            pending = self._codes.pop(form.get("code", ""), None)  # single use
        if pending is None or pending.client_id != client_id:
            return _oauth_error(400, "invalid_grant", "Unknown or used authorization code.")
        if form.get("redirect_uri") != pending.redirect_uri:
            return _oauth_error(400, "invalid_grant", "redirect_uri does not match.")
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != pending.challenge:
            return _oauth_error(400, "invalid_grant", "code_verifier does not match.")
        return self._issue(client_id, pending.scope, refresh="offline_access" in pending.scope)

    def _redeem_refresh(self, form: dict[str, str], client_id: str) -> FakeResponse:
        token = form.get("refresh_token", "")
        with self._lock:
            grant = self._refresh.get(token)
            if grant is None or grant.client_id != client_id:
                return _oauth_error(400, "invalid_grant", "Unknown or revoked refresh token.")
            if self.rotate_refresh_tokens:
                del self._refresh[token]
        return self._issue(client_id, grant.scope, refresh=True,
                           keep=None if self.rotate_refresh_tokens else token)

    def _issue(self, client_id: str, scope: str, *, refresh: bool,
               keep: str | None = None) -> FakeResponse:
        now = self.clock()
        claims: dict[str, Any] = {"iss": "fake-ims", "client_id": client_id, "scope": scope,
                                  "iat": int(now), "exp": int(now + self.lifetime),
                                  "jti": secrets.token_hex(8)}
        if self.clients.get(client_id) is None:  # a user, not a service app
            claims |= {"sub": self.user.sub, "email": self.user.email, "name": self.user.name,
                       "org_name": self.user.org_name}
        access = ".".join(_b64(p) for p in (b'{"alg":"none","typ":"JWT"}',
                                            orjson.dumps(claims), b"fake-signature"))
        payload: dict[str, Any] = {"access_token": access, "token_type": "Bearer",
                                   "expires_in": self.lifetime, "scope": scope}
        with self._lock:
            self.access_tokens.append(access)
            assert self.api.valid_tokens is not None
            self.api.valid_tokens.add(access)
            if refresh:
                new = keep or secrets.token_urlsafe(32)
                self._refresh[new] = _Grant(client_id, scope)
                payload["refresh_token"] = new
        return json_response(payload, headers=[("Cache-Control", "no-store")])


def _form(req: ApiRequest) -> dict[str, str]:
    return dict(parse_qsl(req.body.decode("utf-8", "replace"), keep_blank_values=True))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _oauth_error(status: int, error: str, description: str | None = None) -> FakeResponse:
    body: dict[str, str] = {"error": error}
    if description:
        body["error_description"] = description
    return json_response(body, status, headers=[("Cache-Control", "no-store")])


def _page(status: int, text: str) -> FakeResponse:
    return bytes_response(status, f"<html><body><p>{text}</p></body></html>".encode(),
                          "text/html; charset=utf-8")
