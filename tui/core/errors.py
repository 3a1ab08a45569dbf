"""One error type for everything that can go wrong talking to the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from tui.core.signin import API_SCOPE, sign_in_help


class ErrorKind(StrEnum):
    """What went wrong, independent of the HTTP details."""

    UNAUTHORIZED = "unauthorized"  # 401
    FORBIDDEN = "forbidden"  # 403
    NOT_FOUND = "not_found"  # 404
    INVALID = "invalid"  # 400 / 422
    RATE_LIMITED = "rate_limited"  # 429 after retries
    SERVER = "server"  # 5xx
    HTTP = "http"  # any other unexpected status
    TIMEOUT = "timeout"
    CONNECTION = "connection"
    BAD_RESPONSE = "bad_response"  # malformed / unexpected body
    UNSAFE_LINK = "unsafe_link"  # a link to another host: refused, token never sent
    LINK_LOOP = "link_loop"  # a next link that repeats a page already seen
    NO_TOKEN = "no_token"
    DISK = "disk"  # local write failed (disk full, permissions)
    OFFLINE = "offline"  # not reachable and not in the cache


class ErrorDetail(NamedTuple):
    """One entry of the API's ``error.details`` list."""

    code: str | None
    message: str | None
    target: str | None

    def describe(self) -> str:
        where = f"{self.target}: " if self.target else ""
        return f"{where}{self.message or self.code or 'invalid value'}"


_HINTS: dict[ErrorKind, str] = {
    ErrorKind.UNAUTHORIZED: (
        f"The access token is missing, expired or lacks the {API_SCOPE} scope. "
        "Run `itwin-tui login`, or set ITWIN_ACCESS_TOKEN to a fresh token."
    ),
    ErrorKind.NO_TOKEN: sign_in_help(),
    ErrorKind.FORBIDDEN: "Your account lacks the permission this operation needs.",
    ErrorKind.RATE_LIMITED: "The API rate limit was hit; wait a moment and press r to retry.",
    ErrorKind.OFFLINE: "This page is not available offline: it is not in the cache.",
}


@dataclass(slots=True)
class ApiError(Exception):
    """A failed API call, with everything needed to tell the user what happened."""

    kind: ErrorKind
    message: str
    status: int | None = None
    code: str | None = None
    target: str | None = None
    details: tuple[ErrorDetail, ...] = ()
    retry_after: float | None = None
    url: str | None = None
    hint: str | None = field(default=None)

    def __post_init__(self) -> None:
        Exception.__init__(self, self.message)
        if self.hint is None:
            self.hint = _HINTS.get(self.kind)

    def __str__(self) -> str:
        return self.human()

    @property
    def targets(self) -> list[str]:
        """Every target the server named, top-level first."""
        found = [self.target] if self.target else []
        found += [d.target for d in self.details if d.target]
        return found

    def headline(self) -> str:
        """Short one-line form: ``422 InvalidComponentsRequest: Cannot perform operation.``"""
        parts = [str(self.status)] if self.status else []
        if self.code:
            parts.append(self.code)
        prefix = " ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message

    def human(self) -> str:
        """Full multi-line message: headline, each detail with its target, then a hint."""
        lines = [self.headline()]
        lines += [f"  • {d.describe()}" for d in self.details]
        if self.retry_after is not None and self.kind is ErrorKind.RATE_LIMITED:
            lines.append(f"  Retry-After: {self.retry_after:g} s")
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


def _kind_for_status(status: int) -> ErrorKind:
    if status == 401:
        return ErrorKind.UNAUTHORIZED
    if status == 403:
        return ErrorKind.FORBIDDEN
    if status == 404:
        return ErrorKind.NOT_FOUND
    if status in (400, 422):
        return ErrorKind.INVALID
    if status == 429:
        return ErrorKind.RATE_LIMITED
    if status >= 500:
        return ErrorKind.SERVER
    return ErrorKind.HTTP


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def error_from_response(
    status: int, body: bytes, *, url: str | None = None, retry_after: float | None = None
) -> ApiError:
    """Build an :class:`ApiError` from any failed response, JSON-shaped or not."""
    from tui.core.jsonio import loads_or_none

    kind = _kind_for_status(status)
    payload = loads_or_none(body)
    err = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(err, dict):
        raw_details = err.get("details")
        details = tuple(
            ErrorDetail(_text(d.get("code")), _text(d.get("message")), _text(d.get("target")))
            for d in (raw_details if isinstance(raw_details, list) else [])
            if isinstance(d, dict)
        )
        return ApiError(
            kind=kind,
            status=status,
            code=_text(err.get("code")),
            message=_text(err.get("message")) or f"HTTP {status}",
            target=_text(err.get("target")),
            details=details,
            retry_after=retry_after,
            url=url,
        )
    snippet = body[:120].decode("utf-8", "replace").strip()
    reason = f"HTTP {status} with a non-JSON body"
    message = f"{reason}: {snippet!r}" if snippet else f"HTTP {status} with an empty body"
    return ApiError(kind=kind, status=status, message=message, retry_after=retry_after, url=url)
