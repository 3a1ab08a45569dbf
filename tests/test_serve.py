"""``itwin-tui serve``: the app served over loopback and rendered by headless Chromium, and
who may use it (a secret token in the URL printed at start, then a cookie)."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import aiohttp
import httpx
import pytest
from serve_helpers import (
    TITLE,
    Served,
    child_env,
    chromium,
    free_port,
    require_chromium,
    serving,
    terminal_text,
)

from tui.commands.serve import app_command, is_loopback, public_url, run_serve, sign_in
from tui.config import Settings
from tui.core.secrets import FileStore, StoredSignIn
from tui.locations import credentials_file

SECRET = "serve-test-secret-token"


# --- the browser test ----------------------------------------------------------------------

def test_serve_shows_the_app_in_headless_chromium(tmp_path: Path) -> None:
    require_chromium()
    with serving(tmp_path, "--demo") as served:
        assert served.token, f"no URL with a token printed:\n{served.output()}"
        page = httpx.get(served.start_url, timeout=5, follow_redirects=True).text
        assert TITLE in page, "textual-serve's page should carry the title=itwin-tui"
        assert "ws://127.0.0.1:" in page, "the page's websocket must point at the loopback host"
        with chromium(tmp_path) as devtools:
            state = terminal_text(devtools, served.start_url, TITLE, timeout=25,
                                  failed=lambda: "failed to start" in served.output())
        (tmp_path / "page.png").write_bytes(state.pop("screenshot"))
        assert state.get("terminal"), f"no xterm.js terminal found in the page: {state}"
        ended = " (the session ended: the app exited)" if "-closed" in state["body"] else ""
        assert TITLE in state["text"], (
            f"the app's title never appeared in the browser terminal{ended}.\n"
            f"page state: {state}\nserver log:\n{served.output()}")
        assert "-first-byte" in state["body"], "the page never received the app's output"
    assert "Traceback" not in served.output()


def test_the_browser_without_the_token_gets_403_and_no_app(tmp_path: Path) -> None:
    require_chromium()
    with serving(tmp_path, "--demo") as served, chromium(tmp_path) as devtools:
        for url in (served.url, f"{served.url}?token=not-the-token"):
            state = terminal_text(devtools, url, "403", timeout=10, failed=lambda: False,
                                  where="page")
            assert "403" in state["page"] and "token" in state["page"], state
            assert not state.get("terminal"), "the page (and its terminal) must not be served"
        assert served.apps() == [], "no app may start without the token"


# --- who may connect -----------------------------------------------------------------------

def test_the_page_needs_the_token_then_a_cookie(tmp_path: Path) -> None:
    with serving(tmp_path, "--demo") as served:
        assert served.token and len(served.token) >= 32, served.output()
        for url in (served.url, f"{served.url}?token=wrong", f"{served.url}?token="):
            refused = httpx.get(url, timeout=5)
            assert refused.status_code == 403, url
            assert "token" in refused.text and "Traceback" not in refused.text
        with httpx.Client(timeout=5) as browser:
            first = browser.get(served.start_url)
            # The token leaves the address bar (and history) at once: a cookie replaces it.
            assert first.status_code == 303 and first.headers["location"] == "/"
            cookie = first.headers["set-cookie"].lower()
            assert "httponly" in cookie and "samesite=lax" in cookie
            again = browser.get(served.url)
            assert again.status_code == 200 and TITLE in again.text
            assert served.token not in again.text
        # The cookie is per port: another server on this host never receives it under its name.
        assert f"itwin-tui-serve-{served.port}=" in first.headers["set-cookie"]
        assert served.apps() == []  # pages alone start nothing


async def _websocket_status(served: Served, query: str = "", **headers: str) -> int:
    """Open the session websocket as a raw client would: 101 (switched) or the refusal."""
    url = f"ws://127.0.0.1:{served.port}/ws?{query}width=80&height=24"
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(
                    ws_close=5)):
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


def test_the_websocket_needs_the_token_or_the_cookie(tmp_path: Path) -> None:
    with serving(tmp_path, "--demo") as served:
        name = f"itwin-tui-serve-{served.port}"
        with httpx.Client(timeout=5) as browser:
            browser.get(served.start_url)
            value = browser.cookies[name]
        origin = {"Origin": f"http://127.0.0.1:{served.port}"}
        for query, headers in (("", {}), ("token=wrong&", {}), ("", {"Cookie": f"{name}=x"}),
                               ("", {"Cookie": f"other={value}"}),
                               # a page of another site using a stolen cookie: wrong origin
                               ("", {"Cookie": f"{name}={value}",
                                     "Origin": "http://evil.example"})):
            status = asyncio.run(_websocket_status(served, query, **headers))
            assert status == 403, (query, headers)
        assert served.apps() == [], "a refused websocket must not start an app"
        assert asyncio.run(_websocket_status(served, "", Cookie=f"{name}={value}",
                                             **origin)) == 101
        assert asyncio.run(_websocket_status(served, f"token={served.token}&")) == 101
    out = served.output()
    assert out.count(served.token) == 1, "the token may appear only in the printed URL line"
    assert value not in out


def test_no_auth_is_for_loopback_only(tmp_path: Path) -> None:
    with serving(tmp_path, "--demo", serve_args=("--no-auth",)) as served:
        assert served.token is None
        assert httpx.get(served.url, timeout=5).status_code == 200
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--demo", "serve", "--host", "0.0.0.0", "--port",
         str(free_port()), "--no-auth"], capture_output=True, text=True, env=child_env(),
        timeout=30, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert "--no-auth" in done.stderr and "loopback" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


# --- the command around it -----------------------------------------------------------------

def test_serve_without_token_serves_the_demo(tmp_path: Path) -> None:
    with serving(tmp_path) as served:
        apps = served.app_commands()
    assert "No sign-in" in served.output() and "serving the demo" in served.output()
    assert "itwin-tui login" in served.output()
    assert any("-m tui --demo" in app for app in apps), apps


def test_serve_uses_the_stored_sign_in_as_the_app_does(tmp_path: Path) -> None:
    FileStore(credentials_file()).save(StoredSignIn(SECRET, "app-client-id", f"http://127.0.0.1:{free_port()}",
                                  "itwin-platform offline_access", user="jane@example.com"))
    env = child_env(ITWIN_API_URL=f"http://127.0.0.1:{free_port()}")  # closed: no network
    with serving(tmp_path, env=env) as served:
        apps = served.app_commands()
    assert not any("--demo" in app for app in apps), apps
    assert not any(SECRET in app for app in apps), "refresh token visible in ps"
    assert "serving the demo" not in served.output()
    assert "signed in as jane@example.com" in served.output()
    assert SECRET not in served.output()


def test_serve_never_puts_the_token_on_a_command_line(tmp_path: Path) -> None:
    # The API URL is a closed loopback port: the app must not reach the network.
    env = child_env(ITWIN_ACCESS_TOKEN=SECRET, ITWIN_API_URL=f"http://127.0.0.1:{free_port()}")
    with serving(tmp_path, env=env) as served:
        page = httpx.get(served.url, timeout=5).text
        apps = served.app_commands()
    assert not any("--demo" in app for app in apps), apps
    assert not any(SECRET in app for app in apps), "token visible in ps"
    assert SECRET not in served.output() and SECRET not in page


def test_serve_reports_a_busy_port_without_traceback(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "tui", "--demo", "serve", "--port", str(port)],
            capture_output=True, text=True, env=child_env(), timeout=30,
            stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_missing_textual_serve_prints_install_hint(monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)  # as if not installed
    assert run_serve("127.0.0.1", 8000, Settings(demo=True)) == 2
    assert "pip install 'itwin-tui[serve]'" in capsys.readouterr().err


def test_app_command_passes_global_options_but_no_token(tmp_path: Path) -> None:
    token_file = tmp_path / "my token.txt"
    token_file.write_text(SECRET)
    settings = Settings(base_url="https://qa-api.bentley.com", token=SECRET,
                        token_file=token_file, cache_dir=tmp_path / "c d",
                        download_dir=tmp_path / "dl", no_cache=True, theme="bentley-light",
                        client_id="app-id", client_secret=SECRET)
    assert sign_in(settings) is not None
    exec_, *argv = shlex.split(app_command(settings, demo=False))
    assert exec_ == "exec"  # the shell textual-serve starts becomes the app
    assert argv[:3] == [sys.executable, "-m", "tui"]
    assert SECRET not in " ".join(argv)
    for option, value in (("--base-url", "https://qa-api.bentley.com"),
                          ("--token-file", str(token_file)),
                          ("--cache-dir", str(tmp_path / "c d")),
                          ("--download-dir", str(tmp_path / "dl")),
                          ("--theme", "bentley-light"), ("--client-id", "app-id")):
        assert argv[argv.index(option) + 1] == value, option
    assert "--no-cache" in argv and "--demo" not in argv
    demo = shlex.split(app_command(Settings(demo=True), demo=True))
    assert demo == ["exec", sys.executable, "-m", "tui", "--demo"]



def test_app_command_passes_the_config_file_and_profile(tmp_path: Path) -> None:
    settings = Settings(demo=True, profile="work", config_file=tmp_path / "my config.toml")
    argv = shlex.split(app_command(settings, demo=True))
    assert argv[4:] == ["--config", str(tmp_path / "my config.toml"), "--profile", "work",
                        "--demo"]


def test_token_detection_and_host_helpers(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text(" \n")
    assert sign_in(Settings()) is None
    assert sign_in(Settings(token_file=empty)) is None
    assert sign_in(Settings(token_file=tmp_path / "missing")) is None
    service_app = sign_in(Settings(client_id="app-id", client_secret=SECRET))
    assert service_app is not None and "service app" in service_app.describe()
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.com"]))
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 9000) == "http://[::1]:9000"
    assert public_url("0.0.0.0", 8000) == f"http://{socket.gethostname()}:8000"


async def _painted(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Read a session's websocket until the app's first frame."""
    got = b""
    while b"itwin-tui" not in got:
        message = await asyncio.wait_for(ws.receive(), timeout=30)
        if message.type == aiohttp.WSMsgType.BINARY:
            got += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"the session ended before the app painted: {message}")


async def _stop_during_sessions(served: Served, signum: int,
                                group: bool) -> tuple[float, bool]:
    """Two sessions whose apps run when the server alone (``kill PID``, systemd) or its whole
    process group (Ctrl+C, a closed terminal) gets ``signum``: the seconds until the server
    exited, and whether both websockets were closed."""
    url = f"ws://127.0.0.1:{served.port}/ws?token={served.token}&width=80&height=24"
    async with (aiohttp.ClientSession() as session, session.ws_connect(url) as one,
                session.ws_connect(url) as two):
        await asyncio.gather(_painted(one), _painted(two))
        assert len(served.apps()) == 2, "an app process per session"
        start = time.monotonic()
        (os.killpg if group else os.kill)(served.proc.pid, signum)
        closed: set[int] = set()
        while served.proc.poll() is None and time.monotonic() - start < 20:
            for number, ws in enumerate((one, two)):
                with suppress(asyncio.TimeoutError):  # read on, as a browser does
                    message = await asyncio.wait_for(ws.receive(), timeout=0.1)
                    if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        closed.add(number)
        return time.monotonic() - start, closed == {0, 1}


@pytest.mark.parametrize(("signum", "group", "status"),
                         [(signal.SIGTERM, False, 143), (signal.SIGINT, False, 0),
                          (signal.SIGTERM, True, 143), (signal.SIGINT, True, 0)])
def test_a_stop_signal_ends_the_sessions_at_once(tmp_path: Path, signum: int, group: bool,
                                                  status: int) -> None:
    """Fast, with the apps quitting as ``q`` does, and quiet: no "Event loop is closed" from
    an app's pipes (the group stop printed it nearly every time on a loaded machine)."""
    with serving(tmp_path, "--demo") as served:
        took, closed = asyncio.run(_stop_during_sessions(served, signum, group))
        assert served.proc.poll() == status, served.output()
        assert not served.apps(), "an app process outlived the server"
    assert took < 6, f"serve took {took:.1f} s to stop"  # 22 s before (the ws heartbeat)
    assert closed, "a browser's websocket was not closed"
    out = served.output()
    assert "Traceback" not in out and "Exception ignored" not in out, out
