"""Screen 3: an iModel's export connections, each with its last run fetched on demand."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from tui.core.errors import ApiError
from tui.core.export_models import ExportConnection, ExportRun
from tui.core.models import Page
from tui.keys import bindings, hint, key_of
from tui.screens.browser import BrowserScreen
from tui.screens.columns import connection_columns
from tui.screens.recent import fill_recent
from tui.state import Recent
from tui.widgets.detail_views import DetailView, connection_view
from tui.widgets.text import notify_plain
from tui.widgets.text_box import TextBox
from tui.widgets.virtual_table import Column


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
        self._runs: dict[str, ExportRun] = {}
        self._run_errors: dict[str, ApiError] = {}

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="controls"):
            yield Static("iModel id", classes="control-label")
            yield TextBox(placeholder="paste an iModel id, enter lists its connections",
                          id="imodel-id", compact=True, enter="List")
            yield Select[str]([], prompt="recent iModels", id="recent", compact=True)

    def initial_columns(self) -> list[Column]:
        return connection_columns()

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
        if refresh:
            self._runs.clear()
            self._run_errors.clear()
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

    # -- details: the last run, fetched lazily ---------------------------------------------------

    def describe(self, item: Any) -> DetailView:
        conn: ExportConnection = item
        return connection_view(conn, run=self._runs.get(conn.id),
                               run_error=self._run_errors.get(conn.id),
                               run_loading=self.needs_fetch(conn))

    def needs_fetch(self, item: Any) -> bool:
        return (bool(item.links.last_run) and item.id not in self._runs
                and item.id not in self._run_errors)

    async def fetch_detail(self, item: Any) -> DetailView:
        run = await self.client.run_at(item.links.last_run)
        self._runs[item.id] = run
        return connection_view(item, run=run)

    def describe_failed(self, item: Any, err: ApiError) -> DetailView:
        self._run_errors[item.id] = err
        return connection_view(item, run_error=err)
