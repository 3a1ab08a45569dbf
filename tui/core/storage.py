"""Files behind pre-signed storage URLs: fetched without the API's token, over https only.

A document's ``fileUrl`` is on the API (which may answer 302 to storage) or a pre-signed URL
on a storage host, whose signature (in the query) is the credential. The bearer token goes
only where :class:`~tui.core.transport.Transport` sends it, the API's origin, exactly as for
any request. Every other hop is sent without an ``Authorization`` header, only over https
(plain http only to a loopback address: tests and local fakes), and never with a user name or
password in the URL (httpx would make those a header). Redirects are followed here, one hop at
a time, each checked again. Messages name only the storage host: a signed URL is never shown,
logged or put in an error.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui.core.errors import ApiError, ErrorKind, error_from_response, timed_out
from tui.core.transport import is_redirect
from tui.core.urls import is_loopback, is_valid, origin, resolve, same_origin

if TYPE_CHECKING:
    from pathlib import Path

    import httpx

    from tui.core.client import ItwinClient
    from tui.core.component_parts import Document
    from tui.core.download_stream import DownloadStream
    from tui.core.files import ProgressCallback, SavedFile
    from tui.core.transport import Transport

#: Most redirects followed for one file (the API's 302 to storage is one).
MAX_HOPS = 5
#: Most bytes of a storage error's body read (for its code and message).
MAX_ERROR_BODY = 16 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}
_XML_FIELD = re.compile(rb"<(Code|Message)>([^<]{0,1000})</\1>")


def storage_host(url: str) -> str:
    """``https://host[:port]``: all that messages and logs say about a storage URL."""
    scheme, host, port = origin(url)
    if not host:
        return "an address that is not a valid URL"
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}" + ("" if port == _DEFAULT_PORTS.get(scheme) else f":{port}")


def refused(url: str, why: str) -> ApiError:
    """A file address that is not requested at all."""
    host = storage_host(url)
    return ApiError(ErrorKind.UNSAFE_LINK, f"Refused to download the file from {host}: {why}. "
                    "Nothing was sent.", url=host)


def check_storage_url(url: str) -> None:
    """Refuse (``ApiError(UNSAFE_LINK)``) a storage URL that is not valid http(s), that
    names a user or password, or that is plain http to anything but a loopback address."""
    if not is_valid(url):
        raise refused(url, "it is not a valid http(s) address")
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise refused(url, "its address carries a user name or password")
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname or ""):
        raise refused(url, "it is plain http, which would show the file's signed address "
                      "to anyone on the way (only https is used)")


async def _send_bare(transport: Transport, url: str) -> httpx.Response:
    """GET ``url`` with no credentials of ours: no ``Authorization``, no API ``Accept``."""
    import httpx

    host = storage_host(url)
    http = transport.http
    request = http.build_request("GET", url, headers={"Accept": "*/*"})
    request.headers.pop("Authorization", None)  # the client has none; make sure of it
    try:
        async with asyncio.timeout(transport.deadline):
            return await http.send(request, stream=True)
    except TimeoutError:
        raise timed_out(host, transport.deadline, f"{host} did not answer") from None
    except httpx.TimeoutException:
        raise timed_out(host, None, f"{host} did not answer") from None
    except httpx.InvalidURL:
        raise refused(url, "it is not a valid http(s) address") from None
    except httpx.TransportError as exc:
        reason = type(exc).__name__ if url in str(exc) else (str(exc) or type(exc).__name__)
        raise ApiError(ErrorKind.CONNECTION, f"Cannot reach {host}: {reason}",
                       url=host) from None


async def storage_error(response: httpx.Response, host: str) -> ApiError:
    """A storage host's refusal (Azure-style XML, or anything) as an :class:`ApiError`."""
    body = b""
    async for chunk in response.aiter_raw():
        body += chunk
        if len(body) >= MAX_ERROR_BODY:
            break
    await response.aclose()
    found = {name.decode(): text.decode("utf-8", "replace").strip()
             for name, text in _XML_FIELD.findall(body[:MAX_ERROR_BODY])}
    status = response.status_code
    err = error_from_response(status, body[:MAX_ERROR_BODY], url=host)
    code = response.headers.get("x-ms-error-code") or found.get("Code") or err.code
    message = found.get("Message") or (err.message if err.code else f"HTTP {status}")
    return replace(err, code=code, message=f"{host} answered: {message}")


async def _hop(transport: Transport, url: str) -> httpx.Response:
    """One request of the way to a file: with the token on the API's origin, else bare."""
    if same_origin(url, transport.base_url):
        return await transport.send(url, stream=True, redirects=True)
    check_storage_url(url)
    response = await _send_bare(transport, url)
    if is_redirect(response) or 200 <= response.status_code < 300:
        return response
    raise await storage_error(response, storage_host(url))


@asynccontextmanager
async def open_file(transport: Transport, url: str) -> AsyncIterator[DownloadStream]:
    """The file at ``url`` (a document's ``fileUrl``, absolute or relative to the API),
    streamed: see the module's rules. Failures are :class:`ApiError`\\ s naming the host."""
    from tui.core.download_stream import DownloadStream

    url = resolve(url, transport.base_url)
    for _ in range(MAX_HOPS + 1):
        response = await _hop(transport, url)
        if not is_redirect(response):
            break
        location = response.headers.get("Location")
        await response.aclose()
        if not location:
            raise ApiError(ErrorKind.BAD_RESPONSE, f"{storage_host(url)} redirected the "
                           "download without saying where to.", url=storage_host(url))
        url = resolve(location, url)
    else:
        raise ApiError(ErrorKind.LINK_LOOP, f"The file's address redirected more than "
                       f"{MAX_HOPS} times; stopped.", url=storage_host(url))
    try:
        yield DownloadStream(response, storage_host(url))
    finally:
        await response.aclose()


async def save_document(client: ItwinClient, component_id: str, document: Document,
                        directory: Path, *, on_progress: ProgressCallback | None = None
                        ) -> SavedFile:
    """Save ``document``'s file into ``directory`` as :func:`tui.core.files.save_download`
    does (streamed, atomic, never overwriting) under a safe form of its name. Its address is
    asked of the API afresh first: a listed (or cached) signed address may have expired."""
    from tui.core.files import safe_filename, save_download

    url = (await _fresh(client, component_id, document)).file_url or document.file_url
    if not url:
        raise ApiError(ErrorKind.BAD_RESPONSE, "The API gives no address for this file "
                       "(its _links.fileUrl is missing).")
    name = safe_filename(document.file_name, f"document{document.suffix}",
                         suffix=document.suffix)
    async with client.file_download(url) as stream:
        return await save_download(stream.chunks(), directory, name, total=stream.total,
                                   on_progress=on_progress)


async def _fresh(client: ItwinClient, component_id: str, document: Document) -> Document:
    """The document as the API gives it now; the listed one when it cannot say."""
    if not document.id or not component_id:
        return document
    try:
        return await client.document(component_id, document.id)
    except ApiError:
        return document  # the listed address is tried; its failure is the one reported
