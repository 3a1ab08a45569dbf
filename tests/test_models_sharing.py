"""Component rows share repeated link objects and values (memory of 100,000-row catalogs)."""

from __future__ import annotations

import copy

from tui.core.models import Component


def payload(n: int) -> dict:
    return {
        "id": f"id-{n}", "displayName": f"Part {n}", "state": "Published",
        "supportedFileTypes": ["dgn", "ifc"], "hashtags": ["thermal"],
        "_links": {"catalogs": [{"href": "https://api.example/library/catalogs/c1"}],
                   "category": {"href": "https://api.example/library/categories/k1"},
                   "manufacturer": None},
    }


def test_equal_links_and_values_are_shared_and_raw_still_equals_the_payload() -> None:
    first, second = payload(1), payload(2)
    originals = copy.deepcopy([first, second])
    a, b = Component.from_json(first, full=True), Component.from_json(second, full=True)
    assert [a.raw, b.raw] == originals  # nothing lost or changed
    assert [first, second] == originals  # the caller's payload is not modified
    assert a.raw["_links"]["category"] is b.raw["_links"]["category"]
    assert a.raw["_links"]["catalogs"][0] is b.raw["_links"]["catalogs"][0]
    assert a.raw["state"] is b.raw["state"]
    assert a.raw["supportedFileTypes"] is b.raw["supportedFileTypes"]
    assert a.links is b.links and a.file_types is b.file_types
    assert a.links.category == "https://api.example/library/categories/k1"


def test_odd_values_are_kept_as_sent() -> None:
    data = {"id": "x", "displayName": "n", "state": ["not", "a", "string"],
            "supportedFileTypes": [{"odd": 1}, "dgn"], "hashtags": None,
            "_links": {"catalogs": [{"href": "h", "extra": 1}, 3], "category": {"href": 5}}}
    expected = copy.deepcopy(data)
    component = Component.from_json(data)
    assert component.raw == expected
    assert component.state is None and component.file_types == ("dgn",)
    assert component.links.catalogs == ("h",) and component.links.category is None

