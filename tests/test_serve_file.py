"""Under ``serve``, saving a component's file sends it to the browser (Textual's
``deliver_binary``) and keeps no copy on the server unless ``--download-dir`` asked for one;
a web link opens in a new tab of that browser (``App.open_url``)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from serve_helpers import child_env, chromium, require_chromium, serving, terminal_text
from test_serve_download import FOCUS_JS, _finished_download, _screen, _wait

from tui.fake import RICH_COMPONENT_INDEX, FakeData
from tui.fake.storage import blob_bytes
from tui.fake.subresources import documents, facts, web_links

KEYS = {"Enter": ("Enter", 13, "\r"), "ArrowDown": ("ArrowDown", 40, None),
        "D": ("KeyD", 68, "D"), "o": ("KeyO", 79, "o")}


def _press(devtools, session: str, key: str) -> None:
    code, vk, text = KEYS[key]
    event = {"key": key, "code": code, "windowsVirtualKeyCode": vk}
    if text:
        event["text"] = text
    for kind in ("keyDown", "keyUp"):
        devtools.call("Input.dispatchKeyEvent", {"type": kind, **event}, session)


def test_a_saved_file_goes_to_the_browser_and_no_copy_stays(tmp_path: Path) -> None:
    require_chromium()
    data = FakeData()
    component = data.org.ids[RICH_COMPONENT_INDEX]
    browser_dir = tmp_path / "browser-downloads"
    browser_dir.mkdir()
    with serving(tmp_path, "--demo", env=child_env()) as served, \
            chromium(tmp_path) as devtools:
        devtools.call("Browser.setDownloadBehavior", {
            "behavior": "allowAndName", "downloadPath": str(browser_dir),
            "eventsEnabled": True})
        terminal_text(devtools, served.start_url, "Catalog", timeout=30, failed=lambda: False)
        session = next(e["params"]["sessionId"] for e in devtools.events
                       if e.get("method") == "Target.attachedToTarget")
        devtools.call("Runtime.evaluate", {"expression": FOCUS_JS}, session)
        _wait("the files", lambda: "(D saves)" in _screen(devtools, session))
        time.sleep(0.5)  # the pane's list repainted with the sections (a key would race it)
        _press(devtools, session, "Enter")  # the pane's first link
        _wait("the pane's focus", lambda: "esc Back" in _screen(devtools, session))
        for _ in range(5):  # 3 more links, the Files heading is skipped: the .dgn
            _press(devtools, session, "ArrowDown")
        _wait("a file highlighted", lambda: "D Save file" in _screen(devtools, session))
        _press(devtools, session, "D")
        done = _wait("the browser's download", lambda: _finished_download(devtools, session))
        screen = _wait("the message", lambda: (text := " ".join(
            _screen(devtools, session).split())) and "Sent " in text and text)
        begun = next(e["params"] for e in devtools.events
                     if e.get("method") == "Browser.downloadWillBegin")
    assert done["state"] == "completed", done
    assert begun["suggestedFilename"].endswith(".dgn")
    received = (browser_dir / done["guid"]).read_bytes()
    [dgn] = [d for d in documents(facts(data.org, RICH_COMPONENT_INDEX))
             if d.extension == "dgn"]
    assert begun["suggestedFilename"] == dgn.file_name
    assert received == b"".join(blob_bytes(f"{component}/{dgn.id}", dgn.size))
    assert "no copy is kept on the server" in screen
    assert not list(Path(os.environ["XDG_DOWNLOAD_DIR"]).iterdir())



def test_a_web_link_opens_in_a_new_tab_of_the_browser(tmp_path: Path) -> None:
    require_chromium()
    link = web_links(facts(FakeData().org, RICH_COMPONENT_INDEX))[0]["uri"]
    with serving(tmp_path, "--demo", env=child_env()) as served, \
            chromium(tmp_path) as devtools:
        terminal_text(devtools, served.start_url, "Catalog", timeout=30, failed=lambda: False)
        session = next(e["params"]["sessionId"] for e in devtools.events
                       if e.get("method") == "Target.attachedToTarget")
        devtools.call("Runtime.evaluate", {"expression": FOCUS_JS}, session)
        _wait("the web links", lambda: "Web links · " in _screen(devtools, session))
        time.sleep(0.5)  # as above
        _press(devtools, session, "Enter")
        _wait("the pane's focus", lambda: "esc Back" in _screen(devtools, session))
        for _ in range(8):  # 3 more links, 4 files, the first web link (headings skipped)
            _press(devtools, session, "ArrowDown")
        _press(devtools, session, "Enter")
        _wait("the address", lambda: "opens it in your browser" in _screen(devtools, session))
        _press(devtools, session, "o")
        opened = _wait("a new tab", lambda: next(
            (e["params"] for e in _events(devtools, session)
             if e.get("method") == "Page.windowOpen"), None))
    assert opened["url"] == link


def _events(devtools, session: str) -> list:
    devtools.call("Runtime.evaluate", {"expression": "1"}, session)  # collects new events
    return devtools.events
