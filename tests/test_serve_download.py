"""Under ``serve``, the analytics CSV reaches the browser (Textual's ``deliver_binary``), and
no copy stays on the server unless ``--download-dir`` asked for one; its charts show either
way."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from serve_helpers import (
    READ_JS,
    DevTools,
    child_env,
    chromium,
    require_chromium,
    serving,
    terminal_text,
)

from tui.core.fields import COMPONENT_FIELDS
from tui.fake import FakeData

FOCUS_JS = "document.querySelector('.xterm-helper-textarea').focus()"


def _press(devtools: DevTools, session: str, key: str) -> None:
    """A key typed into the page's terminal (xterm.js reads keydown events)."""
    if key == "Enter":
        event = {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"}
    elif key == "Escape":
        event = {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27}
    else:
        event = {"key": key, "code": f"Key{key.upper()}", "text": key,
                 "windowsVirtualKeyCode": ord(key.upper())}
    for kind in ("keyDown", "keyUp"):
        devtools.call("Input.dispatchKeyEvent", {"type": kind, **event}, session)


def _screen(devtools: DevTools, session: str) -> str:
    result = devtools.call("Runtime.evaluate", {"expression": READ_JS, "returnByValue": True},
                           session)
    return json.loads(result["result"].get("value") or "{}").get("text", "")


def _wait(what: str, ready: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = ready()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def _finished_download(devtools: DevTools, session: str) -> dict[str, Any] | None:
    """The browser's report of a finished download, if any (a call collects new events)."""
    devtools.call("Runtime.evaluate", {"expression": "1"}, session)
    return next((e["params"] for e in devtools.events
                 if e.get("method") == "Browser.downloadProgress"
                 and e["params"]["state"] in ("completed", "canceled")), None)


@contextmanager
def _in_the_browser(tmp_path: Path, *args: str) -> Iterator[tuple[DevTools, str, Path]]:
    """Serve the demo and open it in Chromium (downloads go to the third item)."""
    browser_dir = tmp_path / "browser-downloads"
    browser_dir.mkdir()
    with serving(tmp_path, "--demo", *args, env=child_env()) as served, \
            chromium(tmp_path) as devtools:
        devtools.call("Browser.setDownloadBehavior", {
            "behavior": "allowAndName", "downloadPath": str(browser_dir),
            "eventsEnabled": True})
        terminal_text(devtools, served.start_url, "Catalog", timeout=30, failed=lambda: False)
        session = next(e["params"]["sessionId"] for e in devtools.events
                       if e.get("method") == "Target.attachedToTarget")
        devtools.call("Runtime.evaluate", {"expression": FOCUS_JS}, session)
        yield devtools, session, browser_dir


def _suggested_name(devtools: DevTools) -> str:
    return next(e["params"] for e in devtools.events
                if e.get("method") == "Browser.downloadWillBegin")["suggestedFilename"]


def _download_in_the_browser(tmp_path: Path, *args: str) -> tuple[Path, str]:
    """Serve the demo, open the dialog in Chromium, download; the browser's file and screen."""
    with _in_the_browser(tmp_path, *args) as (devtools, session, browser_dir):
        _press(devtools, session, "a")
        _wait("the dialog", lambda: "Components analytics" in _screen(devtools, session))
        _press(devtools, session, "Enter")  # the dialog opens on Download
        done = _wait("the browser's download", lambda: _finished_download(devtools, session))
        # The charts come at once, over the dialog, whether the server keeps a copy or not.
        charts = _wait("the charts", lambda: (text := _screen(devtools, session))
                       and "Usage charts" in text and " uses (the sum of Count)" in text
                       and text)
        assert "Could not read" not in charts
        _press(devtools, session, "Escape")
        # "…sending it to your browser" is the dialog's text before the download: wait for
        # the text that says it was sent.
        screen = _wait("the dialog's message", lambda: (
            text := " ".join(_screen(devtools, session).split()))
            and ("Sent " in text or "sent it to your browser" in text) and text)
        suggested = _suggested_name(devtools)
    assert done["state"] == "completed", done
    assert suggested.startswith("components-analytics_")
    return browser_dir / done["guid"], screen


def test_the_csv_is_sent_to_the_browser_and_not_kept_on_the_server(tmp_path: Path) -> None:
    require_chromium()
    received, screen = _download_in_the_browser(tmp_path)
    header = FakeData().analytics.body(date(2026, 1, 1), date(2026, 1, 2)).split(b"\r\n")[0]
    assert received.read_bytes().startswith(header + b"\r\n")
    assert "Sent" in screen and "no copy is kept on the server" in " ".join(screen.split())
    server_downloads = Path(os.environ["XDG_DOWNLOAD_DIR"])
    assert not list(server_downloads.glob("*.csv")), "a copy was left on the server"


def test_a_chosen_download_dir_keeps_a_copy_on_the_server(tmp_path: Path) -> None:
    require_chromium()
    kept = tmp_path / "kept"
    received, screen = _download_in_the_browser(tmp_path, "--download-dir", str(kept))
    [copy] = kept.glob("components-analytics_*.csv")
    assert copy.read_bytes() == received.read_bytes()
    assert "sent it to your browser" in " ".join(screen.split())


def test_saved_files_under_serve_say_how_to_keep_copies(tmp_path: Path) -> None:
    """Without --download-dir no copy stays on the server, so the saved-files list says how
    to keep copies instead of asking for a download that would not land there."""
    require_chromium()
    with _in_the_browser(tmp_path) as (devtools, session, _browser_dir):
        _press(devtools, session, "a")
        _wait("the dialog", lambda: "Components analytics" in _screen(devtools, session))

        def saved_files() -> bool:  # the dialog focuses its Download button a frame late
            if "Saved analytics files" not in _screen(devtools, session):
                _press(devtools, session, "s")
                return False
            return True

        _wait("the saved files", saved_files)
        # one word that cannot wrap (where the message wraps depends on the folder's path)
        _wait("the advice", lambda: "--download-dir" in _screen(devtools, session))


def _export_in_the_browser(tmp_path: Path, *args: str) -> tuple[Path, str, str]:
    """``e`` then enter in the served demo: the browser's file, its name, the screen."""
    with _in_the_browser(tmp_path, *args) as (devtools, session, browser_dir):
        _wait("the rows", lambda: "loaded" in _screen(devtools, session))
        _press(devtools, session, "e")
        _wait("the dialog", lambda: "to your browser" in " ".join(
            _screen(devtools, session).split()))
        _press(devtools, session, "Enter")  # the dialog opens on Export
        done = _wait("the browser's download", lambda: _finished_download(devtools, session))
        screen = _wait("the message", lambda: (text := " ".join(
            _screen(devtools, session).split())) and "Sent " in text and text)
        suggested = _suggested_name(devtools)
    assert done["state"] == "completed", done
    return browser_dir / done["guid"], suggested, screen


def test_an_export_is_sent_to_the_browser_and_not_kept_on_the_server(tmp_path: Path) -> None:
    """The loaded components as CSV, to the browser only."""
    require_chromium()
    received, suggested, screen = _export_in_the_browser(tmp_path)
    assert suggested == f"components-{date.today().isoformat()}.csv"
    assert "to your browser as" in screen
    header, *rows = received.read_text(encoding="utf-8").splitlines()
    assert header == ",".join(COMPONENT_FIELDS) and rows
    server_downloads = Path(os.environ["XDG_DOWNLOAD_DIR"])
    assert not list(server_downloads.glob("components-*")), "a copy was left on the server"


def test_an_export_to_a_chosen_download_dir_keeps_a_copy(tmp_path: Path) -> None:
    require_chromium()
    kept = tmp_path / "kept"
    received, suggested, screen = _export_in_the_browser(tmp_path, "--download-dir", str(kept))
    [copy] = kept.glob("components-*.csv")
    assert copy.name == suggested and copy.read_bytes() == received.read_bytes()
    assert "a copy is in" in screen  # (the path wraps in the toast)
