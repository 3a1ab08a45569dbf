"""Async client for the iTwin Platform Library and Export APIs (and the iTwins and iModels
APIs that name their projects and iModels): the endpoints.

How a request travels (origin guard, auth, retries, deadlines, ``Accept``) is
:mod:`tui.core.transport`; when the disk cache answers is :mod:`tui.core.cached`. This module
says which paths, parameters and models each endpoint has.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.core.cached import CachedGets, CacheMode, Fetched
from tui.core.errors import ANALYTICS, FILE, ApiError, missing_member, timed_out
from tui.core.limits import DOWNLOAD_DEADLINE, MAX_ROWS, REQUEST_DEADLINE, RETRY_BACKOFF
from tui.core.models import Component
from tui.core.paging import Pager
from tui.core.transport import DEFAULT_BASE_URL, Transport

if TYPE_CHECKING:
    import httpx

    from tui.core.auth import TokenSource
    from tui.core.brand_catalog import Brand, Catalog
    from tui.core.cache import ResponseCache
    from tui.core.component_parts import Document
    from tui.core.download_stream import DownloadStream
    from tui.core.export_models import ExportConnection, ExportRun
    from tui.core.twin_models import IModel, Project

__all__ = ["DEFAULT_BASE_URL", "MAX_PAGE_SIZE", "CacheMode", "Fetched", "ItwinClient",
           "api_search", "split_ids"]

#: One item of each kind, by kind (``{}``: its id, as one path segment).
ITEM_PATHS = {"component": "/library/components/{}", "brand": "/library/brands/{}",
              "catalog": "/library/catalogs/{}", "connection": "/export/connections/{}"}
PREFER_FULL = "return=representation"
PREFER_MINIMAL = "return=minimal"
MAX_PAGE_SIZE = 1000


def api_search(term: str) -> str | None:
    """The API's ``$search`` for a typed term. The API looks for the string in names and
    hashtags, and stores hashtags without the ``#`` the table shows them with: ``#steel``
    means the hashtag ``steel``."""
    return term.lstrip("#").strip() or None


def split_ids(text: str) -> list[str]:
    """Comma-separated ids as typed (``"a, b,,c"``) → ``["a", "b", "c"]``, for ``catalogs``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def _id(value: str) -> str:
    """An id as one path segment."""
    return quote(value, safe="")


class ItwinClient:
    """The API's endpoints, over one :class:`Transport` and the cache policy."""

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
        cache_mode: CacheMode | None = None,
    ) -> None:
        """``timeout`` bounds each read; ``deadline`` a whole request with its answer, and
        ``download_deadline`` the analytics download. ``max_rows`` bounds each listing;
        ``cache_mode`` is every GET's (see :meth:`CachedGets.get_json`)."""
        self.transport = Transport(base_url, auth, transport=transport, timeout=timeout,
                                   max_retries=max_retries, max_retry_wait=max_retry_wait,
                                   retry_backoff=retry_backoff, deadline=deadline)
        self.gets = CachedGets(self.transport, cache, cache_mode)
        self.page_size = max(1, min(page_size, MAX_PAGE_SIZE))
        self.download_deadline = download_deadline
        self.max_rows = max(1, max_rows)

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    @property
    def auth(self) -> TokenSource:
        return self.transport.auth

    @property
    def deadline(self) -> float:
        return self.transport.deadline

    @property
    def cache(self) -> ResponseCache | None:
        return self.gets.cache

    @property
    def writes_pending(self) -> bool:
        """Whether answers are still being written to the disk cache (in the background)."""
        return self.gets.writing

    async def __aenter__(self) -> ItwinClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.gets.aclose()
        await self.transport.aclose()

    # -- requests ------------------------------------------------------------------------

    def url(self, path_or_href: str, params: Mapping[str, str | int | None] | None = None) -> str:
        """Absolute URL for an API path or a link href, with an optional query."""
        return self.transport.url(path_or_href, params)

    def check_origin(self, url: str) -> None:
        """Refuse a URL that is not valid or not on the API's origin (see Transport)."""
        self.transport.check_origin(url)

    def item_url(self, kind: str, item_id: str) -> str:
        """The URL of one item of ``kind`` (a key of :data:`ITEM_PATHS`)."""
        return self.url(ITEM_PATHS[kind].format(_id(item_id)))

    def curl(self, path_or_href: str, *, prefer: str | None = None,
             token_variable: str) -> str:
        """A ``curl`` command making the request the app makes for ``path_or_href``, with
        its headers and the token read from ``$token_variable``; never the token itself.
        A URL off the API's origin is refused (``ApiError``), as the app refuses it."""
        from tui.core.curl import curl_command  # only when one is copied (C)

        url = self.url(path_or_href)
        self.check_origin(url)
        return curl_command(url, self.transport.request_headers(url, prefer), token_variable)

    async def get_json(self, url: str, *, prefer: str | None = None, refresh: bool = False,
                       cached: CacheMode | None = None, sent: asyncio.Event | None = None
                       ) -> Fetched:
        """GET and decode ``url`` with the cache policy (:meth:`CachedGets.get_json`)."""
        return await self.gets.get_json(url, prefer=prefer, refresh=refresh, cached=cached,
                                        sent=sent)

    def peek(self, url: str, *, prefer: str | None = None) -> Fetched | None:
        """A fresh cached answer for ``url``, synchronously, or ``None`` (no request)."""
        return self.gets.peek(url, prefer=prefer)

    # -- collections -----------------------------------------------------------------------

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
        params = {"$top": self._top(top), "$search": search}
        return Pager(self, self.url(f"/library/brands/{_id(brand_id)}/components", params),
                     key="components", parse=lambda d: Component.from_json(d, full=full),
                     prefer=PREFER_FULL if full else PREFER_MINIMAL)

    def brands(self) -> Pager[Brand]:
        """``GET /library/brands``."""
        from tui.core.brand_catalog import Brand

        return Pager(self, self.url("/library/brands"), key="brands", parse=Brand.from_json)

    def catalogs(self, search: str | None = None, *, full: bool = True,
                 top: int | None = None) -> Pager[Catalog]:
        """``GET /library/catalogs`` (``$search`` matches names and hashtags)."""
        from tui.core.brand_catalog import Catalog

        params = {"$top": self._top(top), "$search": search}
        return Pager(self, self.url("/library/catalogs", params), key="catalogs",
                     parse=Catalog.from_json, prefer=PREFER_FULL if full else PREFER_MINIMAL)

    def export_connections(self, imodel_id: str, *, top: int | None = None
                           ) -> Pager[ExportConnection]:
        """``GET /export/connections?imodelId=``."""
        from tui.core.export_models import ExportConnection

        params = {"imodelId": imodel_id, "$top": self._top(top)}
        return Pager(self, self.url("/export/connections", params), key="connections",
                     parse=ExportConnection.from_json)

    def component_part(self, component_id: str, part: str, *, top: int | None = None,
                       max_items: int | None = None) -> Pager[Any]:
        """A component's ``files`` (``/documents``), ``variations`` or ``weblinks``, as a
        pager of their models (see :mod:`tui.core.component_parts`)."""
        from tui.core.component_parts import PARSERS, PARTS

        segment, key = PARTS[part]
        url = self.url(f"/library/components/{_id(component_id)}/{segment}",
                       {"$top": self._top(top)})
        return Pager(self, url, key=key, parse=PARSERS[part], max_items=max_items)

    def projects(self, search: str | None = None, *, top: int | None = None
                 ) -> Pager[Project]:
        """``GET /itwins?subClass=Project`` (``$search`` matches names and numbers)."""
        return self._itwins("/itwins", search, top)

    def recent_projects(self, *, top: int | None = None) -> Pager[Project]:
        """``GET /itwins/recents?subClass=Project``: the projects the user opened lately."""
        return self._itwins("/itwins/recents", None, top)

    def favorite_projects(self, *, top: int | None = None) -> Pager[Project]:
        """``GET /itwins/favorites?subClass=Project``."""
        return self._itwins("/itwins/favorites", None, top)

    def _itwins(self, path: str, search: str | None, top: int | None) -> Pager[Project]:
        from tui.core.twin_models import Project

        params = {"subClass": "Project", "$search": search, "$top": self._top(top)}
        return Pager(self, self.url(path, params), key="iTwins", parse=Project.from_json)

    def imodels(self, itwin_id: str, search: str | None = None, *, full: bool = False,
                top: int | None = None) -> Pager[IModel]:
        """``GET /imodels?iTwinId=`` (the iModels API, v2): a project's iModels."""
        from tui.core.twin_models import IModel

        params = {"iTwinId": itwin_id, "$search": search, "$top": self._top(top)}
        return Pager(self, self.url("/imodels", params), key="iModels", parse=IModel.from_json,
                     prefer=PREFER_FULL if full else PREFER_MINIMAL)

    # -- single resources ----------------------------------------------------------------

    async def component(self, component_id: str) -> Component:
        fetched = await self.get_json(self.item_url("component", component_id))
        return Component.from_json(_member(fetched, "component"), full=True)

    async def brand(self, brand_id: str) -> Brand:
        from tui.core.brand_catalog import Brand

        fetched = await self.get_json(self.item_url("brand", brand_id))
        return Brand.from_json(_member(fetched, "brand"))

    async def catalog(self, catalog_id: str) -> Catalog:
        from tui.core.brand_catalog import Catalog

        fetched = await self.get_json(self.item_url("catalog", catalog_id))
        return Catalog.from_json(_member(fetched, "catalog"))

    async def project(self, project_id: str) -> Project:
        """``GET /itwins/{id}``: one project (iTwin)."""
        from tui.core.twin_models import Project

        fetched = await self.get_json(f"/itwins/{_id(project_id)}")
        return Project.from_json(_member(fetched, "iTwin"))

    async def imodel(self, imodel_id: str) -> IModel:
        """``GET /imodels/{id}``: one iModel, with its name and ``iTwinId``."""
        from tui.core.twin_models import IModel

        fetched = await self.get_json(f"/imodels/{_id(imodel_id)}")
        return IModel.from_json(_member(fetched, "iModel"))

    async def export_connection(self, connection_id: str) -> ExportConnection:
        from tui.core.export_models import ExportConnection

        fetched = await self.get_json(self.item_url("connection", connection_id))
        return ExportConnection.from_json(_member(fetched, "connection"))

    async def export_run(self, connection_id: str, run_id: str) -> ExportRun:
        return await self.run_at(f"/export/connections/{_id(connection_id)}/runs/{_id(run_id)}")

    async def run_at(self, href: str, *, cached: CacheMode | None = None) -> ExportRun:
        """An export run from its ``lastRun`` link: always asked of the API (a run changes
        state); by default the cached copy when the API cannot be reached, with
        ``cached="store"`` (watching) the failure instead."""
        from tui.core.export_models import ExportRun

        return ExportRun.from_json(_member(await self.get_json(href, cached=cached), "run"))

    async def document(self, component_id: str, document_id: str) -> Document:
        """One of a component's documents, asked of the API (never the cache): its file's
        signed address is fresh."""
        from tui.core.component_parts import Document

        fetched = await self.get_json(
            f"/library/components/{_id(component_id)}/documents/{_id(document_id)}",
            cached="fallback", refresh=True)
        return Document.from_json(_member(fetched, "document"))

    async def resource(self, href: str) -> Any:
        """Any linked resource (catalog, category, iModel…) as decoded JSON."""
        return (await self.get_json(href)).data

    # -- analytics download ----------------------------------------------------------------

    @asynccontextmanager
    async def analytics_download(self, start: str, end: str) -> AsyncIterator[DownloadStream]:
        """Stream the components-analytics CSV; ``start``/``end`` in the API's UTC format.

        Streamed through the transport like any request (auth, retries, proxies); everything
        done with the stream shares one overall deadline (``download_deadline``). Failures,
        reading the body included, are ApiErrors in the table's words for this download
        (``ApiError.during``).
        """
        from tui.core.download_stream import DownloadStream

        url = self.url("/library/components/analytics/download",
                       {"startDate": start, "endDate": end})
        async with _download_errors(url, self.download_deadline, ANALYTICS):
            response = await self.transport.send(url, stream=True)
            try:
                yield DownloadStream(response, url)
            finally:
                await response.aclose()

    @asynccontextmanager
    async def file_download(self, url: str) -> AsyncIterator[DownloadStream]:
        """Stream a document's file from its ``fileUrl`` (see :mod:`tui.core.storage`: the
        token only ever goes to the API; storage gets none), within ``download_deadline``.
        Failures are ApiErrors naming only the host."""
        from tui.core.storage import open_file, storage_host

        async with _download_errors(storage_host(self.url(url)), self.download_deadline,
                                    FILE), open_file(self.transport, url) as stream:
            yield stream


@asynccontextmanager
async def _download_errors(url: str, deadline: float, operation: str) -> AsyncIterator[None]:
    """Everything inside within ``deadline``; failures as ApiErrors of ``operation``."""
    from tui.core.download_stream import body_failure

    limit = asyncio.timeout(deadline)
    try:
        async with limit:
            yield
    except TimeoutError:
        if not limit.expired():
            raise
        raise timed_out(url, deadline, "The download did not finish") from None
    except ApiError as err:
        raise err.during(operation) from None
    except Exception as exc:
        failure = body_failure(exc, url)
        if failure is None:
            raise
        raise failure.during(operation) from None


def _member(fetched: Fetched, key: str) -> Any:
    data = fetched.data
    if isinstance(data, dict) and isinstance(data.get(key), dict):
        return data[key]
    raise missing_member(key, fetched.url)
