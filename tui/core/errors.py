"""One error type for everything that can go wrong talking to the API."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from tui.core.signin import API_SCOPE, sign_in_help
from tui.core.urls import MAX_URL_LENGTH, redact


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
    BAD_LINK = "bad_link"  # a link that is not a valid URL: refused, nothing sent
    LINK_LOOP = "link_loop"  # a next link that repeats a page already seen
    NO_PROGRESS = "no_progress"  # empty pages, each linking to another
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
    ErrorKind.TIMEOUT: "ITWIN_TUI_REQUEST_DEADLINE (a page) and ITWIN_TUI_DOWNLOAD_DEADLINE "
                       "(the analytics CSV) set how long to wait, in seconds.",
    ErrorKind.BAD_LINK: "The server sent an address that is not a valid URL; it was not "
                        "followed and nothing was sent.",
}

#: Longest server-sent message or detail kept in an error (the rest is cut).
MAX_MESSAGE_CHARS = 1000


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
    """A server string for a message: ``None`` unless a non-empty string; cut when long."""
    if not isinstance(value, str) or not value:
        return None
    return value if len(value) <= MAX_MESSAGE_CHARS else value[:MAX_MESSAGE_CHARS] + "…"


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


# -- the errors the client makes itself (servers' own come from their bodies) ----------------


def bad_link(url: str) -> ApiError:
    """A link that is not a valid URL (or too long to send), refused before any request."""
    if len(url) > MAX_URL_LENGTH:
        message = (f"Refused to request an address of {len(url):,} characters "
                   f"(a URL has at most {MAX_URL_LENGTH:,}).")
    else:
        message = f"Refused a link that is not a valid URL: {redact(url)}"
    return ApiError(ErrorKind.BAD_LINK, message, url=redact(url))


def timed_out(url: str, limit: float | None = None,
              what: str = "The API did not finish answering") -> ApiError:
    """No answer in time: a read timed out, or the overall deadline ``limit`` passed."""
    when = f"within {_seconds(limit)}" if limit is not None else "in time"
    return ApiError(ErrorKind.TIMEOUT, f"{what} {when}.", url=redact(url))


def _seconds(limit: float) -> str:
    if limit >= 120 and limit % 60 == 0:
        return f"{limit / 60:g} min"
    return f"{limit:g} s"


def no_progress(pages: int, url: str) -> ApiError:
    """Empty pages, one after another, each with a next link."""
    return ApiError(ErrorKind.NO_PROGRESS, f"The server sent {pages} empty pages in a row, "
                    "each linking to another; stopped paging.", url=redact(url))


def malformed_collection(key: str, value: Any, missing: bool, url: str) -> ApiError:
    """A collection page whose ``key`` does not hold a list (that is no empty list)."""
    if missing:
        what = "missing"
    elif value is None:
        what = "null"
    else:
        what = {dict: "an object", str: "a string", bool: "true or false"}.get(
            type(value), "a number")
    return ApiError(ErrorKind.BAD_RESPONSE, f"The server's answer is malformed: '{key}' is "
                    f"{what}, not a list.", url=redact(url))


def stale_words(kind: ErrorKind) -> str:
    """Why a cached copy is shown instead of the API's answer (the status line)."""
    return "timed out" if kind is ErrorKind.TIMEOUT else "offline"


#: Why paging stopped at the row limit (for the status line); ``{limit}`` is the limit.
ROW_LIMIT_TEXT = "stopped at the {limit:,}-row limit — refine the search"
