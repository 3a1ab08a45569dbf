"""A fake blob store on a host of its own, serving document files behind pre-signed URLs.

URLs look like Azure SAS URLs: ``{base}/library-documents/{componentId}/{documentId}/{name}
?sv=…&se=…&sr=b&sp=r&sig=…``. The signature is the credential: a request without a valid
``sig`` gets 403, and one that also carries an ``Authorization`` header gets 400 (a token
meant for the API must never reach storage). Every request is recorded, so tests can assert
which headers arrived. Errors are Azure-style XML, not the API's JSON.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections.abc import Callable, Iterator, Mapping
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tui.fake import constants as K
from tui.fake.faults import Faults
from tui.fake.responses import FakeResponse, RecordedRequest, bytes_response

_SECRET = b"itwin-fake-storage-account-key"
_SAS_VERSION = "2024-08-04"
_EXPIRY = "2030-01-01T00:00:00Z"
_CHUNK = 64 * 1024
_TYPES = {"pdf": "application/pdf", "png": "image/png", "ifc": "application/x-step"}

#: ``resolve(path)`` → ``(size, key)`` of the blob at a storage path, or None.
Resolver = Callable[[str], tuple[int, str] | None]


def _signature(path: str, expiry: str) -> str:
    mac = hmac.new(_SECRET, f"r\n{expiry}\n{path}".encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def blob_bytes(key: str, size: int) -> Iterator[bytes]:
    """``size`` deterministic bytes for blob ``key``, in chunks of 64 KiB."""
    block = hashlib.shake_256(key.encode()).digest(_CHUNK)
    sent = 0
    while sent < size:
        chunk = block[: min(_CHUNK, size - sent)]
        sent += len(chunk)
        yield chunk


def _xml_error(status: int, code: str, message: str) -> FakeResponse:
    body = (f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{code}</Code>'
            f"<Message>{message}</Message></Error>").encode()
    return bytes_response(status, body, "application/xml", [("x-ms-error-code", code)])


class FakeStorage:
    """Serves the files of ``resolve``'s blobs at ``base_url`` (set by ``serve``)."""

    def __init__(self, resolve: Resolver, base_url: str = K.STORAGE_DEMO_BASE) -> None:
        self.resolve = resolve
        self.base_url = base_url
        self.faults = Faults()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def signed_url(self, path: str) -> str:
        """The pre-signed URL of the blob at ``path`` (already percent-encoded)."""
        sig = quote(_signature(unquote(path), _EXPIRY), safe="")
        return (f"{self.base_url}{path}?sv={_SAS_VERSION}&se={quote(_EXPIRY, safe='')}"
                f"&sr=b&sp=r&sig={sig}")

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on this storage host (scheme, host and port)."""
        mine, theirs = urlsplit(self.base_url), urlsplit(url)
        return (mine.scheme, mine.netloc.lower()) == (theirs.scheme, theirs.netloc.lower())

    def with_authorization(self) -> list[RecordedRequest]:
        """Requests that arrived with an ``Authorization`` header (should be none)."""
        with self._lock:
            return [r for r in self.requests if "authorization" in r.headers]

    def clear_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    def handle(self, method: str, url: str, headers: Mapping[str, str],
               body: bytes = b"") -> FakeResponse:
        """Answer one request to the storage host."""
        parts = urlsplit(url)
        path = unquote(parts.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        lowered = {k.lower(): v for k, v in headers.items()}
        with self._lock:
            self.requests.append(RecordedRequest(method.upper(), url, path, query, lowered))
        rule = self.faults.take(method, path)
        if rule is not None:
            resp = rule.response()
            resp.delay += rule.delay
        else:
            resp = self._answer(method.upper(), path, query, lowered)
        resp.delay += self.faults.latency
        if not isinstance(resp.body, bytes):
            resp.chunk_delay = max(resp.chunk_delay, self.faults.chunk_delay)
        if method.upper() == "HEAD":
            resp.body = b""
        return resp

    def _answer(self, method: str, path: str, query: dict[str, str],
                headers: dict[str, str]) -> FakeResponse:
        if method not in ("GET", "HEAD"):
            return _xml_error(405, "UnsupportedHttpVerb",
                              "The resource doesn't support the specified HTTP verb.")
        if "authorization" in headers:
            return _xml_error(400, "InvalidAuthenticationInfo",
                              "Only one authentication mechanism is allowed: the signature "
                              "in the URL or an Authorization header, not both.")
        expected = _signature(path, query.get("se", ""))
        if not hmac.compare_digest(query.get("sig", ""), expected):
            return _xml_error(403, "AuthenticationFailed",
                              "Server failed to authenticate the request. Make sure the "
                              "value of the signature is formed correctly.")
        blob = self.resolve(path)
        if blob is None:
            return _xml_error(404, "BlobNotFound", "The specified blob does not exist.")
        size, key = blob
        extension = path.rsplit(".", 1)[-1].lower()
        etag = hashlib.blake2b(key.encode(), digest_size=7).hexdigest().upper()
        head = [("Content-Type", _TYPES.get(extension, "application/octet-stream")),
                ("Content-Length", str(size)), ("ETag", f'"0x8DC{etag}"'),
                ("Last-Modified", "Tue, 01 Sep 2026 09:00:00 GMT"),
                ("x-ms-blob-type", "BlockBlob"), ("Accept-Ranges", "bytes")]
        return FakeResponse(200, head, blob_bytes(key, size))
