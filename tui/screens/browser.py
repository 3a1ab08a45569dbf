"""The shared shape of the three screens: a virtual table, a detail pane and a status line,
with lazy paging through a :class:`~tui.core.paging.Pager`.

Network work happens in thin workers that call the core; everything else only renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static

from tui.core.errors import ApiError, ErrorKind
from tui.core.models import parse_collection
from tui.gcfreeze import freeze_long_lived
from tui.widgets.detail_pane import DetailPane
from tui.widgets.detail_views import DetailView, resource_view
from tui.widgets.key_bar import KeyBar
from tui.widgets.notices import error_text, no_token_text, unexpected_error
from tui.widgets.text import ago, clean, local_time, notify_plain
from tui.widgets.top_bar import TopBar
from tui.widgets.virtual_table import Column, VirtualTable

if TYPE_CHECKING:
    from tui.app import ItwinApp
    from tui.core.client import ItwinClient
    from tui.core.models import Page
    from tui.core.paging import Pager

#: Wait this long on a highlighted row before fetching more about it (minimal rows, runs).
FETCH_DELAY = 0.25
#: While the cursor keeps moving, the detail pane waits until it has rested this long.
DETAIL_REST = 0.12
#: A page shown from the cache is asked for again this much later (after it is painted).
REVALIDATE_DELAY = 0.15
#: After a refresh (``r``) is answered, the status line says "refreshed" this long.
REFRESHED_SHOWN = 3.0
_NOT_SHOWN = object()


#: From this many rows on, listed rows are kept out of the cyclic garbage collector's view.
GC_FREEZE_ROWS = 10_000


def keep_out_of_gc() -> None:
    """Move everything alive now (the rows just listed among it) out of the cyclic garbage
    collector's view: with 100,000 rows its full passes stall the UI for ~300 ms."""
    freeze_long_lived(collect=True)


class BrowserScreen(Screen[None]):
    """Base class: subclasses say what to list, how to describe a row and what to fetch."""

    MODE: ClassVar[str] = ""
    AUTO_FOCUS = "#table"  # never an input: it would swallow the keys

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search"),
        Binding("r", "refresh", "Refresh"),
        Binding("y", "copy_id", "Copy id"),
        # One key, two hints: the footer names what d does now (see check_action).
        Binding("d", "hide_detail", "Hide details"),
        Binding("d", "show_detail", "Show details"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pager: Pager[Any] | None = None
        self._generation = 0
        self._loading = False
        self._bypass_cache = False
        self._keep_rows = False  # a refresh is in flight over the previous rows
        self._refreshed: Timer | None = None  # "refreshed" is in the status line until it fires
        # first row → (cached_at, why the cache was served instead of the API, or None)
        self._cache_marks: dict[int, tuple[float, str | None]] = {}
        self._paging_error: ApiError | None = None
        self._empty_text = "nothing here"
        self._idle_text = ""
        self._detail_wanted = True
        self._fetch_timer: Timer | None = None
        self._detail_timer: Timer | None = None
        self._detail_item: Any = None
        self._shown_item: Any = _NOT_SHOWN
        self._resumed = False

    # -- wiring -----------------------------------------------------------------------

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

    @property
    def loading_page(self) -> bool:
        """A page request is in flight."""
        return self._loading

    def compose(self) -> ComposeResult:
        # The width class the first Resize would add: set now, so that Resize finds nothing
        # to change and the whole screen is not restyled and laid out a second time.
        breakpoints = sorted(self.app.HORIZONTAL_BREAKPOINTS or (), reverse=True)
        width = self.app.size.width
        current = next((name for minimum, name in breakpoints if width >= minimum), None)
        for _minimum, name in breakpoints:
            self.set_class(name == current, name)
        yield TopBar(self.MODE)
        yield from self.compose_controls()
        with Horizontal(id="body"):  # flat: a covered container still paints its lines
            yield VirtualTable(self.initial_columns(), id="table")
            yield DetailPane(id="detail")  # the #message area is mounted when first shown
        yield Static(id="status")
        yield KeyBar()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler (subclass handlers come first). The first resume
        # follows the mounting of every widget, which styled each one: restyling them all
        # again only delayed the first frame.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        self.pane.base_url = self.client.base_url
        if self.itwin.signed_out:
            self.show_message(no_token_text())
            self.set_status("not signed in")
            return
        self.table.focus()
        self.start()
        self.set_interval(30, self.update_status)  # "cached 3 min ago" keeps ageing

    # -- for subclasses -----------------------------------------------------------------

    def compose_controls(self) -> ComposeResult:
        yield from ()

    def initial_columns(self) -> list[Column]:
        raise NotImplementedError

    def start(self) -> None:
        """First listing when the screen opens (deep-link settings applied here)."""

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

    def status_prefix(self) -> str:
        return ""

    def open_item(self, item: Any) -> None:
        """Enter on a row: show and focus its details."""
        self.focus_detail()

    def go_back(self) -> None:
        """Escape with the table focused."""

    def palette_commands(self) -> Iterable[SystemCommand]:
        """This screen's actions for the command palette."""
        yield SystemCommand("Search", "Focus the search box (/)", self.action_focus_search)
        yield SystemCommand("Refresh", "Reload from the API, bypassing the cache (r)",
                            self.action_refresh)
        yield SystemCommand("Copy id", "Copy the highlighted id to the clipboard (y)",
                            self.action_copy_id)
        yield SystemCommand("Toggle detail pane", "Show or hide the detail pane (d)",
                            self.action_toggle_detail)
        yield SystemCommand("Focus details", "Move the focus to the detail pane (enter)",
                            self.focus_detail)

    # -- table / message area --------------------------------------------------------------

    def show_table(self) -> None:
        for message in self.query("#message"):
            message.display = False
        self.table.display = True
        self.pane.display = self._detail_wanted

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

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Text(clean(text)))

    # -- paging -----------------------------------------------------------------------------

    def load(self, pager: Pager[Any], *, empty_text: str, refresh: bool = False) -> None:
        """Start a new listing; any request of the previous one is cancelled."""
        self._generation += 1
        self._pager = pager
        self._cache_marks = {}
        self._paging_error = None
        self._bypass_cache = refresh
        self._empty_text = empty_text
        self._loading = True
        self._end_refreshed()
        table = self.table
        # A refresh keeps the rows on screen until the answer arrives; if it fails (an
        # expired token, the network gone) they stay, and the error is a notification.
        self._keep_rows = refresh and table.display and table.row_count > 0
        if not self._keep_rows:
            table.empty_text = "loading…"
            table.clear()
        self.show_table()
        page = None if refresh else self._peek(pager)
        if page is None:
            self._fetch_page(self._generation, first=True)
        else:  # fresh in the disk cache: the rows are in the very next frame
            self.workers.cancel_group(self, "pages")
            self._show_page(self._generation, pager, page, first=True)
        self.update_status()

    @staticmethod
    def _peek(pager: Pager[Any]) -> Page[Any] | None:
        try:
            return pager.peek_first()
        except ApiError:  # a malformed entry: ask the API as usual
            return None

    def stop_listing(self, idle_text: str = "") -> None:
        """No listing (e.g. nothing chosen yet); cancels any request in flight."""
        self._generation += 1
        self.workers.cancel_group(self, "pages")
        self._pager = None
        self._cache_marks = {}
        self._loading = False
        self._paging_error = None
        self._idle_text = idle_text
        self._end_refreshed()
        self.table.clear()
        self.update_status()

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _fetch_page(self, generation: int, first: bool) -> None:
        pager = self._pager
        if pager is None:
            return
        try:
            page = await pager.next_page(refresh=self._bypass_cache)
        except ApiError as err:
            if generation == self._generation:
                self._page_failed(err, first)
            return
        except Exception as exc:  # a bug must not leave the screen "loading…" forever
            if generation == self._generation:
                self._page_failed(unexpected_error(exc), first)
            return
        if generation == self._generation:
            self._show_page(generation, pager, page, first)

    def _show_page(self, generation: int, pager: Pager[Any], page: Page[Any] | None,
                   first: bool) -> None:
        """Put a page's rows on screen (the first replaces the listing)."""
        self._loading = False
        items = page.items if page is not None else []
        table = self.table
        start = 0 if first else table.row_count
        if first:
            self._keep_rows = False
            table.empty_text = self._empty_text
            table.set_rows(items)
            if self._bypass_cache:
                self._refreshed = self.set_timer(REFRESHED_SHOWN, self._refreshed_shown)
            self.first_page_loaded(page)
        else:
            table.append_rows(items)
        if table.row_count >= GC_FREEZE_ROWS:
            keep_out_of_gc()
        if page is not None and page.cached_at is not None:
            why = (page.stale_because or "offline") if page.stale else None
            self._cache_marks[start] = (page.cached_at, why)
            if not page.stale:
                # After the cached rows are painted: the first request also imports httpx
                # and builds its TLS context (~80 ms), which must not delay a cached start
                # (at start-up Textual's first frames are batched, so wait a little).
                self.set_timer(REVALIDATE_DELAY,
                               partial(self._revalidate, generation, pager, start, page))
        self.update_status()

    @work(group="revalidate", exit_on_error=False)
    async def _revalidate(self, generation: int, pager: Pager[Any], start: int,
                          page: Page[Any]) -> None:
        """Stale-while-revalidate: ask the API again for a page that was shown from the
        cache, and swap in the answer (or mark the page as offline)."""
        try:
            fetched = await self.client.get_json(page.url, prefer=pager.prefer, refresh=True)
            items, _ = parse_collection(fetched.data, pager.key, pager.parse,
                                        max(0, pager.max_items - start))
        except ApiError:
            return  # keep showing the cached rows; r retries
        if generation != self._generation:
            return
        if fetched.stale and fetched.cached_at is not None:
            self._cache_marks[start] = (fetched.cached_at, fetched.stale_because or "offline")
        else:
            self._cache_marks.pop(start, None)
            if items != page.items:
                self.table.replace_rows(start, len(page.items), items)
        self.update_status()

    def _refreshed_shown(self) -> None:
        self._refreshed = None
        self.update_status()

    def _end_refreshed(self) -> None:
        if self._refreshed is not None:
            self._refreshed.stop()
            self._refreshed = None

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        """Hook: the listing's first page arrived (e.g. remember a recent id)."""

    def _page_failed(self, err: ApiError, first: bool) -> None:
        self._loading = False
        self._paging_error = err
        if (first and not self._keep_rows) or not self.table.row_count:
            where = None if err.kind is ErrorKind.NO_TOKEN else "Could not load this list:"
            self.show_message(no_token_text(err.message) if err.kind is ErrorKind.NO_TOKEN
                              else error_text(err, where), error=err.kind is not ErrorKind.NO_TOKEN)
        else:
            notify_plain(self, err.human(), title="Could not load more", severity="error")
        self.update_status()

    @on(VirtualTable.NearEnd)
    def _near_end(self, event: VirtualTable.NearEnd) -> None:
        event.stop()
        pager = self._pager
        if (pager is None or not pager.has_more or self._loading
                or self._paging_error is not None):
            return
        self._loading = True
        self._fetch_page(self._generation, first=False)
        self.update_status()

    def update_status(self) -> None:
        parts = [p for p in (self.status_prefix(), self._listing_status()) if p]
        if self._cache_marks:
            parts.append(self._cache_status())
        elif self._refreshed is not None:
            parts.append("refreshed")
        self.set_status(" · ".join(parts))

    def _listing_status(self) -> str:
        """How far the listing got: loading, loaded, refreshing, failed."""
        n = self.table.row_count
        pager = self._pager
        if self._paging_error is not None:
            headline = self._paging_error.headline()
            return (f"{n:,} loaded · could not load more: {headline} (r retries)" if n
                    else f"error: {headline}")
        if pager is None:
            return self._idle_text
        if self._loading and not n:
            return "loading…"
        if self._loading and self._keep_rows:
            return f"{n:,} shown · refreshing…"
        if not n:
            return self._empty_text
        if pager.stop_reason:
            return f"{n:,} loaded · {pager.stop_reason}"
        if pager.has_more:
            return f"{n:,} loaded · " + ("loading more…" if self._loading else "more available")
        return f"all {n:,} loaded"

    def _cache_status(self) -> str:
        """``cached 3 min ago``, or why the cache is shown: ``offline — showing cache…``."""
        stale = [(at, why) for at, why in self._cache_marks.values() if why]
        if stale:
            at, why = min(stale)
            return f"{why} — showing cache from {local_time(at)}"
        return f"cached {ago(min(at for at, _ in self._cache_marks.values()))}"

    # -- detail pane ---------------------------------------------------------------------------

    @on(VirtualTable.Highlighted)
    def _highlighted(self, event: VirtualTable.Highlighted) -> None:
        """Show a single move in the pane at once; while the cursor keeps moving (a held
        key) wait until it rests ``DETAIL_REST`` seconds, so those frames repaint only
        table lines."""
        event.stop()
        self._detail_item = event.item
        if self._detail_timer is not None:
            self._detail_timer.stop()
        if self._detail_timer is None or self._shown_item is None:  # a new list shows at once
            self.flush_detail()
        self._detail_timer = self.set_timer(DETAIL_REST, self._detail_rested)

    def _detail_rested(self) -> None:
        self._detail_timer = None
        self.flush_detail()

    def flush_detail(self) -> None:
        """Bring the pane up to date with the highlighted row now (if it is behind)."""
        if self._detail_item is not self._shown_item:
            self._shown_item = self._detail_item
            self.show_detail(self._detail_item)

    def show_detail(self, item: Any) -> None:
        if self._fetch_timer is not None:
            self._fetch_timer.stop()
            self._fetch_timer = None
        if item is None:
            self.pane.show(DetailView("nothing highlighted"))
            return
        self.pane.show(self.describe(item))
        if self.needs_fetch(item):
            self._fetch_timer = self.set_timer(FETCH_DELAY, partial(self._fetch_detail, item))

    @work(exclusive=True, group="detail", exit_on_error=False)
    async def _fetch_detail(self, item: Any) -> None:
        key = getattr(item, "id", "")
        try:
            view = await self.fetch_detail(item)
        except ApiError as err:
            view = self.describe_failed(item, err)
        except Exception as exc:  # a bug must not leave the pane "loading…" forever
            view = self.describe_failed(item, unexpected_error(exc))
        self.pane.update_view(key, view, depth=0)

    @on(VirtualTable.Selected)
    def _selected(self, event: VirtualTable.Selected) -> None:
        event.stop()
        self.flush_detail()
        self.open_item(event.item)

    def focus_detail(self) -> None:
        if not self.table.row_count:
            return
        self.flush_detail()
        self.action_show_detail()
        self.pane.focus_content()

    @on(DetailPane.Closed)
    def _pane_closed(self, event: DetailPane.Closed) -> None:
        event.stop()
        self.table.focus()

    @on(DetailPane.LinkChosen)
    def _link_chosen(self, event: DetailPane.LinkChosen) -> None:
        event.stop()
        self.pane.push(DetailView(event.label, key=event.href, loading=f"loading {event.label}…"))
        self._fetch_resource(event.label, event.href, len(self.pane.views) - 1)

    @work(exclusive=True, group="resource", exit_on_error=False)
    async def _fetch_resource(self, label: str, href: str, depth: int) -> None:
        try:
            data = await self.client.resource(href)
            view = resource_view(label, href, data)
        except ApiError as err:
            view = DetailView(label, key=href, error=err)
        except Exception as exc:
            view = DetailView(label, key=href, error=unexpected_error(exc))
        if self.pane.update_view(href, view, depth=depth):
            self.pane.focus_content()

    # -- actions ------------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        """``/``: focus the screen's search box (each screen says which box that is)."""

    def action_refresh(self) -> None:
        if not self.itwin.signed_out:
            self.reload(refresh=True)

    def action_copy_id(self) -> None:
        item_id: str | None = None
        top = self.pane.top
        focused = self.focused
        if top is not None and focused is not None and self.pane in focused.ancestors_with_self:
            item_id = top.item_id
        if not item_id:
            item_id = getattr(self.table.current_item, "id", None)
        if not item_id:
            notify_plain(self, "Nothing highlighted to copy.", severity="warning")
            return
        self.app.copy_to_clipboard(item_id)
        notify_plain(self, f"Copied {clean(item_id)}", title="Copied to clipboard")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of a toggle's two bindings, only the one that acts now is shown and runs."""
        if action in ("hide_detail", "show_detail"):
            return self._detail_wanted == (action == "hide_detail")
        return True

    def action_toggle_detail(self) -> None:
        if self._detail_wanted:
            self.action_hide_detail()
        else:
            self.action_show_detail()

    def action_hide_detail(self) -> None:
        self._set_detail_wanted(False)

    def action_show_detail(self) -> None:
        self._set_detail_wanted(True)

    def _set_detail_wanted(self, wanted: bool) -> None:
        self._detail_wanted = wanted
        if self.table.display:
            self.pane.display = wanted
        self.refresh_bindings()

    def focus_list(self) -> None:
        """Focus the list; nothing while a message stands in its place (so the focus never
        stays in a box the user has left, and keys reach the screen)."""
        if self.table.display:
            self.table.focus()
        else:
            self.set_focus(None)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.focus_list()
        else:
            self.go_back()
