"""An open download: its file name, size and body, streamed through httpx; read failures
become :class:`ApiError` in the error table's words (:func:`body_failure`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tui.core.errors import ApiError, interrupted, stalled, undecodable

if TYPE_CHECKING:
    import httpx

#: Why a body stopped short, in words, whatever the library's wording ("peer closed
#: connection without sending complete message body…").
CLOSED_EARLY = "the connection closed before the whole file arrived"


def encoded(response: httpx.Response) -> bool:
    """Whether the body has a ``Content-Encoding`` (gzip…) to undo."""
    return response.headers.get("Content-Encoding", "identity").lower() != "identity"


class DownloadStream:
    """An open download: its name, size and bytes."""

    def __init__(self, response: httpx.Response, url: str) -> None:
        from tui.core.files import filename_from_disposition

        self._response = response
        self.url = url
        self.filename = filename_from_disposition(response.headers.get("Content-Disposition"))
        length = response.headers.get("Content-Length")
        # Content-Length counts encoded bytes; chunks() yields decoded ones, so only a plain
        # body has a total that progress and the truncation check can use.
        self.total = int(length) if length and length.isdigit() and not encoded(response) \
            else None
        self.content_type = response.headers.get("Content-Type")

    def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives, decoded where it has a ``Content-Encoding`` (a plain body
        as it came: the same bytes, without a decoding step per chunk). Read failures are
        httpx's; :func:`body_failure` tells them (the client does, for its downloads)."""
        response = self._response
        return response.aiter_bytes() if encoded(response) else response.aiter_raw()


def body_failure(exc: BaseException, url: str) -> ApiError | None:
    """The :class:`ApiError` for httpx failing to read a body; ``None`` for anything else
    (``OSError`` from writing the file, a cancellation)."""
    import httpx

    if isinstance(exc, httpx.DecodingError):
        return undecodable(url, exc)
    if isinstance(exc, httpx.TimeoutException):
        return stalled(url)
    if isinstance(exc, httpx.RemoteProtocolError):
        return interrupted(url, CLOSED_EARLY)
    if isinstance(exc, httpx.TransportError):
        return interrupted(url, exc or type(exc).__name__)
    return None
