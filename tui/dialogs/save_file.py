"""Saving a component's file: progress while it downloads, escape cancels.

The file is saved as the analytics CSV is (:func:`tui.core.storage.save_document`: streamed
into a hidden temp file that becomes the file only once complete, a safe name, never
overwriting). Under ``serve`` it goes to the browser (Textual's ``deliver_binary``); the server
keeps a copy only in a download folder the user named.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from tui import locations
from tui.core.errors import ApiError
from tui.core.progress import Throttle, human_bytes, progress_text
from tui.keys import bindings, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.text import clean, notify_plain

if TYPE_CHECKING:
    from textual.worker import Worker

    from tui.core.client import ItwinClient
    from tui.core.component_parts import Document
    from tui.core.files import SavedFile

#: The ``name`` of our deliveries (Textual reports a failed one back to the app by it).
DELIVERY_NAME = "component-file"
TITLE = "Save file"


class SaveFileDialog(ModalScreen[None]):
    """Downloads one document into ``download_dir`` at once; closes itself when saved."""

    CSS_PATH = locations.styles_dir() / "files.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings("cancel")

    def __init__(self, client: ItwinClient, component_id: str, document: Document,
                 download_dir: Path, *, dir_chosen: bool = False) -> None:
        super().__init__()
        self.client = client
        self.component_id = component_id
        self.document = document
        self.download_dir = download_dir
        self.dir_chosen = dir_chosen
        self._worker: Worker[None] | None = None
        self._throttle = Throttle()
        #: The saved file, once the download completes.
        self.saved: SavedFile | None = None
        #: Why the download failed, once it did (the dialog stays until closed).
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        doc = self.document
        size = f" ({human_bytes(doc.size)})" if doc.size is not None else ""
        with Vertical(classes="file-box"):
            yield Static(Text(f"Saving {clean(doc.file_name) or 'the file'}{size}"),
                         classes="title")
            yield Static(Text(self._target_text()), classes="hint")
            yield ProgressBar(id="file-progress", show_eta=True)
            yield Static(Text("Connecting…"), id="file-status")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="file-cancel", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#file-cancel", Button).focus()
        self._worker = self._save()

    def _target_text(self) -> str:
        if not self.app.is_web:
            cancels = f"  ({key_of(self, 'cancel')} cancels)" if self.error is None else ""
            return f"into {self.download_dir}{cancels}"
        if self.dir_chosen:
            return f"into {self.download_dir} on the server, and to your browser"
        return "to your browser's downloads (no copy is kept on the server)"

    @property
    def downloading(self) -> bool:
        """Whether the download is under way (or about to start): esc and the button cancel."""
        worker = self._worker
        return (self.error is None and worker is not None and not worker.is_finished
                and not worker.is_cancelled)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """esc cancels while the file downloads, else (it failed) closes."""
        if action in ("cancel", "close"):
            return self.downloading == (action == "cancel")
        return True

    def action_cancel(self) -> None:
        if self.downloading and self._worker is not None:
            self._worker.cancel()
            notify_plain(self.app, "Cancelled; nothing was saved.", title=TITLE)
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#file-cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    # -- the download ------------------------------------------------------------------

    @work(exclusive=True, group="file", exit_on_error=False)
    async def _save(self) -> None:
        scratch = None
        directory = self.download_dir
        if self.app.is_web and not self.dir_chosen:
            directory = scratch = Path(tempfile.mkdtemp(prefix="itwin-tui-"))
        try:
            await self._save_into(directory)
        finally:  # the browser reads the file it was given through an open handle
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)

    async def _save_into(self, directory: Path) -> None:
        from tui.core.storage import save_document

        try:
            saved = await save_document(self.client, self.component_id, self.document,
                                        directory, on_progress=self._on_progress)
        except ApiError as err:
            self._failed(err.human())
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never a traceback: say it, keep the screen
            self._failed(f"The download failed unexpectedly: {type(exc).__name__}: {exc}")
            return
        self.saved = saved
        notify_plain(self.app, self._saved_text(saved, self._deliver(saved)), title=TITLE)
        self.dismiss()

    def _deliver(self, saved: SavedFile) -> bool:
        """Under ``serve``, offer the file to the browser."""
        if not self.app.is_web:
            return False
        try:
            self.app.deliver_binary(saved.path, save_filename=saved.path.name,
                                    name=DELIVERY_NAME)
        except OSError as exc:
            notify_plain(self.app, f"The file could not be sent to your browser: {exc}",
                         title=TITLE, severity="error")
            return False
        return True

    def _saved_text(self, saved: SavedFile, delivered: bool) -> str:
        size = human_bytes(saved.size)
        if not self.app.is_web:
            return f"Saved {saved.path.name} ({size}) in {saved.path.parent}."
        sent = f"Sent {saved.path.name} ({size}) to your browser" if delivered else \
            f"Downloaded {saved.path.name} ({size})"
        kept = f"; a copy is in {saved.path.parent} on the server." if self.dir_chosen else \
            "; no copy is kept on the server."
        return sent + kept

    def _on_progress(self, received: int, total: int | None) -> None:
        if not self._throttle.due(received, total):
            return
        if total:
            self.query_one("#file-progress", ProgressBar).update(total=total, progress=received)
        self.query_one("#file-status", Static).update(Text(progress_text(received, total)))

    def _failed(self, message: str) -> None:
        self.error = message
        self.query_one("#file-progress").display = False
        status = self.query_one("#file-status", Static)
        status.update(Text(message))
        status.add_class("-error")
        self.query_one("#file-cancel", Button).label = "Close"
        self.query_one(".hint", Static).update(Text(self._target_text()))  # no "cancels"
        self.refresh_bindings()  # the key bar: enter and esc close now
