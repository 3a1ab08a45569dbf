"""The analytics dialog: pick an inclusive UTC date range, download and save the CSV."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static
from textual.worker import Worker

from tui import locations
from tui.clipboard import copy_text
from tui.core.analytics import CsvPreview, download_analytics, read_csv_preview
from tui.core.client import ItwinClient
from tui.core.dates import PRESETS, RangeCheck, check_range, preset_range, utc_today
from tui.core.errors import ApiError
from tui.core.files import Destination, SavedFile, open_folder_command
from tui.core.progress import Throttle, human_bytes, progress_text
from tui.dialogs.csv_preview import fill_preview, row_count_text
from tui.dialogs.show_charts import ShowCharts, Summary, summary_or_none
from tui.keys import bindings, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.text import notify_plain
from tui.widgets.text_box import TextBox

PREVIEW_ROWS = 10
#: The ``name`` of our deliveries (Textual reports each one back to the app by it).
DELIVERY_NAME = "analytics-csv"


class AnalyticsDialog(ModalScreen[Path | None]):
    """Date range → ``GET /library/components/analytics/download`` → a CSV on disk.

    Dismisses with the saved path (or None). ``today`` fixes the clock for tests. Under
    ``serve`` (a web driver) the CSV is sent to the browser; a copy stays on the server only
    when ``dir_chosen`` (the user named ``download_dir`` with ``--download-dir``).
    """

    CSS_PATH = locations.styles_dir() / "analytics.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        *(f"preset-{n}" for n in range(1, len(PRESETS) + 1)), "download", "charts",
        "copy-path", "saved-files", "cancel", "help")

    def __init__(self, client: ItwinClient, download_dir: Path, *, dir_chosen: bool = False,
                 today: date | None = None, name: str | None = None, id: str | None = None
                 ) -> None:
        super().__init__(name=name, id=id)
        self.client = client
        self.download_dir = download_dir
        self.dir_chosen = dir_chosen
        self._scratch: Path | None = None  # under serve: where the CSV waits for the browser
        self._fixed_today = today
        self._tried = False
        self._worker: Worker[None] | None = None
        self._throttle = Throttle()
        #: The last saved file, once a download completes.
        self.saved: SavedFile | None = None
        self.summary: Summary | None = None  # its charts' summary when it is not kept
        self.preview: CsvPreview | None = None

    @property
    def today(self) -> date:
        return self._fixed_today or utc_today()

    def compose(self) -> ComposeResult:
        start, end = preset_range("last30", self.today)
        with Vertical(id="analytics-box"):
            yield Static("Components analytics", id="analytics-title")
            yield Static("Usage CSV for an inclusive range of days (UTC).", classes="hint")
            with Horizontal(id="presets"):
                for n, preset in enumerate(PRESETS, start=1):
                    yield Button(f"{key_of(self, f'preset-{n}')} {preset.label}",
                                 id=f"preset-{preset.key}",
                                 classes="preset", compact=True)
            with Horizontal(id="dates"):
                with Vertical(classes="date-field"):
                    yield Label("Start (YYYY-MM-DD)")
                    yield TextBox(start.isoformat(), placeholder="YYYY-MM-DD", id="start",
                                  max_length=10, enter="Download")
                    yield Static("", id="start-error", classes="field-error")
                with Vertical(classes="date-field"):
                    yield Label("End (YYYY-MM-DD, inclusive)")
                    yield TextBox(end.isoformat(), placeholder="YYYY-MM-DD", id="end",
                                  max_length=10, enter="Download")
                    yield Static("", id="end-error", classes="field-error")
            yield Static("", id="range-error", classes="field-error")
            yield Static("", id="timestamps")
            yield Static(Text(self._target_text()), id="target", classes="hint")
            yield ProgressBar(id="progress", show_eta=True)
            yield Static("", id="progress-label")
            yield Static("", id="message")
            with Vertical(id="result"):
                yield Static("", id="saved-path")
                yield Static("", id="row-count")
                yield DataTable(id="csv-preview", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="buttons"):
                yield Button("Download", id="download", variant="primary")
                yield Button("Open folder", id="open-folder")
                yield Button("c Charts", id="charts", action="screen.charts")
                yield Button("s Saved files", id="saved-files", action="app.saved_files")
                yield Button("Close", id="close")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show("#message", None)
        self._show("#progress-label", None)
        self.query_one("#progress").display = False
        self.query_one("#result").display = False
        self.query_one("#open-folder").display = False
        self._refresh_check()
        # Not a date box: 1-5 pick a preset at once, enter downloads, tab reaches the dates.
        self.query_one("#download", Button).focus()

    # -- validation ---------------------------------------------------------------------

    def check(self) -> RangeCheck:
        """The typed range, validated against today's (UTC) date."""
        return check_range(self.query_one("#start", Input).value,
                           self.query_one("#end", Input).value, self.today)

    def _refresh_check(self) -> RangeCheck:
        check = self.check()
        for field, error in (("start", check.start_error), ("end", check.end_error)):
            typed = self.query_one(f"#{field}", Input).value.strip()
            shown = error if (typed or self._tried) else None
            self._show(f"#{field}-error", shown)
            self.query_one(f"#{field}", Input).set_class(bool(shown), "-invalid")
        self._show("#range-error", check.range_error)
        if check.ok:
            preview = Text.assemble(("startDate", "bold"), f" = {check.start_param}\n",
                                    ("endDate  ", "bold"), f" = {check.end_param}")
        else:
            preview = Text("Fix the dates above to see the timestamps that will be sent.",
                           style="dim")
        self.query_one("#timestamps", Static).update(preview)
        self.query_one("#download", Button).disabled = not check.ok or self.downloading
        return check

    @on(Input.Changed)
    def _input_changed(self) -> None:
        self._refresh_check()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_download()

    # -- actions ------------------------------------------------------------------------

    @property
    def downloading(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_running and not worker.is_cancelled

    def action_preset(self, which: int | str) -> None:
        """Fill in a preset range: its number (the ``preset-N`` keys) or its key."""
        if self.downloading:
            return
        key = PRESETS[which - 1].key if isinstance(which, int) else which
        start, end = preset_range(key, self.today)
        self.query_one("#start", Input).value = start.isoformat()
        self.query_one("#end", Input).value = end.isoformat()
        self._refresh_check()
        self._show_dates()

    def _show_dates(self) -> None:
        """The presets and dates in view (on a short terminal the result pushes them up),
        with enter on Download."""
        self.query_one("#download", Button).focus(scroll_visible=False)
        self.query_one("#analytics-box").scroll_home(animate=False, immediate=False)

    def action_download(self) -> None:
        if self.downloading:
            return
        self._tried = True
        check = self._refresh_check()
        if not check.ok or check.start is None or check.end is None:
            bad = "#start" if check.start_error or check.range_error else "#end"
            self.query_one(bad, Input).focus()
            return
        self._worker = self._download(check.start, check.end)
        self._set_busy(True)

    def action_cancel(self) -> None:
        """Cancel the download (else close)."""
        if self.downloading and self._worker is not None:
            self._worker.cancel()
            self._set_busy(False)
            self._say("Cancelled; nothing was saved.")
            return
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(self.saved.path if self.saved and self.kept else None)

    def action_copy_path(self) -> None:
        if self.saved is None or not self.kept:
            return
        copy_text(self, str(self.saved.path), str(self.saved.path), title="Path copied")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that act now: esc cancels or closes, c and y once a file is saved; the
        dates wait (shown dimmed) while a download runs."""
        if action in ("cancel", "close"):
            return self.downloading == (action == "cancel")
        if action in ("download", "preset"):
            return None if self.downloading else True
        if action == "copy_path":
            return self.kept
        if action == "charts":
            return self.saved is not None and not self.downloading
        return True

    def action_charts(self) -> None:
        """The charts of the file just saved (the app shows them)."""
        if self.saved is not None:
            self.post_message(ShowCharts(self.saved.path, self.summary))

    def action_open_folder(self) -> None:
        if self.saved is None:
            return
        command = self._folder_command()
        if command is None:
            return
        try:
            subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            notify_plain(self, f"Could not open the folder: {exc}", severity="error")

    def _folder_command(self) -> list[str] | None:
        if self.saved is None or self.app.is_web:
            return None
        return open_folder_command(self.saved.path.parent)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        button = event.button.id or ""
        if button.startswith("preset-"):
            self.action_preset(button.removeprefix("preset-"))
        elif button == "download":
            self.action_download()
        elif button == "close":
            self.action_cancel()
        elif button == "open-folder":
            self.action_open_folder()

    # -- the download worker -------------------------------------------------------------

    @work(exclusive=True, group="analytics", exit_on_error=False)
    async def _download(self, start: date, end: date) -> None:
        try:
            await self._download_and_show(start, end)
        finally:  # the browser reads the file it was given through an open handle
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None

    async def _download_and_show(self, start: date, end: date) -> None:
        directory = self.download_dir
        if self.app.is_web and not self.dir_chosen:
            directory = self._scratch = Path(tempfile.mkdtemp(prefix="itwin-tui-"))
        try:
            saved = await download_analytics(self.client, start, end, Destination(directory),
                                             on_progress=self._on_progress)
        except ApiError as err:
            self._fail(err.human())
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let the app crash with a traceback
            self._fail(f"The download failed unexpectedly: {type(exc).__name__}: {exc}")
            return
        self.saved = saved
        if not self.kept:  # summarised for the charts before the file goes
            self.summary = await asyncio.to_thread(summary_or_none, saved.path, self._worker)
        try:
            self.preview = await asyncio.to_thread(read_csv_preview, saved.path, PREVIEW_ROWS)
        except (OSError, ValueError) as exc:
            self.preview = None
            self._say(f"Saved, but the preview could not be read: {exc}")
        self._show_saved(self._deliver(saved))

    def _deliver(self, saved: SavedFile) -> bool:
        """Under ``serve``, offer the CSV to the browser (Textual's ``deliver_binary``)."""
        if not self.app.is_web:
            return False
        try:
            self.app.deliver_binary(saved.path, save_filename=saved.path.name,
                                    mime_type="text/csv", name=DELIVERY_NAME)
        except OSError as exc:
            self._say(f"The CSV could not be sent to your browser: {exc}", error=True)
            return False
        return True

    @property
    def kept(self) -> bool:
        """Whether the saved file stays where :attr:`saved` says (not under ``serve`` without
        a chosen directory)."""
        return self.saved is not None and not (self.app.is_web and not self.dir_chosen)

    def _saved_texts(self, saved: SavedFile, delivered: bool) -> tuple[str | None, Text]:
        """The message and the "saved to" line after a download (None: keep the message)."""
        size = human_bytes(saved.size)
        if not self.app.is_web:
            return (f"Saved {size}. Press {key_of(self, 'copy-path')} to copy the path.",
                    Text.assemble(("Saved to ", "bold"), str(saved.path)))
        if not self.kept:
            return (f"Sent {size} to your browser; no copy is kept on the server."
                    if delivered else None,
                    Text.assemble(("Sent to your browser: ", "bold"), saved.path.name))
        return (f"Saved {size} on the server" + (" and sent it to your browser" if delivered
                                                 else "") + f". Press {key_of(self, 'copy-path')} "
                "to copy its path.",
                Text.assemble(("Saved on the server to ", "bold"), str(saved.path)))

    def _target_text(self) -> str:
        if not self.app.is_web:
            return f"Saving to {self.download_dir}"
        if self.dir_chosen:
            return f"Saving to {self.download_dir} on the server, and sending it to your browser"
        return "The CSV goes to your browser's downloads (no copy is kept on the server)"

    def _on_progress(self, received: int, total: int | None) -> None:
        if not self._throttle.due(received, total):
            return
        if total:
            self.query_one("#progress", ProgressBar).update(total=total, progress=received)
        self.query_one("#progress-label", Static).update(progress_text(received, total))

    # -- rendering ------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._throttle = Throttle()
        bar = self.query_one("#progress", ProgressBar)
        bar.display = busy
        if busy:
            bar.update(total=None, progress=0)
            self.query_one("#result").display = False
            self.query_one("#open-folder").display = False
            self.query_one("#charts").display = False
            self._show("#progress-label", "Connecting…")
            self._say("Downloading… (escape cancels)")
        else:
            self._show("#progress-label", None)
        for widget in self.query("Input, .preset"):
            widget.disabled = busy
        self.query_one("#download", Button).disabled = busy or not self.check().ok
        self.query_one("#close", Button).label = "Cancel" if busy else "Close"
        if busy:
            self.query_one("#close", Button).focus()
        self.refresh_bindings()

    def _show(self, selector: str, message: str | None) -> Static:
        """Put ``message`` (plain text) in a status line, hidden while empty."""
        widget = self.query_one(selector, Static)
        widget.update(Text(message or ""))
        widget.display = bool(message)
        return widget

    def _say(self, message: str, *, error: bool = False) -> None:
        self._show("#message", message).set_class(error, "-error")

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self._say(message, error=True)
        self.query_one("#download", Button).focus()

    def _show_saved(self, delivered: bool) -> None:
        assert self.saved is not None
        self._set_busy(False)
        message, where = self._saved_texts(self.saved, delivered)
        if message:
            self._say(f"{message} {key_of(self, 'charts')} shows its charts.")
        self.query_one("#result").display = True
        self.query_one("#saved-path", Static).update(where)
        table = self.query_one("#csv-preview", DataTable)
        table.clear(columns=True)
        if self.preview is not None:
            self.query_one("#row-count", Static).update(row_count_text(self.preview))
            fill_preview(table, self.preview)
        self.query_one("#open-folder").display = self._folder_command() is not None
        self.query_one("#charts").display = True
        self.refresh_bindings()
        # Back from the charts: the dates and presets in view, enter on Download; the
        # preview is below (tab reaches it).
        self._show_dates()
        self.action_charts()  # at once
