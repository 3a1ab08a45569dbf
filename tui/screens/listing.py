"""The listing controller: lists a collection through a :class:`~tui.core.paging.Pager` into a
screen's table, a page at a time, and keeps the screen's :class:`ListingState` (which the
status line follows) up to date.

It owns the pager, loading, errors, the cache marks, the refreshing/refreshed marks, the
row limit, where each page's rows are (:class:`PageSpan`) and asking a page again
(:meth:`Listing.refetch`: stale-while-revalidate, and watching). A request of a listing
that was replaced is cancelled with its worker (an exclusive group) and its answer, should
it arrive anyway, is dropped: it is not the current pager's.
"""

from bisect import bisect_right
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from tui.core.errors import ApiError, ErrorKind
from tui.core.models import Page
from tui.gcfreeze import freeze_long_lived
from tui.widgets.notices import error_text, no_token_text, unexpected_error
from tui.widgets.status_line import CacheMark, ListingState, SortMark
from tui.widgets.table_layout import column_id
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from rich.console import RenderableType

    from tui.app import ItwinApp
    from tui.core.chain import Chain
    from tui.core.paging import Pager
    from tui.widgets.virtual_table import VirtualTable

    #: What a listing pages through: one collection, or several in turn.
    Pages = Pager[Any] | Chain[Any]


class ListHost(Protocol):
    """What a listing lists into: a list screen (``BrowserScreen``) or the picker dialog.
    Besides these, the Textual screen's ``workers``, ``run_worker`` and ``set_timer``."""

    listing: ListingState  # the state the status line follows

    @property
    def table(self) -> "VirtualTable": ...

    @property
    def itwin(self) -> "ItwinApp": ...

    def show_table(self) -> None: ...

    def show_message(self, renderable: "RenderableType", *, error: bool = False) -> None: ...

    def first_page_loaded(self, page: Page[Any] | None) -> None: ...

#: A page shown from the cache is asked for again this much later (after it is painted).
REVALIDATE_DELAY = 0.15
#: After a refresh (``r``) is answered, the status line says "refreshed" this long.
REFRESHED_SHOWN = 3.0
#: From this many rows on, listed rows are kept out of the cyclic garbage collector's view.
GC_FREEZE_ROWS = 10_000


def keep_out_of_gc() -> None:
    """Move everything alive now (the rows just listed among it) out of the cyclic garbage
    collector's view: with 100,000 rows its full passes stall the UI for ~300 ms."""
    freeze_long_lived(collect=True)


def _peek(pager: "Pages") -> Page[Any] | None:
    try:
        return pager.peek_first()
    except ApiError:  # a malformed entry: ask the API as usual
        return None


class PageSpan(NamedTuple):
    """A page on screen: its rows (``page.items``, the very objects listed) are rows
    ``start`` on of the listing, in the API's order."""

    start: int
    page: Page[Any]

    @property
    def url(self) -> str:
        return self.page.url

    @property
    def items(self) -> list[Any]:
        return self.page.items

    @property
    def count(self) -> int:
        return len(self.page.items)


def _marked(marks: tuple[CacheMark, ...], start: int, mark: CacheMark | None
            ) -> tuple[CacheMark, ...]:
    """``marks`` with the one of the rows from ``start`` replaced by ``mark`` (or removed)."""
    kept = tuple(m for m in marks if m.start != start)
    return kept if mark is None else (*kept, mark)


class Listing:
    """One screen's listing; the screen holds the state (``screen.listing``)."""

    def __init__(self, screen: ListHost) -> None:
        self.screen: Any = screen  # a ListHost, and a Textual screen
        self.pager: Pages | None = None
        self._refresh = False  # this listing bypasses the cache (``r``)
        #: Where each page's rows are, in the API's order.
        self.spans: list[PageSpan] = []

    @property
    def state(self) -> ListingState:
        return self.screen.listing

    def _update(self, **changes: Any) -> None:
        self.screen.listing = self.screen.listing._replace(**changes)

    def load(self, pager: "Pages", *, empty_text: str, prefix: str = "",
             refresh: bool = False) -> None:
        """Start a new listing; any request of the previous one is cancelled. A refresh
        keeps the rows on screen until its answer arrives; should it fail (an expired
        token, the network gone) they stay, and the error is a notification."""
        screen, table = self.screen, self.screen.table
        self.pager = pager
        self._refresh = refresh
        self.spans = []
        keep = refresh and table.display and table.row_count > 0
        page = None if refresh else _peek(pager)
        if not keep and page is None:  # (a page at hand replaces the rows at once)
            table.empty_text = "loading…"
            table.clear()
        screen.show_table()
        screen.listing = ListingState(prefix=prefix, listing=True, empty_text=empty_text,
                                      rows=table.row_count, loading=page is None,
                                      refreshing=keep, sort=self._sort_mark(),
                                      watch=self.state.watch)
        if page is None:
            self._fetch(pager, first=True)
        else:  # fresh in the disk cache: the rows are in the very next frame
            screen.workers.cancel_group(screen, "pages")
            self._show(pager, page, first=True)

    def stop(self, idle_text: str = "") -> None:
        """No listing (e.g. nothing chosen yet); cancels any request in flight."""
        self.screen.workers.cancel_group(self.screen, "pages")
        self.pager = None
        self.spans = []
        self.screen.table.clear()
        self.screen.listing = ListingState(idle_text=idle_text, watch=self.state.watch)

    def sorted(self) -> None:
        """The table's order changed (a sort, or the API's order again): the state says so."""
        self._update(sort=self._sort_mark())

    def page_url(self, row: int) -> str | None:
        """The URL of the page that brought row ``row`` (in the API's order), or None."""
        at = bisect_right(self.spans, row, key=lambda span: span.start) - 1
        return self.spans[at].url if at >= 0 else None

    def _sort_mark(self) -> SortMark | None:
        table = self.screen.table
        if table.sort is None:
            return None
        name, descending = table.sort
        label = next((c.label for c in table.columns if column_id(c) == name), name)
        return SortMark(label, descending)

    def more(self) -> None:
        """The next page, if there is one and nothing is in the way."""
        pager, state = self.pager, self.state
        if pager is None or not pager.has_more or state.loading or state.error is not None:
            return
        self._update(loading=True)
        self._fetch(pager, first=False)

    # -- pages -------------------------------------------------------------------------------

    def _fetch(self, pager: "Pages", *, first: bool) -> None:
        self.screen.run_worker(self._fetch_page(pager, first), group="pages", exclusive=True,
                               exit_on_error=False)

    async def _fetch_page(self, pager: "Pages", first: bool) -> None:
        try:
            page = await pager.next_page(refresh=self._refresh)
        except ApiError as err:
            failed: ApiError | None = err
        except Exception as exc:  # a bug must not leave the screen "loading…" forever
            failed = unexpected_error(exc)
        else:
            failed = None
        if pager is not self.pager:  # another listing took its place
            return
        if failed is not None:
            self._failed(failed, first)
        else:
            self._show(pager, page, first)

    def _show(self, pager: "Pages", page: Page[Any] | None, first: bool) -> None:
        """Put a page's rows on screen (the first replaces the listing)."""
        screen, table = self.screen, self.screen.table
        items = page.items if page is not None else []
        start = 0 if first else table.row_count
        refreshed = self.state.refreshed
        if first:
            self.spans = []
            table.empty_text = self.state.empty_text
            table.set_rows(items)
            refreshed = self._refresh
            if refreshed:
                screen.set_timer(REFRESHED_SHOWN, partial(self._refreshed_shown, pager))
            screen.first_page_loaded(page)
        else:
            table.append_rows(items)
        if table.row_count >= GC_FREEZE_ROWS:
            keep_out_of_gc()
        marks = self.state.marks
        if page is not None:
            self.spans.append(PageSpan(start, page))
        if page is not None and page.cached_at is not None:
            why = (page.stale_because or "offline") if page.stale else None
            marks = _marked(marks, start, CacheMark(start, page.cached_at, why))
            if not page.stale:
                # After the cached rows are painted: the first request also imports httpx
                # and builds its TLS context (~80 ms), which must not delay a cached start
                # (at start-up Textual's first frames are batched, so wait a little).
                screen.set_timer(REVALIDATE_DELAY, partial(self._revalidate, self.spans[-1]))
        self._update(rows=table.row_count, loading=False, refreshing=False, refreshed=refreshed,
                     has_more=pager.has_more, stop_reason=pager.stop_reason, marks=marks)

    def _refreshed_shown(self, pager: "Pages") -> None:
        if pager is self.pager:
            self._update(refreshed=False)

    def _failed(self, err: ApiError, first: bool) -> None:
        """In place of the list when nothing is listed, else a notification over the rows."""
        screen = self.screen
        if (first and not self.state.refreshing) or not screen.table.row_count:
            if err.kind is ErrorKind.NO_TOKEN:
                screen.show_message(no_token_text(err.message, screen.itwin.settings.profile))
            else:
                screen.show_message(error_text(err, screen, "Could not load this list:"),
                                    error=True)
        else:
            notify_plain(screen, err.human(), title="Could not load more", severity="error")
        self._update(loading=False, refreshing=False, error=err)

    async def retry_first(self) -> Page[Any] | None:
        """Ask again for a first page that failed (watching a list that could not be
        loaded): its rows replace the error if it answers; else the new error is shown
        and raised (:class:`ApiError`). ``None``: the listing was replaced meanwhile."""
        pager = self.pager
        if pager is None or not pager.has_more:
            return None
        try:
            page = await pager.next_page(refresh=True)
        except ApiError as err:
            if pager is self.pager:
                self._failed(err, first=True)
            raise
        if pager is not self.pager:
            return None
        self.screen.show_table()
        self._update(error=None)
        self._show(pager, page, first=True)
        return page

    # -- asking a page again ------------------------------------------------------------

    def showing(self, rows: Iterable[Any]) -> list[PageSpan]:
        """The pages that brought some of ``rows`` (e.g. those in view, in whatever order
        the table shows them)."""
        wanted = {id(row) for row in rows}
        return [span for span in self.spans if any(id(row) in wanted for row in span.items)]

    def _span_of(self, url: str) -> PageSpan | None:
        """Where the rows of the page at ``url`` are now (None: not in this listing)."""
        return next((span for span in self.spans if span.url == url), None)

    def _revalidate(self, span: PageSpan) -> None:
        """Stale-while-revalidate: a page shown from the cache is asked of the API again."""
        self.screen.run_worker(self._quietly(span), group="revalidate", exit_on_error=False)

    async def _quietly(self, span: PageSpan) -> None:
        try:
            await self.refetch(span)
        except ApiError:
            return  # keep showing the cached rows; refresh retries

    async def refetch(self, span: PageSpan) -> Page[Any] | None:
        """Ask the API again for the page shown at ``span`` and swap in its rows if they
        changed (the highlighted row stays highlighted, the view where it was); when the
        API cannot be reached, mark those rows as the cache's. Returns the answer, or
        ``None`` when the listing was replaced meanwhile. Raises :class:`ApiError`."""
        pager = self.pager
        if pager is None:
            return None
        fresh = await pager.revalidate(span.page, span.start)
        now = self._span_of(span.url)  # a page before it may have grown or shrunk meanwhile
        if pager is not self.pager or now is None:
            return None
        span = now
        mark = None
        if fresh.stale and fresh.cached_at is not None:
            mark = CacheMark(span.start, fresh.cached_at, fresh.stale_because or "offline")
        elif not fresh.stale and fresh.items != span.items:
            self._swap(span, fresh)
        self._update(marks=_marked(self.state.marks, span.start, mark),
                     rows=self.screen.table.row_count)
        return fresh

    def _swap(self, span: PageSpan, fresh: Page[Any]) -> None:
        """Put the rows of ``fresh`` in place of those of ``span``; later pages move with
        them."""
        table, items = self.screen.table, fresh.items
        highlighted = getattr(table.current_item, "id", None)
        table.replace_rows(span.start, span.count, items)
        index, shift = self.spans.index(span), len(items) - span.count
        self.spans[index] = span._replace(page=fresh)
        if shift:
            self.spans[index + 1:] = [s._replace(start=s.start + shift)
                                      for s in self.spans[index + 1:]]
            self._update(marks=tuple(m._replace(start=m.start + shift) if m.start > span.start
                                     else m for m in self.state.marks))
        self._highlight(highlighted)

    def _highlight(self, item_id: str | None) -> None:
        """Move the cursor back to the row of ``item_id`` if rows moved under it."""
        table = self.screen.table
        if item_id is None or getattr(table.current_item, "id", None) == item_id:
            return
        index = next((i for i, row in enumerate(table.rows)
                      if getattr(row, "id", None) == item_id), None)
        if index is not None:
            table.move_cursor(index)
