"""Routes of the Library API: components, brands, catalogs, categories, vendors, analytics.

A component's documents, variations and web links are in ``component_routes``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.fake import constants as K
from tui.fake.data import ComponentSet, FakeData
from tui.fake.paging import page_links, paging_args, prefer_return, preference_applied
from tui.fake.responses import (
    CANNOT_PERFORM,
    INSUFFICIENT_PERMISSIONS,
    ApiRequest,
    FakeResponse,
    bytes_response,
    detail,
    error_response,
    is_guid,
    json_response,
)
from tui.fake.seeded import REFERENCE, Draw, iso
from tui.fake.vocab import Category, Named

if TYPE_CHECKING:
    from tui.fake.api import FakeApi

TOP_OVER_LIMIT = "Page size is over '1000' items limit."
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
_DATE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"


def register(api: FakeApi) -> None:
    """Add the Library routes to ``api``."""
    data = api.data
    routes: list[tuple[str, Callable[..., FakeResponse]]] = [
        (r"/library/components", list_components),
        (r"/library/components/analytics/download", download_analytics),
        (r"/library/components/(?P<id>[^/]+)", get_component),
        (r"/library/brands", list_brands),
        (r"/library/brands/(?P<id>[^/]+)", get_brand),
        (r"/library/brands/(?P<id>[^/]+)/components", list_brand_components),
    ]
    for pattern, handler in routes:
        api.route("GET", pattern, partial(handler, data))
    for kind, plural, items in (("catalog", "catalogs", data.catalogs),
                                ("category", "categories", data.categories),
                                ("manufacturer", "manufacturers", data.manufacturers),
                                ("application", "applications", data.applications)):
        by_id = {x.id: x for x in items}
        api.route("GET", rf"/library/{plural}", partial(_list_named, plural, items))
        api.route("GET", rf"/library/{plural}/(?P<id>[^/]+)", partial(_get_named, kind, by_id))


def _component_page(req: ApiRequest, group: ComponentSet, found: Sequence[int], top: int,
                    skip: int, path: str, extra: list[tuple[str, str]]) -> FakeResponse:
    mode = prefer_return(req)
    rows = found[skip : skip + top]
    if mode == "representation":
        items = [group.full(i, req.base) for i in rows]
    else:
        items = [group.summary(i) for i in rows]
    links = page_links(req.base, path, skip, top, len(found), extra)
    return json_response({"components": items, "_links": links},
                         headers=preference_applied(mode))


def list_components(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /library/components`` with ``$top $skip projectId $search catalogs``."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_OVER_LIMIT, details)
    extra: list[tuple[str, str]] = []
    project_raw = req.arg("projectId") or ""
    if project_raw:
        extra.append(("projectId", project_raw))
        if not is_guid(project_raw):
            details.append(detail("InvalidValue", "Provided projectId value is not valid.",
                                  "projectId"))
    search = req.arg("$search") or ""
    if search:
        extra.append(("$search", search))
    wanted = _catalogs_arg(data, req, extra, details)
    if details:
        return error_response(422, "InvalidComponentsRequest", CANNOT_PERFORM, details=details)
    project: int | None = None
    if project_raw:
        pid = project_raw.lower()
        if pid not in data.project_ids:
            return error_response(404, "ComponentsNotFound",
                                  "Requested Components is not available.")
        project = K.PROJECT_IDS.index(pid) if pid in K.PROJECT_IDS else -2
    found = data.org.select(search, wanted, project)
    return _component_page(req, data.org, found, top, skip, "/Library/components", extra)


def _catalogs_arg(data: FakeData, req: ApiRequest, extra: list[tuple[str, str]],
                  details: list[dict[str, str]]) -> set[int] | None:
    """The catalogs ``catalogs=`` names (indexes), ``None`` for all; a detail if invalid."""
    catalogs_raw = req.arg("catalogs") or ""
    if not catalogs_raw:
        return None
    extra.append(("catalogs", catalogs_raw))
    ids = [c.id for c in data.catalogs]
    given = [c.strip().lower() for c in catalogs_raw.split(",")]
    if all(is_guid(c) and c in ids for c in given):
        return {ids.index(c) for c in given}
    details.append(detail("InvalidValue", "Provided catalogs value is not valid.", "catalogs"))
    return None


def get_component(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /library/components/{id}`` (org and brand components)."""
    hit = data.find_component(req.params["id"])
    if hit is None:
        return error_response(404, "ComponentNotFound", "Requested Component is not available.")
    group, i = hit
    return json_response({"component": group.full(i, req.base)})


def list_brand_components(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /library/brands/{brandId}/components`` with ``$top $skip $search``."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_OVER_LIMIT, details)
    brand_raw = req.params["id"]
    if not is_guid(brand_raw):
        details.append(detail("InvalidValue", "Provided brandId value is not valid.", "brandId"))
    if details:
        return error_response(422, "InvalidBrandComponentsRequest", CANNOT_PERFORM,
                              details=details)
    brand_id = brand_raw.lower()
    group = data.brand_components.get(brand_id)
    if group is None:
        return _brand_not_found()
    search = req.arg("$search") or ""
    extra = [("$search", search)] if search else []
    path = f"/library/brands/{brand_id}/components"
    return _component_page(req, group, group.select(search), top, skip, path, extra)


def _brand_not_found() -> FakeResponse:
    return error_response(404, "BrandNotFound", "Requested Brand is not available.")


def list_brands(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /library/brands`` → ``{"brands": [{id, displayName}], "_links"}``."""
    full = prefer_return(req) == "representation"
    return _collection(req, "brands", data.brands, full)


def get_brand(data: FakeData, req: ApiRequest) -> FakeResponse:
    brand = data.brand_by_id.get(req.params["id"].lower())
    return json_response({"brand": brand}) if brand else _brand_not_found()


def _collection(req: ApiRequest, key: str, items: Sequence[dict[str, Any]],
                full: bool) -> FakeResponse:
    """A paged list; ``$search`` matches displayName or hashtags (case-insensitive)."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_OVER_LIMIT, details)
    if details:
        code = f"Invalid{key[:1].upper()}{key[1:]}Request"
        return error_response(422, code, CANNOT_PERFORM, details=details)
    search = req.arg("$search") or ""
    extra = [("$search", search)] if search else []
    if search:
        q = search.lower()
        items = [x for x in items if q in x["displayName"].lower()
                 or any(q in tag.lower() for tag in x.get("hashtags", ()))]
    rows = items[skip : skip + top]
    if not full:
        rows = [{"id": x["id"], "displayName": x["displayName"]} for x in rows]
    links = page_links(req.base, f"/library/{key}", skip, top, len(items), extra)
    mode = prefer_return(req)
    return json_response({key: rows, "_links": links}, headers=preference_applied(mode))


def named_json(kind: str, item: Named | Category) -> dict[str, Any]:
    """Full JSON of a catalog, category, manufacturer or application."""
    out: dict[str, Any] = {"id": item.id, "displayName": item.displayName,
                           "description": item.description}
    if isinstance(item, Named):
        for key, value in item.extra:
            if key == "fileTypes":
                out["supportedFileTypes"] = value.split(",")
            elif key == "hashtags":
                out["hashtags"] = value.split(",")
            else:
                out[key] = value
    if kind == "catalog":
        d = Draw(f"catalog:{item.id}")
        created = d.moment(REFERENCE - timedelta(days=1500), REFERENCE - timedelta(days=400))
        out["createdDateTime"] = iso(created)
        out["lastModifiedDateTime"] = iso(d.moment(created, REFERENCE))
    return out


def _list_named(key: str, items: Sequence[Named | Category], req: ApiRequest) -> FakeResponse:
    kind = {"catalogs": "catalog", "categories": "category", "manufacturers": "manufacturer",
            "applications": "application"}[key]
    full = prefer_return(req) == "representation"
    return _collection(req, key, [named_json(kind, x) for x in items], full)


def _get_named(kind: str, by_id: dict[str, Named | Category], req: ApiRequest) -> FakeResponse:
    item = by_id.get(req.params["id"].lower())
    if item is None:
        name = kind[:1].upper() + kind[1:]
        return error_response(404, f"{name}NotFound", f"Requested {name} is not available.")
    return json_response({kind: named_json(kind, item)})


def _parse_date(raw: str) -> datetime | None:
    if not _DATE_RE.match(raw):
        return None
    try:
        return datetime.strptime(raw, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    except ValueError:
        return None


def download_analytics(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /library/components/analytics/download?startDate&endDate`` → CSV attachment."""
    if req.token == K.RESTRICTED_TOKEN:
        return error_response(403, "InsufficientPermissions", INSUFFICIENT_PERMISSIONS)
    start, end, details = _analytics_range(req)
    if details or start is None or end is None:
        return error_response(422, "InvalidDownloadAnalyticsRequest", CANNOT_PERFORM,
                              details=details)
    name = f"components-analytics_{start:%Y-%m-%d}_{end:%Y-%m-%d}.csv"
    disposition = f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
    if data.analytics_bytes is None:
        body = data.analytics.body(start.date(), end.date())
        return bytes_response(200, body, "text/csv", [("Content-Disposition", disposition)])
    stream = data.analytics.stream(start.date(), end.date(), data.analytics_bytes)
    return FakeResponse(200, [("Content-Type", "text/csv"),
                              ("Content-Disposition", disposition)], stream)


def _analytics_range(req: ApiRequest
                     ) -> tuple[datetime | None, datetime | None, list[dict[str, str]]]:
    """``startDate`` and ``endDate``, and a detail for each missing or invalid one."""
    raw = {"startDate": req.arg("startDate") or "", "endDate": req.arg("endDate") or ""}
    details = [detail("MissingRequiredParameter", "Required parameter is missing.", name)
               for name, value in raw.items() if not value]
    parsed = {name: _parse_date(value) for name, value in raw.items() if value}
    details += [detail("InvalidValue",
                       f"Parameter '{name}' format is incorrect, valid format is {_DATE_FORMAT}.",
                       name)
                for name, value in parsed.items() if value is None]
    start, end = parsed.get("startDate"), parsed.get("endDate")
    return start, end, details or _out_of_order(start, end)


def _out_of_order(start: datetime | None, end: datetime | None) -> list[dict[str, str]]:
    if start and end and start > end:
        return [detail("InvalidValue", "Parameter 'startDate' must not be later than 'endDate'.",
                       "startDate")]
    return []
