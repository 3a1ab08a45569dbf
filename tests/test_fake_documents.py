"""A component's documents, variations and web links, and the storage host that serves the
files, over real loopback HTTP with plain httpx (and in-process through FakeTransport)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from conftest import shared_data

from tui.fake import (
    ACCEPT_V1,
    BARE_COMPONENT_INDEX,
    BIG_DOCUMENT_BYTES,
    BRAND_IDS,
    DEMO_TOKEN,
    DOCUMENTS_FORBIDDEN_INDEX,
    HOSTILE_ESCAPE_COMPONENT_ID,
    HOSTILE_MARKUP_COMPONENT_ID,
    HOSTILE_WIDE_COMPONENT_ID,
    MANY_VARIATIONS_INDEX,
    RICH_COMPONENT_INDEX,
    STORAGE_DEMO_BASE,
    FakeApi,
    FakeTransport,
)

API = {"Authorization": f"Bearer {DEMO_TOKEN}", "Accept": ACCEPT_V1}


def org_id(index: int) -> str:
    return shared_data().org.ids[index]


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers=API, timeout=10) as c:
        yield c


@pytest.fixture
def bare() -> Iterator[httpx.Client]:
    """A client that sends nothing of its own: no token, no Accept (as for storage)."""
    with httpx.Client(timeout=10) as c:
        yield c


def documents(http: httpx.Client, index: int) -> list[dict]:
    r = http.get(f"/library/components/{org_id(index)}/documents")
    assert r.status_code == 200, r.text
    return r.json()["documents"]


def test_most_components_have_sub_resources_some_none(http: httpx.Client) -> None:
    counts = {"documents": 0, "variations": 0, "webLinks": 0}
    empty = dict(counts)
    for i in range(4, 40):
        for segment, key in (("documents", "documents"), ("variations", "variations"),
                             ("weblinks", "webLinks")):
            r = http.get(f"/library/components/{org_id(i)}/{segment}")
            assert r.status_code == 200 and set(r.json()) == {key, "_links"}
            found = len(r.json()[key])
            counts[key] += found > 0
            empty[key] += found == 0
    assert all(n > 18 for n in counts.values()), counts
    assert all(n > 0 for n in empty.values()), empty
    for segment in ("documents", "variations", "weblinks"):
        r = http.get(f"/library/components/{org_id(BARE_COMPONENT_INDEX)}/{segment}")
        body = r.json()
        assert r.status_code == 200 and next(iter(body.values())) == []
        assert set(body["_links"]) == {"self"}


def test_document_shape_and_storage_link(http: httpx.Client, server) -> None:
    docs = documents(http, RICH_COMPONENT_INDEX)
    assert {d["extension"] for d in docs} >= {"ifc", "pdf", "png"}
    for doc in docs:
        assert {"id", "displayName", "extension", "purpose", "size", "available",
                "createdDateTime", "lastModifiedDateTime", "_links"} <= set(doc)
    big = next(d for d in docs if d["size"] == BIG_DOCUMENT_BYTES)
    url = urlsplit(big["_links"]["fileUrl"]["href"])
    assert f"{url.scheme}://{url.netloc}" == server.storage_url != server.base_url
    assert url.path.startswith(f"/library-documents/{org_id(RICH_COMPONENT_INDEX)}/")
    assert url.path.endswith(".ifc")
    assert {"sv", "se", "sr", "sp", "sig"} <= {p.split("=")[0] for p in url.query.split("&")}
    one = http.get(f"/library/components/{org_id(0)}/documents/{big['id']}").json()
    assert one == {"document": big}


def test_storage_serves_files_without_a_token_and_records_headers(
        http: httpx.Client, bare: httpx.Client, server) -> None:
    docs = documents(http, RICH_COMPONENT_INDEX)
    small = next(d for d in docs if d["extension"] == "png")
    r = bare.get(small["_links"]["fileUrl"]["href"])
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert len(r.content) == small["size"] == int(r.headers["content-length"])
    assert r.content == bare.get(small["_links"]["fileUrl"]["href"]).content  # deterministic
    big = next(d for d in docs if d["size"] == BIG_DOCUMENT_BYTES)
    with bare.stream("GET", big["_links"]["fileUrl"]["href"]) as stream:
        chunks = [len(c) for c in stream.iter_raw()]
    assert sum(chunks) == BIG_DOCUMENT_BYTES and len(chunks) > 10
    storage = server.api.storage
    assert storage.requests and storage.with_authorization() == []
    assert all(not r.path.startswith("/library-documents") for r in server.api.requests)


def test_storage_refuses_a_bearer_token_and_a_bad_signature(bare: httpx.Client, http,
                                                            server) -> None:
    href = documents(http, RICH_COMPONENT_INDEX)[1]["_links"]["fileUrl"]["href"]
    r = bare.get(href, headers={"Authorization": f"Bearer {DEMO_TOKEN}"})
    assert r.status_code == 400 and r.headers["x-ms-error-code"] == "InvalidAuthenticationInfo"
    assert r.headers["content-type"] == "application/xml"  # not the API's JSON shape
    assert [x.headers["authorization"] for x in server.api.storage.with_authorization()] == [
        f"Bearer {DEMO_TOKEN}"]
    r = bare.get(href.replace("sig=", "sig=x"))
    assert r.status_code == 403 and b"<Code>AuthenticationFailed</Code>" in r.content
    r = bare.get(href.split("?")[0])
    assert r.status_code == 403
    missing = f"{server.storage_url}/library-documents/x/y/z.rfa"
    assert bare.get(missing).status_code == 403  # unsigned: refused before the lookup


def test_document_behind_a_redirect_from_the_api_host(http: httpx.Client, bare, server) -> None:
    doc = next(d for d in documents(http, RICH_COMPONENT_INDEX) if d["extension"] == "pdf")
    href = doc["_links"]["fileUrl"]["href"]
    assert href.startswith(server.base_url) and href.endswith(f"/documents/{doc['id']}/file")
    r = http.get(href)  # the API host wants the token, then sends the client to storage
    assert r.status_code == 302
    location = r.headers["location"]
    assert location.startswith(f"{server.storage_url}/library-documents/")
    assert bare.get(href).status_code == 401
    got = bare.get(location)
    assert got.status_code == 200 and len(got.content) == doc["size"]
    assert got.headers["content-type"] == "application/pdf"
    # httpx, as any client should, drops Authorization when a redirect changes the origin
    with httpx.Client(headers=API, follow_redirects=True) as follower:
        assert follower.get(href).content == got.content
    assert server.api.storage.with_authorization() == []


def test_documents_of_one_component_answer_403(http: httpx.Client) -> None:
    cid = org_id(DOCUMENTS_FORBIDDEN_INDEX)
    r = http.get(f"/library/components/{cid}/documents")
    assert r.status_code == 403 and r.json()["error"]["code"] == "InsufficientPermissions"
    assert http.get(f"/library/components/{cid}/variations").status_code == 200
    assert http.get(f"/library/components/{cid}/weblinks").status_code == 200


def test_many_variations_page_through_links(http: httpx.Client, server) -> None:
    cid = org_id(MANY_VARIATIONS_INDEX)
    url: str | None = f"/library/components/{cid}/variations"
    items: list[dict] = []
    while url:
        body = http.get(url).json()
        items += body["variations"]
        url = body["_links"].get("next", {}).get("href")
    assert len(items) == len({v["id"] for v in items}) == 250
    assert body["_links"]["self"]["href"] == (
        f"{server.base_url}/library/components/{cid}/variations?$skip=200&$top=100")
    first = items[0]
    assert {"id", "displayName", "createdDateTime", "adHocProperties"} <= set(first)
    assert {"displayName", "value", "type", "unitOfMeasure"} == set(first["adHocProperties"][0])
    r = http.get(f"/library/components/{cid}/variations", params={"$top": 0})
    assert r.status_code == 422 and r.json()["error"]["code"] == "InvalidVariationsRequest"
    assert http.get(f"/library/components/{cid}/variations/{first['id']}").json() == {
        "variation": first}


def test_web_links_are_https_and_hostile_ones_exist(http: httpx.Client) -> None:
    links = http.get(f"/library/components/{org_id(RICH_COMPONENT_INDEX)}/weblinks").json()
    assert links["webLinks"] and all(x["uri"].startswith("https://") for x in links["webLinks"])
    assert {"id", "displayName", "uri", "createdDateTime"} <= set(links["webLinks"][0])
    marked = http.get(f"/library/components/{HOSTILE_MARKUP_COMPONENT_ID}/weblinks").json()
    titles = [x["displayName"] for x in marked["webLinks"]]
    assert any(t.startswith("[bold]x[/]") for t in titles)
    assert any(x["uri"].startswith("javascript:") for x in marked["webLinks"])
    escaped = http.get(f"/library/components/{HOSTILE_ESCAPE_COMPONENT_ID}/weblinks").json()
    assert any("\x1b[31m" in x["displayName"] and "\x07" in x["displayName"]
               for x in escaped["webLinks"])
    wide = http.get(f"/library/components/{HOSTILE_WIDE_COMPONENT_ID}/weblinks").json()
    assert max(len(x["uri"]) for x in wide["webLinks"]) > 2000
    hostile_doc = [d["displayName"] for d in documents_of(http, HOSTILE_MARKUP_COMPONENT_ID)]
    assert any(name.startswith("../../") for name in hostile_doc)


def documents_of(http: httpx.Client, component_id: str) -> list[dict]:
    return http.get(f"/library/components/{component_id}/documents").json()["documents"]


def test_brand_components_have_them_too(http: httpx.Client) -> None:
    group = shared_data().brand_components[BRAND_IDS[0]]
    cid = group.ids[0]
    r = http.get(f"/library/brands/{BRAND_IDS[0]}/components/{cid}/weblinks")
    assert r.status_code == 200 and "webLinks" in r.json()
    assert http.get(f"/library/components/{cid}/variations").status_code == 200
    r = http.get(f"/library/brands/{BRAND_IDS[1]}/components/{cid}/documents")
    assert r.status_code == 404 and r.json()["error"]["code"] == "ComponentNotFound"
    r = http.get(f"/library/components/{'0' * 8}-0000-4000-8000-{'0' * 12}/documents")
    assert r.status_code == 404
    r = http.get(f"/library/components/{org_id(0)}/documents/nope")
    assert r.status_code == 404 and r.json()["error"]["code"] == "DocumentNotFound"


async def test_in_process_transport_routes_the_storage_host() -> None:
    api = FakeApi(shared_data())
    transport = FakeTransport(api)
    async with httpx.AsyncClient(transport=transport, base_url="https://api.test",
                                 headers=API) as ac:
        docs = (await ac.get(f"/library/components/{org_id(0)}/documents")).json()["documents"]
        big = next(d for d in docs if d["size"] == BIG_DOCUMENT_BYTES)
        href = big["_links"]["fileUrl"]["href"]
        assert href.startswith(f"{STORAGE_DEMO_BASE}/library-documents/")
        size = 0
        async with httpx.AsyncClient(transport=transport) as storage_client, \
                storage_client.stream("GET", href) as r:
            assert r.status_code == 200
            async for chunk in r.aiter_raw():
                size += len(chunk)
        redirect = next(d for d in docs if d["_links"]["fileUrl"]["href"].startswith(
            "https://api.test/"))
        r = await ac.get(redirect["_links"]["fileUrl"]["href"])
        assert r.status_code == 302 and r.headers["location"].startswith(STORAGE_DEMO_BASE)
    assert api.storage.with_authorization() == []
    assert len(api.storage.requests) == 1 and size == BIG_DOCUMENT_BYTES
