"""The analytics dialog: pick an inclusive UTC date range, download and save the CSV."""

from __future__ import annotations

import asyncio
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static
from textual.worker import Worker

from tui import locations
from tui.core.client import ItwinClient
from tui.core.dates import PRESETS, RangeCheck, check_range, preset_range, utc_today
from tui.core.downloads import (
    CsvPreview,
    Destination,
    SavedFile,
    describe_analytics_error,
    download_analytics,
    open_folder_command,
    read_csv_preview,
)
from tui.core.errors import ApiError

PREVIEW_ROWS = 10
_CELL_WIDTH = 60


def human_bytes(n: float) -> str:
    """``1536`` → ``1.5 KB``."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover


def literal(value: str, width: int | None = None) -> Text:
    """Server text as inert display text: no markup, control characters made visible."""
    shown = "".join(
        f"\\x{ord(ch):02x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in value
    )
    if width and len(shown) > width:
        shown = shown[: width - 1] + "…"
    return Text(shown)


class AnalyticsDialog(ModalScreen[Path | None]):
    """Date range → ``GET /library/components/analytics/download`` → a CSV on disk.

    Dismisses with the saved path (or None). ``today`` fixes the clock for tests.
    """

    CSS_PATH = locations.styles_dir() / "analytics.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel / close"),
        Binding("y", "copy_path", "Copy path"),
        Binding("c", "charts", "Charts"),
        Binding("s", "saved_files", "Saved files"),
        *(Binding(str(n), f"preset('{p.key}')", p.label, show=False)
          for n, p in enumerate(PRESETS, start=1)),
    ]

    def __init__(self, client: ItwinClient, download_dir: Path, *, today: date | None = None,
                 name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.client = client
        self.download_dir = download_dir
        self._fixed_today = today
        self._tried = False
        self._worker: Worker[None] | None = None
        self._last_shown = 0
        #: The last saved file, once a download completes.
        self.saved: SavedFile | None = None
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
                    yield Button(f"{n} {preset.label}", id=f"preset-{preset.key}",
                                 classes="preset", compact=True)
            with Horizontal(id="dates"):
                with Vertical(classes="date-field"):
                    yield Label("Start (YYYY-MM-DD)")
                    yield Input(start.isoformat(), placeholder="YYYY-MM-DD", id="start",
                                max_length=10)
                    yield Static("", id="start-error", classes="field-error")
                with Vertical(classes="date-field"):
                    yield Label("End (YYYY-MM-DD, inclusive)")
                    yield Input(end.isoformat(), placeholder="YYYY-MM-DD", id="end",
                                max_length=10)
                    yield Static("", id="end-error", classes="field-error")
            yield Static("", id="range-error", classes="field-error")
            yield Static("", id="timestamps")
            yield Static(Text(f"Saving to {self.download_dir}"), id="target", classes="hint")
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
                yield Button("c Charts", id="charts")
                yield Button("s Saved files", id="saved-files")
                yield Button("Close", id="close")

    def on_mount(self) -> None:
        self._show("#message", None)
        self._show("#progress-label", None)
        self.query_one("#progress").display = False
        self.query_one("#result").display = False
        self.query_one("#open-folder").display = False
        self.query_one("#charts").display = False
        self._refresh_check()
        self.query_one("#start", Input).focus()

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

    def action_preset(self, key: str) -> None:
        if self.downloading:
            return
        start, end = preset_range(key, self.today)
        self.query_one("#start", Input).value = start.isoformat()
        self.query_one("#end", Input).value = end.isoformat()
        self._refresh_check()

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
        if self.downloading and self._worker is not None:
            self._worker.cancel()
            self._set_busy(False)
            self._say("Cancelled; nothing was saved.")
            return
        self.dismiss(self.saved.path if self.saved else None)

    def action_copy_path(self) -> None:
        if self.saved is None:
            return
        self.app.copy_to_clipboard(str(self.saved.path))
        self.notify(Text(f"Copied {self.saved.path}"), title="Path copied")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("copy_path", "charts"):
            return self.saved is not None
        return True

    class Saved(Message):
        """A download was saved (the app shows its charts at once)."""

        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    def action_charts(self) -> None:
        """The charts of the file just saved."""
        from tui.dialogs.charts import ChartsScreen

        if self.saved is not None:
            self.app.push_screen(ChartsScreen(self.saved.path))

    def action_saved_files(self) -> None:
        """The list of saved CSV files, to chart any of them."""
        from tui.dialogs.saved_files import SavedFilesScreen

        self.app.push_screen(SavedFilesScreen(self.download_dir))

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
            self.notify(Text(f"Could not open the folder: {exc}"), severity="error")

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
        elif button == "charts":
            self.action_charts()
        elif button == "saved-files":
            self.action_saved_files()

    # -- the download worker -------------------------------------------------------------

    @work(exclusive=True, group="analytics", exit_on_error=False)
    async def _download(self, start: date, end: date) -> None:
        try:
            saved = await download_analytics(self.client, start, end,
                                             Destination(self.download_dir),
                                             on_progress=self._on_progress)
        except ApiError as err:
            self._fail(describe_analytics_error(err))
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let the app crash with a traceback
            self._fail(f"The download failed unexpectedly: {type(exc).__name__}: {exc}")
            return
        self.saved = saved
        try:
            self.preview = await asyncio.to_thread(read_csv_preview, saved.path, PREVIEW_ROWS)
        except (OSError, ValueError) as exc:
            self.preview = None
            self._say(f"Saved, but the preview could not be read: {exc}")
        self._show_saved()

    def _on_progress(self, received: int, total: int | None) -> None:
        step = max(256 * 1024, (total or 0) // 200)
        if received - self._last_shown < step and received != total:
            return
        self._last_shown = received
        bar = self.query_one("#progress", ProgressBar)
        if total:
            bar.update(total=total, progress=received)
            label = f"{human_bytes(received)} of {human_bytes(total)}"
        else:
            label = f"{human_bytes(received)} received"
        self.query_one("#progress-label", Static).update(label)

    # -- rendering ------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self._last_shown = 0
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

    def _show_saved(self) -> None:
        assert self.saved is not None
        self._set_busy(False)
        self._say(f"Saved {human_bytes(self.saved.size)}. c shows its charts, y copies the path.")
        self.query_one("#result").display = True
        self.query_one("#saved-path", Static).update(
            Text.assemble(("Saved to ", "bold"), str(self.saved.path)))
        table = self.query_one("#csv-preview", DataTable)
        table.clear(columns=True)
        preview = self.preview
        if preview is not None:
            self.query_one("#row-count", Static).update(
                f"{preview.row_count:,} data rows"
                + (f"; the first {len(preview.rows)} below" if preview.rows else ""))
            width = max([len(preview.header), *(len(r) for r in preview.rows)], default=0)
            headers = preview.header + [""] * (width - len(preview.header))
            for n, heading in enumerate(headers):
                table.add_column(literal(heading, _CELL_WIDTH), key=f"c{n}")
            for row in preview.rows:
                cells = row + [""] * (width - len(row))
                table.add_row(*(literal(cell, _CELL_WIDTH) for cell in cells))
        self.query_one("#open-folder").display = self._folder_command() is not None
        self.query_one("#charts").display = True
        (table if table.row_count else self.query_one("#close", Button)).focus()
        self.post_message(self.Saved(self.saved.path))
