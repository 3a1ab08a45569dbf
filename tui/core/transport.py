"""The one HTTP connection to the API: the origin guard, auth, retries and deadlines.

Every request goes through :class:`Transport`: the bearer token only ever goes to the base
URL's origin, a 401 gets one token refresh, a 429 is retried (bounded, honouring
``Retry-After``), each request has an overall deadline, and every transport failure is an
:class:`~tui.core.errors.ApiError`. The ``Accept`` header (which selects the API version) is
chosen per path from one table, :data:`ACCEPT_BY_PATH`.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from tui.core.auth import StaticToken, TokenSource
from tui.core.errors import (
    bad_link,
    error_from_response,
    no_token,
    redirected,
    timed_out,
    unreachable,
    unsafe_link,
)
from tui.core.limits import REQUEST_DEADLINE, RETRY_BACKOFF
from tui.core.urls import is_valid, redact, resolve, same_origin
from tui.core.version import USER_AGENT

if TYPE_CHECKING:
    import httpx

DEFAULT_BASE_URL = "https://api.bentley.com"
ACCEPT_V1 = "application/vnd.bentley.itwin-platform.v1+json"
ACCEPT_V2 = "application/vnd.bentley.itwin-platform.v2+json"
#: The ``Accept`` header for every API not in :data:`ACCEPT_BY_PATH`.
ACCEPT = ACCEPT_V1
#: The API version each API wants, by the first segment of its path (lower case): the
#: iModels API answers only v2 (406 to v1); Library, Export and iTwins want v1.
ACCEPT_BY_PATH: Mapping[str, str] = {"imodels": ACCEPT_V2}


def accept_for(url: str, base_url: str = "") -> str:
    """The ``Accept`` header for a request to ``url`` (a path below ``base_url``'s)."""
    path = urlsplit(url).path
    base_path = urlsplit(base_url).path.rstrip("/")
    if base_path and path.lower().startswith(base_path.lower() + "/"):
        path = path[len(base_path):]
    first = path.lstrip("/").split("/", 1)[0].lower()
    return ACCEPT_BY_PATH.get(first, ACCEPT)


def build_query(params: Mapping[str, str | int | None]) -> str:
    """Query string keeping ``$`` and ``,`` literal, as the API documents them."""
    pairs = [
        f"{quote(str(k), safe='$')}={quote(str(v), safe=',:')}"
        for k, v in params.items()
        if v is not None and v != ""
    ]
    return "&".join(pairs)


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


class Transport:
    """One ``httpx.AsyncClient`` per app; the token only ever goes to ``base_url``'s origin."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        auth: TokenSource | str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_wait: float = 60.0,
        retry_backoff: float = RETRY_BACKOFF,
        deadline: float = REQUEST_DEADLINE,
        user_agent: str = USER_AGENT,
    ) -> None:
        """``timeout`` bounds each read, ``deadline`` a whole request with its answer."""
        self.base_url = base_url.rstrip("/")
        self.auth: TokenSource = auth if not isinstance(auth, str | None) else StaticToken(auth)
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.retry_backoff = retry_backoff
        self.deadline = deadline
        self.user_agent = user_agent
        self._transport = transport
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    @property
    def http(self) -> httpx.AsyncClient:
        """The HTTP client, made on first use: importing httpx and building its TLS context
        take ~80 ms, which a start served from the disk cache does not need to wait for."""
        if self._client is None:
            import httpx

            self._client = httpx.AsyncClient(
                transport=self._transport,
                timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0)),
                follow_redirects=False,
                headers={"User-Agent": self.user_agent},
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()

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
            raise unsafe_link(url, self.base_url)

    async def send(self, url: str, *, prefer: str | None = None, stream: bool = False,
                   sent: asyncio.Event | None = None, redirects: bool = False
                   ) -> httpx.Response:
        """GET ``url`` with auth, retrying 429 (bounded) and one 401 after a token refresh.

        A 2xx response is returned (with ``redirects``, a 3xx too: the caller follows it,
        checking where it leads); any other status is an :class:`ApiError`. With
        ``stream`` the body is left unread (the caller reads it under its own deadline),
        else it is read within :attr:`deadline`. ``sent`` is set once the request is on the
        wire (httpcore's ``trace`` extension).
        """
        import httpx

        extensions = {"trace": _signal_when_sent(sent)} if sent is not None else None
        deadline = None if stream else self.deadline

        async def open_one(headers: dict[str, str]) -> httpx.Response:
            try:
                request = self.http.build_request("GET", url, headers=headers,
                                                  extensions=extensions)
                async with asyncio.timeout(deadline):
                    return await self.http.send(request, stream=stream)
            except TimeoutError:
                raise timed_out(url, deadline) from None
            except httpx.TimeoutException:
                raise timed_out(url) from None
            except httpx.InvalidURL:
                raise bad_link(url) from None
            except httpx.TransportError as exc:
                raise unreachable(self.base_url, url, exc) from None

        return await self._retrying(url, open_one, prefer, redirects)

    async def _retrying(self, url: str,
                        open_one: Callable[[dict[str, str]], Awaitable[httpx.Response]],
                        prefer: str | None, redirects: bool = False) -> httpx.Response:
        """``open_one(headers)`` until an answer is final: one 401 after a token refresh,
        429s while :attr:`max_retries` and :attr:`max_retry_wait` allow."""
        self.check_origin(url)
        refreshed = False
        attempt = 0
        while True:
            response = await open_one(await self._headers(url, prefer))
            if 200 <= response.status_code < 300 or (redirects and is_redirect(response)):
                return response
            body = await response.aread()
            await response.aclose()
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code == 401 and not refreshed and await self.auth.refresh():
                refreshed = True
                continue
            if 300 <= response.status_code < 400:  # follow_redirects=False: never followed
                raise redirected(response.status_code, response.headers.get("Location"),
                                 redact(url))
            wait = self._retry_wait(response.status_code, attempt, retry_after)
            if wait is None:
                raise error_from_response(response.status_code, body, url=redact(url),
                                          retry_after=retry_after)
            attempt += 1
            await asyncio.sleep(wait)

    async def _headers(self, url: str, prefer: str | None) -> dict[str, str]:
        token = await self.auth.token()
        if not token:
            raise no_token()
        return {"Authorization": f"Bearer {token}", **self.request_headers(url, prefer)}

    def request_headers(self, url: str, prefer: str | None = None) -> dict[str, str]:
        """The headers a request to ``url`` carries besides ``Authorization`` (and the
        client's ``User-Agent``): the API version's ``Accept``, and ``Prefer`` when given."""
        headers = {"Accept": accept_for(url, self.base_url)}
        if prefer:
            headers["Prefer"] = prefer
        return headers

    def _retry_wait(self, status: int, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before trying a 429 again; ``None``: no retry."""
        if status != 429 or attempt >= self.max_retries:
            return None
        wait = self.retry_backoff if retry_after is None else retry_after
        return wait if wait <= self.max_retry_wait else None


#: Statuses that send the client elsewhere (``Location``); 304 is not one.
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def is_redirect(response: httpx.Response) -> bool:
    return response.status_code in REDIRECTS


def _signal_when_sent(sent: asyncio.Event) -> Callable[[str, dict[str, Any]], Awaitable[None]]:
    """An httpcore ``trace`` callback that sets ``sent`` once the request body is written."""

    async def trace(event: str, info: dict[str, Any]) -> None:
        if event.endswith("send_request_body.complete"):
            sent.set()

    return trace
