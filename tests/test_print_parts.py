"""``itwin-tui component ID --with files,variations,weblinks``: every page of each, as the API
sent them, added to the component's object; a failing one fails the command (exit 1, nothing
written), as any print-mode failure does."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from conftest import shared_data
from print_helpers import run, signed_in  # noqa: F401  (signed_in: autouse)

from tui.fake import (
    BARE_COMPONENT_INDEX,
    DEMO_TOKEN,
    DOCUMENTS_FORBIDDEN_INDEX,
    MANY_VARIATIONS_INDEX,
    RICH_COMPONENT_INDEX,
)


def org_id(index: int) -> str:
    return shared_data().org.ids[index]


def test_with_all_three_adds_every_page_of_each(server, capsysbinary) -> None:
    cid = org_id(MANY_VARIATIONS_INDEX)
    code, out, err = run(server, capsysbinary, "component", cid, "--format", "json",
                         "--with", "files,variations,weblinks")
    assert (code, err) == (0, "")
    item = orjson.loads(out)
    assert item["id"] == cid and "displayName" in item
    assert len(item["variations"]) == 250 and len({v["id"] for v in item["variations"]}) == 250
    assert isinstance(item["documents"], list) and isinstance(item["webLinks"], list)
    pages = [r for r in server.api.requests if r.path.endswith("/variations")]
    assert len(pages) == 1 and pages[0].query["$top"] == "1000"  # all at once when allowed
    # exactly as the API sent them: the file links are there for scripts that download
    direct = server.api.handle("GET", f"{server.base_url}/library/components/{cid}/documents",
                               {"Authorization": f"Bearer {DEMO_TOKEN}"})
    assert item["documents"] == orjson.loads(direct.body)["documents"]


def test_many_pages_are_followed(server, capsysbinary) -> None:
    server.api.faults.add("/library/components/", status=None, query={"$top": "100"})
    code, out, _ = run(server, capsysbinary, "component", org_id(MANY_VARIATIONS_INDEX),
                       "--with", "variations")
    assert code == 0 and len(orjson.loads(out)["variations"]) == 250
    pages = [r for r in server.api.requests if r.path.endswith("/variations")]
    assert len(pages) == 3


def test_without_with_the_object_is_unchanged(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "component", org_id(RICH_COMPONENT_INDEX))
    assert code == 0 and not {"documents", "variations", "webLinks"} & set(orjson.loads(out))
    assert not [r for r in server.api.requests if "/documents" in r.path]


def test_empty_lists_stay_lists(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "component", org_id(BARE_COMPONENT_INDEX),
                       "--with", "weblinks,files")
    item = orjson.loads(out)
    assert code == 0 and item["webLinks"] == [] and item["documents"] == []
    assert "variations" not in item


def test_a_failing_part_fails_the_command_and_writes_nothing(server, capsysbinary,
                                                            tmp_path: Path) -> None:
    target = tmp_path / "c.json"
    code, out, err = run(server, capsysbinary, "component", org_id(DOCUMENTS_FORBIDDEN_INDEX),
                         "--with", "variations,files", "-o", str(target))
    assert code == 1 and out == b"" and not target.exists()
    assert "403 InsufficientPermissions: the component's documents:" in err
    assert "was not written" in err and "Traceback" not in err


def test_csv_and_table_show_the_lists_as_json(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "component", org_id(RICH_COMPONENT_INDEX),
                       "--with", "weblinks", "--format", "csv")
    header, row = out.decode().splitlines()[:2]
    assert code == 0 and header.endswith(",webLinks") and '""uri"":""https://' in row


@pytest.mark.parametrize("given", ["files,pictures", ",", "documents"])
def test_a_wrong_name_is_a_usage_error_before_any_request(server, capsysbinary,
                                                          given: str) -> None:
    code, out, err = run(server, capsysbinary, "component", org_id(0), "--with", given)
    assert code == 2 and out == b"" and "--with takes files, variations, weblinks" in err
    assert server.api.requests == []
