"""Screen 3: an iModel's export connections, each with its last run fetched on demand.

The iModel is picked in the picker (``tui.dialogs.picker``: a project, then one of its
iModels; or its id pasted), shown at once while none is chosen. The top names the iModel
and its project; for an id given alone (deep link, pasted) the names are asked of the
iModels and iTwins APIs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Static

from tui.core.errors import ApiError
from tui.core.export_models import ExportConnection, ExportRun
from tui.core.models import Page
from tui.keys import bindings, hint, key_of
from tui.screens.browser import BrowserScreen
from tui.screens.columns import connection_columns
from tui.screens.run_status import RunStatus
from tui.screens.watch import Watching, in_view
from tui.widgets.detail_views import DetailView, connection_view
from tui.widgets.text import clean, notify_plain
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:
    from tui.core.twin_models import IModel, Project
    from tui.dialogs.picker_parts import Picked

#: Seconds between looks at which rows are in view (their runs are asked for once it rests).
VIEW_TICK = 0.15


def names_text(imodel_id: str, imodel: IModel | None, project: Project | None) -> Text:
    """``<iModel> · project <project> · <id>``: the names known, the id last (cut first)."""
    text = Text()
    if imodel is not None and imodel.display_name:
        text.append(clean(imodel.display_name), style="bold")
        text.append(" · ")
    if project is not None and project.display_name:
        text.append(f"project {clean(project.display_name)} · ")
    text.append(clean(imodel_id), style="dim")
    return text


class ConnectionsScreen(Watching, BrowserScreen):
    """``GET /export/connections?imodelId=``; the detail pane adds the connection's last run."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("imodel-id", "watch")
    item_kind = "connection"

    def __init__(self) -> None:
        super().__init__()
        self.imodel_id: str | None = None
        self.imodel: IModel | None = None
        self.project: Project | None = None
        self._listed = False  # the iModel's first page arrived: it goes to the recent ones
        self._naming = False  # its names are being asked: it goes there once they answer
        #: The last runs of the rows in view (the table's run columns, the pane).
        self.runs = RunStatus(self, self._fetch_run, self._runs_arrived)
        self._view: tuple[str, ...] | None = None  # the rows in view at the last tick
        self._runs_view: tuple[str, ...] | None = None  # the rows runs were asked for
        self._ticker: Timer | None = None

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="controls"):
            yield Static("iModel", classes="control-label")
            yield Static(id="imodel-name")

    def initial_columns(self) -> list[Column]:
        return connection_columns(self.runs.cells)

    def follow_link(self, link: dict[str, Any]) -> None:
        """``imodel_id``: its connections (the demo: its first iModel's); else the picker."""
        deep_link = (link.get("imodel_id") or "").strip()
        if not deep_link and self.itwin.settings.demo:  # a newcomer sees connections at once
            from tui.fake.constants import BIG_IMODEL_ID

            deep_link = BIG_IMODEL_ID
        if deep_link:
            self.open_imodel(deep_link)
            return
        self.lister.stop("no iModel chosen")
        self._show_names()
        self.show_message(Text(
            "Export connections belong to an iModel.\n\n"
            f"Press {key_of(self, 'imodel-id')} (or {key_of(self, 'search')}) to pick one from "
            "your projects, or to paste its id."))
        self.action_pick_imodel()

    # -- watching (w, tui.screens.watch) ------------------------------------------------------

    def run_seen(self, conn: ExportConnection, run: ExportRun) -> None:
        """The watcher got ``conn``'s last run: its row and the pane follow."""
        self.runs.know(conn.id, run)

    def run_failed(self, conn: ExportConnection, err: ApiError) -> None:
        """The watcher could not get ``conn``'s last run (a 404, a 403…)."""
        self.runs.know(conn.id, err)

    # -- the iModel ------------------------------------------------------------------------------

    def action_pick_imodel(self) -> None:
        from tui.dialogs.picker import PickerDialog

        if not isinstance(self.app.screen, PickerDialog):
            self.app.push_screen(PickerDialog(), self._picked)

    def action_focus_search(self) -> None:
        self.action_pick_imodel()

    def _picked(self, picked: Picked | None) -> None:
        if picked is not None and picked.imodel is not None:
            self.open_imodel(picked.imodel.id, picked.imodel, picked.project)
            self.focus_list()

    def open_imodel(self, imodel_id: str, imodel: IModel | None = None,
                    project: Project | None = None, refresh: bool = False) -> None:
        """List ``imodel_id``'s connections; its names from the pick, else known or asked."""
        imodel_id = imodel_id.strip()
        if not imodel_id:
            return
        self.imodel_id = imodel_id
        self._known_names(imodel, project)
        self._listed = False
        self.runs.clear()
        self._runs_view = None
        if self._ticker is None:
            self._ticker = self.set_interval(VIEW_TICK, self._view_tick)
        self._show_names()
        self.lister.load(self.client.export_connections(imodel_id),
                         empty_text="this iModel has no export connections",
                         prefix=self._prefix(), refresh=refresh)
        self._naming = (self.project is None or self.imodel is None
                        or not self.imodel.display_name)
        if self._naming:
            self.run_worker(self._ask_names(imodel_id), group="names", exclusive=True,
                            exit_on_error=False)

    def _known_names(self, imodel: IModel | None, project: Project | None) -> None:
        """The iModel's and project's names as far as they are known (the pick's first)."""
        names = self.itwin.names
        for item in (imodel, project):
            if item is not None:
                names.know(item)
        self.imodel = names.known_imodel(self.imodel_id or "") or imodel
        itwin_id = self.imodel.itwin_id if self.imodel is not None else None
        self.project = project or (names.known_project(itwin_id) if itwin_id else None)

    async def _ask_names(self, imodel_id: str) -> None:
        """The iModel's name and project (``/imodels/{id}``), then the project's name
        (``/itwins/{id}``); what cannot be had leaves the id alone on show."""
        names = self.itwin.names
        try:
            imodel = await names.imodel(imodel_id)
            project = await names.project(imodel.itwin_id) if imodel.itwin_id else None
        except ApiError:
            imodel, project = names.known_imodel(imodel_id), None
        if imodel_id != self.imodel_id:
            return  # another iModel was opened meanwhile
        self.imodel, self.project = imodel or self.imodel, project or self.project
        self._naming = False
        self._show_names()
        self.listing = self.listing._replace(prefix=self._prefix())
        self._remember()

    def _prefix(self) -> str:
        name = self.imodel.display_name if self.imodel is not None else ""
        return f"iModel {name or self.imodel_id}"

    def _show_names(self) -> None:
        label = self.query_one("#imodel-name", Static)
        if self.imodel_id:
            label.update(names_text(self.imodel_id, self.imodel, self.project))
        else:
            label.update(Text(f"none chosen ({key_of(self, 'imodel-id')} picks one)",
                              style="italic"))

    def _remember(self) -> None:
        """The iModel listed goes first in the recent picks, with its project, once their
        names are known or cannot be had (never an empty label while a name is coming)."""
        if not self._listed or self._naming or self.imodel_id is None:
            return
        recent = self.itwin.recent
        name = self.imodel.display_name if self.imodel is not None else ""
        recent.remember("imodels", self.imodel_id, name)
        if self.project is not None and self.project.id:
            recent.remember("projects", self.project.id, self.project.display_name)

    def reload(self, refresh: bool = False) -> None:
        if self.imodel_id:
            self.open_imodel(self.imodel_id, self.imodel, self.project, refresh=refresh)
        else:
            notify_plain(self, "Nothing to refresh yet: choose an iModel first "
                         f"{hint(self, 'imodel-id')}.",
                         title="Refresh")

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        self._listed = True
        self._remember()

    # -- the last runs of the rows in view --------------------------------------------------

    def _view_tick(self) -> None:
        """Ask for the runs of the rows in view once the view rests (a tick unchanged): a
        fast scroll asks for none of the rows it passes."""
        table = self.table
        if not self.is_current or not table.display:
            return
        shown = in_view(table)
        view = tuple(conn.id for conn in shown)
        if view == self._view and view != self._runs_view:
            self._runs_view = view
            current = table.current_item
            shown.sort(key=lambda conn: conn is not current)  # the highlighted one first
            self.runs.show(shown)
        self._view = view

    async def _fetch_run(self, href: str) -> ExportRun:
        return await self.client.run_at(href)

    def _runs_arrived(self, connection_ids: list[str]) -> None:
        """Paint the rows again (widths and a sort by a run column follow); the pane too,
        if it shows one of the connections whose runs arrived."""
        table = self.table
        table.set_columns(table.columns, None)
        current = table.current_item
        if current is not None and current.id in connection_ids:
            self.pane.update_view(current.id, self.describe(current), depth=0)

    def describe(self, item: Any) -> DetailView:
        conn: ExportConnection = item
        return connection_view(conn, run=self.runs.run(conn.id),
                               run_error=self.runs.error(conn.id),
                               run_loading=self.runs.pending(conn))
