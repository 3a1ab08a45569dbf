"""Helpers for the ``itwin-tui serve`` tests: the command in a subprocess, headless Chromium.

The browser is driven through the DevTools protocol (``--remote-debugging-pipe``); the tests
read the text out of the page's xterm.js terminal buffer, i.e. what the user sees drawn in the
canvas, after the app process started and streamed its screen over the websocket.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
TITLE = "itwin-tui"

# Installed before any page script runs: remembers every object assigned to a ``terminal``
# property (textual.js keeps its xterm.js Terminal in ``this.terminal``), so the test can
# read the terminal buffer through xterm's public API.
HOOK_JS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal",
      {value, writable: true, configurable: true, enumerable: true});
    if (value && typeof value === "object") window.__terminals.push(value);
  },
});
"""
READ_JS = """
(() => {
  const term = window.__terminals.find(t => t && t.buffer && t.buffer.active);
  const lines = [];
  if (term) {
    const buffer = term.buffer.active;
    for (let y = 0; y < buffer.length; y++) {
      const line = buffer.getLine(y);
      if (line) lines.push(line.translateToString(true));
    }
  }
  return JSON.stringify({body: document.body ? document.body.className : "",
                         page: document.body ? document.body.innerText : "",
                         terminal: Boolean(term), text: lines.join("\\n")});
})()
"""


# --- helpers -------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop_group(proc: subprocess.Popen) -> None:
    """Terminate a process started with ``start_new_session`` and everything it spawned."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
    with suppress(ProcessLookupError):  # children outliving the leader
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=5)


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ITWIN_ACCESS_TOKEN"}
    env.update(extra, PYTHONUNBUFFERED="1")
    return env


#: The line ``itwin-tui serve`` prints at start: the URL to open, with its secret token.
URL_LINE = re.compile(r"(http://\S+:\d+/)\?token=([A-Za-z0-9_-]+)")


class Served:
    """A running ``itwin-tui serve`` subprocess (its own process group)."""

    def __init__(self, proc: subprocess.Popen, url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log
        self.port = int(url.rsplit(":", 1)[1].strip("/"))

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    @property
    def token(self) -> str | None:
        """The secret token from the printed URL (None when none was printed)."""
        found = URL_LINE.search(self.output())
        return found.group(2) if found else None

    @property
    def start_url(self) -> str:
        """The URL the user is told to open (with its token, when there is one)."""
        return f"{self.url}?token={self.token}" if self.token else self.url

    def apps(self) -> list[str]:
        """Command lines of the app processes the server started (one per session)."""
        return [c for c in group_commands(self.proc.pid)
                if "serve" not in c.split() and "-m tui" in c]

    def app_commands(self, timeout: float = 15) -> list[str]:
        """Open a session websocket (as a browser does, with the token); the command lines of
        the spawned app."""
        query = f"token={self.token}&" if self.token else ""
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as ws:
            ws.sendall(f"GET /ws?{query}width=80&height=24 HTTP/1.1\r\n".encode()
                       + b"Host: 127.0.0.1\r\n"
                       b"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                       b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                       b"Sec-WebSocket-Version: 13\r\n\r\n")
            assert ws.recv(12).startswith(b"HTTP/1.1 101"), "websocket upgrade refused"
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if children := self.apps():
                    return children
                time.sleep(0.1)
        pytest.fail(f"no app process started for the session:\n{self.output()}")


def group_commands(pgid: int) -> list[str]:
    """Command lines (space-joined) of every process in process group ``pgid``."""
    found = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        with suppress(OSError):
            fields = (proc_dir / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                argv = (proc_dir / "cmdline").read_bytes().rstrip(b"\0").split(b"\0")
                found.append(" ".join(a.decode(errors="replace") for a in argv))
    return found


@contextmanager
def serving(tmp_path: Path, *args: str, env: dict[str, str] | None = None,
            serve_args: tuple[str, ...] = ()) -> Iterator[Served]:
    """Run ``python -m tui <args> serve --port <free> <serve_args>`` until it answers HTTP;
    stop it after."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *args, "serve", "--port", str(port), *serve_args],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            env=env or child_env(), start_new_session=True)
    served = Served(proc, f"http://127.0.0.1:{port}/", log)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.fail(f"serve exited with {proc.returncode}:\n{served.output()}")
            with suppress(httpx.TransportError):
                httpx.get(served.url, timeout=2)  # any answer: the server is up
                break
            if time.monotonic() > deadline:
                pytest.fail(f"serve did not answer on {served.url} within 20 s:\n"
                            f"{served.output()}")
            time.sleep(0.1)
        yield served
    finally:
        stop_group(proc)


class DevTools:
    """Minimal Chrome DevTools protocol client over ``--remote-debugging-pipe``."""

    def __init__(self, proc: subprocess.Popen, to_browser: int, from_browser: int) -> None:
        self.proc, self.to_browser, self.from_browser = proc, to_browser, from_browser
        self.next_id = 0
        self.pending = b""
        self.events: list[dict[str, Any]] = []

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.from_browser], [], [], left)
            if ready:
                chunk = os.read(self.from_browser, 1 << 16)
                if not chunk:
                    raise EOFError("Chromium closed the DevTools pipe")
                self.pending += chunk
        raw, self.pending = self.pending.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None, timeout: float = 10) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._message(deadline)
            if reply.get("id") != self.next_id:
                self.events.append(reply)
                continue
            if "error" in reply:
                raise RuntimeError(f"{method}: {reply['error']}")
            return reply["result"]


def high_pipe() -> tuple[int, int]:
    """A pipe on fds >= 10, so bash's ``3<&N 4>&M`` cannot collide with fds 3 or 4."""
    ends = []
    for fd in os.pipe():
        ends.append(fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(fd)
    return ends[0], ends[1]


@contextmanager
def chromium(tmp_path: Path) -> Iterator[DevTools]:
    """Headless Chromium, no network but loopback, driven through a DevTools pipe."""
    cmd_r, cmd_w = high_pipe()
    out_r, out_w = high_pipe()
    profile = tmp_path / "chromium-profile"
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--disable-dev-shm-usage", "--no-default-browser-check",
        "--mute-audio", "--window-size=1280,800", f"--user-data-dir={profile}",
        # The page links a web font; fail such lookups at once instead of waiting on DNS.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--remote-debugging-pipe", "about:blank",
    ]
    # Chromium expects the pipe on fds 3 (commands in) and 4 (replies out).
    script = f'exec "$0" "$@" 3<&{cmd_r} 4>&{out_w} {cmd_r}<&- {out_w}>&-'
    with (tmp_path / "chromium.log").open("wb") as log:
        proc = subprocess.Popen(["bash", "-c", script, str(CHROMIUM), *flags],
                                pass_fds=(cmd_r, out_w), stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    os.close(cmd_r)
    os.close(out_w)
    try:
        yield DevTools(proc, cmd_w, out_r)
    finally:
        stop_group(proc)
        os.close(cmd_w)
        os.close(out_r)


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium package")
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")


def terminal_text(devtools: DevTools, url: str, want: str, timeout: float,
                  failed: Callable[[], bool], where: str = "text") -> dict[str, Any]:
    """Open ``url`` in a fresh tab; poll the page until its terminal (``where="page"``: the
    page's own text) shows ``want``."""
    target = devtools.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = devtools.call("Target.attachToTarget",
                            {"targetId": target, "flatten": True})["sessionId"]
    devtools.call("Page.enable", session=session)
    devtools.call("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK_JS}, session)
    devtools.call("Page.navigate", {"url": url}, session)
    deadline = time.monotonic() + timeout
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        result = devtools.call("Runtime.evaluate",
                               {"expression": READ_JS, "returnByValue": True}, session)
        state = json.loads(result["result"].get("value") or "{}")
        if want in state.get(where, "") or "-closed" in state.get("body", "") or failed():
            break  # shown, or the session ended, or the app could not start
        time.sleep(0.2)
    state["screenshot"] = base64.b64decode(
        devtools.call("Page.captureScreenshot", {"format": "png"}, session)["data"])
    return state


