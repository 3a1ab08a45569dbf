"""The models of a component's files, variations and web links take whatever the server sent:
missing, null or mistyped fields become empty, never an exception; the pane shows them."""

from __future__ import annotations

from typing import Any

import pytest

from tui.core.component_parts import Document, Variation, WebLink
from tui.widgets.part_views import (
    PartState,
    document_view,
    file_entry,
    part_entries,
    variation_view,
)

ODD: list[Any] = [None, 3, "text", [], {}, {"id": 5, "displayName": None, "size": True,
                                            "_links": "x", "adHocProperties": "no"}]


@pytest.mark.parametrize("data", ODD)
def test_odd_items_become_models_and_rows(data: Any) -> None:
    doc, variation, link = Document.from_json(data), Variation.from_json(data), \
        WebLink.from_json(data)
    assert doc.size is None and doc.file_url is None and variation.properties == ()
    states = {"files": PartState((doc,)), "weblinks": PartState((link,)),
              "variations": PartState((variation,))}
    rows = [e for e in part_entries("c", states, "s") if e.kind != "heading"]
    assert [e.kind for e in rows] == ["file", "web", "variation"]
    assert all(e.label for e in rows)  # a name, or what it is
    assert document_view(doc, "c", "s").fields and variation_view(variation).fields


def test_properties_of_any_shape_are_shown_as_they_come() -> None:
    variation = Variation.from_json({"id": "v", "displayName": "Big", "adHocProperties": [
        {"displayName": "Width", "value": 600, "unitOfMeasure": "mm"},
        {"displayName": "Table", "value": {"a": [1, 2]}},
        {"value": None}, "loose", 7]})
    assert [(p.name, p.text()) for p in variation.properties] == [
        ("Width", "600 mm"), ("Table", '{"a":[1,2]}'), ("(unnamed)", "—"),
        ("(unnamed)", "loose"), ("(unnamed)", "7")]
    fields = dict(variation_view(variation).fields)
    assert fields["Width"] == "600 mm" and fields["Table"] == '{"a":[1,2]}'


def test_unknown_fields_of_a_file_are_listed_on_its_page() -> None:
    doc = Document.from_json({"id": "d", "displayName": "Spec", "extension": "pdf",
                              "size": 2048, "checksum": "abc", "_links": {"fileUrl": {
                                  "href": "https://acct.blob.core.windows.net/c/x?sig=SECRET"}}})
    assert file_entry(doc, "c").label == "Spec.pdf"
    fields = dict(document_view(doc, "c", "s").fields)
    assert fields["File from"] == "https://acct.blob.core.windows.net"  # never the signature
    assert "SECRET" not in repr(fields) and any("abc" in v for v in fields.values())
