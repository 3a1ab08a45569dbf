"""``itwin-tui serve``: run the app in a web browser through textual-serve (optional extra)."""

from __future__ import annotations

import ipaddress
import shlex
import socket
import sys

from tui import locations
from tui.config import Settings

INSTALL_HINT = "pip install 'itwin-tui[serve]'"


def has_token(settings: Settings) -> bool:
    """True when a token is available: ``$ITWIN_ACCESS_TOKEN`` or a non-empty token file."""
    if settings.token:
        return True
    if settings.token_file is None:
        return False
    try:
        return bool(settings.token_file.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return False


def app_command(settings: Settings, demo: bool) -> str:
    """Shell command that starts one app per browser session.

    Only paths and switches go on the command line, never the token: the child inherits
    ``$ITWIN_ACCESS_TOKEN`` from the environment, or reads ``--token-file`` itself.
    """
    args = [sys.executable, "-m", "tui"]
    if demo:
        args.append("--demo")
    else:
        args += ["--base-url", settings.base_url]
        if settings.token_file is not None:
            args += ["--token-file", str(settings.token_file)]
        if settings.authority:
            args += ["--authority", settings.authority]
    if settings.cache_dir != locations.cache_dir():
        args += ["--cache-dir", str(settings.cache_dir)]
    if settings.download_dir != locations.download_dir():
        args += ["--download-dir", str(settings.download_dir)]
    if settings.no_cache:
        args.append("--no-cache")
    if settings.theme:
        args += ["--theme", settings.theme]
    return shlex.join(args)


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


def run_serve(host: str, port: int, settings: Settings) -> int:
    """Serve the app on ``http://host:port`` until Ctrl+C; 2 when textual-serve is missing."""
    try:
        from textual_serve.server import Server
    except ImportError:
        print(f"itwin-tui serve needs textual-serve: {INSTALL_HINT}", file=sys.stderr)
        return 2
    if not 0 < port < 65536:
        print(f"itwin-tui serve: invalid port {port}", file=sys.stderr)
        return 2
    demo = settings.demo
    if not demo and not has_token(settings):
        demo = True
        print("No token set ($ITWIN_ACCESS_TOKEN or --token-file): serving the demo data.")
    if not is_loopback(host):
        print(f"Warning: binding to {host}, not loopback: anyone who can reach this machine "
              "can use the app" + ("." if demo else " with your token."), file=sys.stderr)
    url = public_url(host, port)
    server = Server(app_command(settings, demo), host=host.strip("[]"), port=port,
                    title="itwin-tui", public_url=url)
    try:
        server.serve()
    except OSError as error:
        print(f"itwin-tui serve: cannot listen on {host}:{port}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
