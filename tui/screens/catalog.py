"""Screen 1: the organisation's component catalog, with search, filters and minimal mode."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Static

from tui.core.client import api_search, split_ids
from tui.core.errors import ApiError
from tui.core.models import Component, Page
from tui.keys import bindings, key_of
from tui.screens.columns import component_columns, minimal_component_columns
from tui.screens.searchable import SearchableScreen
from tui.widgets.detail_views import DetailView, component_view
from tui.widgets.text import notify_plain
from tui.widgets.text_box import TextBox
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:
    from tui.dialogs.picker_parts import Picked

#: The minimal representation's columns, in config.toml: ``[screens.catalog] minimal_columns``.
MINIMAL_VIEW = "minimal_columns"


class CatalogScreen(SearchableScreen):
    """``GET /library/components``: search, projectId and catalogs filters, full/minimal."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("filters", "pick-project", "toggle-minimal")
    item_kind = "component"

    def __init__(self) -> None:
        super().__init__()
        self.full = True
        self.project_id = ""
        self.project_name = ""  # the name of the project filtered by, when known
        self._naming = False  # its name is being asked
        self._listed_project = ""  # the project filter of the listing on show
        self.catalogs: list[str] = []
        self.catalogs_label = ""  # the name of the one catalog filtered by, when known
        self._full_cache: dict[str, Component] = {}

    def compose_controls(self) -> ComposeResult:
        yield Horizontal(id="controls")  # its label and box come a frame later (on_mount)

    def make_search_box(self) -> TextBox:
        return TextBox(
            placeholder=f"name or hashtag  ({key_of(self, 'search')} focuses, enter runs, "
            f"{key_of(self, 'back')} leaves)", id="search", compact=True, enter="Search")

    def on_mount(self) -> None:
        # The row's label and search box are made and mounted once the first frame is
        # painted (an Input is the costliest widget of the first frame, a label ~0.3 % of
        # it); until then the row is there, empty, so the list below does not move.
        self.call_after_refresh(self._mount_search_box)

    def _mount_search_box(self) -> None:
        self.query_one("#controls").mount(Static("Search", classes="control-label"),
                                          self.search_box())

    def initial_columns(self) -> list[Column]:
        return component_columns()

    def follow_link(self, link: dict[str, Any]) -> None:
        """``search``, ``project_id``, ``catalogs`` (``label``: the catalog's name) and
        ``minimal``: what the command line gives, and a catalog picked on another screen."""
        self.clear_search()
        self.term = self.capped(link.get("search") or "")
        if self.term:
            self.search_box().value = self.term
        self._set_project_id(link.get("project_id") or "")
        self.catalogs = split_ids(link.get("catalogs") or "")
        self.catalogs_label = link.get("label") or ""
        if link.get("minimal") and self.full:
            self.full = False
            self.column_choice.show(minimal_component_columns(), MINIMAL_VIEW)
        if self.project_id or self.catalogs:
            self.show_filters(reset=True)
        self.reload()

    # -- listing ----------------------------------------------------------------------------

    def reload(self, refresh: bool = False) -> None:
        self._cancel_search_timer()
        self._listed_project = ""
        pager = self.client.components(search=api_search(self.term),
                                       project_id=self.project_id or None,
                                       catalogs=self.catalogs or None, full=self.full)
        self.lister.load(pager, empty_text=self._empty_message(), prefix=self._prefix(),
                           refresh=refresh)

    def _empty_message(self) -> str:
        if self.term:
            return f"no components match '{self.term}'"
        if self.project_id or self.catalogs:
            return "no components for these filters"
        return "the library has no components"

    def _prefix(self) -> str:
        """The status line's start: minimal, and the filters."""
        parts = [] if self.full else ["minimal"]
        if self.project_id:
            parts.append(f"project {self.project_name or self.project_id}")
        if self.catalogs_label and len(self.catalogs) == 1:
            parts.append(f"catalog {self.catalogs_label}")
        elif self.catalogs:
            parts.append(f"{len(self.catalogs)} catalog{'s' if len(self.catalogs) > 1 else ''}")
        return " · ".join(parts)

    # -- search and filters -------------------------------------------------------------------

    def search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#project, #catalogs")
    def _filters_submitted(self, event: Input.Submitted) -> None:
        self._set_project_id(self.query_one("#project", Input).value)
        catalogs = split_ids(self.query_one("#catalogs", Input).value)
        if catalogs != self.catalogs:
            self.catalogs, self.catalogs_label = catalogs, ""
        self.reload()
        self.table.focus()

    # -- the project filter: picked, or its id typed -------------------------------------------

    def action_pick_project(self) -> None:
        from tui.dialogs.picker import PickerDialog
        from tui.dialogs.picker_parts import PROJECT

        if not isinstance(self.app.screen, PickerDialog):
            self.app.push_screen(PickerDialog(PROJECT), self._project_picked)

    def _project_picked(self, picked: Picked | None) -> None:
        if picked is None or picked.project is None:
            return
        self.itwin.names.know(picked.project)
        self._set_project_id(picked.project.id)
        self.show_filters(reset=True)
        self.reload()
        self.focus_list()

    def _set_project_id(self, project_id: str) -> None:
        """Filter by ``project_id`` (its name when known, else asked of the iTwins API)."""
        self.project_id = project_id.strip()
        known = self.itwin.names.known_project(self.project_id) if self.project_id else None
        self.project_name = known.display_name if known is not None else ""
        self._naming = bool(self.project_id) and known is None
        if self._naming:
            self.run_worker(self._ask_name(self.project_id), group="names", exclusive=True,
                            exit_on_error=False)

    async def _ask_name(self, project_id: str) -> None:
        try:
            project = await self.itwin.names.project(project_id)
        except ApiError:
            project = None  # the id stays on show; the listing says what is wrong with it
        if project_id != self.project_id:
            return
        self._naming = False
        if project is not None:
            self.project_name = project.display_name
            self.listing = self.listing._replace(prefix=self._prefix())
        self._remember()

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        self._listed_project = self.project_id
        self._remember()

    def _remember(self) -> None:
        """A project filtered by goes first in the recent picks once it listed and its name
        is known or cannot be had (never an empty label while its name is coming)."""
        if self.project_id and self._listed_project == self.project_id and not self._naming:
            self.itwin.recent.remember("projects", self.project_id, self.project_name)

    def go_back(self) -> None:
        """Escape on the table: drop the search term (back to the whole catalog)."""
        if self.term:
            self.clear_search()
            self.reload()

    def show_filters(self, *, reset: bool = False) -> None:
        """Show the filters row (made on first use: most sessions never filter, and the
        start is faster without it); ``reset``: with the filters in use in its boxes."""
        filters = self.query_one_optional("#filters", Horizontal)
        if filters is None:
            filters = Horizontal(
                Static("projectId", classes="control-label"),
                TextBox(self.project_id, id="project", compact=True, enter="Apply", placeholder=(
                    f"project id ({key_of(self, 'pick-project')} on the list: pick)")),
                Static("catalogs", classes="control-label"),
                TextBox(", ".join(self.catalogs), placeholder="catalog ids, comma-separated",
                        id="catalogs", compact=True, enter="Apply"),
                id="filters")
            self.mount(filters, after="#controls")
        elif reset:
            self.query_one("#project", Input).value = self.project_id
            self.query_one("#catalogs", Input).value = ", ".join(self.catalogs)
        filters.display = True

    def action_toggle_filters(self) -> None:
        """Show and focus the filters row; hide it only when the focus is in it."""
        filters = self.query_one_optional("#filters", Horizontal)
        if filters is not None and filters.display and self.focused in filters.query(Input):
            filters.display = False
            self.focus_list()
            return
        self.show_filters()
        self.call_after_refresh(lambda: self.query_one("#project", Input).focus())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("minimal", "full"):
            return self.full == (action == "minimal")
        return super().check_action(action, parameters)

    def action_minimal(self) -> None:
        self.set_full(False)

    def action_full(self) -> None:
        self.set_full(True)

    def set_full(self, full: bool) -> None:
        """Full or minimal representation: other columns, and the list again."""
        self.full = full
        if full:
            self.column_choice.show(component_columns())
        else:
            self.column_choice.show(minimal_component_columns(), MINIMAL_VIEW)
        notify_plain(self, "Full representation" if full
                     else "Minimal representation: details load when a row is highlighted",
                     title="Catalog")
        self.refresh_bindings()
        self.reload()

    # -- details ----------------------------------------------------------------------------

    def describe(self, item: Any) -> DetailView:
        component: Component = item
        if component.full:
            return component_view(component)
        cached = self._full_cache.get(component.id)
        if cached is not None:
            return component_view(cached)
        return component_view(component, note="minimal row — loading the full component…")

    def item_json(self, item: Any) -> Any:
        """A minimal row's full component, once fetched (as the API sent it)."""
        return self._full_cache.get(item.id, item).raw

    def needs_fetch(self, item: Any) -> bool:
        return not item.full and item.id and item.id not in self._full_cache

    async def fetch_detail(self, item: Any) -> DetailView:
        full = await self.client.component(item.id)
        self._full_cache[item.id] = full
        return component_view(full)
