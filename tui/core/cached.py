"""The cache policy: when a GET is answered from the disk cache, when it asks the API, and
what is shown when the API cannot be reached (see :meth:`CachedGets.get_json`)."""

import asyncio
import re
from typing import TYPE_CHECKING, Any, Literal, NamedTuple
from urllib.parse import urlsplit

from tui.core.cache_key import cache_key, token_identity
from tui.core.errors import ApiError, ErrorKind, malformed_json, not_cached, offline, stale_words
from tui.core.jsonio import loads

if TYPE_CHECKING:
    from tui.core.cache import CacheEntry, ResponseCache
    from tui.core.transport import Transport

CacheMode = Literal["prefer", "fallback", "store", "only", "off"]
#: Failures after which a cached copy is served (marked stale) instead of the error.
_OFFLINE_KINDS = frozenset({ErrorKind.CONNECTION, ErrorKind.TIMEOUT, ErrorKind.SERVER})
#: Export runs change state while watched: never served from the cache while online.
_RUN_PATH = re.compile(r"/export/connections/[^/]+/runs(/|$)", re.IGNORECASE)


class Fetched(NamedTuple):
    """A decoded JSON response and where it came from."""

    data: Any
    url: str
    cached_at: float | None = None  # set when served from the disk cache
    stale: bool = False  # served from the cache because the network failed
    stale_because: str | None = None  # why, in words: "offline", "timed out"


def decode(body: bytes, url: str) -> Any:
    """A JSON body, or ``ApiError(BAD_RESPONSE)`` quoting its start."""
    try:
        return loads(body)
    except ValueError:
        raise malformed_json(body, url) from None


class CachedGets:
    """GETs of JSON through a :class:`Transport`, with a :class:`ResponseCache` (or none)."""

    def __init__(self, transport: "Transport", cache: "ResponseCache | None" = None,
                 mode: CacheMode | None = None) -> None:
        self.transport = transport
        self.cache = cache  # None: no disk cache (--no-cache, demo mode)
        self.mode = mode  # every GET's mode, over get_json's (see there)
        self._identity: str | None = None  # hash of the last token's user, for cache keys
        self._writes: dict[str, asyncio.Task[bool]] = {}  # cache writes still running, by key

    @property
    def writing(self) -> bool:
        """Whether answers are still being written to the cache."""
        return bool(self._writes)

    async def aclose(self) -> None:
        """Wait for the cache writes, then close the cache."""
        if self._writes:
            await asyncio.gather(*self._writes.values(), return_exceptions=True)
        if self.cache is not None:
            self.cache.close()

    async def get_json(self, url: str, *, prefer: str | None = None, refresh: bool = False,
                       cached: CacheMode | None = None, sent: asyncio.Event | None = None
                       ) -> Fetched:
        """GET ``url`` (absolute or API path) and decode its JSON body, using the disk cache.

        ``cached`` (default ``"prefer"``; ``"fallback"`` for export runs, whose state changes):

        - ``"prefer"``: an entry younger than the cache TTL is returned at once, without a
          request, as ``Fetched(cached_at=<when stored>, stale=False)``. The caller shows it
          ("cached 3 min ago") and then calls again with ``refresh=True`` to revalidate.
        - ``"fallback"`` (or ``refresh=True``): always ask the API; the cache is only read
          when it cannot answer.
        - ``"store"``: always ask the API and store the answer, never read the cache: a
          failure is raised, never hidden behind an older copy (print mode, for scripts).
        - ``"only"``: never ask the API (nor the token source); the cached entry, however
          old, or ``ApiError(OFFLINE)`` naming the URL (print mode's ``--offline``).
        - ``"off"``: neither read nor write the cache.

        Made with a ``mode``, that mode is used for every call, whatever ``cached`` says.

        ``sent``, if given, is set when the request has been written (never for a cache hit).

        Every successful answer is stored. When the API cannot be reached (connection error,
        timeout, 5xx), the cached entry, however old, is returned with ``stale=True``; with no
        entry, ``ApiError(OFFLINE)`` is raised. Without a cache the original error is raised.
        """
        url = self.transport.url(url)
        self.transport.check_origin(url)
        mode = self._mode(url, cached)
        if mode == "only":
            return await self._cache_only(url, prefer)
        key = await self._key(url, prefer) if mode != "off" and self.cache is not None else None
        if key is None:
            response = await self.transport.send(url, prefer=prefer, sent=sent)
            return Fetched(decode(response.content, url), url)
        if mode == "prefer" and not refresh:
            hit = await self._cached(key)
            if hit is not None and hit[1].fresh:
                return Fetched(hit[0], url, cached_at=hit[1].stored_at)
        return await self._asked(url, key, prefer, sent, fall_back=mode != "store")

    async def _asked(self, url: str, key: str, prefer: str | None, sent: asyncio.Event | None,
                     *, fall_back: bool) -> Fetched:
        """The API's answer, stored under ``key``; when the API cannot be reached and
        ``fall_back``, the cached copy (see :meth:`_stale`)."""
        assert self.cache is not None
        try:
            response = await self.transport.send(url, prefer=prefer, sent=sent)
        except ApiError as err:
            if err.kind not in _OFFLINE_KINDS or not fall_back:
                raise
            return await self._stale(key, url, err)
        data = decode(response.content, url)
        self._store(self.cache, key, response.content)
        return Fetched(data, url)

    def peek(self, url: str, *, prefer: str | None = None) -> Fetched | None:
        """A fresh cached answer for ``url``, read synchronously, or ``None``: no token
        source call, no network. Lets a screen paint cached rows in its very first frame
        (one indexed SQLite read and a decode: ~1 ms for a 100-row page)."""
        url = self.transport.url(url)
        cache = self.cache
        if cache is None:
            return None
        self.transport.check_origin(url)
        if _RUN_PATH.search(urlsplit(url).path):
            return None
        identity = self._identity or self.transport.auth.identity_hint()
        if identity is None:
            return None
        key = cache_key("GET", url, prefer, identity)
        entry = None if key in self._writes else cache.get(key)
        if entry is None or not entry.fresh:
            return None
        try:
            return Fetched(loads(entry.body), url, cached_at=entry.stored_at)
        except ValueError:
            return None

    def _mode(self, url: str, cached: CacheMode | None) -> CacheMode:
        default = "fallback" if _RUN_PATH.search(urlsplit(url).path) else "prefer"
        return self.mode or cached or default

    async def _stale(self, key: str, url: str, err: ApiError) -> Fetched:
        """The cached copy of ``url``, however old, after ``err``; OFFLINE when none."""
        hit = await self._cached(key)
        if hit is None:
            raise offline(err) from None  # the hint says "not in the cache"
        return Fetched(hit[0], url, cached_at=hit[1].stored_at, stale=True,
                       stale_because=stale_words(err.kind))

    async def _cache_only(self, url: str, prefer: str | None) -> Fetched:
        """The cached answer for ``url``, however old, with no request (see :meth:`get_json`)."""
        identity = self._identity or self.transport.auth.identity_hint()
        hit = None
        if self.cache is not None and identity is not None:
            hit = await self._cached(cache_key("GET", url, prefer, identity))
        if hit is None:
            raise not_cached(url)
        return Fetched(hit[0], url, cached_at=hit[1].stored_at, stale=not hit[1].fresh)

    def _store(self, cache: "ResponseCache", key: str, body: bytes) -> None:
        """Write ``body`` to the cache in the background (compressing and storing a 1,000-row
        page takes ~5 ms, which paging need not wait for); reads of ``key`` wait for it."""
        previous = self._writes.get(key)
        received = cache.clock()

        async def write() -> bool:
            if previous is not None:
                await asyncio.wait([previous])
            return await cache.aput(key, body, stored_at=received)

        def forget(done: asyncio.Task[bool]) -> None:
            if self._writes.get(key) is done:
                del self._writes[key]

        task = asyncio.get_running_loop().create_task(write())
        self._writes[key] = task
        task.add_done_callback(forget)

    async def _key(self, url: str, prefer: str | None) -> str | None:
        """The cache key for a GET of ``url`` by the current user (``None``: no token)."""
        auth = self.transport.auth
        try:
            token = await auth.token()
        except ApiError as err:  # a token refresh that needs the network: reuse the last user
            self._identity = self._identity or auth.identity_hint()
            if err.kind not in _OFFLINE_KINDS or self._identity is None:
                raise
        else:
            if not token:
                return None
            self._identity = token_identity(token)
        return cache_key("GET", url, prefer, self._identity) if self._identity else None

    async def _cached(self, key: str) -> "tuple[Any, CacheEntry] | None":
        """The decoded cached body for ``key``; an undecodable entry is dropped."""
        assert self.cache is not None
        pending = self._writes.get(key)
        if pending is not None:
            await asyncio.wait([pending])
        entry = await self.cache.aget(key)
        if entry is None:
            return None
        try:
            return loads(entry.body), entry
        except ValueError:
            await self.cache.adelete(key)
            return None
