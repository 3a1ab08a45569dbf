"""The fake's hostile answers (issue 20), served over real loopback HTTP with plain httpx."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import orjson
import pytest
from conftest import shared_data

from tui.fake import DEMO_TOKEN, FakeApi, FakeTransport
from tui.fake import hostile as H

HEADERS = {"Authorization": f"Bearer {DEMO_TOKEN}", "Prefer": "return=representation"}


@pytest.fixture
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=10) as c:
        yield c


def _depth(value: object) -> int:
    depth = 0
    while isinstance(value, dict) and value:
        value = next(iter(value.values()))
        depth += 1
    return depth


def test_bad_links_and_bad_next_link(http: httpx.Client, server) -> None:
    rule = H.bad_next_link(server.api)
    assert http.get(H.COMPONENTS).json()["_links"]["next"] == {"href": H.BAD_URL}
    server.api.faults.remove(rule)
    H.bad_links(server.api)
    page = http.get(H.COMPONENTS).json()
    assert all(c["_links"]["category"]["href"] == H.BAD_URL for c in page["components"])
    one = http.get(f"{H.COMPONENTS}/{page['components'][0]['id']}").json()
    assert one["component"]["_links"]["catalogs"] == [{"href": H.BAD_URL}]


def test_a_redirect_to_a_bad_location(http: httpx.Client, server) -> None:
    H.bad_location(server.api)
    response = http.get(H.COMPONENTS)
    assert response.status_code == 302 and response.headers["location"] == H.BAD_URL


def test_deep_value_is_deeper_than_orjson_writes(http: httpx.Client, server) -> None:
    H.deep_value(server.api)
    first = http.get(H.COMPONENTS).json()["components"][0]  # read: orjson reads 1,024 levels
    assert _depth(first["nested"]) == H.DEEP_LEVELS
    with pytest.raises(TypeError):
        orjson.dumps(first)  # …and writes 254


def test_huge_name(http: httpx.Client, server) -> None:
    H.huge_name(server.api, 2000)
    first = http.get(H.COMPONENTS).json()["components"][0]
    assert len(first["displayName"]) == 2000 and first["displayName"].startswith("Huge ")


def test_empty_pages_keep_their_next_links(http: httpx.Client, server) -> None:
    H.empty_pages(server.api)
    assert len(http.get(H.COMPONENTS).json()["components"]) == 100
    second = http.get(H.COMPONENTS, params={"$skip": 100}).json()
    assert second["components"] == [] and "$skip=200" in second["_links"]["next"]["href"]


def test_a_server_ignoring_top(http: httpx.Client, server) -> None:
    H.ignore_top(server.api)
    page = http.get(H.COMPONENTS, params={"$top": 100}).json()
    assert len(page["components"]) == H.IGNORED_TOP
    assert f"$top={H.IGNORED_TOP}" in page["_links"]["next"]["href"]


@pytest.mark.parametrize("head", [False, True])
def test_trickled_answer_arrives_a_byte_at_a_time(server, head: bool) -> None:
    H.trickle(server.api, 0.002, head=head, path="/library/brands")
    started = time.monotonic()
    with httpx.Client(base_url=server.base_url, headers=HEADERS, timeout=5) as http:
        response = http.get("/library/brands", headers={"Prefer": "return=minimal"})
    took = time.monotonic() - started
    assert response.status_code == 200 and response.json()["brands"]
    shortest = (len(response.content) + (100 if head else 0)) * 0.002
    assert took >= shortest


@pytest.mark.parametrize(("value", "shown"), [
    (None, None), ({"id": "x"}, {"id": "x"}), ("components", "components")])
def test_collection_key_holds_something_else(http: httpx.Client, server, value: object,
                                             shown: object) -> None:
    H.collection(server.api, value)
    page = http.get(H.COMPONENTS).json()
    assert page["components"] == shown and "next" in page["_links"]


def test_collection_key_missing(http: httpx.Client, server) -> None:
    H.collection(server.api, H.MISSING, path="/library/brands")
    page = http.get("/library/brands").json()
    assert "brands" not in page and "_links" in page


def test_retry_after(http: httpx.Client, server) -> None:
    H.retry_after(server.api, "nan", times=1)
    first, second = http.get(H.COMPONENTS), http.get(H.COMPONENTS)
    assert first.status_code == 429 and first.headers["retry-after"] == "nan"
    assert second.status_code == 200


@pytest.mark.parametrize("path", [H.COMPONENTS, "/library/catalogs"])
@pytest.mark.parametrize("name", sorted(H.HOSTILE))
def test_every_named_fault_answers(name: str, path: str) -> None:
    """``python -m tui.fake --fault NAME [--fault-path PATH]`` installs these: none may
    break the fake, and they bend the path asked for."""
    api = FakeApi(shared_data())
    H.HOSTILE[name](api, path)
    with (httpx.Client(transport=FakeTransport(api), base_url="http://fake",
                       headers=HEADERS) as http,
          http.stream("GET", path) as response):  # a trickled body is not awaited
        assert response.status_code in (200, 302, 429)
    assert api.errors == []
