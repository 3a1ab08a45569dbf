"""Print mode's ``projects`` and ``imodels``: the real CLI against the fake API over loopback."""

from __future__ import annotations

import csv
import io

import orjson
import pytest
from print_helpers import run, signed_in  # noqa: F401  (signed_in: autouse)

from tui.cli import build_parser, main
from tui.commands.print_args import wants_print
from tui.fake import (
    ACCEPT_V2,
    BIG_IMODEL_ID,
    FORBIDDEN_PROJECT_ID,
    ITWIN_IDS,
    PROJECT_COUNT,
)


def test_projects_every_page_and_a_search(server, capsysbinary) -> None:
    code, out, err = run(server, capsysbinary, "projects", "--format", "jsonl")
    assert (code, err) == (0, "")
    rows = [orjson.loads(line) for line in out.splitlines()]
    assert len(rows) == PROJECT_COUNT and rows[0]["displayName"] == "Riverside Hospital Expansion"
    code, out, _ = run(server, capsysbinary, "projects", "--search", "Northern", "--format",
                       "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out.decode())))
    assert table[0] == ["id", "displayName", "number", "status", "type"]
    assert table[1:] == [[ITWIN_IDS[1], "Northern Process Plant", "NPP-0042", "Active",
                          "Industrial"]]
    queries = [r.query for r in server.api.requests if r.path == "/itwins"]
    assert queries[0] == {"subClass": "Project", "$top": "1000"}
    assert queries[-1]["$search"] == "Northern"


def test_imodels_of_a_project_in_full_with_version_2(server, capsysbinary) -> None:
    code, out, err = run(server, capsysbinary, "imodels", ITWIN_IDS[0], "--format", "json")
    assert (code, err) == (0, "")
    rows = orjson.loads(out)
    assert len(rows) == 140 and rows[0]["id"] == BIG_IMODEL_ID
    assert rows[0]["iTwinId"] == ITWIN_IDS[0] and "createdDateTime" in rows[0]
    (request,) = [r for r in server.api.requests if r.path == "/imodels"]
    assert request.headers["accept"] == ACCEPT_V2
    assert request.headers["prefer"] == "return=representation"
    code, out, _ = run(server, capsysbinary, "imodels", ITWIN_IDS[0], "--search", "level 03 mep",
                       "--fields", "displayName", "--format", "csv")
    names = out.decode().splitlines()[1:]
    assert code == 0 and names and all("Level 03 MEP" in name for name in names)


def test_errors_say_what_and_exit_1(server, capsysbinary) -> None:
    code, out, err = run(server, capsysbinary, "imodels", FORBIDDEN_PROJECT_ID)
    assert (code, out) == (1, b"")
    assert "403" in err and "InsufficientPermissions" in err
    code, _, err = run(server, capsysbinary, "imodels", "riverside")
    assert code == 1 and "iTwinId: Provided iTwinId value is not valid." in err


def test_they_always_print_and_need_a_project_id(capsys) -> None:
    parser = build_parser()
    assert wants_print(parser.parse_args(["projects"]))
    assert wants_print(parser.parse_args(["imodels", ITWIN_IDS[0]]))
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args(["imodels"])
    assert stopped.value.code == 2
    assert "PROJECT_ID" in capsys.readouterr().err


def test_completion_offers_them(capsys) -> None:
    assert main(["completion", "bash"]) == 0
    script = capsys.readouterr().out
    assert "projects" in script and "imodels" in script and "--search" in script


def test_projects_table_at_80_columns_tells_rows_apart(server, capsysbinary,
                                                       monkeypatch) -> None:
    """QA 2 item 8: three rows read ``Riverside Wind Fa…``; a name gets 24 cells before a
    trailing default column (status) is kept, and ids stay whole (they are copied into the
    next command)."""
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(server, capsysbinary, "projects", "--search", "river", "--format",
                       "table")
    assert code == 0
    lines = out.decode().splitlines()
    assert lines[0].split() == ["id", "displayName", "number"]
    names = [line[38:].rsplit("  ", 1)[0].strip() for line in lines[2:]]
    assert "Riverside Wind Farm Phase 1" in names
    assert all(len(name) >= 24 for name in names if name.endswith("…"))
    assert all(len(line.split()[0]) == 36 and len(line) <= 80 for line in lines[2:])
