"""How to sign in, said once: the scopes, where apps are registered, and the ways to get a
token in the order the app tries them (no textual).

The not-signed-in screen, the error hints, ``itwin-tui login``'s messages and the README
(``tests/test_signin_text.py`` checks it) all follow from here.
"""

from typing import NamedTuple

#: What the Library and Export APIs need in an access token.
API_SCOPE = "itwin-platform"
#: What makes IMS issue a refresh token, so ``itwin-tui login`` lasts.
OFFLINE_SCOPE = "offline_access"
#: The scopes to register a Desktop/Mobile app with, for ``itwin-tui login``.
NATIVE_APP_SCOPES = f"{API_SCOPE} {OFFLINE_SCOPE}"
MY_APPS_URL = "https://developer.bentley.com/my-apps"
DEMO_COMMAND = "itwin-tui --demo"


class SignInWay(NamedTuple):
    """One way to give the app a token: what to type, and what it does."""

    command: str
    does: str


#: In the order the app tries them (``tui.core.sources``).
SIGN_IN_WAYS = (
    SignInWay("itwin-tui --token-file PATH", "an access token in a file"),
    SignInWay("export ITWIN_ACCESS_TOKEN=…", "a token you already have"),
    SignInWay("export ITWIN_CLIENT_ID=… ITWIN_CLIENT_SECRET=…", "a service app"),
    SignInWay("itwin-tui login", "your account, in the browser"),
)


def sign_in_help() -> str:
    """Every way to sign in, in one line (for error hints)."""
    ways = "; ".join(way.command for way in SIGN_IN_WAYS[:-1])
    return (f"To sign in: {ways}; or {SIGN_IN_WAYS[-1].command}. "
            f"To look around without an account: {DEMO_COMMAND}.")


def register_hint() -> str:
    """Where and how to register an app (for sign-in service errors)."""
    return (f"Register an app at {MY_APPS_URL}: a service app with the scope {API_SCOPE}, or "
            f"for itwin-tui login a Desktop/Mobile app with the scopes {NATIVE_APP_SCOPES}.")
