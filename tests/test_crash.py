"""An unexpected exception in the terminal app: exit 1, one line in words, a masked log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from terminal import run_on_a_terminal

from tui.core.redact import WINDOW, mask_secrets

TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NTY3"
SECRET = "service-app-secret-0123456789abcdef"

#: The real command line (``tui.cli.main``) on a real terminal, with one fault injected: the
#: app raises while it mounts, holding the token in a local variable Textual would print.
CRASHING_RUN = """
import sys
import tui.app
from tui.cli import main

class Crashing(tui.app.ItwinApp):
    def on_mount(self):
        token = self.settings.token
        raise RuntimeError(f"the test made the app fail ({len(token)} characters held)")

tui.app.ItwinApp = Crashing
sys.exit(main(["--no-cache", "--base-url", "http://127.0.0.1:9"]))
"""


def test_a_crash_exits_1_says_so_in_words_and_keeps_a_masked_log() -> None:
    env = {**os.environ, "ITWIN_ACCESS_TOKEN": TOKEN, "ITWIN_CLIENT_SECRET": SECRET,
           "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    status, output, _ = run_on_a_terminal([sys.executable, "-c", CRASHING_RUN], env)
    lines = [line for line in output.replace("\r", "").split("\n") if line.strip()]
    last = lines[-1]
    log = Path(os.environ["XDG_STATE_HOME"]) / "itwin-tui" / "log" / "crash.log"
    assert status == 1
    assert "stopped on an unexpected error" in last
    assert "RuntimeError: the test made the app fail" in last
    assert str(log) in last
    assert "Traceback" not in output and "on_mount" not in output  # no traceback on screen
    report = log.read_text(encoding="utf-8")
    assert "RuntimeError" in report and "on_mount" in report  # the full story is in the log
    assert oct(log.stat().st_mode & 0o777) == "0o600"
    for secret in (TOKEN, SECRET):
        pieces = {secret[i:i + WINDOW] for i in range(len(secret) - WINDOW + 1)}
        assert not any(piece in report for piece in pieces)


def test_masking_hides_secrets_cut_short_or_wrapped() -> None:
    secret = "opaque-refresh-token-abcdefghijklmnopqrstuvwxyz"
    text = (f"token = '{secret[:30]}\n{secret[30:]}'+12\n"
            f"header {TOKEN}\nshort demo-token here\nnothing secret in this line")
    masked = mask_secrets(text, [secret, "demo-token", None])
    assert secret[:30] not in masked and secret[30:42] not in masked
    assert "eyJ" not in masked and "demo-token" not in masked
    assert "nothing secret in this line" in masked and "header " in masked
