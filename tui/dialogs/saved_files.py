"""The analytics CSV files saved in the download directory, newest first; ``enter`` charts one."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState

from tui import locations
from tui.core.saved_files import LIMIT, CsvFile, saved_csv_files
from tui.dialogs.analytics import human_bytes
from tui.keys import bindings, hint, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.text import clean


class SavedFilesScreen(ModalScreen[None]):
    """Lists the CSV files of ``directory``; ``enter`` opens the charts of the highlighted one."""

    CSS_PATH = locations.styles_dir() / "charts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("back", show=True), *bindings("saved-charts", "refresh", "help"),
        *bindings("cursor-up", "cursor-down", "first", "last")]  # j k g G, as in every list

    def __init__(self, directory: Path, *, dir_chosen: bool = False) -> None:
        super().__init__()
        self.directory = directory
        self.dir_chosen = dir_chosen  # under ``serve``: whether downloads also land here
        self.files: list[CsvFile] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-box"):
            yield Static("Saved analytics files", id="saved-title")
            yield Static(Text(f"CSV files in {clean(str(self.directory))}, newest first"),
                         classes="hint")
            yield DataTable(id="saved-table", cursor_type="row", zebra_stripes=True)
            yield Static("Listing…", id="saved-message")
            yield Static(self.hint(files=False), id="saved-hint", classes="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("File", key="name")
        table.add_column("Size", key="size")
        table.add_column("Saved", key="saved")
        table.display = False
        self.action_refresh()

    def hint(self, *, files: bool) -> str:
        """``enter shows its charts · r refreshes · esc closes`` (enter: when there are files),
        with the keys bound now."""
        keys = f"{key_of(self, 'refresh')} refreshes · {key_of(self, 'back')} closes"
        return f"{key_of(self, 'saved-charts')} shows its charts · {keys}" if files else keys

    def action_refresh(self) -> None:
        self._list()

    @work(thread=True, exclusive=True, group="saved-files", exit_on_error=False)
    def _list(self) -> list[CsvFile]:
        return saved_csv_files(self.directory)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.SUCCESS:
            self._show(event.worker.result)
        elif event.state == WorkerState.ERROR:
            error = event.worker.error
            reason = (error.strerror if isinstance(error, OSError) and error.strerror
                      else str(error))
            if isinstance(error, FileNotFoundError):
                reason = "it does not exist yet"
            self._say(f"Cannot list {clean(str(self.directory))}: {reason}. {self._advice()}")
            self.query_one("#saved-hint", Static).update(self.hint(files=False))

    def _advice(self) -> str:
        """How files come to be listed here: under ``serve`` without a chosen folder a
        download goes to the browser only, so another one would not help."""
        if self.app.is_web and not self.dir_chosen:
            return ("Under serve a download goes to your browser and no copy is kept on the "
                    "server; start it with --download-dir DIR to keep copies here.")
        return f"Download one with the analytics dialog {hint(self, 'analytics')}."

    def _show(self, files: list[CsvFile]) -> None:
        self.files = files
        table = self.query_one(DataTable)
        table.clear()
        for item in files:
            saved = datetime.fromtimestamp(item.modified).strftime("%Y-%m-%d %H:%M")
            table.add_row(Text(clean(item.path.name)), Text(human_bytes(item.size),
                                                            justify="right"), saved)
        table.display = bool(files)
        self.query_one("#saved-hint", Static).update(self.hint(files=bool(files)))
        if not files:
            self._say(f"No CSV files in {clean(str(self.directory))} yet. {self._advice()}")
        else:
            more = f" (the newest {LIMIT})" if len(files) >= LIMIT else ""
            self._say(f"{len(files):,} file{'' if len(files) == 1 else 's'}{more}")
            table.focus()
        self.refresh_bindings()

    def _say(self, text: str) -> None:
        self.query_one("#saved-message", Static).update(Text(text))

    @on(DataTable.RowSelected)
    def _open_charts(self, event: DataTable.RowSelected) -> None:
        """A click on a file: its charts."""
        self._chart(event.cursor_row)

    def _chart(self, row: int) -> None:
        from tui.dialogs.charts import ChartsScreen

        if 0 <= row < len(self.files):
            self.app.push_screen(ChartsScreen(self.files[row].path))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``enter`` charts a file only when there is one."""
        return bool(self.files) if action == "charts" else True

    def action_charts(self) -> None:
        self._chart(self.query_one(DataTable).cursor_row)

    def action_back(self) -> None:
        self.dismiss(None)

    # -- the list keys (the table has its own arrows, home and end) ---------------------------

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.row_count - 1))
