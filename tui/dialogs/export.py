"""The export dialog (``e``): save a list's rows as CSV, JSON or JSON Lines, the rows loaded
or every page, in the download folder (under ``serve``: to the browser)."""

from __future__ import annotations

import asyncio
import shutil
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
from textual.widgets import Button, Checkbox, RadioButton, RadioSet, Static
from textual.worker import Worker

from tui import locations
from tui.core.errors import ApiError
from tui.core.export_file import (
    FORMATS,
    ExportProgress,
    ExportSource,
    export_name,
    save_export,
    writer_for,
)
from tui.core.files import SavedFile
from tui.core.progress import human_bytes
from tui.keys import bindings, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.text import notify_plain

#: The ``name`` of our deliveries under ``serve`` (Textual reports each back by it).
DELIVERY_NAME = "export"


class ExportDialog(ModalScreen[Path | None]):
    """Format (CSV by default), all pages or the rows loaded, and a button: ``enter`` saves.

    Dismisses with the saved path (None: nothing kept here). Under ``serve`` the file goes
    to the browser; a copy stays on the server only when ``dir_chosen`` (``--download-dir``).
    ``today`` fixes the date in the file name (screenshots)."""

    CSS_PATH = locations.styles_dir() / "export.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "export-save", "export-csv", "export-json", "export-jsonl", "export-all",
        "export-cancel", "help")

    def __init__(self, source: ExportSource, download_dir: Path, *, dir_chosen: bool = False,
                 today: date | None = None) -> None:
        super().__init__()
        self.source = source
        self.download_dir = download_dir
        self.dir_chosen = dir_chosen
        self.today = today or date.today()
        self.format = "csv"
        self.progress = ExportProgress()
        self._worker: Worker[None] | None = None
        self._scratch: Path | None = None  # under serve: where the file waits for the browser

    def compose(self) -> ComposeResult:
        source = self.source
        with Vertical(id="export-box"):
            yield Static(id="export-title")
            with RadioSet(id="formats"):
                for fmt, spec in FORMATS.items():
                    yield RadioButton(f"{key_of(self, f'export-{fmt}')} {spec.label}",
                                      value=fmt == self.format, id=f"format-{fmt}")
            yield Checkbox(self._all_pages_label(), id="all-pages",
                           disabled=source.rest is None)
            yield Static(id="export-target", classes="hint")
            yield Static(id="export-progress")
            yield Static(id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Export", id="export", variant="primary", compact=True)
                yield Button("Close", id="close", compact=True)
        yield KeyBar()

    def _all_pages_label(self) -> str:
        key = key_of(self, "export-all")
        if self.source.rest is not None:
            return f"{key} All pages: fetch the rest of the list too"
        if self.source.stop_reason:
            return f"{key} All pages: the list {self.source.stop_reason}"
        return f"{key} All pages: every row is loaded"

    def on_mount(self) -> None:
        self._show_choice()
        self._say("")
        self.query_one("#export-progress").display = False
        self.query_one("#export", Button).focus()  # enter exports at once

    # -- choices -------------------------------------------------------------------------

    @property
    def all_pages(self) -> bool:
        return self.query_one("#all-pages", Checkbox).value

    @property
    def busy(self) -> bool:
        worker = self._worker
        return worker is not None and worker.is_running and not worker.is_cancelled

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The keys that act now: esc cancels or closes; the choices wait while busy, and
        ``a`` is gone when every row is loaded."""
        if action in ("cancel", "close"):
            return self.busy == (action == "cancel")
        if action == "all_pages" and self.source.rest is None:
            return False
        if action in ("choose", "all_pages", "save"):
            return None if self.busy else True
        return True

    def action_choose(self, fmt: str) -> None:
        if not self.busy:
            self.query_one(f"#format-{fmt}", RadioButton).value = True

    def action_all_pages(self) -> None:
        box = self.query_one("#all-pages", Checkbox)
        if not self.busy and not box.disabled:
            box.toggle()

    @on(RadioSet.Changed, "#formats")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        self.format = (event.pressed.id or "format-csv").removeprefix("format-")
        self._show_choice()

    @on(Checkbox.Changed, "#all-pages")
    def _all_changed(self) -> None:
        self._show_choice()

    def _file_name(self) -> str:
        return export_name(self.source.what, self.format, self.today)

    def _show_choice(self) -> None:
        """The title and where the file goes: what goes in it."""
        source = self.source
        self.query_one("#export-title", Static).update(Text(
            f"Export every page of {source.what}" if self.all_pages
            else f"Export {len(source.rows):,} loaded {source.what}"))
        what = "every page" if self.all_pages else f"the {len(source.rows):,} rows loaded"
        name = self._file_name()
        if not self.app.is_web:
            where = f"Saving {what} to {self.download_dir / name}"
        elif self.dir_chosen:
            where = (f"Saving {what} to {self.download_dir / name} on the server, and "
                     "sending it to your browser")
        else:
            where = f"Sending {what} to your browser as {name} (no copy is kept on the server)"
        self.query_one("#export-target", Static).update(Text(where))

    # -- export ---------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.busy:
            return
        self.progress = ExportProgress()
        self._worker = self._export(self.format, self.all_pages)
        self._set_busy(True)

    def action_cancel(self) -> None:
        if self.busy and self._worker is not None:
            self._worker.cancel()
            self._set_busy(False)
            self._say("Cancelled; nothing was saved.")
            return
        self.action_close()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_save()
        elif event.button.id == "close":
            self.action_cancel()

    def on_worker_state_changed(self, _event: Worker.StateChanged) -> None:
        self.refresh_bindings()  # esc: cancel while exporting, else close

    @work(exclusive=True, group="export", exit_on_error=False)
    async def _export(self, fmt: str, all_pages: bool) -> None:
        try:
            await self._export_and_report(fmt, all_pages)
        finally:  # the browser reads the file it was given through an open handle
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None

    async def _export_and_report(self, fmt: str, all_pages: bool) -> None:
        source = self.source
        directory = self.download_dir
        if self.app.is_web and not self.dir_chosen:
            directory = self._scratch = Path(tempfile.mkdtemp(prefix="itwin-tui-"))
        rest = source.rest if all_pages else None
        try:
            saved = await save_export(source.rows, rest, writer_for(fmt, source.fields),
                                      directory, self._file_name(), self.progress,
                                      on_progress=lambda _progress: self._show_progress())
        except ApiError as err:
            self._fail(f"{err.human()}\nNothing was saved.")
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never a traceback
            self._fail(f"The export failed unexpectedly: {type(exc).__name__}: {exc}\n"
                       "Nothing was saved.")
            return
        self._done(saved, fmt, all_pages and source.stop_reason is None)

    def _done(self, saved: SavedFile, fmt: str, all_pages: bool) -> None:
        """Say what was saved (or sent), and close."""
        rows = self.progress.rows
        what = f"{rows:,} {self.source.what} ({human_bytes(saved.size)})"
        limit = self.progress.stop_reason or (None if all_pages else self.source.stop_reason)
        note = f"; the list {limit}" if limit else ""
        if not self.app.is_web:
            text = f"Saved {what} to {saved.path}{note}"
        elif self._deliver(saved, fmt):
            kept = f"; a copy is in {saved.path}" if self.dir_chosen else ""
            text = f"Sent {what} to your browser as {saved.path.name}{kept}{note}"
        else:
            return
        notify_plain(self.app, text, title="Exported")
        self.dismiss(saved.path if not self.app.is_web or self.dir_chosen else None)

    def _deliver(self, saved: SavedFile, fmt: str) -> bool:
        """Under ``serve``: offer the file to the browser (Textual's ``deliver_binary``)."""
        try:
            self.app.deliver_binary(saved.path, save_filename=saved.path.name,
                                    mime_type=FORMATS[fmt].mime, name=DELIVERY_NAME)
        except OSError as exc:
            self._fail(f"The file could not be sent to your browser: {exc}")
            return False
        return True

    # -- rendering ------------------------------------------------------------------------

    def _show_progress(self) -> None:
        progress = self.progress
        pages = f"{progress.pages:,} more page{'s' if progress.pages != 1 else ''}"
        self.query_one("#export-progress", Static).update(Text(
            f"Fetched {pages} · {progress.rows:,} rows written… "
            f"({key_of(self, 'export-cancel')} cancels)"))

    def _set_busy(self, busy: bool) -> None:
        label = self.query_one("#export-progress", Static)
        label.display = busy
        if busy:
            label.update(Text(f"Exporting… ({key_of(self, 'export-cancel')} cancels)"))
            self._say("")
        for widget in self.query("#formats, #all-pages, #export"):
            widget.disabled = busy or (widget.id == "all-pages" and self.source.rest is None)
        self.query_one("#close", Button).label = "Cancel" if busy else "Close"
        self.query_one("#close" if busy else "#export", Button).focus()  # enter: again
        self.refresh_bindings()

    def _say(self, message: str, *, error: bool = False) -> None:
        widget = self.query_one("#export-message", Static)
        widget.update(Text(message))
        widget.display = bool(message)
        widget.set_class(error, "-error")

    def _fail(self, message: str) -> None:
        self._set_busy(False)
        self._say(message, error=True)
