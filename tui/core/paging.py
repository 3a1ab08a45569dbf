"""Lazy paging through ``_links.next`` with a loop guard and a same-host guard."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlsplit

from tui.core.errors import ApiError, ErrorKind
from tui.core.models import Json, Page, PageLinks, parse_collection
from tui.core.urls import redact, resolve

if TYPE_CHECKING:
    from tui.core.client import Fetched, ItwinClient

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


def page_identity(url: str) -> tuple[str, str, str]:
    """A URL normalised for loop detection: host and path case, query order, %-escapes."""
    parts = urlsplit(url)
    query = "&".join(f"{k}={v}" for k, v in sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return parts.netloc.lower(), parts.path.lower().rstrip("/"), query


class Pager(Generic[T]):
    """A cursor over one collection: call :meth:`next_page` until :attr:`has_more` is false.

    Follows ``_links.next.href`` exactly as returned (absolute or relative), stops on a
    missing or null link, refuses a link that repeats a page already fetched, and refuses a
    link to another host (the client's origin check) before any request is made.
    """

    def __init__(self, client: ItwinClient, url: str, *, key: str,
                 parse: Callable[[Any], T], prefer: str | None = None) -> None:
        self.client = client
        self.first_url = url
        self.key = key
        self.parse = parse
        self.prefer = prefer
        self.next_url: str | None = url
        self.pages_loaded = 0
        self.items_loaded = 0
        self._seen: set[tuple[str, str, str]] = set()

    @property
    def has_more(self) -> bool:
        return self.next_url is not None

    async def next_page(self, *, refresh: bool = False) -> Page[T] | None:
        """Fetch the next page, or return ``None`` when there is none."""
        fetched = await self._fetch_next(refresh)
        return None if fetched is None else self._page(fetched)

    async def _fetch_next(self, refresh: bool = False, sent: asyncio.Event | None = None
                          ) -> Fetched | None:
        """GET the next page (after the loop guard) and move :attr:`next_url` on."""
        url = self.next_url
        if url is None:
            return None
        identity = page_identity(url)
        if identity in self._seen:
            self.next_url = None
            raise ApiError(ErrorKind.LINK_LOOP, "The server's next-page link points back to a "
                           "page already loaded; stopped paging.", url=redact(url))
        try:
            fetched = await self.client.get_json(url, prefer=self.prefer, refresh=refresh,
                                                 sent=sent)
        except ApiError as err:
            if err.kind is ErrorKind.UNSAFE_LINK:
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
        self.next_url = resolve(links.next, fetched.url) if links.next else None

    def _page(self, fetched: Fetched) -> Page[T]:
        items, links = parse_collection(fetched.data, self.key, self.parse)
        self.pages_loaded += 1
        self.items_loaded += len(items)
        return Page(items, links, fetched.url, fetched.cached_at, fetched.stale)

    def raw(self) -> Pager[Json]:
        """The same collection, each item the JSON object exactly as the API sent it."""
        return Pager(self.client, self.first_url, key=self.key, parse=_as_sent,
                     prefer=self.prefer)

    async def pages(self, limit: int | None = None) -> AsyncIterator[Page[T]]:
        """Every remaining page, or those holding the first ``limit`` items: no page past
        them is requested. The next page is requested before this one's items are parsed,
        so parsing overlaps the server's and the network's time (bulk paging)."""
        fetched = await self._fetch_next()
        arrived = 0
        while fetched is not None:
            arrived += _item_count(fetched.data, self.key)
            upcoming = None
            if self.next_url and (limit is None or arrived < limit):
                sent = asyncio.Event()
                upcoming = asyncio.ensure_future(self._fetch_next(sent=sent))
            try:
                if upcoming is not None:  # parsing blocks the loop: the request goes out first
                    await _until_sent(upcoming, sent)
                yield self._page(fetched)
            except BaseException:
                if upcoming is not None:
                    _abandon(upcoming)
                raise
            fetched = await upcoming if upcoming is not None else None

    async def all_items(self, limit: int | None = None) -> list[T]:
        """Every item (up to ``limit``), following all next links."""
        out: list[T] = []
        async for page in self.pages(limit):
            out.extend(page.items)
            if limit is not None and len(out) >= limit:
                return out[:limit]
        return out
