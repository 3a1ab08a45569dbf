"""Models and small core helpers that need no server."""

from __future__ import annotations

from tui.core.brand_catalog import Catalog
from tui.core.errors import ErrorKind, error_from_response
from tui.core.export_models import ExportRun
from tui.core.files import filename_from_disposition
from tui.core.models import Component
from tui.core.paging import page_identity
from tui.core.transport import build_query, parse_retry_after
from tui.core.urls import resolve, same_origin


def test_component_from_junk_never_raises() -> None:
    for junk in (None, 1, "x", [], {"id": 5, "hashtags": "no", "_links": []}):
        component = Component.from_json(junk)
        assert component.id == "" and component.hashtags == ()


def test_catalog_from_junk_never_raises() -> None:
    for junk in (None, 1, "x", [], {"id": 5, "hashtags": "no", "region": 3, "description": []}):
        catalog = Catalog.from_json(junk)
        assert catalog.id == "" and catalog.hashtags == () and catalog.region is None
    assert Catalog.from_json({"id": "c", "hashtags": ["a", 1, "b"]}).hashtags == ("a", "b")


def test_run_errors_collects_task_errors() -> None:
    run = ExportRun.from_json({"id": "r", "jobs": [{"tasks": [
        {"id": "t", "error": {"code": "Boom", "message": "went wrong"}}, {"id": "u"}]}]})
    assert run.errors == ["Boom: went wrong"]


def test_error_from_json_and_non_json_bodies() -> None:
    body = (b'{"error": {"code": "X", "message": "bad", "details": '
            b'[{"code": "InvalidValue", "message": "m", "target": "$top"}]}}')
    err = error_from_response(422, body)
    assert err.kind is ErrorKind.INVALID and err.targets == ["$top"]
    assert "$top: m" in err.human()
    empty = error_from_response(503, b"")
    assert empty.kind is ErrorKind.SERVER and "empty body" in empty.message
    weird = error_from_response(418, b'["not", "an", "object"]')
    assert weird.kind is ErrorKind.HTTP


def test_origin_checks_normalise_default_ports_and_case() -> None:
    assert same_origin("https://API.bentley.com:443/x", "https://api.bentley.com")
    assert not same_origin("http://api.bentley.com/x", "https://api.bentley.com")
    assert not same_origin("https://api.bentley.com.evil.io/x", "https://api.bentley.com")
    assert not same_origin("https://api.bentley.com:8443/x", "https://api.bentley.com")
    assert resolve("/Library/components?$skip=1", "https://h/x") == \
        "https://h/Library/components?$skip=1"


def test_page_identity_ignores_case_order_and_escapes() -> None:
    a = page_identity("https://h/Library/components?%24top=1&%24skip=2")
    b = page_identity("https://H/library/components?$skip=2&$top=1")
    assert a == b


def test_query_keeps_dollar_and_commas() -> None:
    assert build_query({"$top": 5, "catalogs": "a,b", "$search": "x y", "n": None}) == \
        "$top=5&catalogs=a,b&$search=x%20y"


def test_retry_after_forms() -> None:
    assert parse_retry_after("3") == 3
    assert parse_retry_after("garbage") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_content_disposition_forms() -> None:
    assert filename_from_disposition('attachment; filename="a b.csv"') == "a b.csv"
    assert filename_from_disposition("attachment; filename=plain.csv") == "plain.csv"
    assert filename_from_disposition(
        "attachment; filename=\"x.csv\"; filename*=UTF-8''caf%C3%A9.csv") == "café.csv"
    assert filename_from_disposition(None) is None
