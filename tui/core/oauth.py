"""OAuth2 against IMS: the token and revocation endpoints, and token sources that renew
before expiry.

:class:`ClientCredentials` is a service app (client id + secret); :class:`RefreshTokenSession`
keeps the sign-in of ``itwin-tui login`` alive with its refresh token. Both implement
:class:`tui.core.auth.TokenSource`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.cache_key import token_identity
from tui.core.claims import expiry, format_expiry, identity, read_claims
from tui.core.errors import ApiError, ErrorKind
from tui.core.jsonio import loads_or_none
from tui.core.limits import REQUEST_DEADLINE
from tui.core.secrets import SecretStore, SecretStoreError, StoredSignIn
from tui.core.signin import API_SCOPE, register_hint
from tui.core.urls import redact
from tui.core.version import USER_AGENT

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

DEFAULT_AUTHORITY = "https://ims.bentley.com"
#: Renew this many seconds before expiry (at most half the token's lifetime).
RENEW_MARGIN = 120.0

REGISTER_HINT = register_hint()
_LOGIN_HINT = "Run itwin-tui login to sign in again."


def normalise_authority(value: str | None) -> str:
    """The authority URL without a trailing slash (default ``https://ims.bentley.com``)."""
    return (value or "").strip().rstrip("/") or DEFAULT_AUTHORITY


def short_id(client_id: str) -> str:
    return client_id if len(client_id) <= 8 else client_id[:8] + "…"


@dataclass(slots=True, repr=False)
class TokenSet:
    """A token endpoint answer: the access token and when it stops working."""

    access_token: str
    expires_at: float | None
    refresh_token: str | None = None
    scope: str | None = None
    id_token: str | None = None

    def identity(self) -> str | None:
        """Who the tokens are for, from the access token's or the ID token's claims."""
        return identity(read_claims(self.access_token)) or identity(read_claims(self.id_token))

    def __repr__(self) -> str:  # never show a token
        refresh = "set" if self.refresh_token else "none"
        return f"TokenSet(expires_at={self.expires_at!r}, refresh_token={refresh})"


class TokenEndpoint:
    """``{authority}/connect/token`` and ``/connect/revocation``, one httpx client per call
    (honours proxy/CA env)."""

    def __init__(self, authority: str | None = None, *, timeout: float = 30.0,
                 deadline: float = REQUEST_DEADLINE,
                 transport: httpx.AsyncBaseTransport | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        """``timeout`` bounds each read; ``deadline`` a whole request with its answer."""
        self.authority = normalise_authority(authority)
        self.url = f"{self.authority}/connect/token"
        self.revocation_url = f"{self.authority}/connect/revocation"
        self.timeout = timeout
        self.deadline = deadline
        self.transport = transport
        self.clock = clock

    async def request(self, form: dict[str, str]) -> TokenSet:
        """POST a grant; failures become :class:`ApiError` with a message for people."""
        response, where = await self._post(self.url, form)
        payload = loads_or_none(response.content)
        if response.is_success:
            return self._token_set(payload, where)
        raise _token_error(response.status_code, payload, response.content, where)

    async def revoke(self, refresh_token: str, client_id: str) -> None:
        """Revoke a refresh token (RFC 7009); IMS answers 200 for unknown tokens too."""
        log.debug("revoking the refresh token at %s", self.authority)
        response, where = await self._post(self.revocation_url, {
            "token": refresh_token, "token_type_hint": "refresh_token", "client_id": client_id})
        if not response.is_success:
            raise _token_error(response.status_code, loads_or_none(response.content),
                               response.content, where)

    async def _post(self, url: str, form: dict[str, str]) -> tuple[httpx.Response, str]:
        """POST ``form`` to ``url``; the answer and the redacted URL for error messages."""
        import httpx  # only when a token is needed: app start does not wait for it

        where = redact(url)
        try:
            async with httpx.AsyncClient(
                transport=self.transport, timeout=httpx.Timeout(self.timeout),
                follow_redirects=False, trust_env=True,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            ) as http, asyncio.timeout(self.deadline):
                return await http.post(url, data=form), where
        except (httpx.TimeoutException, TimeoutError):
            raise ApiError(ErrorKind.TIMEOUT, f"The sign-in service at {self.authority} did not "
                           "answer in time.", url=where) from None
        except httpx.TransportError as exc:
            raise ApiError(ErrorKind.CONNECTION, f"Cannot reach the sign-in service at "
                           f"{self.authority}: {exc or type(exc).__name__}", url=where,
                           hint="Check the network, --authority and any HTTPS_PROXY setting."
                           ) from None

    def _token_set(self, payload: Any, where: str) -> TokenSet:
        if not isinstance(payload, dict) or not isinstance(payload.get("access_token"), str):
            raise ApiError(ErrorKind.BAD_RESPONSE, "The sign-in service answered without an "
                           "access token.", url=where)
        access = payload["access_token"]
        lifetime = payload.get("expires_in")
        if isinstance(lifetime, int | float) and not isinstance(lifetime, bool):
            expires_at: float | None = self.clock() + float(lifetime)
        else:
            expires_at = expiry(read_claims(access))
        return TokenSet(access, expires_at, _str(payload.get("refresh_token")),
                        _str(payload.get("scope")), _str(payload.get("id_token")))


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _token_error(status: int, payload: Any, body: bytes, where: str) -> ApiError:
    """An OAuth error answer (RFC 6749 §5.2) as an :class:`ApiError`."""
    code = _str(payload.get("error")) if isinstance(payload, dict) else None
    description = _str(payload.get("error_description")) if isinstance(payload, dict) else None
    detail = f" ({description})" if description else ""
    if code == "invalid_client":
        return ApiError(ErrorKind.UNAUTHORIZED, "The sign-in service rejected the client id or "
                        f"secret (invalid_client){detail}.", status=status, code=code, url=where,
                        hint="Check ITWIN_CLIENT_ID / ITWIN_CLIENT_SECRET (or --client-id). "
                        + REGISTER_HINT)
    if code == "invalid_grant":
        return ApiError(ErrorKind.UNAUTHORIZED, "The sign-in was rejected: the code or refresh "
                        f"token is invalid, expired or revoked (invalid_grant){detail}.",
                        status=status, code=code, url=where, hint=_LOGIN_HINT)
    if code:
        return ApiError(ErrorKind.UNAUTHORIZED if status in (400, 401) else ErrorKind.HTTP,
                        f"The sign-in service refused the request ({code}){detail}.",
                        status=status, code=code, url=where, hint=REGISTER_HINT)
    kind = ErrorKind.SERVER if status >= 500 else ErrorKind.HTTP
    snippet = body[:120].decode("utf-8", "replace").strip()
    return ApiError(kind, f"The sign-in service answered HTTP {status}"
                    + (f": {snippet!r}" if snippet else " with an empty body"),
                    status=status, url=where, hint="Check --authority / ITWIN_AUTHORITY.")


class _RenewingSource:
    """Shared logic: one token at a time, renewed shortly before expiry or after a 401."""

    def __init__(self, endpoint: TokenEndpoint, *, margin: float = RENEW_MARGIN,
                 initial: TokenSet | None = None) -> None:
        self.endpoint = endpoint
        self.margin = margin
        self._tokens = initial
        self._issued_at = endpoint.clock() if initial else 0.0
        self._lock = asyncio.Lock()
        self._generation = 0

    @property
    def expires_at(self) -> float | None:
        return self._tokens.expires_at if self._tokens else None

    def _fresh(self) -> bool:
        tokens = self._tokens
        if tokens is None:
            return False
        if tokens.expires_at is None:
            return True
        lifetime = max(0.0, tokens.expires_at - self._issued_at)
        return self.endpoint.clock() < tokens.expires_at - min(self.margin, lifetime / 2)

    async def token(self) -> str | None:
        async with self._lock:
            if not self._fresh():
                await self._renew()
            assert self._tokens is not None
            return self._tokens.access_token

    def identity_hint(self) -> str | None:
        """The current token's user while it is fresh (no renewal, no network)."""
        tokens = self._tokens
        return token_identity(tokens.access_token) if tokens and self._fresh() else None

    async def refresh(self) -> bool:
        """Get a new token after a 401 (once, even when several calls failed together)."""
        seen = self._generation
        async with self._lock:
            if self._generation == seen:
                await self._renew()
        return True

    async def _renew(self) -> None:
        issued_at = self.endpoint.clock()
        tokens = await self._obtain()
        self._tokens, self._issued_at = tokens, issued_at
        self._generation += 1

    async def _obtain(self) -> TokenSet:
        raise NotImplementedError

    def _expiry_text(self) -> str:
        return format_expiry(self.expires_at, self.endpoint.clock()) or "no expiry given"


class ClientCredentials(_RenewingSource):
    """A service app (``client_credentials``); its token is reused until shortly before expiry."""

    def __init__(self, client_id: str, client_secret: str, endpoint: TokenEndpoint, *,
                 scope: str = API_SCOPE, margin: float = RENEW_MARGIN) -> None:
        super().__init__(endpoint, margin=margin)
        self.client_id = client_id
        self._secret = client_secret
        self.scope = scope

    async def _obtain(self) -> TokenSet:
        log.debug("requesting a service app token from %s", self.endpoint.authority)
        return await self.endpoint.request({
            "grant_type": "client_credentials", "client_id": self.client_id,
            "client_secret": self._secret, "scope": self.scope})

    def describe(self) -> str:
        who = f"service app {short_id(self.client_id)}"
        if self._tokens is None:
            return f"{who} · no token yet"
        return f"{who} · token {self._expiry_text()}"

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={short_id(self.client_id)!r}, " \
               f"authority={self.endpoint.authority!r})"


class RefreshTokenSession(_RenewingSource):
    """The sign-in of ``itwin-tui login``: access tokens from a stored refresh token.

    A rotated refresh token is saved back to ``store`` at once.
    """

    def __init__(self, signin: StoredSignIn, endpoint: TokenEndpoint, *,
                 store: SecretStore | None = None, initial: TokenSet | None = None,
                 margin: float = RENEW_MARGIN) -> None:
        super().__init__(endpoint, margin=margin, initial=initial)
        self.signin = signin
        self.store = store
        self.save_error: str | None = None

    async def _obtain(self) -> TokenSet:
        log.debug("refreshing the sign-in at %s", self.endpoint.authority)
        tokens = await self.endpoint.request({
            "grant_type": "refresh_token", "client_id": self.signin.client_id,
            "refresh_token": self.signin.refresh_token})
        user = tokens.identity()
        identity = token_identity(tokens.access_token)
        rotated = tokens.refresh_token and tokens.refresh_token != self.signin.refresh_token
        if rotated or (user and user != self.signin.user) or identity != self.signin.identity:
            self.signin.refresh_token = tokens.refresh_token or self.signin.refresh_token
            self.signin.user = user or self.signin.user
            self.signin.identity = identity
            await self._save()
        return tokens

    def identity_hint(self) -> str | None:
        """The fresh token's user, else the stored sign-in's: whose cache to read when no
        token can be had (an offline start)."""
        return super().identity_hint() or self.signin.identity

    async def _save(self) -> None:
        if self.store is None:
            return
        try:
            await asyncio.to_thread(self.store.save, self.signin)
            self.save_error = None
        except SecretStoreError as exc:  # keep working with the in-memory token
            self.save_error = str(exc)
            log.warning("could not save the renewed sign-in: %s", exc)

    def describe(self) -> str:
        user = (self._tokens.identity() if self._tokens else None) or self.signin.user
        app = short_id(self.signin.client_id)
        who = f"signed in as {user}" if user else f"signed in (app {app})"
        if self._tokens is None:
            return who
        return f"{who} · {self._expiry_text()}"

    def __repr__(self) -> str:
        return f"RefreshTokenSession(client_id={short_id(self.signin.client_id)!r}, " \
               f"authority={self.endpoint.authority!r})"
