"""Choosing the token source for a run (non-demo), in a fixed order.

1. ``--token-file PATH`` (explicit, so it wins over the environment), then
   ``$ITWIN_ACCESS_TOKEN``;
2. service app credentials (``$ITWIN_CLIENT_ID``/``$ITWIN_CLIENT_SECRET`` or Bentley CLI's
   ``$ITP_SERVICE_CLIENT_ID``/``$ITP_SERVICE_CLIENT_SECRET``);
3. the refresh token stored by ``itwin-tui login``;
4. nothing (:class:`~tui.core.auth.NoToken` explains how to sign in).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from tui.core.auth import NoToken, StaticToken, TokenFile, TokenSource


class TokenSettings(Protocol):
    """What choosing a token source reads (the app's ``Settings`` has all of it)."""

    token: str | None
    token_file: Path | None
    client_id: str | None
    client_secret: str | None
    authority: str | None
    scopes: str | None
    request_deadline: float
    credentials_file: Path  # where ``itwin-tui login`` keeps its sign-in without a keyring
    keyring_account: str  # its entry in the keyring (one per profile)


def token_source(settings: TokenSettings) -> TokenSource:
    """The first configured source, in the documented order."""
    if settings.token_file is not None:
        return TokenFile(settings.token_file)
    if settings.token:
        return StaticToken(settings.token, "$ITWIN_ACCESS_TOKEN")
    # OAuth and the secret stores only when no plain token is given (~5 ms of imports).
    from tui.core.oauth import (
        ClientCredentials,
        RefreshTokenSession,
        TokenEndpoint,
        normalise_authority,
    )
    from tui.core.secrets import load_signin, stores
    from tui.core.signin import API_SCOPE

    if settings.client_id and settings.client_secret:
        endpoint = TokenEndpoint(settings.authority, deadline=settings.request_deadline)
        return ClientCredentials(settings.client_id, settings.client_secret, endpoint,
                                 scope=settings.scopes or API_SCOPE)
    found = load_signin(stores(settings.credentials_file, settings.keyring_account))
    if found is not None:
        signin, store = found
        # The refresh token belongs to the authority that issued it.
        endpoint = TokenEndpoint(signin.authority or normalise_authority(settings.authority),
                                 deadline=settings.request_deadline)
        return RefreshTokenSession(signin, endpoint, store=store)
    return NoToken()
