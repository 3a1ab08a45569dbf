"""The shared shape of the list screens: a virtual table, a detail pane and a status line.

The listing (pages, loading, errors, cache marks) is a :class:`~tui.screens.listing.Listing`
whose state, :attr:`BrowserScreen.listing`, the status line follows; the pane follows the
highlighted row through :class:`~tui.screens.details.Details`. Subclasses say what to list,
how to describe a row and what to fetch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from tui.keys import bindings
from tui.registry import ScreenSpec, spec_of
from tui.screens.column_choice import ColumnChoice
from tui.screens.data_views import DataViews
from tui.screens.details import Details
from tui.screens.layout import Layout
from tui.screens.list_tools import ListTools
from tui.screens.listing import Listing
from tui.widgets.detail_pane import DetailPane
from tui.widgets.detail_views import DetailView
from tui.widgets.key_bar import KeyBar
from tui.widgets.notices import no_token_text
from tui.widgets.status_line import ListingState, StatusLine
from tui.widgets.top_bar import TopBar
from tui.widgets.virtual_table import Column, VirtualTable

if TYPE_CHECKING:
    from tui.app import ItwinApp
    from tui.core.client import ItwinClient
    from tui.core.errors import ApiError
    from tui.core.models import Page


class BrowserScreen(DataViews, ListTools, Layout, Screen[None]):
    """Base class of the list screens (see ``tui.registry``)."""

    AUTO_FOCUS = "#table"  # never an input: it would swallow the keys
    BLANK = True  # its own lines, all under its widgets, are blank: not rendered (~1 %)
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "search", "refresh", "copy-id", "copy-json", "copy-curl", "sort", "sort-reverse",
        "columns", "toggle-detail", "toggle-json", "export", "back", "save-file")

    #: What the listing shows now; the status line follows it.
    listing: var[ListingState] = var(ListingState())
    #: Whether the detail pane is wanted (``d``); shown only beside or below a table.
    detail_wanted: var[bool] = var(True, init=False)

    def __init__(self) -> None:
        super().__init__()
        self.lister = Listing(self)
        self.details = Details(self)
        self.column_choice = ColumnChoice(self)

    # -- wiring -----------------------------------------------------------------------

    @property
    def spec(self) -> ScreenSpec:
        """This screen's entry in the registry."""
        return spec_of(type(self))

    @property
    def itwin(self) -> ItwinApp:
        return self.app  # type: ignore[return-value]

    @property
    def client(self) -> ItwinClient:
        return self.itwin.client

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#table", VirtualTable)

    @property
    def pane(self) -> DetailPane:
        return self.query_one("#detail", DetailPane)

    def compose(self) -> ComposeResult:
        self.fit_layout()  # before its widgets are styled
        yield TopBar(self.spec.mode)
        yield from self.compose_controls()
        with Horizontal(id="body"):  # flat: a covered container still paints its lines
            yield VirtualTable(self.column_choice.pick(self.initial_columns()), id="table")
            yield DetailPane(id="detail")  # the #message area is mounted when first shown
        yield StatusLine(id="status").data_bind(state=BrowserScreen.listing)
        yield KeyBar()

    def on_mount(self) -> None:
        self.pane.base_url = self.client.base_url
        if self.itwin.signed_out:
            self.show_message(no_token_text(profile=self.itwin.settings.profile))
            self.listing = ListingState(idle_text="not signed in")
            return
        self.table.focus()
        self.follow_link(self.itwin.take_link(self.spec.mode))

    # -- for subclasses -----------------------------------------------------------------

    def compose_controls(self) -> ComposeResult:
        yield from ()

    def initial_columns(self) -> list[Column]:
        raise NotImplementedError

    def follow_link(self, link: dict[str, Any]) -> None:
        """List what ``link`` names (deep-link settings of this screen's registry entry,
        from the command line or another screen); ``{}``: the screen's first listing."""

    def reload(self, refresh: bool = False) -> None:
        """List again (``refresh`` bypasses the cache)."""

    def describe(self, item: Any) -> DetailView:
        raise NotImplementedError

    def needs_fetch(self, item: Any) -> bool:
        """Whether a highlighted row needs a request to be fully described."""
        return False

    async def fetch_detail(self, item: Any) -> DetailView:
        raise NotImplementedError

    def describe_failed(self, item: Any, err: ApiError) -> DetailView:
        view = self.describe(item)
        view.error = err
        view.note = None
        return view

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        """Hook: the listing's first page arrived (e.g. remember a recent id)."""

    def open_item(self, item: Any) -> None:
        """Enter on a row: show and focus its details."""
        self.focus_detail()

    def go_back(self) -> None:
        """Escape with the table focused."""

    # -- listing ------------------------------------------------------------------------------

    @on(VirtualTable.NearEnd)
    def _near_end(self, event: VirtualTable.NearEnd) -> None:
        event.stop()
        self.lister.more()

    # -- table / message area --------------------------------------------------------------

    def show_table(self) -> None:
        for message in self.query("#message"):
            message.display = False
        self.table.display = True
        self.pane.display = self.detail_wanted
        self.details.flush()

    def show_message(self, renderable: RenderableType, *, error: bool = False) -> None:
        """Show ``renderable`` in place of the table (errors, hints, not signed in)."""
        message = self.query_one_optional("#message", Static)
        if message is not None:
            message.update(renderable)
        else:
            message = Static(renderable, id="message")
            self.query_one("#body").mount(message, after=self.table)
        message.set_class(error, "-error")
        message.display = True
        self.table.display = False
        self.pane.display = False

    def focus_list(self) -> None:
        """Focus the list; nothing while a message stands in its place (so the focus never
        stays in a box the user has left, and keys reach the screen)."""
        if self.table.display:
            self.table.focus()
        else:
            self.set_focus(None)

    # -- detail pane ---------------------------------------------------------------------------

    @on(VirtualTable.Highlighted)
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        event.stop()
        self.details.highlighted(event.item)

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self.details.flush()
        self.open_item(event.item)

    def focus_detail(self) -> None:
        if not self.table.row_count:
            return
        self.detail_wanted = True
        self.details.flush()
        self.pane.focus_content()

    @on(DetailPane.Closed)
    def _pane_closed(self, event: DetailPane.Closed) -> None:
        event.stop()
        self.table.focus()

    @on(DetailPane.LinkChosen)
    def _link_chosen(self, event: DetailPane.LinkChosen) -> None:
        event.stop()
        self.details.open_link(event.label, event.href)

    @on(DetailPane.EntryChosen)
    def _entry_chosen(self, event: DetailPane.EntryChosen) -> None:
        event.stop()
        self.details.entry_chosen(event.entry)

    # -- actions ------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """``/``: focus the screen's search box (each screen says which box that is)."""

    def action_refresh(self) -> None:
        if not self.itwin.signed_out:
            self.details.refresh()
            self.reload(refresh=True)

    def action_save_file(self) -> None:
        self.details.parts.save()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of a toggle's two bindings, only the one that acts now is shown and runs."""
        if action in ("hide_detail", "show_detail"):
            return self.detail_wanted == (action == "hide_detail")
        if action == "save_file":
            return self.details.file_at_hand() is not None
        if action == "focus_search":  # a priority key: text in a box, the JSON view's own
            json_view = self.pane.json_view
            return not isinstance(self.focused, Input) and not (
                json_view is not None and json_view.has_focus_within)
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Leave a box; else the API's order again (when sorted); else the screen's back."""
        if isinstance(self.focused, Input):
            self.focus_list()
        elif self.table.sort is not None and self.table.display:
            self.sort_rows(None)
        else:
            self.go_back()
