"""Async client for the iTwin Platform Library and Export APIs."""

from __future__ import annotations

import asyncio
import math
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, TypeVar
from urllib.parse import quote, urlsplit

from tui import __version__
from tui.core.auth import StaticToken, TokenSource
from tui.core.cache_key import cache_key, token_identity
from tui.core.errors import (
    ApiError,
    ErrorKind,
    bad_link,
    error_from_response,
    stale_words,
    timed_out,
)
from tui.core.jsonio import loads
from tui.core.limits import DOWNLOAD_DEADLINE, MAX_ROWS, REQUEST_DEADLINE, RETRY_BACKOFF
from tui.core.models import Brand, Component
from tui.core.paging import Pager
from tui.core.urls import is_valid, redact, resolve, same_origin

if TYPE_CHECKING:
    import httpx

    from tui.core.cache import CacheEntry, ResponseCache
    from tui.core.direct import DirectResponse
    from tui.core.download_stream import DownloadStream
    from tui.core.export_models import ExportConnection, ExportRun

DEFAULT_BASE_URL = "https://api.bentley.com"
ACCEPT = "application/vnd.bentley.itwin-platform.v1+json"
USER_AGENT = f"itwin-tui/{__version__}"
PREFER_FULL = "return=representation"
PREFER_MINIMAL = "return=minimal"
MAX_PAGE_SIZE = 1000

CacheMode = Literal["prefer", "fallback", "off"]
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


def build_query(params: Mapping[str, str | int | None]) -> str:
    """Query string keeping ``$`` and ``,`` literal, as the API documents them."""
    pairs = [
        f"{quote(str(k), safe='$')}={quote(str(v), safe=',:')}"
        for k, v in params.items()
        if v is not None and v != ""
    ]
    return "&".join(pairs)


class Reply(Protocol):
    """What the retry loop needs of a response: httpx's, or :class:`DirectResponse`."""

    @property
    def status_code(self) -> int: ...

    @property
    def headers(self) -> Any: ...  # case-insensitive ``get(name)``

    async def aread(self) -> bytes: ...

    async def aclose(self) -> None: ...


R = TypeVar("R", bound=Reply)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or HTTP date); ``None`` for
    anything else, ``nan``, ``inf`` and negative numbers included (the default back-off)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return seconds if math.isfinite(seconds) and seconds >= 0 else None
    import email.utils  # only for an HTTP-date Retry-After (rare): not loaded at start

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class ItwinClient:
    """One ``httpx.AsyncClient`` per app; the token only ever goes to ``base_url``'s origin."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        auth: TokenSource | str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        page_size: int = 100,
        max_retries: int = 3,
        max_retry_wait: float = 60.0,
        retry_backoff: float = RETRY_BACKOFF,
        cache: ResponseCache | None = None,
        deadline: float = REQUEST_DEADLINE,
        download_deadline: float = DOWNLOAD_DEADLINE,
        max_rows: int = MAX_ROWS,
    ) -> None:
        """``timeout`` bounds each read; ``deadline`` a whole request with its answer, and
        ``download_deadline`` the analytics download. ``max_rows`` bounds each listing."""
        self.base_url = base_url.rstrip("/")
        self.auth: TokenSource = auth if not isinstance(auth, str | None) else StaticToken(auth)
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.retry_backoff = retry_backoff
        self.deadline = deadline
        self.download_deadline = download_deadline
        self.max_rows = max(1, max_rows)
        self.cache = cache  # None: no disk cache (--no-cache, demo mode)
        self._identity: str | None = None  # hash of the last token's user, for cache keys
        self._transport = transport
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None
        self._writes: dict[str, asyncio.Task[bool]] = {}  # cache writes still running, by key

    @property
    def _http(self) -> httpx.AsyncClient:
        """The HTTP client, made on first use: importing httpx and building its TLS context
        take ~80 ms, which a start served from the disk cache does not need to wait for."""
        if self._client is None:
            import httpx

            _read_bigger_blocks()
            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self._timeout, connect=self._connect_timeout),
                follow_redirects=False,
                headers={"Accept": ACCEPT, "User-Agent": USER_AGENT},
            )
        return self._client

    @property
    def _connect_timeout(self) -> float:
        return min(self._timeout, 10.0)

    async def __aenter__(self) -> ItwinClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._writes:
            await asyncio.gather(*self._writes.values(), return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
        if self.cache is not None:
            self.cache.close()

    # -- low level -----------------------------------------------------------------

    def url(self, path_or_href: str, params: Mapping[str, str | int | None] | None = None) -> str:
        """Absolute URL for an API path or a link href, with an optional query."""
        url = resolve(path_or_href, self.base_url)
        query = build_query(params or {})
        if query:
            url += ("&" if "?" in url else "?") + query
        return url

    def check_origin(self, url: str) -> None:
        """Refuse any URL that is not valid, or whose scheme, host or port differs from the
        API base."""
        if not is_valid(url):
            raise bad_link(url)
        if not same_origin(url, self.base_url):
            raise ApiError(
                ErrorKind.UNSAFE_LINK,
                f"Refused to follow a link to another host ({redact(url)}); "
                f"the access token is only ever sent to {self.base_url}.",
                url=redact(url),
            )

    async def _send(self, url: str, *, prefer: str | None = None, stream: bool = False,
                    sent: asyncio.Event | None = None) -> httpx.Response:
        """GET ``url`` through httpx (see :meth:`_request`); ``sent`` is set once the
        request is on the wire (httpcore's ``trace`` extension)."""
        import httpx

        extensions = {"trace": _signal_when_sent(sent)} if sent is not None else None

        async def open_httpx(headers: dict[str, str]) -> httpx.Response:
            # A streamed body is read later: its deadline is the caller's.
            deadline = None if stream else self.deadline
            try:
                request = self._http.build_request("GET", url, headers=headers,
                                                   extensions=extensions)
                async with asyncio.timeout(deadline):
                    return await self._http.send(request, stream=stream)
            except TimeoutError:
                raise timed_out(url, deadline) from None
            except httpx.TimeoutException:
                raise timed_out(url) from None
            except httpx.InvalidURL:
                raise bad_link(url) from None
            except httpx.TransportError as exc:
                raise self._unreachable(url, exc) from None

        return await self._request(url, open_httpx, prefer=prefer)

    async def _open_direct(self, url: str, headers: dict[str, str]) -> DirectResponse:
        """One GET with the standard library (:mod:`tui.core.direct`), headers as httpx's."""
        import http.client

        from tui.core.direct import open_direct

        headers = {**headers, "Accept": ACCEPT, "User-Agent": USER_AGENT,
                   "Accept-Encoding": "identity"}
        try:
            return await open_direct(url, headers, connect_timeout=self._connect_timeout,
                                     read_timeout=self._timeout)
        except TimeoutError:
            raise timed_out(url) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._unreachable(url, exc) from None

    async def _request(self, url: str, open_one: Callable[[dict[str, str]], Awaitable[R]], *,
                       prefer: str | None = None) -> R:
        """GET ``url`` with auth, retrying 429 (bounded) and one 401 after a token refresh.

        ``open_one(headers)`` sends one request with the auth (and ``Prefer``) headers and
        returns the response with its body still unread; transport failures are ApiErrors.
        """
        self.check_origin(url)
        refreshed = False
        attempt = 0
        while True:
            token = await self.auth.token()
            if not token:
                raise ApiError(ErrorKind.NO_TOKEN, "No access token is configured.")
            headers = {"Authorization": f"Bearer {token}"}
            if prefer:
                headers["Prefer"] = prefer
            response = await open_one(headers)
            if 200 <= response.status_code < 300:
                return response
            body = await response.aread()
            await response.aclose()
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code == 401 and not refreshed and await self.auth.refresh():
                refreshed = True
                continue
            if response.status_code == 429 and attempt < self.max_retries:
                wait = self.retry_backoff if retry_after is None else retry_after
                if wait <= self.max_retry_wait:
                    attempt += 1
                    await asyncio.sleep(wait)
                    continue
            raise error_from_response(response.status_code, body, url=redact(url),
                                      retry_after=retry_after)

    def _unreachable(self, url: str, exc: Exception) -> ApiError:
        return ApiError(ErrorKind.CONNECTION, f"Cannot reach {redact(self.base_url)}: "
                        f"{exc or type(exc).__name__}", url=redact(url))

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
        - ``"off"``: neither read nor write the cache.

        ``sent``, if given, is set when the request has been written (never for a cache hit).

        Every successful answer is stored. When the API cannot be reached (connection error,
        timeout, 5xx), the cached entry, however old, is returned with ``stale=True``; with no
        entry, ``ApiError(OFFLINE)`` is raised. Without a cache the original error is raised.
        """
        url = self.url(url)
        self.check_origin(url)
        mode = cached or ("fallback" if _RUN_PATH.search(urlsplit(url).path) else "prefer")
        cache = self.cache if mode != "off" else None
        key = await self._cache_key(url, prefer) if cache is not None else None
        if cache is None or key is None:
            response = await self._send(url, prefer=prefer, sent=sent)
            return Fetched(self._decode(response.content, url), url)
        if mode == "prefer" and not refresh:
            hit = await self._cached(key, url)
            if hit is not None and hit[1].fresh:
                return Fetched(hit[0], url, cached_at=hit[1].stored_at)
        try:
            response = await self._send(url, prefer=prefer, sent=sent)
        except ApiError as err:
            if err.kind not in _OFFLINE_KINDS:
                raise
            hit = await self._cached(key, url)
            if hit is None:
                raise ApiError(ErrorKind.OFFLINE, err.message, status=err.status,
                               url=err.url) from None  # the hint says "not in the cache"
            return Fetched(hit[0], url, cached_at=hit[1].stored_at, stale=True,
                           stale_because=stale_words(err.kind))
        data = self._decode(response.content, url)
        self._store(cache, key, response.content)
        return Fetched(data, url)

    def _store(self, cache: ResponseCache, key: str, body: bytes) -> None:
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

    async def _cache_key(self, url: str, prefer: str | None) -> str | None:
        """The cache key for a GET of ``url`` by the current user (``None``: no token)."""
        self.check_origin(url)
        try:
            token = await self.auth.token()
        except ApiError as err:  # a token refresh that needs the network: reuse the last user
            self._identity = self._identity or self.auth.identity_hint()
            if err.kind not in _OFFLINE_KINDS or self._identity is None:
                raise
        else:
            if not token:
                return None
            self._identity = token_identity(token)
        return cache_key("GET", url, prefer, self._identity) if self._identity else None

    def peek(self, url: str, *, prefer: str | None = None) -> Fetched | None:
        """A fresh cached answer for ``url``, read synchronously, or ``None``: no token
        source call, no network. Lets a screen paint cached rows in its very first frame
        (one indexed SQLite read and a decode: ~1 ms for a 100-row page)."""
        url = self.url(url)
        cache = self.cache
        if cache is None:
            return None
        self.check_origin(url)
        if _RUN_PATH.search(urlsplit(url).path):
            return None
        identity = self._identity or self.auth.identity_hint()
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

    async def _cached(self, key: str, url: str) -> tuple[Any, CacheEntry] | None:
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

    @staticmethod
    def _decode(body: bytes, url: str) -> Any:
        try:
            return loads(body)
        except ValueError:
            snippet = body[:80].decode("utf-8", "replace")
            raise ApiError(ErrorKind.BAD_RESPONSE, f"The server sent malformed JSON: {snippet!r}",
                           url=redact(url)) from None

    # -- collections -----------------------------------------------------------------

    def _top(self, top: int | None) -> int:
        return max(1, min(top or self.page_size, MAX_PAGE_SIZE))

    def components(self, *, search: str | None = None, project_id: str | None = None,
                   catalogs: list[str] | None = None, full: bool = False,
                   top: int | None = None) -> Pager[Component]:
        """``GET /library/components`` as a lazy pager."""
        params = {"$top": self._top(top), "$search": search, "projectId": project_id,
                  "catalogs": ",".join(catalogs) if catalogs else None}
        return Pager(self, self.url("/library/components", params), key="components",
                     parse=lambda d: Component.from_json(d, full=full),
                     prefer=PREFER_FULL if full else PREFER_MINIMAL)

    def brand_components(self, brand_id: str, *, search: str | None = None, full: bool = False,
                         top: int | None = None) -> Pager[Component]:
        """``GET /library/brands/{brandId}/components`` as a lazy pager."""
        path = f"/library/brands/{quote(brand_id, safe='')}/components"
        params = {"$top": self._top(top), "$search": search}
        return Pager(self, self.url(path, params), key="components",
                     parse=lambda d: Component.from_json(d, full=full),
                     prefer=PREFER_FULL if full else PREFER_MINIMAL)

    def brands(self) -> Pager[Brand]:
        """``GET /library/brands``."""
        return Pager(self, self.url("/library/brands"), key="brands", parse=Brand.from_json)

    def export_connections(self, imodel_id: str, *, top: int | None = None
                           ) -> Pager[ExportConnection]:
        """``GET /export/connections?imodelId=``."""
        from tui.core.export_models import ExportConnection

        params = {"imodelId": imodel_id, "$top": self._top(top)}
        return Pager(self, self.url("/export/connections", params), key="connections",
                     parse=ExportConnection.from_json)

    # -- single resources ------------------------------------------------------------

    async def component(self, component_id: str) -> Component:
        fetched = await self.get_json(f"/library/components/{quote(component_id, safe='')}")
        return Component.from_json(_member(fetched, "component"), full=True)

    async def brand(self, brand_id: str) -> Brand:
        fetched = await self.get_json(f"/library/brands/{quote(brand_id, safe='')}")
        return Brand.from_json(_member(fetched, "brand"))

    async def export_connection(self, connection_id: str) -> ExportConnection:
        from tui.core.export_models import ExportConnection

        fetched = await self.get_json(f"/export/connections/{quote(connection_id, safe='')}")
        return ExportConnection.from_json(_member(fetched, "connection"))

    async def export_run(self, connection_id: str, run_id: str) -> ExportRun:
        path = (f"/export/connections/{quote(connection_id, safe='')}"
                f"/runs/{quote(run_id, safe='')}")
        return await self.run_at(path)

    async def run_at(self, href: str) -> ExportRun:
        """An export run from its ``lastRun`` link."""
        from tui.core.export_models import ExportRun

        return ExportRun.from_json(_member(await self.get_json(href), "run"))

    async def resource(self, href: str) -> Any:
        """Any linked resource (catalog, category, iModel…) as decoded JSON."""
        return (await self.get_json(href)).data

    # -- analytics download ------------------------------------------------------------

    @asynccontextmanager
    async def analytics_download(self, start: str, end: str) -> AsyncIterator[DownloadStream]:
        """Stream the components-analytics CSV; ``start``/``end`` in the API's UTC format.

        Straight to the API host (no injected transport, no proxy), the body comes through
        the standard library (:mod:`tui.core.direct`): twice httpx's pace on a fast link.
        Everything done with the stream shares one overall deadline (``download_deadline``).
        """
        from tui.core.download_stream import DownloadStream

        url = self.url("/library/components/analytics/download",
                       {"startDate": start, "endDate": end})
        limit = asyncio.timeout(self.download_deadline)
        try:
            async with limit:
                response = await self._open_download(url)
                try:
                    yield DownloadStream(response, url)
                finally:
                    await response.aclose()
        except TimeoutError:
            if not limit.expired():
                raise
            raise timed_out(url, self.download_deadline, "The download did not finish") from None

    async def _open_download(self, url: str) -> httpx.Response | DirectResponse:
        """The analytics response, headers read and body not (see analytics_download)."""
        from tui.core.direct import goes_direct
        from tui.core.download_stream import encoded

        if self._transport is None and goes_direct(url):
            response = await self._request(url, partial(self._open_direct, url))
            if not encoded(response):
                return response
            await response.aclose()  # identity was asked for: let httpx decode this server's
        return await self._send(url, stream=True)


#: Socket read size for HTTP/1.1 bodies (httpcore reads 64 KiB at a time by default).
READ_BLOCK = 256 * 1024


def _read_bigger_blocks() -> None:
    """Let httpcore read bodies in 256 KiB blocks: a big body (1,000-row pages, the analytics
    CSV where it goes through httpx) then takes a quarter of the trips through the event loop.
    A class-level knob of httpcore; without it (another version) nothing changes."""
    try:
        from httpcore import AsyncHTTP11Connection
    except ImportError:  # pragma: no cover - httpx always brings httpcore
        return
    if getattr(AsyncHTTP11Connection, "READ_NUM_BYTES", READ_BLOCK) < READ_BLOCK:
        AsyncHTTP11Connection.READ_NUM_BYTES = READ_BLOCK


def _signal_when_sent(sent: asyncio.Event) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """An httpcore ``trace`` callback that sets ``sent`` once the request body is written."""

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_body.complete"):
            sent.set()

    return trace


def _member(fetched: Fetched, key: str) -> Any:
    data = fetched.data
    if isinstance(data, dict) and isinstance(data.get(key), dict):
        return data[key]
    raise ApiError(ErrorKind.BAD_RESPONSE, f"The response has no '{key}' object.",
                   url=redact(fetched.url))
