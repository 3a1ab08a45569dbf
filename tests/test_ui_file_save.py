"""Saving a component's file from the detail pane, over real loopback HTTP with the fake's
storage host on its second port: saved (never overwriting), progress then cancelled, the disk
full, cut short — and never a partial file, never the token sent to storage."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import shared_data
from download_helpers import listing, part_written
from test_ui_files import TALL, assert_token_rule, at_component, highlight, sections
from textual.widgets import ProgressBar
from ui_pilot import make_app, screen_lines, screen_text, wait_for

from tui.dialogs.save_file import SaveFileDialog
from tui.fake import BIG_DOCUMENT_BYTES, HOSTILE_MARKUP_COMPONENT_ID, RICH_COMPONENT_INDEX
from tui.fake.storage import blob_bytes

RICH = shared_data().org.ids[RICH_COMPONENT_INDEX]


async def start_saving(pilot: Any, app: Any, component_id: str, pick: Any) -> Any:
    """Highlight the file ``pick(entry)`` chooses in the pane and press ``s``."""
    await at_component(pilot, app, component_id)
    entry = next(e for e in sections(app)["Files"] if pick(e.value))
    await highlight(pilot, app, entry)
    await pilot.press("D")
    return entry


def toasts(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def dialog_gone(app: Any) -> bool:
    return not isinstance(app.screen, SaveFileDialog)


async def test_s_saves_the_highlighted_file_and_never_overwrites(
        server, client, tmp_path: Path) -> None:
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        entry = await start_saving(pilot, app, RICH, lambda d: d.extension == "png")
        doc = entry.value
        await wait_for(pilot, lambda: dialog_gone(app) and listing(tmp_path), "the file")
        [saved] = listing(tmp_path)
        assert saved == doc.file_name
        assert (tmp_path / saved).read_bytes() == b"".join(blob_bytes(f"{RICH}/{doc.id}",
                                                                      doc.size))
        assert f"Saved {saved} (2.5 KB) in {tmp_path}." in toasts(app)
        await pilot.press("D")  # again: a second name, the first file untouched
        await wait_for(pilot, lambda: dialog_gone(app) and len(listing(tmp_path)) == 2,
                       "the second file")
        stem, suffix = saved.rsplit(".", 1)
        assert listing(tmp_path) == sorted([saved, f"{stem} (1).{suffix}"])
        # the pane is as it was: the same file highlighted
        assert app.screen.pane.highlighted_entry() == entry
    assert len(server.api.storage.requests) == 2
    assert_token_rule(server)  # the API got the token each time; storage never


async def test_a_file_page_saves_its_file_with_s_or_enter(server, client, tmp_path: Path) -> None:
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await at_component(pilot, app, HOSTILE_MARKUP_COMPONENT_ID)
        entry = next(e for e in sections(app)["Files"] if e.value.display_name.startswith(".."))
        await highlight(pilot, app, entry)
        await pilot.press("enter")  # its page, with a row that saves it
        assert app.screen.pane.top.key == f"file:{entry.value.id}"
        assert "[b]x[/b]" in screen_text(app)  # the name as sent, markup not applied
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog_gone(app) and listing(tmp_path), "the file")
        assert listing(tmp_path) == ["b][2J.rfa"]  # a safe name, inside the folder
    assert_token_rule(server)


async def test_progress_then_escape_cancels_and_leaves_nothing(
        server, client, tmp_path: Path) -> None:
    server.api.storage.faults.chunk_delay = 0.05  # 80 chunks of 64 KiB: about 4 s
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_saving(pilot, app, RICH, lambda d: d.size == BIG_DOCUMENT_BYTES)
        await wait_for(pilot, lambda: isinstance(app.screen, SaveFileDialog), "the dialog")
        bar = app.screen.query_one(ProgressBar)
        await wait_for(pilot, lambda: part_written(tmp_path) and bar.progress > 0,
                       "bytes on disk and progress")
        assert bar.total == BIG_DOCUMENT_BYTES
        text = screen_text(app)
        assert "Saving " in text and "of 5.0 MB" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: dialog_gone(app) and listing(tmp_path) == [],
                       "the partial file to go")
        assert "Cancelled; nothing was saved." in toasts(app)
    assert_token_rule(server)


async def test_a_full_disk_says_so_and_leaves_nothing(
        server, client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell file descriptors apart")
    real = os.write

    def full_disk(fd: int, data: Any) -> int:  # ENOSPC for files in tmp_path only
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd, data)

    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await at_component(pilot, app, RICH)
        monkeypatch.setattr(os, "write", full_disk)
        entry = next(e for e in sections(app)["Files"] if e.value.extension == "pdf")
        await highlight(pilot, app, entry)
        await pilot.press("D")
        await wait_for(pilot, lambda: "disk is full" in screen_text(app), "the error")
        monkeypatch.undo()
        assert listing(tmp_path) == []
        assert isinstance(app.screen, SaveFileDialog)  # the message stays until closed
        await pilot.press("escape")
        await wait_for(pilot, lambda: dialog_gone(app), "the dialog to close")
        assert sections(app)["Files"]  # nothing on screen was lost


async def test_a_file_cut_short_is_an_error_and_no_partial_file(
        server, client, tmp_path: Path) -> None:
    server.api.storage.faults.add("/library-documents/", status=200, body=b"x" * 1000,
                                  headers={"Content-Length": "50000", "Connection": "close"})
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_saving(pilot, app, RICH, lambda d: d.extension == "png")
        await wait_for(pilot, lambda: "interrupted" in screen_text(app), "the error")
        assert listing(tmp_path) == []
        assert "sig=" not in screen_text(app)
    assert_token_rule(server)


async def test_a_refused_signature_names_the_storage_host_only(
        server, client, tmp_path: Path) -> None:
    server.api.storage.faults.add("/library-documents/", status=403, body=(
        b"<?xml version='1.0'?><Error><Code>AuthenticationFailed</Code>"
        b"<Message>Signature expired</Message></Error>"))
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_saving(pilot, app, RICH, lambda d: d.extension == "png")
        host = server.storage_url.split("//")[1]
        await wait_for(pilot, lambda: "Signature expired" in screen_text(app), "the error")
        text = screen_text(app)
        assert host in text and "sig=" not in text and "library-documents" not in text
        assert listing(tmp_path) == []
    assert_token_rule(server)


async def test_the_key_bar_says_what_enter_and_esc_do_while_saving_and_after(
        server, client, tmp_path: Path) -> None:
    """The dialog's own keys (not the pane's behind it): enter presses the focused button,
    Cancel while the file downloads, Close once it failed; esc likewise."""
    server.api.storage.faults.chunk_delay = 0.05
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=TALL, notifications=True) as pilot:
        await start_saving(pilot, app, RICH, lambda d: d.size == BIG_DOCUMENT_BYTES)
        await wait_for(pilot, lambda: isinstance(app.screen, SaveFileDialog), "the dialog")
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert bar.startswith("enter Cancel esc Cancel "), bar
        assert "D Save file" not in bar and "esc Back" not in bar, bar
        await pilot.press("escape")
        await wait_for(pilot, lambda: dialog_gone(app), "the dialog to close")
        server.api.storage.faults.add("/library-documents/", status=403, body=b"refused")
        await pilot.press("D")  # again, refused this time: the dialog stays, to be closed
        await wait_for(pilot, lambda: "refused" in screen_text(app), "the error")
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert bar.startswith("enter Close esc Close "), bar
        assert "cancels" not in screen_text(app)  # nothing is left to cancel
        await pilot.press("enter")  # what the bar says: closed
        await wait_for(pilot, lambda: dialog_gone(app), "the dialog to close")
        assert listing(tmp_path) == []
