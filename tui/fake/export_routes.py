"""Routes of the Export API (its links point at the iModels and iTwins of ``twin_routes``)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from tui.fake import constants as K
from tui.fake.data import FakeData
from tui.fake.exports import Connection
from tui.fake.paging import page_links, paging_args
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

if TYPE_CHECKING:
    from tui.fake.api import FakeApi


def register(api: FakeApi) -> None:
    """Add the Export routes to ``api``."""
    for pattern, handler in (
        (r"/export/connections", list_connections),
        (r"/export/connections/(?P<id>[^/]+)", get_connection),
        (r"/export/connections/(?P<id>[^/]+)/runs/(?P<run>[^/]+)", get_run),
    ):
        api.route("GET", pattern, partial(handler, api.data))


def _forbidden() -> FakeResponse:
    return error_response(403, "InsufficientPermissions", INSUFFICIENT_PERMISSIONS)


def list_connections(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /export/connections?imodelId[&$top][&$skip]``."""
    details: list[dict[str, str]] = []
    top, skip = paging_args(req, "Page size is out of limits.", details)
    raw = req.arg("imodelId") or ""
    if not is_guid(raw):
        details.append(detail("InvalidValue", "Provided imodelId value is not valid.",
                              "imodelId"))
    if details:
        return error_response(422, "InvalidConnectionsRequest", CANNOT_PERFORM, details=details)
    imodel_id = raw.lower()
    if imodel_id == K.FORBIDDEN_IMODEL_ID:
        return _forbidden()
    conns = data.exports.by_imodel.get(imodel_id)
    if conns is None and imodel_id in data.twins.imodels:
        conns = []  # an iModel of a project, without export connections
    if conns is None:
        return error_response(404, "ConnectionNotFound", "Requested iModelId is not available.")
    links = page_links(req.base, "/export/connections", skip, top, len(conns),
                       [("imodelId", raw)])
    return json_response({"connections": [c.to_json(req.base) for c in conns[skip : skip + top]],
                          "_links": links})


def _connection(data: FakeData, connection_id: str) -> Connection | FakeResponse:
    conns = data.exports.connections
    conn = conns.get(connection_id) or conns.get(connection_id.lower())
    if conn is None:
        return error_response(404, "ConnectionNotFound", "Requested connection is not available.")
    if conn.imodel_id == K.FORBIDDEN_IMODEL_ID:
        return _forbidden()
    return conn


def get_connection(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /export/connections/{id}`` → ``{"connection": {...}}``."""
    conn = _connection(data, req.params["id"])
    if isinstance(conn, FakeResponse):
        return conn
    return json_response({"connection": conn.to_json(req.base)})


def get_run(data: FakeData, req: ApiRequest) -> FakeResponse:
    """``GET /export/connections/{id}/runs/{runId}`` → ``{"run": {...}}``."""
    conn = _connection(data, req.params["id"])
    if isinstance(conn, FakeResponse):
        return conn
    run = data.exports.run(conn.id, req.params["run"])
    if run is None:
        return error_response(404, "RunNotFound", "Requested run is not available.")
    return json_response({"run": run})

