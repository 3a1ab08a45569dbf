"""The fake iTwins (v1) and iModels (v2) APIs over real loopback HTTP, with plain httpx."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import shared_data

from tui.fake import (
    ACCEPT_V1,
    ACCEPT_V2,
    BIG_IMODEL_ID,
    DEMO_TOKEN,
    EMPTY_PROJECT_ID,
    FORBIDDEN_IMODEL_ID,
    FORBIDDEN_PROJECT_ID,
    IMODEL_IDS,
    ITWIN_IDS,
    PROJECT_COUNT,
    PROJECT_IDS,
    FakeTransport,
)
from tui.fake.exports import IMODELS

AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}
V1 = {**AUTH, "Accept": ACCEPT_V1}
V2 = {**AUTH, "Accept": ACCEPT_V2}
FULL = {"Prefer": "return=representation"}
UNKNOWN = "0f0f0f0f-0000-4000-8000-000000000000"


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        yield c


def collect(client: httpx.Client, url: str, key: str, headers: dict[str, str],
            params: dict[str, Any] | None = None) -> tuple[list[dict], list[dict]]:
    """Every item and every page's ``_links``, following ``next`` exactly as given."""
    items: list[dict] = []
    pages: list[dict] = []
    next_url: str | None = url
    while next_url:
        r = client.get(next_url, headers=headers, params=params)
        assert r.status_code == 200, r.text
        items += r.json()[key]
        pages.append(r.json()["_links"])
        next_url = r.json()["_links"].get("next", {}).get("href")
        params = None
    return items, pages


# --- iTwins ------------------------------------------------------------------------------------


def test_projects_page_through_links(http: httpx.Client, server) -> None:
    items, pages = collect(http, "/itwins", "iTwins", V1, {"subClass": "Project"})
    assert len(items) == len({t["id"] for t in items}) == PROJECT_COUNT
    assert len(pages) == 3 and "next" not in pages[-1] and "prev" not in pages[0]
    assert pages[1]["self"]["href"] == (
        f"{server.base_url}/itwins?$skip=100&$top=100&subClass=Project")
    assert pages[1]["prev"]["href"].endswith("/itwins?$skip=0&$top=100&subClass=Project")
    assert {t["subClass"] for t in items} == {"Project"}
    assert [t["id"] for t in items[:3]] == list(ITWIN_IDS)
    assert {"id", "class", "subClass", "type", "number", "displayName", "status"} == set(items[0])
    # without subClass the assets are listed too
    everything, _ = collect(http, "/itwins", "iTwins", V1, {"$top": 1000})
    assert {t["subClass"] for t in everything} == {"Project", "Asset"}
    assert set(PROJECT_IDS) <= {t["id"] for t in everything}


def test_project_search_by_name_and_number(http: httpx.Client) -> None:
    r = http.get("/itwins", headers=V1, params={"subClass": "Project", "$search": "RIVERSIDE H"})
    assert [t["id"] for t in r.json()["iTwins"]] == [ITWIN_IDS[0]]
    assert "$search=RIVERSIDE%20H" in r.json()["_links"]["self"]["href"]
    r = http.get("/itwins", headers=V1, params={"$search": "npp-0042"})
    assert [t["displayName"] for t in r.json()["iTwins"]] == ["Northern Process Plant"]
    items, _ = collect(http, "/itwins", "iTwins", V1, {"$search": "depot", "$top": 7})
    assert len(items) > 7
    assert all("depot" in (t["displayName"] + t["number"]).lower() for t in items)
    assert any("[bold]" in t["displayName"] for t in items)  # the hostile name is data
    r = http.get("/itwins", headers=V1, params={"$search": "no such project at all"})
    assert r.json()["iTwins"] == [] and set(r.json()["_links"]) == {"self"}


def test_recents_favorites_and_detail(http: httpx.Client) -> None:
    recents = http.get("/itwins/recents", headers=V1).json()["iTwins"]
    favorites = http.get("/itwins/favorites", headers=V1, params={"subClass": "Project"})
    assert recents[0]["id"] == ITWIN_IDS[0] and 0 < len(recents) <= 25
    assert [t["id"] for t in favorites.json()["iTwins"]][:2] == [ITWIN_IDS[1], ITWIN_IDS[0]]
    page = http.get("/itwins/recents", headers=V1, params={"$top": 2, "$skip": 2}).json()
    assert [t["id"] for t in page["iTwins"]] == [t["id"] for t in recents[2:4]]
    assert "/itwins/recents?$skip=4&$top=2" in page["_links"]["next"]["href"]
    full = http.get("/itwins", headers={**V1, **FULL}, params={"$top": 1})
    assert full.headers["preference-applied"] == "return=representation"
    assert {"dataCenterLocation", "createdDateTime"} <= set(full.json()["iTwins"][0])
    one = http.get(f"/itwins/{ITWIN_IDS[1].upper()}", headers=V1).json()["iTwin"]
    assert one["displayName"] == "Northern Process Plant" and one["class"] == "Endeavor"
    r = http.get(f"/itwins/{UNKNOWN}", headers=V1)
    assert r.status_code == 404 and r.json()["error"]["code"] == "iTwinNotFound"


def test_itwin_errors(http: httpx.Client, server) -> None:
    r = http.get("/itwins", headers=V1, params={"$top": 1001, "subClass": "Spaceship"})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "InvalidiTwinsRequest"
    assert [d["target"] for d in error["details"]] == ["$top", "subClass"]
    assert http.get("/itwins").status_code == 401
    r = http.get("/itwins", headers=V2)
    assert r.status_code == 406 and r.json()["error"]["target"] == "Accept"
    server.api.faults.add(path_prefix="/itwins", status=429, headers={"Retry-After": "2"},
                          times=1)
    r = http.get("/itwins/recents", headers=V1)
    assert r.status_code == 429 and r.headers["retry-after"] == "2"
    assert http.get("/itwins/recents", headers=V1).status_code == 200


# --- iModels -----------------------------------------------------------------------------------


def test_imodels_of_a_project_paged_and_searched(http: httpx.Client, server) -> None:
    items, pages = collect(http, "/imodels", "iModels", V2, {"iTwinId": ITWIN_IDS[0]})
    assert len(items) == len({m["id"] for m in items}) == 140
    assert items[0]["id"] == BIG_IMODEL_ID
    assert set(items[0]) == {"id", "displayName", "_links"}  # return=minimal by default
    assert len(pages) == 2
    assert pages[0]["next"]["href"] == (
        f"{server.base_url}/imodels?$skip=100&$top=100&iTwinId={ITWIN_IDS[0]}")
    r = http.get("/imodels", headers={**V2, **FULL},
                 params={"iTwinId": ITWIN_IDS[0], "$search": "level 03 mep", "$top": 5})
    assert r.headers["preference-applied"] == "return=representation"
    found = r.json()["iModels"]
    assert found and all("level 03 mep" in m["displayName"].lower() for m in found)
    assert {"name", "description", "state", "createdDateTime", "iTwinId"} <= set(found[0])
    assert {m["iTwinId"] for m in found} == {ITWIN_IDS[0]}


def test_export_imodels_belong_to_demo_projects(http: httpx.Client) -> None:
    """project → iModel → connections, walkable without typing an id."""
    for imodel_id, name, _, owner, count in IMODELS:
        listed = collect(http, "/imodels", "iModels", V2, {"iTwinId": ITWIN_IDS[owner]})[0]
        assert imodel_id in [m["id"] for m in listed], name
        detail = http.get(f"/imodels/{imodel_id}", headers=V2).json()["iModel"]
        assert detail["displayName"] == name and detail["iTwinId"] == ITWIN_IDS[owner]
        r = http.get("/export/connections", headers=V1, params={"imodelId": imodel_id})
        if imodel_id == FORBIDDEN_IMODEL_ID:
            assert r.status_code == 403
        else:
            assert r.status_code == 200 and len(r.json()["connections"]) == min(count, 100)
    # a generated iModel has no export connections: 200 and an empty list, not 404
    other = collect(http, "/imodels", "iModels", V2, {"iTwinId": ITWIN_IDS[0]})[0][-1]["id"]
    r = http.get("/export/connections", headers=V1, params={"imodelId": other})
    assert r.status_code == 200 and r.json()["connections"] == []
    assert IMODEL_IDS[0] == BIG_IMODEL_ID


def test_imodels_want_version_2(http: httpx.Client) -> None:
    params = {"iTwinId": ITWIN_IDS[0]}
    for accept in (ACCEPT_V1, "application/json", "*/*"):
        r = http.get("/imodels", headers={**AUTH, "Accept": accept}, params=params)
        assert r.status_code == 406, accept
        assert r.json()["error"]["code"] == "InvalidHeaderValue"
        assert r.json()["error"]["target"] == "Accept"
        assert ACCEPT_V2 in r.json()["error"]["message"]
    r = http.get("/imodels", headers={**AUTH, "Accept": f"{ACCEPT_V2}, */*;q=0.1"},
                 params=params)
    assert r.status_code == 200
    assert http.get(f"/imodels/{BIG_IMODEL_ID}", headers=V1).status_code == 406
    # the v1 APIs refuse v2 the same way, and take a header without a version as v1
    assert http.get("/library/brands", headers=V2).status_code == 406
    assert http.get("/library/brands", headers={**AUTH, "Accept": "*/*"}).status_code == 200


def test_imodel_errors(http: httpx.Client) -> None:
    r = http.get("/imodels", headers=V2)
    assert r.status_code == 422
    assert r.json() == {"error": {"code": "InvalidiModelsRequest",
                                  "message": "Cannot perform operation.",
                                  "details": [{"code": "MissingRequiredParameter",
                                               "message": "Required parameter is missing.",
                                               "target": "iTwinId"}]}}
    r = http.get("/imodels", headers=V2, params={"iTwinId": "riverside", "$skip": -1})
    assert [d["target"] for d in r.json()["error"]["details"]] == ["$skip", "iTwinId"]
    r = http.get("/imodels", headers=V2, params={"iTwinId": UNKNOWN})
    assert r.status_code == 404 and r.json()["error"]["code"] == "iTwinNotFound"
    r = http.get("/imodels", headers=V2, params={"iTwinId": FORBIDDEN_PROJECT_ID})
    assert r.status_code == 403 and r.json()["error"]["code"] == "InsufficientPermissions"
    r = http.get("/imodels", headers=V2, params={"iTwinId": EMPTY_PROJECT_ID})
    assert r.status_code == 200 and r.json()["iModels"] == []
    r = http.get(f"/imodels/{UNKNOWN}", headers=V2)
    assert r.status_code == 404 and r.json()["error"]["code"] == "iModelNotFound"
    assert http.get("/imodels", params={"iTwinId": ITWIN_IDS[0]},
                    headers={"Accept": ACCEPT_V2}).status_code == 401


def test_every_project_is_a_valid_component_filter(http: httpx.Client) -> None:
    generated = shared_data().twins.itwins[10].id
    r = http.get("/library/components", headers=V1, params={"projectId": generated})
    assert r.status_code == 200 and r.json()["components"] == []
    r = http.get("/library/components", headers=V1, params={"projectId": UNKNOWN})
    assert r.status_code == 404


async def test_in_process_transport_serves_the_same(server) -> None:
    async with httpx.AsyncClient(transport=FakeTransport(server.api),
                                 base_url="https://api.test", headers=V2) as ac:
        r = await ac.get("/imodels", params={"iTwinId": ITWIN_IDS[2]})
    assert r.status_code == 200
    assert {m["id"] for m in r.json()["iModels"]} == {IMODEL_IDS[2], IMODEL_IDS[3]}


def test_python_m_tui_fake_prints_the_ids_it_knows() -> None:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "tui.fake", "--port", "0",
                             "--components", "50"], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(9)]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert lines[0].startswith("http://127.0.0.1:")
    text = "".join(lines)
    data = shared_data()
    for needed in (*PROJECT_IDS, FORBIDDEN_PROJECT_ID, *IMODEL_IDS, data.catalogs[-1].id,
                   data.org.ids[0], data.exports.live[0].id):
        assert needed in text
    storage = next(line for line in lines if line.strip().startswith("storage"))
    assert "http://127.0.0.1:" in storage and lines[0].strip() not in storage
