"""``FakeApi``: the transport-independent request handler of the fake iTwin Platform."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urlsplit

from tui.fake import component_routes, export_routes, library_routes, twin_routes
from tui.fake.data import FakeData
from tui.fake.faults import Faults
from tui.fake.responses import (
    HEADER_NOT_FOUND,
    ApiRequest,
    FakeResponse,
    RecordedRequest,
    error_response,
    standard_error,
)
from tui.fake.storage import FakeStorage

__all__ = ["FakeApi", "FakeResponse", "Handler", "RecordedRequest", "Route"]

Handler = Callable[[ApiRequest], FakeResponse]

_VERSION_RE = re.compile(r"application/vnd\.bentley\.itwin-platform\.v(\d+)\+json", re.I)


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    auth: bool
    version: int | None


class FakeApi:
    """Answers requests like api.bentley.com would, from ``data``.

    ``valid_tokens=None`` accepts any non-empty bearer token. Every request is appended to
    ``requests`` before fault rules and routing; handler exceptions become 500s and are kept
    in ``errors``. Document files are served by ``storage``, a host of its own.
    """

    def __init__(self, data: FakeData | None = None, *,
                 valid_tokens: set[str] | None = None) -> None:
        self.data = data if data is not None else FakeData()
        self.valid_tokens = set(valid_tokens) if valid_tokens is not None else None
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self.errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._routes: list[Route] = []
        self.storage = FakeStorage(component_routes.blob_resolver(self.data))
        for module in (library_routes, component_routes, export_routes, twin_routes):
            module.register(self)

    def route(self, method: str, pattern: str, handler: Handler, *, auth: bool = True,
              version: int | None = 1) -> None:
        """Add a route; ``pattern`` must match the whole path (case-insensitive).

        Routes added later win over earlier ones. ``auth=False`` skips the bearer check
        (e.g. ``/connect/token``). Named groups arrive in ``ApiRequest.params``.
        ``version``: the API version the ``Accept`` header must select (see ``_version``).
        """
        route = Route(method.upper(), re.compile(pattern, re.IGNORECASE), handler, auth,
                      version)
        with self._lock:
            self._routes.insert(0, route)

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def handle(self, method: str, url: str, headers: Mapping[str, str],
               body: bytes = b"") -> FakeResponse:
        """Answer one request; ``url`` is absolute (``scheme://host:port/path?query``)."""
        method = method.upper()
        parts = urlsplit(url)
        path = unquote(parts.path) or "/"
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        lowered = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            self.requests.append(RecordedRequest(method, url, path, dict(pairs), lowered))
        req = ApiRequest(method, url, f"{parts.scheme}://{parts.netloc}", path,
                         {k.lower(): v for k, v in pairs}, lowered, body)
        rule = self.faults.take(method, path)
        if rule is None:
            resp = self._dispatch(req)
        elif rule.status is not None:
            resp = rule.response()
        else:  # the route answers, and the rule bends its answer
            req.query.update((k.lower(), v) for k, v in rule.query.items())
            resp = rule.bend(self._dispatch(req), req)
        resp.delay += self.faults.latency
        if not isinstance(resp.body, bytes):
            resp.chunk_delay = max(resp.chunk_delay, self.faults.chunk_delay)
        if method == "HEAD":
            resp.body = b""
        return resp

    def _dispatch(self, req: ApiRequest) -> FakeResponse:
        path = req.path.rstrip("/") or "/"
        allowed: list[str] = []
        with self._lock:
            routes = list(self._routes)
        for route in routes:
            match = route.pattern.fullmatch(path)
            if match is None:
                continue
            if route.method != req.method and not (req.method == "HEAD"
                                                   and route.method == "GET"):
                allowed.append(route.method)
                continue
            req.params = {k: v for k, v in match.groupdict().items() if v is not None}
            return self._call(route, req)
        if allowed:
            code, _ = standard_error(405)
            message = f"The HTTP method '{req.method}' is not allowed for this resource."
            return error_response(405, code, message,
                                  headers=[("Allow", ", ".join(sorted(set(allowed))))])
        return error_response(404)

    def _call(self, route: Route, req: ApiRequest) -> FakeResponse:
        """Check the token and the API version, then run the handler (exceptions → 500)."""
        failure = (self._authenticate(req) if route.auth else None) or _version(req, route)
        if failure is not None:
            return failure
        try:
            return route.handler(req)
        except Exception as exc:
            with self._lock:
                self.errors.append(exc)
            return error_response(500)

    def _authenticate(self, req: ApiRequest) -> FakeResponse | None:
        """None when the bearer token is acceptable (and sets ``req.token``), else a 401."""
        value = req.headers.get("authorization")
        if value is None:
            return error_response(401, "HeaderNotFound", HEADER_NOT_FOUND,
                                  headers=[("WWW-Authenticate", "Bearer")])
        scheme, _, token = value.strip().partition(" ")
        token = token.strip()
        if (scheme.lower() != "bearer" or not token
                or (self.valid_tokens is not None and token not in self.valid_tokens)):
            return error_response(401, "InvalidToken",
                                  headers=[("WWW-Authenticate", 'Bearer error="invalid_token"')])
        req.token = token
        return None


def _version(req: ApiRequest, route: Route) -> FakeResponse | None:
    """None when ``Accept`` selects the route's API version, else a 406.

    An ``Accept`` naming no ``vnd.bentley.itwin-platform.vN+json`` type selects v1 (the
    v1 APIs answer it); a v2 API (iModels) wants its type named.
    """
    if route.version is None:
        return None
    asked = {int(v) for v in _VERSION_RE.findall(req.headers.get("accept", ""))} or {1}
    if route.version in asked:
        return None
    wanted = f"application/vnd.bentley.itwin-platform.v{route.version}+json"
    given = ", ".join(f"v{v}" for v in sorted(asked))
    message = (f"API version {given} is not supported by this operation; "
               f"send 'Accept: {wanted}'.")
    return error_response(406, "InvalidHeaderValue", message, target="Accept")
