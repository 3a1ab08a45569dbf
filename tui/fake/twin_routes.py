"""Routes of the iTwins API (v1) and the iModels API (v2: ``Accept: …v2+json``).

``GET /itwins[/recents|/favorites]?subClass=&$search=&$top=&$skip=`` → ``{"iTwins": [...],
"_links"}``; ``GET /itwins/{id}`` → ``{"iTwin"}``; ``GET /imodels?iTwinId=&$search=&$top=
&$skip=`` → ``{"iModels": [...], "_links"}``; ``GET /imodels/{id}`` → ``{"iModel"}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.fake import constants as K
from tui.fake.data import FakeData
from tui.fake.paging import page_links, paging_args, prefer_return, preference_applied
from tui.fake.responses import (
    CANNOT_PERFORM,
    INSUFFICIENT_PERMISSIONS,
    ApiRequest,
    FakeResponse,
    detail,
    error_response,
    is_guid,
    json_response,
)
from tui.fake.twins import Itwin

if TYPE_CHECKING:
    from tui.fake.api import FakeApi

TOP_MESSAGE = "Provided $top value is not valid. It must be between 1 and 1000."
SUB_CLASSES = ("Account", "Asset", "Portfolio", "Program", "Project", "WorkPackage")


def register(api: FakeApi) -> None:
    """Add the iTwins (v1) and iModels (v2) routes to ``api``."""
    data = api.data
    api.route("GET", r"/itwins", partial(list_itwins, data, "all"))
    api.route("GET", r"/itwins/(?P<id>[^/]+)", partial(get_itwin, data))
    api.route("GET", r"/itwins/recents", partial(list_itwins, data, "recents"))
    api.route("GET", r"/itwins/favorites", partial(list_itwins, data, "favorites"))
    api.route("GET", r"/imodels", partial(list_imodels, data), version=2)
    api.route("GET", r"/imodels/(?P<id>[^/]+)", partial(get_imodel, data), version=2)


def _search_arg(req: ApiRequest, extra: list[tuple[str, str]]) -> str:
    search = req.arg("$search") or ""
    if search:
        extra.append(("$search", search))
    return search.lower()


def _itwin_rows(data: FakeData, which: str) -> Sequence[Itwin]:
    twins = data.twins
    return {"recents": twins.recents, "favorites": twins.favorites}.get(which, twins.itwins)


def _sub_class_arg(req: ApiRequest, extra: list[tuple[str, str]],
                   details: list[dict[str, str]]) -> str:
    """The ``subClass`` filter, lower-cased ("" for none); an unknown one adds a detail."""
    sub_class = req.arg("subClass") or ""
    if sub_class:
        extra.append(("subClass", sub_class))
        if sub_class.lower() not in {s.lower() for s in SUB_CLASSES}:
            details.append(detail("InvalidValue", "Provided subClass value is not valid.",
                                  "subClass"))
    return sub_class.lower()


def _matches(itwin: Itwin, sub_class: str, search: str) -> bool:
    if sub_class and itwin.sub_class.lower() != sub_class:
        return False
    return search in itwin.display_name.lower() or search in itwin.number.lower()


def list_itwins(data: FakeData, which: str, req: ApiRequest) -> FakeResponse:
    """``GET /itwins``, ``/itwins/recents``, ``/itwins/favorites`` (same parameters)."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_MESSAGE, details)
    extra: list[tuple[str, str]] = []
    sub_class = _sub_class_arg(req, extra, details)
    if details:
        return error_response(422, "InvalidiTwinsRequest", CANNOT_PERFORM, details=details)
    search = _search_arg(req, extra)
    rows = [t for t in _itwin_rows(data, which) if _matches(t, sub_class, search)]
    mode = prefer_return(req)
    page = rows[skip : skip + top]
    items = [t.json() if mode == "representation" else t.minimal() for t in page]
    path = "/itwins" if which == "all" else f"/itwins/{which}"
    links = page_links(req.base, path, skip, top, len(rows), extra)
    return json_response({"iTwins": items, "_links": links}, headers=preference_applied(mode))


def get_itwin(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /itwins/{id}`` → ``{"iTwin": {...}}``."""
    itwin = data.twins.by_id.get(req.params["id"].lower())
    if itwin is None:
        return error_response(404, "iTwinNotFound", "Requested iTwin is not available.")
    return json_response({"iTwin": itwin.json()})


def _imodel_json(imodel: dict[str, Any], base: str, full: bool) -> dict[str, Any]:
    links = {"self": {"href": f"{base}/imodels/{imodel['id']}"}}
    if full:
        return {**imodel, "_links": links}
    return {"id": imodel["id"], "displayName": imodel["displayName"], "_links": links}


def _itwin_id_details(raw: str) -> list[dict[str, str]]:
    if not raw:
        return [detail("MissingRequiredParameter", "Required parameter is missing.", "iTwinId")]
    if not is_guid(raw):
        return [detail("InvalidValue", "Provided iTwinId value is not valid.", "iTwinId")]
    return []


def list_imodels(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /imodels?iTwinId=`` with ``$top $skip $search`` and ``Prefer``."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, TOP_MESSAGE, details)
    raw = req.arg("iTwinId") or ""
    details += _itwin_id_details(raw)
    if details:
        return error_response(422, "InvalidiModelsRequest", CANNOT_PERFORM, details=details)
    itwin_id = raw.lower()
    if itwin_id == K.FORBIDDEN_PROJECT_ID:
        return error_response(403, "InsufficientPermissions", INSUFFICIENT_PERMISSIONS)
    imodels = data.twins.by_itwin.get(itwin_id)
    if imodels is None:
        return error_response(404, "iTwinNotFound", "Requested iTwin is not available.")
    extra = [("iTwinId", raw)]
    search = _search_arg(req, extra)
    rows = [m for m in imodels
            if search in m["displayName"].lower() or search in m["name"].lower()]
    mode = prefer_return(req)
    items = [_imodel_json(m, req.base, mode == "representation") for m in rows[skip : skip + top]]
    links = page_links(req.base, "/imodels", skip, top, len(rows), extra)
    return json_response({"iModels": items, "_links": links}, headers=preference_applied(mode))


def get_imodel(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /imodels/{id}`` → ``{"iModel": {...}}``."""
    imodel = data.twins.imodels.get(req.params["id"].lower())
    if imodel is None:
        return error_response(404, "iModelNotFound", "Requested iModel is not available.")
    return json_response({"iModel": _imodel_json(imodel, req.base, True)})
