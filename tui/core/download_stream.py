"""An open analytics download: its file name, size and body, read through httpx or
:mod:`tui.core.direct`, with read failures as :class:`ApiError`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tui.core.errors import ApiError, ErrorKind
from tui.core.urls import redact

if TYPE_CHECKING:
    import httpx

    from tui.core.direct import DirectResponse
    from tui.core.files import ProgressCallback


def encoded(response: httpx.Response | DirectResponse) -> bool:
    """Whether the body has a ``Content-Encoding`` (gzip…) to undo."""
    return response.headers.get("Content-Encoding", "identity").lower() != "identity"


class DownloadStream:
    """An open download: its name, size and bytes."""

    def __init__(self, response: httpx.Response | DirectResponse, url: str) -> None:
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

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body in chunks as they arrive (no re-buffering copies); transport failures
        become :class:`ApiError`."""
        try:
            async for chunk in self._response.aiter_bytes():
                yield chunk
        except Exception as exc:
            raise _body_failure(exc, self.url) from None

    async def write_to(self, fd: int, on_progress: ProgressCallback | None = None) -> int:
        """Write the body into the open file ``fd`` and return its size. Transport failures
        become :class:`ApiError`; ``OSError`` means writing failed."""
        from tui.core.direct import DirectResponse
        from tui.core.files import write_chunks

        if not isinstance(self._response, DirectResponse):
            return await write_chunks(self.chunks(), fd, total=self.total,
                                      on_progress=on_progress)
        total = self.total

        def progress(received: int) -> None:
            if on_progress is not None:
                on_progress(received, total)

        try:
            return await self._response.copy_into(fd, progress)
        except Exception as exc:
            raise _body_failure(exc, self.url) from None


def _body_failure(exc: Exception, url: str) -> Exception:
    """The ApiError for a failure to read a body (httpx's, or the direct path's
    :class:`ReadFailure`); anything else (``OSError`` from writing the file) unchanged."""
    import httpx

    from tui.core.direct import ReadFailure

    cause = exc.__cause__ if isinstance(exc, ReadFailure) else None
    if isinstance(exc, httpx.DecodingError):
        return ApiError(ErrorKind.BAD_RESPONSE, f"The download could not be decoded: {exc}",
                        url=redact(url))
    if isinstance(exc, httpx.TimeoutException) or isinstance(cause, TimeoutError):
        return ApiError(ErrorKind.TIMEOUT, "The download stalled and timed out.",
                        url=redact(url))
    if isinstance(exc, httpx.TransportError | ReadFailure):
        return ApiError(ErrorKind.CONNECTION, f"The download was interrupted: {cause or exc}",
                        url=redact(url))
    return exc
