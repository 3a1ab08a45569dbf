"""Browser sign-in: authorization code + PKCE (S256) with a loopback redirect."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

from tui.core.loopback import LoginError, RedirectReceiver, parse_redirect_uri
from tui.core.oauth import TokenEndpoint, TokenSet
from tui.core.signin import API_SCOPE, OFFLINE_SCOPE

log = logging.getLogger(__name__)

DEFAULT_REDIRECT_URI = "http://localhost:3301/signin-callback"
LOGIN_TIMEOUT = 300.0

__all__ = ["DEFAULT_REDIRECT_URI", "LoginError", "authorize_url", "browser_login",
           "login_scope", "make_pkce"]


def make_pkce() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge) per RFC 7636."""
    verifier = secrets.token_urlsafe(64)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def login_scope(scope: str | None = None) -> str:
    """The API scope plus ``offline_access`` (for a refresh token)."""
    words = (scope or API_SCOPE).split()
    return " ".join([*words, OFFLINE_SCOPE] if OFFLINE_SCOPE not in words else words)


def authorize_url(authority: str, client_id: str, redirect_uri: str, scope: str, state: str,
                  challenge: str) -> str:
    query = urlencode({"client_id": client_id, "response_type": "code",
                       "redirect_uri": redirect_uri, "scope": scope, "state": state,
                       "code_challenge": challenge, "code_challenge_method": "S256"})
    return f"{authority}/connect/authorize?{query}"


async def browser_login(endpoint: TokenEndpoint, client_id: str, *,
                        open_url: Callable[[str], object],
                        redirect_uri: str = DEFAULT_REDIRECT_URI, scope: str | None = None,
                        timeout: float = LOGIN_TIMEOUT) -> TokenSet:
    """Run the whole flow: listen, send the user to IMS, check ``state``, exchange the code.

    ``open_url`` shows the authorize URL to the user (opens a browser or prints it); it is
    called once the loopback receiver is listening.
    """
    parse_redirect_uri(redirect_uri)
    verifier, challenge = make_pkce()
    state = secrets.token_urlsafe(24)
    url = authorize_url(endpoint.authority, client_id, redirect_uri, login_scope(scope), state,
                        challenge)
    async with RedirectReceiver(redirect_uri, state) as receiver:
        open_url(url)
        code = await receiver.wait(timeout)
    log.debug("authorization code received; exchanging it at %s", endpoint.authority)
    return await endpoint.request({
        "grant_type": "authorization_code", "client_id": client_id, "code": code,
        "redirect_uri": redirect_uri, "code_verifier": verifier})
