"""Lazy paging through ``_links.next`` with a loop guard, a same-host guard and bounds: on
the rows a listing holds, and on empty pages in a row."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

from tui.core.errors import ROW_LIMIT_TEXT, ApiError, ErrorKind, link_loop, no_progress
from tui.core.limits import MAX_EMPTY_PAGES
from tui.core.models import Json, Page, PageLinks, parse_collection
from tui.core.urls import resolve

if TYPE_CHECKING:
    from tui.core.cached import Fetched
    from tui.core.client import ItwinClient

T = TypeVar("T")
#: Longest wait for the next page's request to be sent before parsing the current page.
SEND_WAIT = 0.25


def _abandon(task: asyncio.Future[Any]) -> None:
    """Cancel a prefetch nobody will wait for, without an unretrieved-exception warning."""
    task.cancel()
    task.add_done_callback(lambda done: done.cancelled() or done.exception())


async def _until_sent(request: asyncio.Future[Any], sent: asyncio.Event,
                      limit: float = SEND_WAIT) -> None:
    """Wait until ``request`` is on the wire, done, or ``limit`` seconds have passed."""
    waiter = asyncio.ensure_future(sent.wait())
    try:
        await asyncio.wait({request, waiter}, timeout=limit,
                           return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()


def _as_sent(item: Json) -> Json:
    return item


def _item_count(data: Any, key: str) -> int:
    """How many items a collection payload holds under ``key`` (before parsing)."""
    items = data.get(key) if isinstance(data, dict) else None
    return len(items) if isinstance(items, list) else 0


#: Errors after which the pager has no next page: a link it will never follow.
_REFUSED = frozenset({ErrorKind.UNSAFE_LINK, ErrorKind.BAD_LINK})


def page_identity(url: str) -> tuple[str, str, str]:
    """A URL normalised for loop detection: host and path case, query order, %-escapes."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a valid URL (refused when followed): itself
        return "", url, ""
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.netloc.lower(), parts.path.lower().rstrip("/"), query


class Pager(Generic[T]):
    """A cursor over one collection: call :meth:`next_page` until :attr:`has_more` is false.

    Follows ``_links.next.href`` exactly as returned (absolute or relative), stops on a
    missing or null link, refuses a link that repeats a page already fetched, and refuses a
    link that is not valid or goes to another host (the client's origin check) before any
    request is made. Holds at most ``max_items`` (default ``client.max_rows``): paging then
    stops and :attr:`stop_reason` says so. ``MAX_EMPTY_PAGES`` empty pages in a row, each
    with a next link, stop it with an :class:`ApiError` (``NO_PROGRESS``).
    """

    def __init__(self, client: ItwinClient, url: str, *, key: str,
                 parse: Callable[[Any], T], prefer: str | None = None,
                 max_items: int | None = None) -> None:
        self.client = client
        self.first_url = url
        self.key = key
        self.parse = parse
        self.prefer = prefer
        self.next_url: str | None = url
        self.pages_loaded = 0
        self.items_loaded = 0
        self.max_items = max_items if max_items is not None else client.max_rows
        #: Why paging stopped before the last page (the row limit), in words.
        self.stop_reason: str | None = None
        self._empty_run = 0  # empty pages in a row, each with a next link
        self._seen: set[tuple[str, str, str]] = set()

    @property
    def has_more(self) -> bool:
        return self.next_url is not None

    async def next_page(self, *, refresh: bool = False) -> Page[T] | None:
        """Fetch the next page with items (an empty one only when it is the last), or
        return ``None`` when there is none."""
        while True:
            fetched = await self._fetch_next(refresh)
            if fetched is None:
                return None
            page = self._page(fetched)
            if page.items or not self.has_more:
                return page

    async def _fetch_next(self, refresh: bool = False, sent: asyncio.Event | None = None
                          ) -> Fetched | None:
        """GET the next page (after the loop guard) and move :attr:`next_url` on."""
        url = self.next_url
        if url is None:
            return None
        identity = page_identity(url)
        if identity in self._seen:
            self.next_url = None
            raise link_loop(url)
        try:
            fetched = await self.client.get_json(url, prefer=self.prefer, refresh=refresh,
                                                 sent=sent)
        except ApiError as err:
            if err.kind in _REFUSED:
                self.next_url = None
            raise
        self._advance(identity, fetched)
        return fetched

    def peek_first(self) -> Page[T] | None:
        """The first page from a fresh cache entry, synchronously (see ``ItwinClient.peek``),
        or ``None``: then :meth:`next_page` asks as usual."""
        if self.pages_loaded or self.next_url != self.first_url:
            return None
        fetched = self.client.peek(self.first_url, prefer=self.prefer)
        if fetched is None:
            return None
        page = self._page(fetched)  # a malformed body raises before the pager moves on
        self._advance(page_identity(self.first_url), fetched)
        return page

    def _advance(self, identity: tuple[str, str, str], fetched: Fetched) -> None:
        """Remember the page fetched and move :attr:`next_url` to its next link."""
        self._seen.add(identity)
        data = fetched.data
        links = PageLinks.from_json(data.get("_links") if isinstance(data, dict) else None)
        going_on = links.next and self.stop_reason is None
        self.next_url = resolve(links.next, fetched.url) if going_on else None

    def _page(self, fetched: Fetched) -> Page[T]:
        """Parse a page: at most the rows left under ``max_items`` (reaching it stops
        paging), and count empty pages that link to another."""
        room = max(0, self.max_items - self.items_loaded)
        items, links = parse_collection(fetched.data, self.key, self.parse, room + 1,
                                        url=fetched.url)
        over = len(items) > room  # one more than fits: parsing the rest is not needed
        del items[room:]
        self.pages_loaded += 1
        self.items_loaded += len(items)
        if over or (links.next and self.items_loaded >= self.max_items):
            self.next_url = None
            self.stop_reason = ROW_LIMIT_TEXT.format(limit=self.max_items)
        if items or not links.next:
            self._empty_run = 0
        else:
            self._empty_run += 1
            if self._empty_run >= MAX_EMPTY_PAGES:
                self.next_url = None
                raise no_progress(self._empty_run, fetched.url)
        return Page(items, links, fetched.url, fetched.cached_at, fetched.stale,
                    fetched.stale_because)

    async def revalidate(self, page: Page[T], start: int = 0) -> Page[T]:
        """``page``, shown from the cache, asked of the API again (stale-while-revalidate):
        the API's items, at most those that fit under ``max_items`` after the ``start`` rows
        before it; when the API cannot be reached, the cached copy marked stale. Where
        paging stands is not changed."""
        fetched = await self.client.get_json(page.url, prefer=self.prefer, refresh=True)
        items, links = parse_collection(fetched.data, self.key, self.parse,
                                        max(0, self.max_items - start), url=fetched.url)
        return Page(items, links, fetched.url, fetched.cached_at, fetched.stale,
                    fetched.stale_because)

    def raw(self, *, max_items: int | None = None) -> Pager[Json]:
        """The same collection, each item the JSON object exactly as the API sent it;
        ``max_items`` as this pager's unless given."""
        return Pager(self.client, self.first_url, key=self.key, parse=_as_sent,
                     prefer=self.prefer,
                     max_items=self.max_items if max_items is None else max_items)

    def rest_raw(self, loaded: int) -> Pager[Json] | None:
        """The pages after those fetched so far, each item as the API sent it (an export of
        a whole listing), with this pager's guards: the pages seen so far count for the loop
        guard, and it holds at most the rows left under ``max_items`` after the ``loaded``
        ones. ``None`` when there is no next page."""
        if self.next_url is None:
            return None
        rest = Pager(self.client, self.next_url, key=self.key, parse=_as_sent,
                     prefer=self.prefer, max_items=max(0, self.max_items - loaded))
        rest._seen = set(self._seen)
        return rest

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Every remaining page. The next page is requested before this one's items are
        parsed, so parsing overlaps the server's and the network's time (bulk paging);
        not once the pages fetched hold ``max_items`` (the page past them is not wanted)."""
        fetched = await self._fetch_next()
        while fetched is not None:
            upcoming = None
            arrived = self.items_loaded + _item_count(fetched.data, self.key)
            if self.next_url and arrived < self.max_items:
                sent = asyncio.Event()
                upcoming = asyncio.ensure_future(self._fetch_next(sent=sent))
            try:
                if upcoming is not None:  # parsing blocks the loop: the request goes out first
                    await _until_sent(upcoming, sent)
                page = self._page(fetched)
                if self.stop_reason is not None and upcoming is not None:
                    _abandon(upcoming)  # the row limit: what comes next is not wanted
                    upcoming = None
                yield page
            except BaseException:
                if upcoming is not None:
                    _abandon(upcoming)
                raise
            # no prefetch: fetched now, if the page parsed still links on (no row limit hit)
            fetched = await (upcoming if upcoming is not None else self._fetch_next())

    async def all_items(self, limit: int | None = None) -> list[T]:
        """Every item (up to ``limit``), following all next links."""
        out: list[T] = []
        async for page in self.pages():
            out.extend(page.items)
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out
