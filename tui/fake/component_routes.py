"""Routes of a component's documents, variations and web links, and of its document files.

``GET /library/components/{id}/documents|variations|weblinks`` (and the same under
``/library/brands/{brandId}/components/{id}/``) → ``{"documents"|"variations"|"webLinks":
[...], "_links": {self, prev?, next?}}`` with ``$top``/``$skip``; ``…/{kind}/{itemId}`` → one
item. A document's ``_links.fileUrl`` is a pre-signed storage URL, or for some documents
``…/documents/{docId}/file`` on the API host, which answers 302 to that storage URL.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from tui.fake import constants as K
from tui.fake.data import ComponentSet, FakeData
from tui.fake.paging import page_links, paging_args
from tui.fake.responses import (
    CANNOT_PERFORM,
    INSUFFICIENT_PERMISSIONS,
    ApiRequest,
    FakeResponse,
    error_response,
    json_response,
)
from tui.fake.storage import FakeStorage
from tui.fake.subresources import Facts, document_json, documents, facts, variations, web_links

if TYPE_CHECKING:
    from tui.fake.api import FakeApi
    from tui.fake.storage import Resolver

TOP_OVER_LIMIT = "Page size is over '1000' items limit."
_ID = "(?P<id>[^/]+)"
_ITEM = "(?P<item>[^/]+)"
_BRAND_COMPONENT = f"/library/brands/(?P<brand>[^/]+)/components/{_ID}"
#: path segment → (list key, item key, name in error codes)
KINDS: dict[str, tuple[str, str, str]] = {
    "documents": ("documents", "document", "Document"),
    "variations": ("variations", "variation", "Variation"),
    "weblinks": ("webLinks", "webLink", "WebLink"),
}


def register(api: FakeApi) -> None:
    """Add the sub-resource routes to ``api`` (documents link to ``api.storage``)."""
    for segment in KINDS:
        for prefix in (f"/library/components/{_ID}", _BRAND_COMPONENT):
            api.route("GET", f"{prefix}/{segment}", partial(list_items, api, segment))
            api.route("GET", f"{prefix}/{segment}/{_ITEM}", partial(get_item, api, segment))
    api.route("GET", f"/library/components/{_ID}/documents/{_ITEM}/file",
              partial(document_file, api))


def blob_resolver(data: FakeData) -> Resolver:
    """Find a document file by its storage path: ``(size, key)`` or None."""

    def resolve(path: str) -> tuple[int, str] | None:
        parts = path.lstrip("/").split("/", 3)
        if len(parts) != 4 or parts[0] != "library-documents":
            return None
        hit = data.find_component(parts[1])
        if hit is None:
            return None
        doc = next((x for x in documents(facts(*hit)) if x.id == parts[2]), None)
        return (doc.size, f"{parts[1]}/{doc.id}") if doc else None

    return resolve


def _component(data: FakeData, req: ApiRequest) -> tuple[ComponentSet, int] | FakeResponse:
    hit = data.find_component(req.params["id"])
    brand = req.params.get("brand")
    if brand is not None:
        group = data.brand_components.get(brand.lower())
        if group is None:
            return error_response(404, "BrandNotFound", "Requested Brand is not available.")
        if hit is not None and hit[0] is not group:
            hit = None
    if hit is None:
        return error_response(404, "ComponentNotFound", "Requested Component is not available.")
    if segment_forbidden(req, *hit):
        return error_response(403, "InsufficientPermissions", INSUFFICIENT_PERMISSIONS)
    return hit


def segment_forbidden(req: ApiRequest, group: ComponentSet, i: int) -> bool:
    """The well-known component whose documents the user may not read."""
    return "/documents" in req.path.lower() and group.org and i == K.DOCUMENTS_FORBIDDEN_INDEX


def _items(storage: FakeStorage, segment: str, f: Facts, base: str) -> list[dict[str, Any]]:
    if segment == "variations":
        return variations(f)
    if segment == "weblinks":
        return web_links(f)
    out = []
    for doc in documents(f):
        if doc.via_api:
            url = f"{base}/library/components/{f.component_id}/documents/{doc.id}/file"
        else:
            url = storage.signed_url(doc.blob_path(f.component_id))
        out.append(document_json(doc, url))
    return out


def _lookup(api: FakeApi, segment: str,
            req: ApiRequest) -> tuple[Facts, list[dict[str, Any]]] | FakeResponse:
    hit = _component(api.data, req)
    if isinstance(hit, FakeResponse):
        return hit
    f = facts(*hit)
    return f, _items(api.storage, segment, f, req.base)


def list_items(api: FakeApi, segment: str, req: ApiRequest) -> FakeResponse:
    """``GET …/components/{id}/{segment}`` with ``$top`` and ``$skip``."""
    key, _, name = KINDS[segment]
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_OVER_LIMIT, details)
    if details:
        return error_response(422, f"Invalid{name}sRequest", CANNOT_PERFORM, details=details)
    found = _lookup(api, segment, req)
    if isinstance(found, FakeResponse):
        return found
    _, items = found
    path = req.path.rstrip("/")
    links = page_links(req.base, path, skip, top, len(items))
    return json_response({key: items[skip : skip + top], "_links": links})


def get_item(api: FakeApi, segment: str, req: ApiRequest) -> FakeResponse:
    """``GET …/components/{id}/{segment}/{itemId}`` → ``{"document"|…: {...}}``."""
    _, key, name = KINDS[segment]
    found = _lookup(api, segment, req)
    if isinstance(found, FakeResponse):
        return found
    item = next((x for x in found[1] if x["id"] == req.params["item"].lower()), None)
    if item is None:
        return error_response(404, f"{name}NotFound", f"Requested {name} is not available.")
    return json_response({key: item})


def document_file(api: FakeApi, req: ApiRequest) -> FakeResponse:
    """``GET …/documents/{docId}/file``: 302 to the file's pre-signed storage URL."""
    hit = _component(api.data, req)
    if isinstance(hit, FakeResponse):
        return hit
    f = facts(*hit)
    doc = next((x for x in documents(f) if x.id == req.params["item"].lower()), None)
    if doc is None:
        return error_response(404, "DocumentNotFound", "Requested Document is not available.")
    location = api.storage.signed_url(doc.blob_path(f.component_id))
    return FakeResponse(302, [("Location", location), ("Content-Length", "0")], b"")
