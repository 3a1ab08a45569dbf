"""``itwin-tui serve``: run the app in a web browser through textual-serve (optional extra)."""

from __future__ import annotations

import os
import shlex
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui import locations
from tui.config import Settings
from tui.core.urls import is_loopback
from tui.options import DEFAULT_PROFILE

if TYPE_CHECKING:
    from tui.core.auth import TokenSource

INSTALL_HINT = "pip install 'itwin-tui[serve]'"


NO_SIGN_IN = ("No sign-in found (--token-file, $ITWIN_ACCESS_TOKEN, a service app's "
              "$ITWIN_CLIENT_ID and $ITWIN_CLIENT_SECRET, or itwin-tui login): "
              "serving the demo data.")


def sign_in(settings: Settings) -> TokenSource | None:
    """The token source the served app will use, found as the terminal app finds it
    (``tui.core.sources``); ``None`` when nothing is configured (or the token file is empty)."""
    from tui.core.auth import NoToken
    from tui.core.sources import token_source

    if settings.token_file is not None and not _file_has_token(settings.token_file):
        return None
    source = token_source(settings)
    return None if isinstance(source, NoToken) else source


def _file_has_token(path: Path) -> bool:
    try:
        return bool(path.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return False


def app_command(settings: Settings, demo: bool) -> str:
    """Shell command that starts one app per browser session.

    Only paths and switches go on the command line, never a secret: the child inherits
    ``$ITWIN_ACCESS_TOKEN`` and ``$ITWIN_CLIENT_SECRET`` from the environment, reads
    ``--token-file`` or the stored sign-in of ``itwin-tui login`` itself. textual-serve runs
    it through a shell, which ``exec`` replaces by the app: a stop signal sent to the group
    then reaches the app alone (it exits as ``q`` does) instead of killing the shell under it.
    """
    args = [sys.executable, "-m", "tui"]
    if settings.config_file is not None:
        args += ["--config", str(settings.config_file)]
    if settings.profile != DEFAULT_PROFILE:
        args += ["--profile", settings.profile]
    if demo:
        args.append("--demo")
    else:
        args += ["--base-url", settings.base_url]
        if settings.token_file is not None:
            args += ["--token-file", str(settings.token_file)]
        if settings.authority:
            args += ["--authority", settings.authority]
        if settings.client_id:
            args += ["--client-id", settings.client_id]
    if settings.cache_dir != locations.cache_dir():
        args += ["--cache-dir", str(settings.cache_dir)]
    if settings.download_dir != locations.download_dir():
        args += ["--download-dir", str(settings.download_dir)]
    if settings.no_cache:
        args.append("--no-cache")
    if settings.theme:
        args += ["--theme", settings.theme]
    command = shlex.join(args)
    return f"exec {command}" if os.name == "posix" else command


def public_url(host: str, port: int) -> str:
    """The URL browsers use (the page embeds it for the websocket).

    A wildcard bind (``0.0.0.0``, ``::``) is not an address a browser can reach, so the
    machine's host name is advertised instead.
    """
    name = host.strip("[]")
    if name in ("", "0.0.0.0", "::"):
        name = socket.gethostname()
    if ":" in name:  # IPv6 literal
        name = f"[{name}]"
    return f"http://{name}:{port}"


def run_serve(host: str, port: int, settings: Settings, *, no_auth: bool = False) -> int:
    """Serve the app on ``http://host:port`` until Ctrl+C (0) or SIGTERM/SIGHUP (143/129);
    2 for a usage error or when textual-serve is missing, 1 when the port cannot be had."""
    try:
        import textual_serve.server  # noqa: F401  (the optional extra)
    except ImportError:
        print(f"itwin-tui serve needs textual-serve: {INSTALL_HINT}", file=sys.stderr)
        return 2
    from tui.commands.serve_auth import GuardedServer, Secret

    if not 0 < port < 65536:
        print(f"itwin-tui serve: invalid port {port}", file=sys.stderr)
        return 2
    if no_auth and not is_loopback(host):
        print(f"itwin-tui serve: --no-auth is allowed on a loopback --host only, not {host}: "
              "anyone who can reach it could use the app.", file=sys.stderr)
        return 2
    demo = _announce(settings)
    if not is_loopback(host):
        print(f"Warning: binding to {host}, not loopback: the connection is not encrypted, "
              "so anyone on the network path can read the token in the URL and the screen.",
              file=sys.stderr)
    server = GuardedServer(app_command(settings, demo), host=host.strip("[]"), port=port,
                           public_url=public_url(host, port),
                           secret=None if no_auth else Secret(port))
    try:
        server.serve()
    except OSError as error:
        print(f"itwin-tui serve: cannot listen on {host}:{port}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return server.exit_status


def _announce(settings: Settings) -> bool:
    """Say on stdout whose data is served; True when that is the demo."""
    if settings.demo:
        print("Serving the demo data.")
        return True
    source = sign_in(settings)
    if source is None and settings.token_file is not None:
        print(f"The token file {settings.token_file} is empty or unreadable: serving the demo "
              "data.")
        return True
    if source is None:
        print(NO_SIGN_IN)
        return True
    print(f"Serving your iTwin data ({source.describe()}).")
    return False
