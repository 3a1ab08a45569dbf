"""Several collections listed as one, one after the other: a picker's recent picks, the
API's recent and favourite projects, then all projects. Each row says which source listed
it, and a row an earlier source already listed is left out.

A :class:`Chain` pages like a :class:`~tui.core.paging.Pager` (``next_page``, ``has_more``,
``peek_first``, ``revalidate``, ``stop_reason``), so a listing pages through it lazily the
same way; each source is still paged by its own pager (its guards and bounds).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, NamedTuple, TypeVar

from tui.core.models import Page, PageLinks
from tui.core.paging import Pager

T = TypeVar("T")


class Listed(NamedTuple, Generic[T]):
    """A row of a chain: the item, and the name of the source that listed it."""

    item: T
    source: str = ""


class _Fixed(Generic[T]):
    """Items already at hand (kept on this machine), as a one-page collection."""

    stop_reason: str | None = None

    def __init__(self, items: Sequence[T]) -> None:
        self.items = list(items)
        self.has_more = bool(self.items)

    def peek_first(self) -> Page[T] | None:
        if not self.has_more:
            return None
        self.has_more = False
        return Page(self.items, PageLinks(), "")

    async def next_page(self, *, refresh: bool = False) -> Page[T] | None:
        return self.peek_first()

    async def revalidate(self, page: Page[T], start: int = 0) -> Page[T]:
        return page


def _item_id(item: Any) -> str:
    return getattr(item, "id", "") or ""


class Chain(Generic[T]):
    """``sources`` (name, pager or a list of items) listed in turn, as :class:`Listed` rows;
    ``key`` tells two items apart (their ``id``)."""

    def __init__(self, sources: Sequence[tuple[str, Pager[T] | Sequence[T]]],
                 key: Callable[[T], str] = _item_id) -> None:
        self._sources: list[tuple[str, Pager[T] | _Fixed[T]]] = [
            (name, source if isinstance(source, Pager) else _Fixed(source))
            for name, source in sources]
        self._key = key
        self._at = 0
        self._owner: dict[str, int] = {}  # an item's key → the source that listed it first
        self._origin: dict[str, int] = {}  # a page's URL → the source it came from
        self.pages_loaded = 0

    def _current(self) -> int | None:
        """The first source with pages left, or ``None``."""
        while self._at < len(self._sources) and not self._sources[self._at][1].has_more:
            self._at += 1
        return self._at if self._at < len(self._sources) else None

    @property
    def has_more(self) -> bool:
        return self._current() is not None

    @property
    def stop_reason(self) -> str | None:
        """Why a source stopped before its end (the row limit), if one did."""
        return next((s.stop_reason for _, s in self._sources if s.stop_reason), None)

    async def next_page(self, *, refresh: bool = False) -> Page[Listed[T]] | None:
        """The next page with rows not listed before (an empty one only at the end)."""
        while (index := self._current()) is not None:
            page = await self._sources[index][1].next_page(refresh=refresh)
            if page is None:
                continue
            rows = self._listed(page, index)
            if rows.items or not self.has_more:
                return rows
        return None

    def peek_first(self) -> Page[Listed[T]] | None:
        """The first page without waiting (items at hand, or a fresh cache entry), or
        ``None``: then :meth:`next_page` asks."""
        index = self._current()
        if self.pages_loaded or index is None:
            return None
        page = self._sources[index][1].peek_first()
        if page is None:
            return None
        rows = self._listed(page, index)
        return rows if rows.items or not self.has_more else None

    async def revalidate(self, page: Page[Listed[T]], start: int = 0) -> Page[Listed[T]]:
        """A page shown from the cache, asked of its source again (see ``Pager``)."""
        index = self._origin.get(page.url)
        if index is None:
            return page
        name, source = self._sources[index]
        items = [row.item for row in page.items]
        fresh = await source.revalidate(page._replace(items=items), start)  # type: ignore[arg-type]
        kept = [item for item in fresh.items
                if self._owner.get(self._key(item), index) >= index]
        return fresh._replace(items=[Listed(item, name) for item in kept])  # type: ignore[arg-type]

    def _listed(self, page: Page[T], index: int) -> Page[Listed[T]]:
        """``page``'s items not listed by an earlier source, as rows of source ``index``."""
        self.pages_loaded += 1
        if page.url:
            self._origin[page.url] = index
        name = self._sources[index][0]
        rows: list[Listed[T]] = []
        for item in page.items:
            key = self._key(item)
            if not key or self._owner.setdefault(key, index) == index:
                rows.append(Listed(item, name))
        return page._replace(items=rows)  # type: ignore[arg-type]
