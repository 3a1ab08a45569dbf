"""Screen 3: an iModel's export connections, with the last runs of the rows in view."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Select, Static

from tui.core.export_models import ExportConnection, ExportRun
from tui.core.models import Page
from tui.keys import bindings, hint, key_of
from tui.screens.browser import BrowserScreen
from tui.screens.columns import connection_columns
from tui.screens.recent import fill_recent
from tui.screens.run_status import RunStatus
from tui.state import Recent
from tui.widgets.detail_views import DetailView, connection_view
from tui.widgets.text import notify_plain
from tui.widgets.virtual_table import Column

#: Seconds between looks at which rows are in view (their runs are asked for once it rests).
VIEW_TICK = 0.15


def demo_imodels() -> list[Recent]:
    """The demo data's iModels, offered as picks in ``--demo`` mode."""
    from tui.fake.exports import IMODELS

    return [Recent(imodel_id, name) for imodel_id, name, *_ in IMODELS]


class ConnectionsScreen(BrowserScreen):
    """``GET /export/connections?imodelId=``; the detail pane adds the connection's last run."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("imodel-id")

    def __init__(self) -> None:
        super().__init__()
        self.imodel_id: str | None = None
        #: The last runs of the rows in view (the table's run columns, the pane).
        self.runs = RunStatus(self, self._fetch_run, self._runs_arrived)
        self._view: tuple[str, ...] | None = None  # the rows in view at the last tick
        self._runs_view: tuple[str, ...] | None = None  # the rows runs were asked for
        self._ticker: Timer | None = None

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="controls"):
            yield Static("iModel id", classes="control-label")
            yield Input(placeholder="paste an iModel id, enter lists its connections",
                        id="imodel-id", compact=True)
            yield Select[str]([], prompt="recent iModels", id="recent", compact=True)

    def initial_columns(self) -> list[Column]:
        return connection_columns(self.runs.cells)

    def follow_link(self, link: dict[str, Any]) -> None:
        """``imodel_id``: its connections; else a hint (the demo: its first iModel's)."""
        self._refresh_recent()
        deep_link = (link.get("imodel_id") or "").strip()
        if not deep_link and self.itwin.settings.demo:  # a newcomer sees connections at once
            deep_link = demo_imodels()[0].id
        if deep_link:
            self.open_imodel(deep_link)
            return
        self.lister.stop("no iModel chosen")
        self.show_message(Text(
            "Export connections belong to an iModel.\n\n"
            f"Press {key_of(self, 'imodel-id')} (or {key_of(self, 'search')}) to type or paste "
            "an iModel id and enter to list its connections, or pick a recent one from the "
            "list next to the box."))

    def _recent_entries(self) -> list[Recent]:
        entries = self.itwin.recent.get("imodels")
        if self.itwin.settings.demo:
            known = {e.id for e in entries}
            entries += [e for e in demo_imodels() if e.id not in known]
        return entries

    def _refresh_recent(self) -> None:
        fill_recent(self.query_one("#recent", Select), self._recent_entries())

    # -- listing --------------------------------------------------------------------------------

    def open_imodel(self, imodel_id: str, refresh: bool = False) -> None:
        imodel_id = imodel_id.strip()
        if not imodel_id:
            return
        self.imodel_id = imodel_id
        box = self.query_one("#imodel-id", Input)
        if box.value.strip() != imodel_id:
            box.value = imodel_id
        self.runs.clear()
        self._runs_view = None
        if self._ticker is None:
            self._ticker = self.set_interval(VIEW_TICK, self._view_tick)
        self.lister.load(self.client.export_connections(imodel_id),
                           empty_text="this iModel has no export connections",
                           prefix=f"iModel {imodel_id}", refresh=refresh)

    def reload(self, refresh: bool = False) -> None:
        if self.imodel_id:
            self.open_imodel(self.imodel_id, refresh=refresh)
        else:
            notify_plain(self, "Nothing to refresh yet: choose an iModel first "
                         f"{hint(self, 'imodel-id')}.",
                         title="Refresh")

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        if self.imodel_id:
            label = next((e.label for e in self._recent_entries() if e.id == self.imodel_id), "")
            self.itwin.recent.remember("imodels", self.imodel_id, label)
            self._refresh_recent()

    @on(Input.Submitted, "#imodel-id")
    def _imodel_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.open_imodel(event.value)
            self.table.focus()

    @on(Select.Changed, "#recent")
    def _recent_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value:
            self.open_imodel(event.value)
            self.table.focus()

    def action_focus_imodel(self) -> None:
        self.query_one("#imodel-id", Input).focus()

    def action_focus_search(self) -> None:
        self.action_focus_imodel()

    # -- the last runs of the rows in view --------------------------------------------------

    def _view_tick(self) -> None:
        """Ask for the runs of the rows in view once the view rests (a tick unchanged): a
        fast scroll asks for none of the rows it passes."""
        table = self.table
        if not self.is_current or not table.display:
            return
        rows = table.rows
        view = tuple(rows[i].id for i in table.rows_in_view())
        if view == self._view and view != self._runs_view:
            self._runs_view = view
            in_view = [rows[i] for i in table.rows_in_view()]
            current = table.current_item
            in_view.sort(key=lambda conn: conn is not current)  # the highlighted one first
            self.runs.show(in_view)
        self._view = view

    async def _fetch_run(self, href: str) -> ExportRun:
        return await self.client.run_at(href)

    def _runs_arrived(self, connection_ids: list[str]) -> None:
        """Paint the rows whose runs arrived; the pane's too, if it shows one of them."""
        table, changed = self.table, set(connection_ids)
        table.refresh_rows(i for i in table.rows_in_view() if table.rows[i].id in changed)
        current = table.current_item
        if current is not None and current.id in changed:
            self.pane.update_view(current.id, self.describe(current), depth=0)

    def describe(self, item: Any) -> DetailView:
        conn: ExportConnection = item
        return connection_view(conn, run=self.runs.run(conn.id),
                               run_error=self.runs.error(conn.id),
                               run_loading=self.runs.pending(conn))
