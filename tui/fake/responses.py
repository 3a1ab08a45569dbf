"""Request/response value types of the fake API and the JSON/error response builders."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import orjson

JSON_TYPE = "application/json; charset=utf-8"

GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)

# Vendor messages (verbatim from the operation pages) and sensible ones where pages are silent.
HEADER_NOT_FOUND = "Header Authorization was not found in the request. Access denied."
INSUFFICIENT_PERMISSIONS = "The user has insufficient permissions for the requested operation."
TOO_MANY_REQUESTS = "More requests were received than the subscription rate-limit allows."
CANNOT_PERFORM = "Cannot perform operation."

#: Error code and message used when a status is produced without a specific body.
STANDARD_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is malformed."),
    401: ("InvalidToken", "The access token is invalid or has expired. Access denied."),
    403: ("InsufficientPermissions", INSUFFICIENT_PERMISSIONS),
    404: ("NotFound", "The requested resource was not found."),
    405: ("MethodNotAllowed", "The HTTP method is not allowed for this resource."),
    408: ("RequestTimeout", "The request timed out."),
    409: ("Conflict", "The request conflicts with the current state of the resource."),
    429: ("TooManyRequests", TOO_MANY_REQUESTS),
    500: ("InternalServerError", "An internal server error occurred."),
    502: ("BadGateway", "The gateway received an invalid response from the upstream server."),
    503: ("ServiceUnavailable", "The service is temporarily unavailable. Try again later."),
    504: ("GatewayTimeout", "The gateway did not receive a timely response."),
}


@dataclass
class FakeResponse:
    """What the fake answers; ``body`` is an iterable of chunks for streamed downloads.

    ``delay`` (latency and fault delay), ``chunk_delay`` and ``trickle`` are applied by the
    server or transport, so ``FakeApi.handle`` itself never sleeps.
    """

    status: int
    headers: list[tuple[str, str]]
    body: bytes | Iterable[bytes]
    delay: float = 0.0
    chunk_delay: float = 0.0
    trickle: float = 0.0  # seconds between single bytes of the body (over HTTP)
    trickle_head: bool = False  # the status line and headers trickle too

    def header(self, name: str) -> str | None:
        """First value of header ``name`` (case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def content(self) -> bytes:
        """The whole body (joins a streamed one)."""
        return self.body if isinstance(self.body, bytes) else b"".join(self.body)

    def json(self) -> Any:
        return orjson.loads(self.content())


@dataclass
class RecordedRequest:
    """One request as received (query percent-decoded; header names lower-cased)."""

    method: str
    url: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]


@dataclass
class ApiRequest:
    """What a route handler receives."""

    method: str
    url: str
    base: str  # scheme://host[:port] of the request, for absolute hrefs
    path: str
    query: dict[str, str]  # keys lower-cased
    headers: dict[str, str]  # names lower-cased
    body: bytes = b""
    params: dict[str, str] = field(default_factory=dict)  # named groups of the route pattern
    token: str | None = None

    def arg(self, name: str) -> str | None:
        """Query parameter ``name`` (case-insensitive)."""
        return self.query.get(name.lower())


#: ``handle(method, url, headers, body)``: ``FakeApi.handle`` or ``FakeStorage.handle``.
HandleFn = Callable[[str, str, Mapping[str, str], bytes], FakeResponse]


def bytes_response(status: int, body: bytes, content_type: str,
                   headers: Sequence[tuple[str, str]] = ()) -> FakeResponse:
    return FakeResponse(status, [("Content-Type", content_type),
                                 ("Content-Length", str(len(body))), *headers], body)


def json_response(payload: Any, status: int = 200,
                  headers: Sequence[tuple[str, str]] = ()) -> FakeResponse:
    return bytes_response(status, orjson.dumps(payload), JSON_TYPE, headers)


def detail(code: str, message: str, target: str) -> dict[str, str]:
    """One entry of an error's ``details`` list."""
    return {"code": code, "message": message, "target": target}


def error_body(code: str, message: str, *, details: list[dict[str, str]] | None = None,
               target: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if target is not None:
        error["target"] = target
    if details:
        error["details"] = details
    return {"error": error}


def error_response(status: int, code: str | None = None, message: str | None = None, *,
                   details: list[dict[str, str]] | None = None, target: str | None = None,
                   headers: Sequence[tuple[str, str]] = ()) -> FakeResponse:
    """``{"error": {...}}``; code/message default to the standard ones for ``status``."""
    std_code, std_message = standard_error(status)
    body = error_body(code or std_code, message or std_message, details=details, target=target)
    return json_response(body, status, headers)


def standard_error(status: int) -> tuple[str, str]:
    if status in STANDARD_ERRORS:
        return STANDARD_ERRORS[status]
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        return "Error", f"HTTP {status}"
    return "".join(w.capitalize() for w in re.split(r"[^A-Za-z0-9]+", phrase)), phrase + "."


def is_guid(value: str) -> bool:
    return bool(GUID_RE.match(value))
