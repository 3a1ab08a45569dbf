"""One error type for everything that can go wrong talking to the API."""

import errno
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from tui.core.records import set_fields
from tui.core.signin import API_SCOPE, sign_in_help
from tui.core.urls import MAX_URL_LENGTH, is_valid, redact, resolve


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
    REDIRECT = "redirect"  # a 3xx answer: API requests follow no redirect
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


class ErrorText(NamedTuple):
    """What the user is told about a kind of failure, beyond its message."""

    hint: str | None = None  # what to do about it
    retryable: bool = False  # the same request again may well work (the UI offers a retry)
    lead: str | None = None  # words before the headline ("{targets}": the fields named)


#: The one table of failures: for each kind, the hint shown under the message and whether
#: trying again may help. No key names here: the UI adds its own retry key (``retryable``).
ERRORS: dict[ErrorKind, ErrorText] = {
    ErrorKind.UNAUTHORIZED: ErrorText(
        f"The access token is missing, expired or lacks the {API_SCOPE} scope. "
        "Run itwin-tui login, or set ITWIN_ACCESS_TOKEN to a fresh token."),
    ErrorKind.FORBIDDEN: ErrorText("Your account lacks the permission this operation needs."),
    ErrorKind.NOT_FOUND: ErrorText(),
    ErrorKind.INVALID: ErrorText(),
    ErrorKind.RATE_LIMITED: ErrorText("The API rate limit was hit; wait a moment and try again.",
                                      retryable=True),
    ErrorKind.SERVER: ErrorText(retryable=True),
    ErrorKind.HTTP: ErrorText(retryable=True),
    ErrorKind.TIMEOUT: ErrorText(
        "ITWIN_TUI_REQUEST_DEADLINE (a page) and ITWIN_TUI_DOWNLOAD_DEADLINE (the analytics "
        "CSV) set how long to wait, in seconds.", retryable=True),
    ErrorKind.CONNECTION: ErrorText(retryable=True),
    ErrorKind.BAD_RESPONSE: ErrorText(retryable=True),
    ErrorKind.UNSAFE_LINK: ErrorText(),
    ErrorKind.BAD_LINK: ErrorText("The server sent an address that is not a valid URL; it was "
                                  "not followed and nothing was sent."),
    ErrorKind.REDIRECT: ErrorText("The API does not redirect its own requests: a proxy, or "
                                  "an API address (--base-url, ITWIN_API_URL) that is not the "
                                  "API's own (http:// for https://, a missing path), may be "
                                  "the cause."),
    ErrorKind.LINK_LOOP: ErrorText(),
    ErrorKind.NO_PROGRESS: ErrorText(),
    ErrorKind.NO_TOKEN: ErrorText(sign_in_help()),
    ErrorKind.DISK: ErrorText("Nothing was saved."),
    ErrorKind.OFFLINE: ErrorText("This page is not available offline: it is not in the cache.",
                                 retryable=True),
}

#: The analytics CSV download (``ApiError.during(ANALYTICS)``).
ANALYTICS = "analytics"
#: A component's file, downloaded from its storage host (``ApiError.during(FILE)``).
FILE = "file"
FORBIDDEN_HELP = (
    "Downloading analytics needs an Organization Administrator (Account Administrator, "
    "Co-Administrator or CONNECT Services Administrator in User Management) or the "
    "View Analytics permission assigned at the organization level."
)
#: Where a failure of one operation says more than its kind: (operation, kind) → text.
FOR_OPERATION: dict[tuple[str, ErrorKind], ErrorText] = {
    (ANALYTICS, ErrorKind.FORBIDDEN): ErrorText(FORBIDDEN_HELP, lead="Permission denied"),
    (ANALYTICS, ErrorKind.INVALID): ErrorText(lead="The server rejected {targets}"),
    (FILE, ErrorKind.FORBIDDEN): ErrorText(
        "The storage host refused the file's signed address (it may have expired). Try "
        "again: the app asks the API for a fresh address first."),
    (FILE, ErrorKind.TIMEOUT): ErrorText(
        "ITWIN_TUI_DOWNLOAD_DEADLINE sets how long a download may take, in seconds.",
        retryable=True),
}


def error_text(kind: ErrorKind, operation: str | None = None) -> ErrorText:
    """The table's entry for ``kind`` (during ``operation``, when that has its own)."""
    return FOR_OPERATION.get((operation or "", kind)) or ERRORS[kind]


#: Longest server-sent message or detail kept in an error (the rest is cut).
MAX_MESSAGE_CHARS = 1000


@dataclass(slots=True, init=False, repr=False, eq=False)  # an exception is itself
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
    hint: str | None = field(default=None)  # the table's hint unless given
    operation: str | None = None  # what was being done, when the table says more for it

    def __init__(self, *args: Any, **given: Any) -> None:
        set_fields(self, args, given)  # not generated: see tui.core.records
        Exception.__init__(self, self.message)
        if self.hint is None:
            self.hint = error_text(self.kind, self.operation).hint

    @property
    def retryable(self) -> bool:
        """Whether the same request again may well work (a timeout, a 5xx, a 429…)."""
        return error_text(self.kind).retryable

    def during(self, operation: str) -> "ApiError":
        """This error as a failure of ``operation``, with the table's words for it."""
        own = FOR_OPERATION.get((operation, self.kind))
        if own is None:
            return self
        return replace(self, operation=operation, hint=own.hint or self.hint)

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
        lead = error_text(self.kind, self.operation).lead
        if lead is None:
            lines = [self.headline()]
        else:
            named = " and ".join(dict.fromkeys(self.targets)) or "the request"
            lines = [f"{lead.format(targets=named)} ({self.headline()})."]
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


def redirected(status: int, location: str | None, url: str) -> ApiError:
    """A 3xx answer to ``url``: not followed (the token would go along). A ``Location`` that
    is not a valid URL is a refused link, named."""
    if not location or not location.strip():
        where = "without a Location"
    else:
        target = resolve(location.strip(), url)
        if not is_valid(target):
            return ApiError(ErrorKind.BAD_LINK, "Refused a redirect to an address that is not "
                            f"a valid URL: {redact(location.strip())}", status=status,
                            url=redact(url))
        where = f"to {redact(target)}"
    return ApiError(ErrorKind.REDIRECT, f"The API answered with a redirect {where}, which the "
                    "app does not follow.", status=status, url=redact(url))


def unsafe_link(url: str, base_url: str) -> ApiError:
    """A link to another host, refused: the token only ever goes to the API."""
    return ApiError(ErrorKind.UNSAFE_LINK, f"Refused to follow a link to another host "
                    f"({redact(url)}); the access token is only ever sent to {base_url}.",
                    url=redact(url))


def unreachable(base_url: str, url: str, exc: BaseException) -> ApiError:
    """The API could not be reached (DNS, refused, reset, TLS…)."""
    return ApiError(ErrorKind.CONNECTION, f"Cannot reach {redact(base_url)}: "
                    f"{exc or type(exc).__name__}", url=redact(url))


def no_token() -> ApiError:
    return ApiError(ErrorKind.NO_TOKEN, "No access token is configured.")


def not_cached(url: str) -> ApiError:
    """Cache only (print mode's ``--offline``) and no cached answer."""
    return ApiError(ErrorKind.OFFLINE, f"Not in the cache: {redact(url)}", url=redact(url),
                    hint="Nothing was asked of the API (cache only).")


def offline(err: ApiError) -> ApiError:
    """``err`` (the API unreachable) with no cached copy to show instead."""
    return ApiError(ErrorKind.OFFLINE, err.message, status=err.status, url=err.url)


def malformed_json(body: bytes, url: str) -> ApiError:
    snippet = body[:80].decode("utf-8", "replace")
    return ApiError(ErrorKind.BAD_RESPONSE, f"The server sent malformed JSON: {snippet!r}",
                    url=redact(url))


def missing_member(key: str, url: str) -> ApiError:
    """A single-resource answer without its ``{"key": {...}}`` object."""
    return ApiError(ErrorKind.BAD_RESPONSE, f"The response has no '{key}' object.",
                    url=redact(url))


def link_loop(url: str) -> ApiError:
    return ApiError(ErrorKind.LINK_LOOP, "The server's next-page link points back to a page "
                    "already loaded; stopped paging.", url=redact(url))


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


# -- downloads ----------------------------------------------------------------------------


def disk_error(exc: OSError, directory: Path, name: str) -> ApiError:
    """A failed local write of ``name`` in ``directory``, in words (full, not allowed…)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        message = (f"The disk is full: could not save {name} in {directory}. "
                   "Free some space (or choose another folder) and try again.")
    elif isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM,
                                                             errno.EROFS):
        message = f"No permission to write in {directory}; choose another folder."
    else:
        message = f"Could not save {name} in {directory}: {exc.strerror or exc}."
    return ApiError(ErrorKind.DISK, message)


def incomplete(received: int, total: int) -> ApiError:
    """Fewer bytes arrived than the server announced."""
    return ApiError(ErrorKind.CONNECTION, f"The download was incomplete: {received:,} of "
                    f"{total:,} bytes arrived.", hint="Nothing was saved; try again.")


def interrupted(url: str, reason: object) -> ApiError:
    """The connection failed while the body was arriving."""
    return ApiError(ErrorKind.CONNECTION, f"The download was interrupted: {reason}",
                    url=redact(url))


def stalled(url: str) -> ApiError:
    return ApiError(ErrorKind.TIMEOUT, "The download stalled and timed out.", url=redact(url))


def undecodable(url: str, exc: BaseException) -> ApiError:
    return ApiError(ErrorKind.BAD_RESPONSE, f"The download could not be decoded: {exc}",
                    url=redact(url))
