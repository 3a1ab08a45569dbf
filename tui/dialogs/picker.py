"""The project and iModel picker: find a project without its GUID (your picks, recent and
favourite projects first, then all of them; typing searches), then one of its iModels; or
paste an id. One dialog, for the connections screen (an iModel) and the catalog's
``projectId`` filter (a project).

Its list is a :class:`~tui.screens.listing.Listing` like the screens' (lazy paging through
``_links``, loading, errors in place, cache marks); a search runs once typing settles, as
the catalog's does. ``esc`` steps back: a project's iModels → the projects → closed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static

from tui import locations
from tui.core.chain import Listed
from tui.core.twin_models import IModel, Project, looks_like_id
from tui.dialogs.picker_parts import (
    IMODEL,
    KINDS,
    PROJECT,
    Picked,
    imodel_columns,
    imodel_sources,
    picked_imodel,
    project_columns,
    project_sources,
)
from tui.keys import bindings, key_of
from tui.screens.listing import Listing
from tui.screens.searchable import SEARCH_DELAY, capped
from tui.widgets.key_bar import KeyBar
from tui.widgets.status_line import ListingState, StatusLine
from tui.widgets.text_box import TextBox
from tui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tui.app import ItwinApp
    from tui.core.models import Page


class PickerDialog(ModalScreen[Picked | None]):
    """Picks a project (``kind=PROJECT``) or an iModel through its project (``IMODEL``);
    dismissed with a :class:`Picked`, or ``None`` when closed."""

    CSS_PATH = locations.styles_dir() / "picker.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "picker-back", "picker-up", "picker-down", "picker-page-up", "picker-page-down",
        "refresh", "help")

    #: What the list shows now; the status line follows it.
    listing: var[ListingState] = var(ListingState())

    def __init__(self, kind: str = IMODEL) -> None:
        super().__init__()
        self.kind = kind
        self.words = KINDS[kind]
        self.project: Project | None = None  # whose iModels are listed (None: the projects)
        self.term = ""  # the search listed now
        self.lister = Listing(self)
        self._timer: Timer | None = None
        self._back_to = ("", "")  # the projects' search and the project opened from them
        self._highlight = ""  # an id to put the cursor on once listed

    # -- the list host (see tui.screens.listing.ListHost) ---------------------------------

    @property
    def itwin(self) -> ItwinApp:
        return self.app  # type: ignore[return-value]

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#picker-table", VirtualTable)

    @property
    def box(self) -> Input:
        return self.query_one("#picker-input", Input)

    def show_table(self) -> None:
        self.query_one("#picker-message").display = False
        self.table.display = True

    def show_message(self, renderable: RenderableType, *, error: bool = False) -> None:
        """Errors and hints in place of the list; the box stays, to search again."""
        message = self.query_one("#picker-message", Static)
        message.update(renderable)
        message.set_class(error, "-error")
        message.display = True
        self.table.display = False

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        """Nothing to do: the cursor goes back to a project in :meth:`watch_listing`."""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box"):
            yield Static(Text(self.words.title), id="picker-title")
            with Horizontal(id="picker-search"):
                yield Static("Project", id="picker-label")
                yield TextBox(id="picker-input", compact=True, enter="Open")
            yield Static(id="picker-note")
            yield VirtualTable(project_columns(), id="picker-table")
            yield Static(id="picker-message")
            yield StatusLine(id="picker-status").data_bind(state=PickerDialog.listing)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#picker-message").display = False
        self._stage()
        self.box.focus()
        self._list()

    def _stage(self) -> None:
        """The title, the box and the note of the list shown (projects, or iModels)."""
        title = Text(self.words.title)
        if self.project is None:
            label, note = "Project", self.words.note.format(open=key_of(self, "open"))
            placeholder = f"search projects, or paste {'a' if self.kind == PROJECT else 'an'} " \
                          f"{self.words.typed} id"
        else:
            name = self.project.display_name or self.project.id
            title.append(f" · {name}")
            label, placeholder = "iModel", "search this project's iModels, or paste an iModel id"
            note = f"The iModels of project {name} ({key_of(self, 'picker-back')}: back to " \
                   "the projects)."
        self.query_one("#picker-title", Static).update(title)
        self.query_one("#picker-label", Static).update(label)
        self.query_one("#picker-note", Static).update(Text(note))
        self.box.placeholder = placeholder

    # -- listing --------------------------------------------------------------------------

    def _list(self, refresh: bool = False) -> None:
        client, term = self.itwin.client, self.term
        if self.project is None:
            pager = project_sources(client, self.itwin.recent, self.kind, term)
            prefix = f"projects matching '{term}'" if term else "projects"
            empty = f"no projects match '{term}'" if term else "you have no projects"
        else:
            pager = imodel_sources(client, self.project, term)
            prefix = f"iModels matching '{term}'" if term else "iModels"
            empty = (f"no iModels of this project match '{term}'" if term
                     else "this project has no iModels")
        self.lister.load(pager, empty_text=empty, prefix=prefix, refresh=refresh)

    @on(VirtualTable.NearEnd)
    def _near_end(self, event: VirtualTable.NearEnd) -> None:
        event.stop()
        self.lister.more()

    def watch_listing(self, state: ListingState) -> None:
        """Back from a project's iModels: the cursor on that project once it is listed."""
        if not self._highlight or not state.rows:
            return
        for index, row in enumerate(self.table.rows):
            if row.item.id == self._highlight:
                self.table.move_cursor(index)
                self._highlight = ""
                return
        if not state.has_more:
            self._highlight = ""

    # -- the box: search as typing settles; enter opens an id, or the highlighted row ---------

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Input.Changed, "#picker-input")
    def _typed(self, event: Input.Changed) -> None:
        self._cancel_timer()
        if looks_like_id(event.value):
            what = "iModel" if self.project is not None else self.words.typed
            self.query_one("#picker-note", Static).update(
                Text(f"{key_of(self, 'open')} opens the {what} with this id."))
            return
        self._stage()
        self._timer = self.set_timer(SEARCH_DELAY, self._search)

    def _search(self) -> bool:
        """List what the box asks for, if that is not listed yet; whether it was new."""
        self._timer = None
        term = capped(self, self.box.value)
        if term == self.term:
            return False
        self.term = term
        self._stage()
        self._list()
        return True

    @on(Input.Submitted, "#picker-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._cancel_timer()
        if looks_like_id(event.value):
            self._open_id(event.value.strip())
        elif self._search():
            return
        elif self.table.display and self.table.row_count:
            self._pick(self.table.current_item)
        elif self.listing.error is not None:
            self._list()  # what failed in place of the list, asked again

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self._pick(event.item)

    # -- picking --------------------------------------------------------------------------

    def _open_id(self, item_id: str) -> None:
        """An id typed or pasted: the iModel (or project) it names, without a name yet."""
        if self.kind == PROJECT:
            self.dismiss(Picked(project=Project(item_id, "")))
        else:
            self.dismiss(Picked(imodel=IModel(item_id, "")))

    def _pick(self, row: Listed[Any]) -> None:
        item = row.item
        if isinstance(item, IModel):
            self.dismiss(picked_imodel(item, self.project))
        elif self.kind == PROJECT:
            self.dismiss(Picked(project=item))
        else:
            self._open_project(item)

    def _open_project(self, project: Project) -> None:
        """List ``project``'s iModels (``esc`` comes back here)."""
        self._back_to = (self.box.value, project.id)
        self.project = project
        self._set_box("")
        self.table.set_columns(imodel_columns())
        self._stage()
        self._list()

    def _set_box(self, value: str) -> None:
        self._cancel_timer()
        with self.prevent(Input.Changed):
            self.box.value = value
        self.term = capped(self, value)

    # -- keys -----------------------------------------------------------------------------

    def action_back(self) -> None:
        """From a project's iModels to the projects (the cursor on that project); else close."""
        if self.project is None:
            self.dismiss(None)
            return
        value, self._highlight = self._back_to
        self.project = None
        self._set_box(value)
        self.table.set_columns(project_columns())
        self._stage()
        self._list()
        self.box.focus()

    def action_move(self, rows: int) -> None:
        """Up and down in the list while the focus is in the box."""
        self.table.move_cursor(self.table.cursor_row + rows)

    def action_move_page(self, pages: int) -> None:
        if pages < 0:
            self.table.action_page_up()
        else:
            self.table.action_page_down()

    def action_refresh(self) -> None:
        self._list(refresh=True)
