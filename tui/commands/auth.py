"""``itwin-tui login`` and ``itwin-tui logout``."""

from __future__ import annotations

import asyncio
import os
import sys
import webbrowser
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui.core.cache_key import token_identity
from tui.core.claims import format_expiry
from tui.core.errors import ApiError
from tui.core.login import DEFAULT_REDIRECT_URI, LOGIN_TIMEOUT, LoginError, browser_login
from tui.core.oauth import TokenEndpoint, TokenSet
from tui.core.secrets import (
    FileStore,
    SecretStoreError,
    StoredSignIn,
    keyring_disabled,
    load_signin,
    save_signin,
    stores,
)
from tui.core.signin import MY_APPS_URL, NATIVE_APP_SCOPES, OFFLINE_SCOPE

if TYPE_CHECKING:
    from tui.config import Settings

NO_CLIENT_ID = f"""\
itwin-tui login needs the client id of an app you registered with Bentley:
  1. at {MY_APPS_URL} register a "Desktop/Mobile" app with
     the scopes {NATIVE_APP_SCOPES} and the redirect URI {{redirect}}
  2. run itwin-tui login --client-id <id>, or set ITWIN_CLIENT_ID."""


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def has_display() -> bool:
    """Whether a browser can be opened here (not over SSH without X forwarding, etc.)."""
    if sys.platform in ("darwin", "win32"):
        return not os.environ.get("SSH_CONNECTION")
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def show_url(redirect_uri: str) -> Callable[[str], object]:
    """The default way to send the user to IMS: open a browser if possible, always print."""
    try:
        port = urlsplit(redirect_uri).port or 3301
    except ValueError:
        port = 3301

    def open_url(url: str) -> None:
        opened = False
        if has_display():
            try:
                opened = webbrowser.open(url)
            except webbrowser.Error:
                opened = False
        if opened:
            print("Opened your browser to sign in. If it did not appear, open this URL:")
        else:
            print("Open this URL in a browser to sign in:")
        print(f"\n  {url}\n")
        if not opened and os.environ.get("SSH_CONNECTION"):
            print(f"Over SSH, forward the redirect port first: ssh -L {port}:localhost:{port} …")
        print("Waiting for the sign-in to finish (Ctrl+C to cancel)…", flush=True)

    return open_url


def login(settings: Settings, *, open_url: Callable[[str], object] | None = None,
          timeout: float = LOGIN_TIMEOUT) -> int:
    """Sign in with authorization code + PKCE and store the refresh token."""
    redirect_uri = settings.redirect_uri or DEFAULT_REDIRECT_URI
    if not settings.client_id:
        _err(NO_CLIENT_ID.format(redirect=redirect_uri))
        return 2
    endpoint = TokenEndpoint(settings.authority)
    try:
        tokens = asyncio.run(browser_login(
            endpoint, settings.client_id, open_url=open_url or show_url(redirect_uri),
            redirect_uri=redirect_uri, scope=settings.scopes, timeout=timeout))
    except (LoginError, ApiError) as exc:
        _err(f"Sign-in failed: {exc.human()}")
        return 1
    except KeyboardInterrupt:
        _err("Sign-in cancelled.")
        return 130
    return _keep(settings, tokens, settings.client_id, endpoint.authority)


def _keep(settings: Settings, tokens: TokenSet, client_id: str, authority: str) -> int:
    """Store the sign-in ``tokens`` make (for the app ``client_id`` at ``authority``), and
    say so."""
    if not tokens.refresh_token:
        _err("Sign-in failed: the sign-in service issued no refresh token, so the sign-in could "
             f"not be kept.\nAllow the {OFFLINE_SCOPE} scope for this app and try again.")
        return 1
    user = tokens.identity()
    signin = StoredSignIn(tokens.refresh_token, client_id, authority,
                          tokens.scope or "", user, token_identity(tokens.access_token))
    try:
        store, notes = save_signin(signin, stores(settings.credentials_file,
                                                  settings.keyring_account))
    except SecretStoreError as exc:
        _err(f"Signed in, but the sign-in could not be stored: {exc}")
        return 1
    for note in notes:
        print(f"Note: {note}")
    expires = format_expiry(tokens.expires_at) or "no expiry given"
    print(f"Signed in as {user or 'an unknown user'} · access token {expires}.")
    print(f"Refresh token stored in {store.where}.")
    if isinstance(store, FileStore) and not keyring_disabled():
        print("Install itwin-tui[keyring] (with a system keyring) to keep it there instead.")
    _mention_overrides(settings)
    return 0


def _mention_overrides(settings: Settings) -> None:
    """Say when another source will be used before this sign-in."""
    if settings.token_file is not None:
        print("Note: --token-file takes precedence over this sign-in.")
    elif settings.token:
        print("Note: $ITWIN_ACCESS_TOKEN is set and takes precedence over this sign-in.")
    elif settings.client_secret:
        print("Note: service app credentials ($ITWIN_CLIENT_SECRET) take precedence over this "
              "sign-in.")


#: Seconds to wait for IMS at logout; the local sign-in is removed either way.
REVOKE_TIMEOUT = 10.0


def logout(settings: Settings) -> int:
    """Revoke the stored refresh token at IMS, then remove the stored sign-in from the keyring
    and the file; say what was done. An unreachable IMS only earns a warning."""
    # the keyring (if usable), the file: the profile's own
    candidates = stores(settings.credentials_file, settings.keyring_account)
    found = load_signin(candidates)
    if found is not None:
        _revoke(found[0])
    removed: list[str] = []
    failed = False
    for store in candidates:
        try:
            if store.delete():
                removed.append(store.label)
        except SecretStoreError as exc:
            _err(str(exc))
            failed = True
    for where in removed:
        print(f"Removed the stored sign-in from {where}.")
    if not removed and not failed:
        print("No stored sign-in was found; nothing to remove.")
    if settings.token or settings.token_file or settings.client_secret:
        print("Tokens from --token-file, $ITWIN_ACCESS_TOKEN or $ITWIN_CLIENT_SECRET are not "
              "stored by itwin-tui; unset them to sign out completely.")
    return 1 if failed else 0


def _revoke(signin: StoredSignIn) -> None:
    """Revoke the refresh token so a leaked copy stops working (RFC 7009); warn on failure."""
    endpoint = TokenEndpoint(signin.authority, timeout=REVOKE_TIMEOUT)
    try:
        asyncio.run(endpoint.revoke(signin.refresh_token, signin.client_id))
    except ApiError as exc:
        reason = exc.headline()
    except KeyboardInterrupt:
        reason = "cancelled"
    else:
        print(f"Revoked the refresh token at {endpoint.authority}.")
        return
    _err(f"Could not revoke the refresh token at {endpoint.authority} ({reason}); it is removed "
         "here and expires on its own.")
