"""The fake iTwin API, driven over real loopback HTTP with plain httpx (and in-process)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import orjson
import pytest

from tui.fake import (
    BIG_BRAND_ID,
    BIG_IMODEL_ID,
    BRAND_IDS,
    DEMO_TOKEN,
    EMPTY_BRAND_ID,
    EMPTY_IMODEL_ID,
    EMPTY_PROJECT_ID,
    FORBIDDEN_IMODEL_ID,
    HOSTILE_ESCAPE_COMPONENT_ID,
    HOSTILE_MARKUP_COMPONENT_ID,
    IMODEL_IDS,
    NON_GUID_CONNECTION_ID,
    PROJECT_IDS,
    RESTRICTED_TOKEN,
    FakeApi,
    FakeData,
    FakeResponse,
    FakeTransport,
    RunningServer,
    serve,
)

ACCEPT = "application/vnd.bentley.itwin-platform.v1+json"
ACCEPT_V2 = "application/vnd.bentley.itwin-platform.v2+json"
HEADERS = {"Authorization": f"Bearer {DEMO_TOKEN}", "Accept": ACCEPT}
FULL = {"Prefer": "return=representation"}
JSON = "application/json; charset=utf-8"
ANALYTICS = "/library/components/analytics/download"
JAN = {"startDate": "2025-01-01T00:00:00.000Z", "endDate": "2025-01-31T23:59:59.999Z"}


def err(code: str, message: str, *details: tuple[str, str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = [{"code": c, "message": m, "target": t} for c, m, t in details]
    return {"error": body}


TOP_OVER = ("InvalidValue", "Page size is over '1000' items limit.", "$top")


@pytest.fixture(scope="module")
def data() -> FakeData:
    return FakeData()


@pytest.fixture(scope="module")
def running(data: FakeData) -> Iterator[RunningServer]:
    with serve(FakeApi(data, valid_tokens={DEMO_TOKEN, RESTRICTED_TOKEN})) as srv:
        yield srv


@pytest.fixture
def api(running: RunningServer) -> Iterator[FakeApi]:
    yield running.api
    running.api.faults.clear()
    running.api.clear_requests()


@pytest.fixture
def http(running: RunningServer, api: FakeApi) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=running.base_url, headers=HEADERS, timeout=10) as c:
        yield c


def follow(client: httpx.Client, url: str, key: str, **kw: Any) -> tuple[list[dict], list[dict]]:
    """Every item of a collection and every page's ``_links``, following ``next``."""
    items: list[dict] = []
    pages: list[dict] = []
    next_url: str | None = url
    while next_url:
        r = client.get(next_url, **kw)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == JSON
        body = r.json()
        items += body[key]
        pages.append(body["_links"])
        next_url = body["_links"].get("next", {}).get("href")
        kw.pop("params", None)  # the next href carries every parameter
    return items, pages


# --- components: paging, validation, representation, filters ---------------------------------


def test_paging_all_components_by_next_links(http: httpx.Client, running: RunningServer) -> None:
    items, pages = follow(http, "/library/components", "components")
    assert len(items) == 5000
    assert len({c["id"] for c in items}) == 5000
    assert len(pages) == 50
    for n, links in enumerate(pages):
        assert links["self"]["href"] == (
            f"{running.base_url}/Library/components?$skip={n * 100}&$top=100")
        assert ("prev" in links) == (n > 0)
    assert "next" not in pages[-1]
    assert pages[1]["prev"]["href"].endswith("/Library/components?$skip=0&$top=100")


@pytest.mark.parametrize("query", ["%24top=1001", "$top=1001", "$top=0", "$top=abc", "$top=-4"])
def test_bad_top_is_422_as_spec(http: httpx.Client, query: str) -> None:
    r = http.get(f"/library/components?{query}")
    assert r.status_code == 422
    assert r.headers["content-type"] == JSON
    assert r.json() == err("InvalidComponentsRequest", "Cannot perform operation.", TOP_OVER)


def test_top_and_skip_limits(http: httpx.Client, api: FakeApi) -> None:
    r = http.get("/library/components?%24top=1000&%24skip=4500")
    assert r.status_code == 200 and len(r.json()["components"]) == 500
    assert api.requests[-1].query == {"$top": "1000", "$skip": "4500"}
    r = http.get("/library/components", params={"$skip": "-1"})
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["target"] == "$skip"


def test_prefer_minimal_and_representation(http: httpx.Client) -> None:
    r = http.get("/library/components", params={"$top": 5})
    assert all(set(c) == {"id", "displayName"} for c in r.json()["components"])
    assert "preference-applied" not in r.headers
    r = http.get("/library/components", params={"$top": 5}, headers={"Prefer": "return=minimal"})
    assert all(set(c) == {"id", "displayName"} for c in r.json()["components"])
    assert r.headers["preference-applied"] == "return=minimal"
    r = http.get("/library/components", params={"$top": 5}, headers=FULL)
    assert r.headers["preference-applied"] == "return=representation"
    for c in r.json()["components"]:
        assert {"id", "displayName", "description", "state", "createdDateTime",
                "lastModifiedDateTime", "supportedFileTypes", "hashtags", "_links"} <= set(c)
        assert isinstance(c["_links"]["catalogs"], list)


def test_search_by_name_and_hashtag_case_insensitive(http: httpx.Client, data: FakeData) -> None:
    items, _ = follow(http, "/library/components", "components",
                      params={"$search": "FIRE-Rated", "$top": 1000}, headers=FULL)
    assert items and len(items) == len(data.org.select("fire-rated"))
    for c in items:
        assert "fire-rated" in c["displayName"].lower() or "fire-rated" in c["hashtags"]
    assert any("fire-rated" not in c["displayName"].lower() for c in items)  # hashtag-only hits
    items, _ = follow(http, "/library/components", "components",
                      params={"$search": "IFC-READY"}, headers=FULL)
    assert items and all("ifc-ready" in c["hashtags"] for c in items)
    r = http.get("/library/components", params={"$search": "gate valve", "$top": 10})
    assert all("gate valve" in c["displayName"].lower() for c in r.json()["components"])
    assert "$search=gate%20valve" in r.json()["_links"]["next"]["href"]


def test_catalogs_filter_and_validation(http: httpx.Client, data: FakeData) -> None:
    one, two = data.catalogs[2].id, data.catalogs[5].id
    items, _ = follow(http, "/library/components", "components",
                      params={"catalogs": f"{one},{two}", "$top": 1000}, headers=FULL)
    assert items
    for c in items:
        hrefs = " ".join(x["href"] for x in c["_links"]["catalogs"])
        assert one in hrefs or two in hrefs
    expected = err("InvalidComponentsRequest", "Cannot perform operation.",
                   ("InvalidValue", "Provided catalogs value is not valid.", "catalogs"))
    for bad in ("not-a-guid", f"{one},00000000-0000-0000-0000-000000000000"):
        r = http.get("/library/components", params={"catalogs": bad})
        assert r.status_code == 422 and r.json() == expected


def test_project_filter_and_errors(http: httpx.Client, data: FakeData) -> None:
    items, _ = follow(http, "/library/components", "components",
                      params={"projectId": PROJECT_IDS[0]})
    assert items and len(items) == len(data.org.select(project=0)) < 5000
    r = http.get("/library/components", params={"projectId": "nope"})
    assert r.status_code == 422
    assert r.json()["error"]["details"] == [
        {"code": "InvalidValue", "message": "Provided projectId value is not valid.",
         "target": "projectId"}]
    r = http.get("/library/components",
                 params={"projectId": "0f0f0f0f-0000-4000-8000-000000000000"})
    assert r.status_code == 404
    assert r.json() == err("ComponentsNotFound", "Requested Components is not available.")
    r = http.get("/library/components", params={"projectId": EMPTY_PROJECT_ID})
    assert r.status_code == 200 and r.json()["components"] == []
    assert set(r.json()["_links"]) == {"self"}


def test_component_detail_hostile_names_and_404(http: httpx.Client) -> None:
    r = http.get(f"/LIBRARY/Components/{HOSTILE_MARKUP_COMPONENT_ID}")
    assert r.status_code == 200
    assert r.json()["component"]["displayName"] == "[bold red]Not bold[/] Valve"
    r = http.get(f"/library/components/{HOSTILE_ESCAPE_COMPONENT_ID}")
    assert r.json()["component"]["displayName"] == "Pump \x1b[31mred\x1b[0m"
    r = http.get("/library/components/4ca8dcff-5ebb-b236-ea2f-0bfbdf3c623e")
    assert r.status_code == 404 and r.json()["error"]["code"] == "ComponentNotFound"


def test_optional_fields_are_exercised(data: FakeData) -> None:
    comps = [data.component(i) for i in range(1500)]
    assert any(c["description"] is None for c in comps)
    assert any(c["hashtags"] == [] for c in comps)
    assert any("manufacturer" not in c["_links"] for c in comps)
    assert any(c["_links"].get("manufacturer", 0) is None for c in comps)
    assert {c["state"] for c in comps} == {"Draft", "Published", "Checked", "Approved",
                                           "Archived"}
    for c in comps:
        assert c["createdDateTime"].endswith("Z")
        assert c["lastModifiedDateTime"] >= c["createdDateTime"]


def test_linked_resources_resolve(http: httpx.Client) -> None:
    r = http.get("/library/components", params={"$top": 20}, headers=FULL)
    links = next(c["_links"] for c in r.json()["components"] if c["_links"].get("manufacturer"))
    for key, href in (("catalog", links["catalogs"][0]["href"]),
                      ("application", links["application"]["href"]),
                      ("category", links["category"]["href"]),
                      ("manufacturer", links["manufacturer"]["href"])):
        got = http.get(href)
        assert got.status_code == 200 and got.json()[key]["displayName"]
    assert len(http.get("/library/catalogs").json()["catalogs"]) >= 6
    assert http.get("/library/categories").json()["categories"]


def test_catalogs_list_search_detail_and_component_links(http: httpx.Client,
                                                         running: RunningServer) -> None:
    catalogs, pages = follow(http, "/library/catalogs", "catalogs", params={"$top": 3})
    assert len(pages) == 3 and len(catalogs) == len({c["id"] for c in catalogs}) == 8
    assert all(set(c) == {"id", "displayName"} for c in catalogs)
    assert pages[1]["self"]["href"] == f"{running.base_url}/library/catalogs?$skip=3&$top=3"
    r = http.get("/library/catalogs", params={"$search": "DRAINAGE"}, headers=FULL)
    assert r.headers["preference-applied"] == "return=representation"
    [civil] = r.json()["catalogs"]  # found by a hashtag
    assert {"id", "displayName", "description", "region", "hashtags", "createdDateTime",
            "lastModifiedDateTime"} <= set(civil) and "drainage" in civil["hashtags"]
    assert "$search=DRAINAGE" in r.json()["_links"]["self"]["href"]
    assert http.get(f"/library/catalogs/{civil['id']}").json() == {"catalog": civil}
    r = http.get("/library/catalogs/4ca8dcff-5ebb-b236-ea2f-0bfbdf3c623e")
    assert r.status_code == 404 and r.json()["error"]["code"] == "CatalogNotFound"
    # components link to these same ids, and filter by them; the legacy catalog is empty
    comps = http.get("/library/components", params={"$top": 200}, headers=FULL).json()
    linked = {h["href"].rsplit("/", 1)[1] for c in comps["components"]
              for h in c["_links"]["catalogs"]}
    ids = [c["id"] for c in catalogs]
    assert linked and linked <= set(ids)
    legacy = next(c["id"] for c in catalogs if "Legacy" in c["displayName"])
    r = http.get("/library/components", params={"catalogs": legacy})
    assert r.status_code == 200 and r.json()["components"] == []


# --- brands ------------------------------------------------------------------------------------


def test_brands_list_detail_and_paging(http: httpx.Client, running: RunningServer) -> None:
    brands = http.get("/library/brands").json()["brands"]
    assert [b["id"] for b in brands] == list(BRAND_IDS)
    brand = http.get(f"/library/brands/{BIG_BRAND_ID}").json()["brand"]
    assert {"id", "displayName", "description", "isAvailable", "isOwned", "isPartnership",
            "createdDateTime", "lastModifiedDateTime"} <= set(brand)
    items, pages = follow(http, f"/library/brands/{BIG_BRAND_ID}/components", "components")
    assert len(items) == len({c["id"] for c in items}) > 250
    assert pages[1]["self"]["href"] == (
        f"{running.base_url}/library/brands/{BIG_BRAND_ID}/components?$skip=100&$top=100")
    r = http.get(f"/library/brands/{EMPTY_BRAND_ID}/components")
    assert r.status_code == 200 and r.json()["components"] == []


def test_brand_components_422_and_404(http: httpx.Client) -> None:
    r = http.get("/library/brands/not-a-guid/components", params={"$top": 1001})
    assert r.status_code == 422
    assert r.json() == err("InvalidBrandComponentsRequest", "Cannot perform operation.", TOP_OVER,
                           ("InvalidValue", "Provided brandId value is not valid.", "brandId"))
    r = http.get("/library/brands/88c18159-54ad-4c22-8083-050eaa632f80/components")
    assert r.status_code == 404 and r.json()["error"]["code"] == "BrandNotFound"


# --- export connections and runs ---------------------------------------------------------------


def test_connections_errors_as_spec(http: httpx.Client) -> None:
    imodel_bad = ("InvalidValue", "Provided imodelId value is not valid.", "imodelId")
    r = http.get("/export/connections", params={"imodelId": "x", "$top": 0})
    assert r.status_code == 422
    assert r.json() == err("InvalidConnectionsRequest", "Cannot perform operation.",
                           ("InvalidValue", "Page size is out of limits.", "$top"), imodel_bad)
    r = http.get("/export/connections")
    assert r.json() == err("InvalidConnectionsRequest", "Cannot perform operation.", imodel_bad)
    r = http.get("/export/connections", params={"imodelId": FORBIDDEN_IMODEL_ID})
    assert r.status_code == 403
    assert r.json() == err("InsufficientPermissions",
                           "The user has insufficient permissions for the requested operation.")
    r = http.get("/export/connections", params={"imodelId": "5db42812-ebb8-4c58-98a4-2eaa99e0d8b6"})
    assert r.status_code == 404
    assert r.json() == err("ConnectionNotFound", "Requested iModelId is not available.")
    r = http.get("/export/connections", params={"imodelId": EMPTY_IMODEL_ID})
    assert r.status_code == 200 and r.json()["connections"] == []


def test_connections_paging_and_links(http: httpx.Client, running: RunningServer) -> None:
    conns, pages = follow(http, "/export/connections", "connections",
                          params={"imodelId": BIG_IMODEL_ID, "$top": 50})
    assert len(conns) == len({c["id"] for c in conns}) > 120
    assert len(pages) == 3 and "next" not in pages[-1]
    assert f"imodelId={BIG_IMODEL_ID}" in pages[0]["next"]["href"]
    assert {c["authenticationType"] for c in conns} == {"User", "Service"}
    assert any("lastRun" not in c["_links"] for c in conns)
    first = conns[0]
    assert first["iModelId"] == BIG_IMODEL_ID
    imodel = http.get(first["_links"]["iModel"]["href"], headers={"Accept": ACCEPT_V2})
    assert imodel.json()["iModel"]["id"] == BIG_IMODEL_ID
    assert http.get(first["_links"]["iModel"]["href"]).status_code == 406  # iModels want v2
    assert http.get(first["_links"]["iTwin"]["href"]).json()["iTwin"]["id"] == first["iTwinId"]
    assert first["_links"]["iModel"]["href"].startswith(running.base_url)


def test_connection_and_run_detail(http: httpx.Client) -> None:
    conns = http.get("/export/connections", params={"imodelId": IMODEL_IDS[1]}).json()
    assert NON_GUID_CONNECTION_ID in [c["id"] for c in conns["connections"]]
    conn = http.get(f"/export/connections/{NON_GUID_CONNECTION_ID}").json()["connection"]
    run = http.get(conn["_links"]["lastRun"]["href"]).json()["run"]
    assert run["connectionId"] == NON_GUID_CONNECTION_ID and run["result"] == "Error"
    errors = [t["error"] for j in run["jobs"] for t in j["tasks"] if t["error"]]
    assert errors and all(e["message"] for e in errors)
    assert http.get("/export/connections/missing").status_code == 404
    r = http.get(f"/export/connections/{NON_GUID_CONNECTION_ID}/runs/nope")
    assert r.status_code == 404


# --- analytics ---------------------------------------------------------------------------------


def test_analytics_csv(http: httpx.Client) -> None:
    r = http.get(ANALYTICS, params=JAN)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv"
    assert int(r.headers["content-length"]) == len(r.content)
    name = "components-analytics_2025-01-01_2025-01-31.csv"
    assert r.headers["content-disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}")
    lines = r.content.decode().splitlines()
    assert lines[0] == "Date,ComponentId,ComponentName,UserId,Action,Application,Count"
    assert len(lines) > 20
    assert all("2025-01-01" <= line[:10] <= "2025-01-31" for line in lines[1:])


def test_analytics_422s(http: httpx.Client) -> None:
    missing = "Required parameter is missing."
    fmt = "Parameter '{}' format is incorrect, valid format is yyyy-MM-dd'T'HH:mm:ss.fff'Z'."
    code = "InvalidDownloadAnalyticsRequest"
    r = http.get(ANALYTICS)
    assert r.status_code == 422
    assert r.json() == err(code, "Cannot perform operation.",
                           ("MissingRequiredParameter", missing, "startDate"),
                           ("MissingRequiredParameter", missing, "endDate"))
    r = http.get(ANALYTICS, params={"startDate": "2025-01-01", "endDate": "2025-02-30T00:00:00Z"})
    assert r.json() == err(code, "Cannot perform operation.",
                           ("InvalidValue", fmt.format("startDate"), "startDate"),
                           ("InvalidValue", fmt.format("endDate"), "endDate"))
    r = http.get(ANALYTICS, params={"startDate": JAN["endDate"], "endDate": JAN["startDate"]})
    assert r.status_code == 422 and r.json()["error"]["details"][0]["target"] == "startDate"
    r = http.get(ANALYTICS, params=JAN, headers={"Authorization": f"Bearer {RESTRICTED_TOKEN}"})
    assert r.status_code == 403


def test_big_analytics_download_is_streamed_chunked() -> None:
    with serve(FakeApi(FakeData(300, analytics_bytes=3_000_000))) as srv, \
            httpx.Client(base_url=srv.base_url, headers=HEADERS) as c, \
            c.stream("GET", ANALYTICS, params=JAN) as r:
        assert r.status_code == 200
        assert "content-length" not in r.headers
        assert r.headers["transfer-encoding"] == "chunked"
        size = sum(len(chunk) for chunk in r.iter_raw())
    assert 3_000_000 <= size < 3_000_000 + 70_000


# --- auth, errors, faults ----------------------------------------------------------------------


def test_auth_failures(running: RunningServer) -> None:
    r = httpx.get(f"{running.base_url}/library/components")
    assert r.status_code == 401
    assert r.json() == err("HeaderNotFound",
                           "Header Authorization was not found in the request. Access denied.")
    for value in ("Bearer wrong", "Basic ZGVtbzpkZW1v", "Bearer"):
        r = httpx.get(f"{running.base_url}/library/components", headers={"Authorization": value})
        assert r.status_code == 401 and r.json()["error"]["code"] == "InvalidToken"


def test_unknown_path_and_method(http: httpx.Client) -> None:
    r = http.get("/library/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "NotFound"
    r = http.post("/library/components", content=b"{}")
    assert r.status_code == 405 and r.json()["error"]["code"] == "MethodNotAllowed"


def test_fault_429_then_success(http: httpx.Client, api: FakeApi) -> None:
    rule = api.faults.add(path_prefix="/LIBRARY/components", status=429,
                          headers={"Retry-After": "1"}, times=2)
    for _ in range(2):
        r = http.get("/library/components")
        assert r.status_code == 429 and r.headers["retry-after"] == "1"
        assert r.json() == err("TooManyRequests",
                               "More requests were received than the subscription "
                               "rate-limit allows.")
    assert http.get("/library/components").status_code == 200
    assert rule.hits == 2 and api.faults.rules == []


def test_fault_raw_bodies_and_latency(http: httpx.Client, api: FakeApi) -> None:
    rule = api.faults.add(path_prefix="/library/components", status=200,
                          body=b'{"components": [')
    r = http.get("/library/components")
    assert r.status_code == 200 and r.headers["content-type"] == JSON
    with pytest.raises(orjson.JSONDecodeError):
        orjson.loads(r.content)
    api.faults.remove(rule)
    api.faults.add(path_prefix="/export", status=502, body=b"<html>Bad gateway</html>", times=1)
    r = http.get("/export/connections", params={"imodelId": BIG_IMODEL_ID})
    assert r.status_code == 502 and r.headers["content-type"].startswith("text/html")
    api.faults.latency = 0.2
    start = time.monotonic()
    assert http.get("/library/brands").status_code == 200
    assert time.monotonic() - start >= 0.2


def test_requests_are_recorded(http: httpx.Client, api: FakeApi) -> None:
    http.get("/library/components?%24search=door&%24top=3")
    rec = api.requests[-1]
    assert rec.method == "GET" and rec.path == "/library/components"
    assert rec.query == {"$search": "door", "$top": "3"}
    assert rec.headers["accept"] == ACCEPT


def test_keep_alive_serves_several_requests_per_connection(running: RunningServer) -> None:
    request = (f"GET /library/brands HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n"
               f"Authorization: Bearer {DEMO_TOKEN}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", running.port), timeout=5) as sock:
        stream = sock.makefile("rb")
        for _ in range(3):
            sock.sendall(request)
            assert stream.readline().startswith(b"HTTP/1.1 200")
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert orjson.loads(stream.read(length))["brands"]


def test_custom_route_without_auth(data: FakeData) -> None:
    api = FakeApi(data)

    def token(req: Any) -> FakeResponse:
        return FakeResponse(200, [("Content-Type", "text/plain")], b"got " + req.body)

    api.route("POST", r"^/connect/token$", token, auth=False)
    resp = api.handle("POST", "http://ims.test/connect/token", {}, body=b"grant_type=x")
    assert resp.status == 200 and resp.content() == b"got grant_type=x"
    assert api.handle("GET", "http://ims.test/connect/token", {}).status == 405


# --- in-process transport and scale ------------------------------------------------------------


def _normalized(r: httpx.Response, base: str) -> Any:
    return orjson.loads(r.content.replace(base.encode(), b"BASE"))


async def test_transport_matches_socket_server(http: httpx.Client, api: FakeApi,
                                               running: RunningServer) -> None:
    base = "https://api.bentley.com"
    paths = [("/library/components", {"$top": 7, "$search": "door"}, FULL),
             (f"/library/brands/{BIG_BRAND_ID}/components", {"$skip": 300}, {}),
             ("/export/connections", {"imodelId": BIG_IMODEL_ID, "$top": 1001}, {}),
             ("/export/connections", {"imodelId": FORBIDDEN_IMODEL_ID}, {}),
             (ANALYTICS, JAN, {})]
    async with httpx.AsyncClient(transport=FakeTransport(api), base_url=base,
                                 headers=HEADERS) as ac:
        for path, params, extra in paths:
            remote = http.get(path, params=params, headers=extra)
            local = await ac.get(path, params=params, headers=extra)
            assert local.status_code == remote.status_code
            assert local.headers["content-type"] == remote.headers["content-type"]
            if remote.headers["content-type"] == JSON:
                assert _normalized(local, base) == _normalized(remote, running.base_url)
            else:
                assert local.content == remote.content
    with httpx.Client(transport=FakeTransport(api), base_url=base, headers=HEADERS) as sc:
        assert sc.get("/library/components").json()["_links"]["self"]["href"] == (
            f"{base}/Library/components?$skip=0&$top=100")


async def test_transport_streams_big_download() -> None:
    api = FakeApi(FakeData(50, analytics_bytes=500_000))
    async with httpx.AsyncClient(transport=FakeTransport(api), base_url="https://x.test",
                                 headers=HEADERS) as ac, ac.stream("GET", ANALYTICS,
                                                                  params=JAN) as r:
        assert "content-length" not in r.headers
        chunks = [c async for c in r.aiter_raw()]
    assert len(chunks) > 3 and 500_000 <= sum(map(len, chunks)) < 570_000


def test_100k_components_first_and_last_page(data: FakeData) -> None:
    start = time.perf_counter()
    big = FakeData(n_components=100_000)
    assert time.perf_counter() - start < 10
    assert big.org.ids[:5000] == data.org.ids  # same seed: a prefix of the bigger data set
    with httpx.Client(transport=FakeTransport(FakeApi(big)), base_url="https://api.test",
                      headers=HEADERS) as c:
        first = c.get("/library/components").json()
        assert [x["id"] for x in first["components"]] == big.org.ids[:100]
        last = c.get("/library/components", params={"$skip": 99_900}).json()
        assert [x["id"] for x in last["components"]] == big.org.ids[-100:]
        assert set(last["_links"]) == {"self", "prev"}


def test_deterministic_by_seed(data: FakeData) -> None:
    again = FakeData(n_components=200)
    assert again.component(42) == data.component(42)
    assert FakeData(n_components=200, seed=8).org.ids[42] != data.org.ids[42]


def test_analytics_go_on_until_today_and_the_past_never_changes() -> None:
    from datetime import date, timedelta

    from conftest import shared_data

    from tui.fake.analytics import Analytics

    org = shared_data().org
    at_reference = Analytics(org, 7, today=date(2026, 11, 1))
    later = Analytics(org, 7, today=date(2026, 12, 24))
    week = (date(2026, 12, 18), date(2026, 12, 24))
    assert at_reference.select(*week) == []
    assert later.select(*week)  # the demo's "last 7 days" finds usage, whenever it runs
    assert max(later.days) <= date(2026, 12, 24)
    before = (date(2026, 10, 1), date(2026, 10, 31))
    assert later.select(*before) == at_reference.select(*before)
    assert min(later.days) >= date(2026, 11, 1) - timedelta(days=730)
