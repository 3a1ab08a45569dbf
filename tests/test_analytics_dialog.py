"""The analytics dialog driven through Pilot against the loopback fake API."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from pathlib import Path

import pytest
from download_helpers import JAN, PATH, listing, part_written, slow_csv
from rich.text import Text
from textual.app import App
from textual.widgets import Button, DataTable, Input, Static
from ui_pilot import make_app, screen_text, wait_for

from tui.core.client import ItwinClient
from tui.core.dates import PRESETS, preset_range
from tui.core.signin import SIGN_IN_WAYS
from tui.dialogs.analytics import AnalyticsDialog
from tui.dialogs.charts import ChartsScreen
from tui.fake import RESTRICTED_TOKEN, FakeResponse

TODAY = date(2026, 3, 15)
SIZE = (110, 60)


class Host(App[None]):
    """A bare app that opens the dialog and records what it dismisses with."""

    def __init__(self, dialog: AnalyticsDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Path | None] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, callback=self.results.append)


def _text(dialog: AnalyticsDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def _set_range(pilot, dialog: AnalyticsDialog, start: str, end: str) -> None:
    dialog.query_one("#start", Input).value = start
    dialog.query_one("#end", Input).value = end
    await pilot.pause()


async def _download(pilot, dialog: AnalyticsDialog) -> None:
    dialog.query_one("#end", Input).focus()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_validation_messages_and_exact_timestamps(client: ItwinClient,
                                                        tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        assert _text(dialog, "#timestamps").split() == [
            "startDate", "=", "2026-01-01T00:00:00.000Z",
            "endDate", "=", "2026-01-31T23:59:59.999Z"]
        assert not dialog.query_one("#download", Button).disabled

        await _set_range(pilot, dialog, "2026-02-30", "2026-01-31")
        assert "not a real calendar date" in _text(dialog, "#start-error")
        assert dialog.query_one("#start", Input).has_class("-invalid")
        assert dialog.query_one("#download", Button).disabled
        assert "2026-01-01T" not in _text(dialog, "#timestamps")

        await _set_range(pilot, dialog, "2026-02-01", "2026-01-31")
        assert _text(dialog, "#start-error") == ""
        assert "after the end date" in _text(dialog, "#range-error")

        await _set_range(pilot, dialog, "2026-03-01", "2026-03-16")
        assert "in the future" in _text(dialog, "#end-error")
        assert dialog.query_one("#download", Button).disabled

        await _set_range(pilot, dialog, "2026-03-15", "2026-03-15")
        assert "2026-03-15T23:59:59.999Z" in _text(dialog, "#timestamps")
        assert _text(dialog, "#end-error") == "" and _text(dialog, "#range-error") == ""


async def test_enter_with_invalid_dates_sends_nothing(client: ItwinClient, server,
                                                      tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _set_range(pilot, dialog, "", "2026-01-31")
        assert _text(dialog, "#start-error") == ""  # empty field: no nagging while typing
        await _download(pilot, dialog)
        assert "Enter a date" in _text(dialog, "#start-error")
        assert dialog.focused is dialog.query_one("#start", Input)
    assert not [r for r in server.api.requests if r.path == PATH]
    assert listing(tmp_path) == []


async def test_presets_fill_the_dates(client: ItwinClient, tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        start, end = dialog.query_one("#start", Input), dialog.query_one("#end", Input)
        assert (start.value, end.value) == ("2026-02-14", "2026-03-15")  # default: last 30
        await pilot.click("#preset-last-month")
        assert (start.value, end.value) == ("2026-02-01", "2026-02-28")
        assert "2026-02-28T23:59:59.999Z" in _text(dialog, "#timestamps")
        dialog.query_one("#download", Button).focus()
        await pilot.press("1")
        assert (start.value, end.value) == ("2026-03-09", "2026-03-15")
        await pilot.press("5")
        assert (start.value, end.value) == ("2026-01-01", "2026-03-15")
        await pilot.press("3")
        assert (start.value, end.value) == ("2026-03-01", "2026-03-15")
        start.focus()
        await pilot.press("end", "backspace", "2")  # digits in an input are typing, not presets
        assert start.value == "2026-03-02"


async def test_download_saves_and_previews(client: ItwinClient, server,
                                           tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    host = Host(dialog)
    async with host.run_test(size=SIZE) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        expected = server.api.data.analytics.body(*JAN)
        saved = tmp_path / "components-analytics_2026-01-01_2026-01-31.csv"
        assert dialog.saved is not None and dialog.saved.path == saved
        assert saved.read_bytes() == expected
        assert listing(tmp_path) == [saved.name]
        assert str(saved) in _text(dialog, "#saved-path")
        rows = expected.count(b"\r\n") - 1
        assert f"{rows:,} data rows" in _text(dialog, "#row-count")
        table = dialog.query_one("#csv-preview", DataTable)
        assert table.row_count == min(10, rows)
        first = expected.split(b"\r\n")[1].decode().split(",")
        assert [str(c) for c in table.get_row_at(0)][:2] == first[:2]
        assert dialog.query_one("#result").display
        await pilot.press("y")
        assert host.clipboard == str(saved)
        await pilot.press("escape")
    assert host.results == [saved]


async def test_second_download_gets_a_new_name(client: ItwinClient, tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        await _download(pilot, dialog)
        assert dialog.saved is not None
        assert dialog.saved.path.name == "components-analytics_2026-01-01_2026-01-31 (1).csv"
    assert len(listing(tmp_path)) == 2


async def test_hostile_name_and_cells_are_inert(client: ItwinClient, server,
                                                tmp_path: Path) -> None:
    body = b'name,note\n"[bold red]x[/]","\x1b[31mred"\n'
    server.api.faults.add(path_prefix=PATH, status=200, body=body,
                          headers={"Content-Type": "text/csv",
                                   "Content-Disposition": 'attachment; filename="../../x.csv"'})
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        assert dialog.saved is not None and dialog.saved.path == tmp_path / "x.csv"
        cells = dialog.query_one("#csv-preview", DataTable).get_row_at(0)
        assert all(isinstance(c, Text) for c in cells)
        assert [c.plain for c in cells] == ["[bold red]x[/]", "\\x1b[31mred"]
    assert listing(tmp_path) == ["x.csv"]


async def test_cancel_leaves_nothing(client: ItwinClient, tmp_path: Path,
                                     stalling_download: threading.Event) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    host = Host(dialog)
    async with host.run_test(size=SIZE) as pilot:
        dialog.query_one("#end", Input).focus()
        await pilot.press("enter")
        for _ in range(500):  # wait until the first chunk is on disk (bounded)
            if part_written(tmp_path):
                break
            await pilot.pause(0.01)
        else:
            raise AssertionError("the download never started writing")
        assert dialog.downloading and dialog.query_one("#progress").display
        presets = [enabled for _node, binding, enabled, _tip in
                   host.screen.active_bindings.values() if binding.action.startswith("preset")]
        assert presets and not any(presets)  # the key bar shows them dimmed: they wait
        await pilot.press("escape")
        await host.workers.wait_for_complete()
        await pilot.pause()
        assert listing(tmp_path) == []
        assert "Cancelled" in _text(dialog, "#message")
        assert host.screen is dialog  # the first escape only cancels
        await pilot.press("escape")
    assert host.results == [None]


async def test_interrupted_download_shows_an_error_and_leaves_nothing(
        client: ItwinClient, server, tmp_path: Path) -> None:
    server.api.route("GET", PATH, lambda req: FakeResponse(
        200, [("Content-Type", "text/csv"), ("Content-Length", "100000"),
              ("Connection", "close")], iter([b"a,b\n1,2\n"])))
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _download(pilot, dialog)
        assert "interrupted" in _text(dialog, "#message")
        assert dialog.query_one("#message").has_class("-error")
        assert dialog.saved is None and not dialog.query_one("#result").display
    assert listing(tmp_path) == []


async def test_403_explains_the_permission(server, tmp_path: Path) -> None:
    async with ItwinClient(server.base_url, RESTRICTED_TOKEN) as restricted:
        dialog = AnalyticsDialog(restricted, tmp_path, today=TODAY)
        async with Host(dialog).run_test(size=SIZE) as pilot:
            await _download(pilot, dialog)
            message = _text(dialog, "#message")
    assert "Organization Administrator" in message and "View Analytics" in message
    assert "403" in message


async def test_422_names_the_parameter(client: ItwinClient, server, tmp_path: Path) -> None:
    body = (b'{"error": {"code": "InvalidDownloadAnalyticsRequest", "message": "Cannot perform'
            b' operation.", "details": [{"code": "InvalidValue", "target": "startDate",'
            b' "message": "Parameter \'startDate\' format is incorrect."}]}}')
    server.api.faults.add(path_prefix=PATH, status=422, body=body)
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await _download(pilot, dialog)
        message = _text(dialog, "#message")
        assert not dialog.query_one("#download", Button).disabled  # can fix and retry
    assert "rejected startDate" in message and "format is incorrect" in message
    assert listing(tmp_path) == []



async def test_y_after_a_download_copies_and_says_so(client: ItwinClient,
                                                     tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    host = Host(dialog)
    async with host.run_test(size=SIZE, notifications=True) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        await pilot.press("y")
        await pilot.pause(0.2)  # the toast is rendered: a rich Text here killed the app
        assert host.is_running and host.screen is dialog
        assert "Path copied" in screen_text(host)


async def test_a_folder_that_cannot_be_opened_is_a_message(client: ItwinClient, tmp_path: Path,
                                                           monkeypatch) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"  # found, but its interpreter is missing: Popen fails
    opener.write_text("#!/no/such/interpreter\n")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("DISPLAY", ":0")
    for var in ("SSH_CONNECTION", "SSH_TTY"):
        monkeypatch.delenv(var, raising=False)
    dialog = AnalyticsDialog(client, tmp_path / "out", today=TODAY)
    host = Host(dialog)
    async with host.run_test(size=SIZE, notifications=True) as pilot:
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        await pilot.click("#open-folder")
        await pilot.pause(0.2)
        assert host.is_running and host.screen is dialog
        assert "Could not open the folder" in screen_text(host)


async def test_no_token_is_said_once_with_every_way_to_sign_in(server, tmp_path: Path) -> None:
    async with ItwinClient(server.base_url, None) as signed_out:
        dialog = AnalyticsDialog(signed_out, tmp_path, today=TODAY)
        async with Host(dialog).run_test(size=SIZE) as pilot:
            await _download(pilot, dialog)
            message = " ".join(_text(dialog, "#message").split())
    assert message.lower().count("no access token") == 1, message
    for way in SIGN_IN_WAYS:
        assert way.command in message


async def test_presets_work_the_moment_the_dialog_opens(client: ItwinClient,
                                                        tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not isinstance(dialog.focused, Input)
        await pilot.press("4")
        start, end = dialog.query_one("#start", Input), dialog.query_one("#end", Input)
        assert (start.value, end.value) == ("2026-02-01", "2026-02-28")
        assert _text(dialog, "#start-error") == ""
        await pilot.press("enter")  # enter still downloads, as the README says
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert dialog.saved is not None


async def test_at_80x24_presets_and_buttons_stay_on_screen(client: ItwinClient,
                                                          tmp_path: Path) -> None:
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    host = Host(dialog)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(host)
        for n, preset in enumerate(PRESETS, start=1):
            assert f"{n} {preset.label}" in text
        await _set_range(pilot, dialog, "2026-01-01", "2026-01-31")
        await _download(pilot, dialog)
        assert dialog.query_one("#csv-preview", DataTable).row_count == 10
        screen = host.screen.region
        for button in ("#download", "#close"):
            region = dialog.query_one(button, Button).region
            assert region.height and screen.contains_region(region), button
        text = screen_text(host)
        assert "Download" in text and "Close" in text and "Saved to" in text


@pytest.mark.parametrize("known_length", [True, False])
async def test_progress_moves_several_times_a_second_while_bytes_arrive(
        client: ItwinClient, server, tmp_path: Path, known_length: bool) -> None:
    slow_csv(server, known_length=known_length)  # ~60 KB over ~1.8 s
    dialog = AnalyticsDialog(client, tmp_path, today=TODAY)
    async with Host(dialog).run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        seen: list[tuple[float, str]] = []
        loop = asyncio.get_running_loop()
        started = loop.time()
        while dialog.downloading and loop.time() - started < 20:
            label = _text(dialog, "#progress-label")
            if not seen or seen[-1][1] != label:
                seen.append((loop.time() - started, label))
            await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
        assert dialog.saved is not None
    moving = [label for _, label in seen if label and label != "Connecting…"]
    duration = seen[-1][0] - seen[0][0]
    assert duration > 1.0, seen
    assert len(moving) >= 3 * duration, seen  # at least a few updates a second
    assert any("received" in label or "%" in label for label in moving)
    if known_length:
        assert any(label.endswith("%)") for label in moving), moving


async def test_in_the_app_the_dialog_message_is_one_plain_line(client: ItwinClient,
                                                             tmp_path: Path) -> None:
    """The screens' ``#message`` style (padded, full height) must not reach the dialog's."""
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AnalyticsDialog), "the dialog")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen), "the charts")
        await pilot.press("escape")  # they come at once, over the dialog
        assert isinstance(app.screen, AnalyticsDialog) and app.screen.saved is not None
        await pilot.pause()
        message = app.screen.query_one("#message")
        assert message.region.height == 1 and "Saved" in str(message.render())
        for button in ("#download", "#close"):
            assert app.screen.region.contains_region(app.screen.query_one(button).region)


def _on_screen(app: App[object], widget_id: str) -> bool:
    widget = app.screen.query_one(widget_id)
    return widget.region.height > 0 and app.screen.region.contains_region(widget.region)


async def test_back_from_the_charts_at_80x24_the_dates_are_in_view(client: ItwinClient,
                                                                   tmp_path: Path) -> None:
    """After esc from the charts: the presets and dates are on screen, enter downloads
    again, and a preset pressed with the preview in view brings the dates it changes."""
    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AnalyticsDialog), "the dialog")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen), "the charts")
        await pilot.press("escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AnalyticsDialog)
        assert dialog.focused is dialog.query_one("#download")
        for part in ("#presets", "#dates", "#message"):
            assert _on_screen(app, part), part
        dialog.query_one("#csv-preview").focus()  # tab there: the preview scrolls into view
        await wait_for(pilot, lambda: not _on_screen(app, "#dates"), "the preview in view")
        await pilot.press("1")
        await wait_for(pilot, lambda: _on_screen(app, "#dates"), "the dates back in view")
        first = preset_range(PRESETS[0].key, dialog.today)[0]
        assert dialog.query_one("#start", Input).value == first.isoformat()
        await pilot.press("enter")  # downloads the range just picked
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen), "the charts")
        assert len(list(tmp_path.glob("*.csv"))) == 2
        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()


async def test_the_key_bar_lists_the_dialogs_keys(client: ItwinClient, tmp_path: Path) -> None:
    """Not the screen's behind it (/ Search … q Quit do nothing here); no stray scrollbar
    glyph under the preview."""
    from tui.dialogs.help import HelpScreen

    app = make_app(client, download_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AnalyticsDialog), "the dialog")
        await pilot.pause()
        bar = screen_text(app).splitlines()[-1]
        for hint in ("1–5 Presets", "enter Download", "s Saved files", "esc Close", "? Keys"):
            assert hint in bar, (hint, bar)
        assert "Search" not in bar and "Quit" not in bar and "c Charts" not in bar
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChartsScreen), "the charts")
        await pilot.press("escape")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert "c Charts" in lines[-1] and "y Copy path" in lines[-1]
        app.screen.query_one("#csv-preview").focus()
        await pilot.pause()
        assert "Date" in screen_text(app)
        assert not any("▏" in line for line in screen_text(app).splitlines()[:-1])
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, AnalyticsDialog)
        await pilot.app.workers.wait_for_complete()
