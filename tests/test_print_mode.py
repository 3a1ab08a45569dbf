"""Print mode end to end: the real CLI against the fake API over loopback, every format."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from print_helpers import run, signed_in  # noqa: F401  (signed_in: autouse)

from tui.cli import main
from tui.fake import (
    BIG_BRAND_ID,
    BIG_IMODEL_ID,
    BRAND_IDS,
    DEMO_TOKEN,
    FORBIDDEN_IMODEL_ID,
    HOSTILE_ESCAPE_COMPONENT_ID,
    HOSTILE_ESCAPE_INDEX,
    HOSTILE_MARKUP_COMPONENT_ID,
    NON_GUID_CONNECTION_ID,
)
from tui.fake.constants import HOSTILE_ESCAPE_NAME, HOSTILE_MARKUP_NAME
from tui.fake.library_routes import list_components
from tui.fake.responses import error_response, json_response

COMPONENTS = "/library/components"
ROOT = Path(__file__).resolve().parents[1]


def lines(out: bytes) -> list[dict]:
    return [orjson.loads(line) for line in out.splitlines()]


def component_requests(server) -> list[dict[str, str]]:
    return [r.query for r in server.api.requests if r.path.lower() == COMPONENTS]


# -- formats ------------------------------------------------------------------------------


def test_jsonl_prints_every_component_across_pages_as_the_api_sent_it(server, capsysbinary
                                                                      ) -> None:
    code, out, err = run(server, capsysbinary, "catalog", "--format", "jsonl")
    assert (code, err) == (0, "")
    rows = lines(out)
    size = server.api.data.org.size
    assert len(rows) == size == 5000
    assert [q.get("$skip", "0") for q in component_requests(server)] == [
        "0", "1000", "2000", "3000", "4000"]
    assert all(q["$top"] == "1000" for q in component_requests(server))
    # whole objects, exactly the API's (nested _links included)
    assert rows[0] == server.api.data.component(0, server.base_url)
    assert rows[HOSTILE_ESCAPE_INDEX] == server.api.data.component(HOSTILE_ESCAPE_INDEX,
                                                                   server.base_url)


def test_json_is_one_array_and_keeps_hostile_names_literally(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "catalog", "--format", "json", "--limit", "100")
    assert code == 0
    rows = orjson.loads(out)
    assert isinstance(rows, list) and len(rows) == 100
    by_id = {row["id"]: row for row in rows}
    assert by_id[HOSTILE_ESCAPE_COMPONENT_ID]["displayName"] == HOSTILE_ESCAPE_NAME
    assert by_id[HOSTILE_MARKUP_COMPONENT_ID]["displayName"] == HOSTILE_MARKUP_NAME
    assert b"\x1b" not in out  # JSON escapes it: \u001b


def test_a_listing_piped_without_a_format_prints_json_lines(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "brand")  # stdout is not a terminal here
    assert code == 0
    assert [row["id"] for row in lines(out)] == list(BRAND_IDS)


def test_json_of_nothing_is_an_empty_array(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "catalog", "--search", "no-such-thing-at-all",
                       "--format", "json")
    assert (code, out) == (0, b"[]\n")


def test_csv_has_a_header_and_quotes_commas_quotes_and_newlines(server, capsysbinary) -> None:
    brands = [{"id": "b1", "displayName": 'Acme, "the best"', "isOwned": True},
              {"id": "b2", "displayName": "Two\nlines", "extra": {"nested": [1, 2]}},
              {"id": "b3"}]
    server.api.route("GET", "/library/brands", lambda req: json_response({"brands": brands}))
    code, out, _ = run(server, capsysbinary, "brand", "--format", "csv",
                       "--fields", "id,displayName,isOwned,extra")
    assert code == 0
    assert out.startswith(b'id,displayName,isOwned,extra\nb1,"Acme, ""the best""",true,\n')
    assert list(csv.reader(io.StringIO(out.decode()))) == [
        ["id", "displayName", "isOwned", "extra"],
        ["b1", 'Acme, "the best"', "true", ""],
        ["b2", "Two\nlines", "", '{"nested":[1,2]}'],
        ["b3", "", "", ""]]


def test_csv_default_columns_of_a_brands_components(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "brand", BIG_BRAND_ID, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert len(rows) == 312
    assert list(rows[0]) == ["id", "displayName", "state", "lastModifiedDateTime",
                             "supportedFileTypes", "hashtags", "description"]
    assert rows[0]["supportedFileTypes"].startswith('["')


def test_table_fits_the_width_and_escapes_control_characters(server, capsysbinary,
                                                            monkeypatch) -> None:
    from tui.commands.table import text_width

    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(server, capsysbinary, "catalog", "--format", "table", "--limit", "60")
    assert code == 0
    text = out.decode()
    assert "\x1b" not in text
    assert "Pump \\x1b[31mred" in text
    table = text.splitlines()
    assert table[0].split() == ["id", "displayName", "state"]
    assert len(table) == 62  # header, rule, 60 rows
    assert all(text_width(line) <= 80 for line in table)


def test_fields_pick_dotted_paths_in_every_format(server, capsysbinary) -> None:
    fields = "id,_links.category.href,hashtags.0,missing"
    code, out, _ = run(server, capsysbinary, "catalog", "--limit", "3", "--fields", fields)
    assert code == 0
    first = server.api.data.component(0, server.base_url)
    assert lines(out)[0] == {"id": first["id"],
                             "_links.category.href": first["_links"]["category"]["href"],
                             "hashtags.0": first["hashtags"][0], "missing": None}
    code, out, _ = run(server, capsysbinary, "catalog", "--limit", "3", "--fields", fields,
                       "--format", "csv")
    assert out.decode().splitlines()[0] == fields


def test_limit_asks_for_no_more_than_it_needs(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "catalog", "--limit", "2500")
    assert code == 0 and len(lines(out)) == 2500
    assert [(q["$top"], q.get("$skip", "0")) for q in component_requests(server)] == [
        ("1000", "0"), ("1000", "1000"), ("1000", "2000")]
    server.api.clear_requests()
    code, out, _ = run(server, capsysbinary, "catalog", "--limit", "7", "--minimal")
    assert len(lines(out)) == 7 and lines(out)[0].keys() == {"id", "displayName"}
    (query,) = component_requests(server)
    assert query["$top"] == "7"


def test_catalog_filters_reach_the_api(server, capsysbinary) -> None:
    from tui.fake import PROJECT_IDS

    run(server, capsysbinary, "catalog", "--search", "#door", "--project-id", PROJECT_IDS[0],
        "--catalogs", "c1, c2", "--limit", "5")
    (query,) = component_requests(server)
    assert (query["$search"], query["projectId"], query["catalogs"]) == (
        "door", PROJECT_IDS[0], "c1,c2")  # #door: the hashtag door, as in the app


# -- single items -------------------------------------------------------------------------


def test_a_component_by_id_prints_its_object(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "component", HOSTILE_ESCAPE_COMPONENT_ID)
    assert code == 0
    assert orjson.loads(out) == server.api.data.component(HOSTILE_ESCAPE_INDEX, server.base_url)
    assert out.startswith(b'{\n  "id"')  # indented: one object, meant to be read


def test_a_brand_by_id_and_a_connection_with_its_last_run(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "brand", BRAND_IDS[1], "--item")
    assert code == 0 and orjson.loads(out) == server.api.data.brand_by_id[BRAND_IDS[1]]
    code, out, _ = run(server, capsysbinary, "connection", NON_GUID_CONNECTION_ID)
    assert code == 0
    both = orjson.loads(out)
    assert both["connection"]["id"] == NON_GUID_CONNECTION_ID
    assert both["lastRun"]["connectionId"] == NON_GUID_CONNECTION_ID
    assert both["lastRun"]["result"] == "Error"
    code, out, _ = run(server, capsysbinary, "connection", NON_GUID_CONNECTION_ID,
                       "--format", "csv")
    header, row = list(csv.reader(io.StringIO(out.decode())))
    assert header[:2] == ["connection.id", "connection.displayName"]
    assert row[header.index("lastRun.result")] == "Error"


def test_connections_of_an_imodel(server, capsysbinary) -> None:
    code, out, _ = run(server, capsysbinary, "connections", BIG_IMODEL_ID, "--format", "json")
    assert code == 0
    rows = orjson.loads(out)
    assert len(rows) > 120 and all(r["iModelId"] == BIG_IMODEL_ID for r in rows)


def test_catalogs_print_every_catalog_as_the_api_sent_it(server, capsysbinary) -> None:
    code, out, err = run(server, capsysbinary, "catalogs", "--format", "jsonl")
    assert code == 0, err
    rows = lines(out)
    assert rows and all(set(r) >= {"id", "displayName"} for r in rows)
    code, out, _ = run(server, capsysbinary, "catalogs", "--format", "csv")
    header = next(csv.reader(io.StringIO(out.decode())))
    assert code == 0 and header[:2] == ["id", "displayName"]


def test_catalogs_into_a_pipe_prints_instead_of_opening_the_app(server) -> None:
    env = {**os.environ, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "tui", "--base-url", server.base_url,
                             "catalogs"], capture_output=True, env=env, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout and lines(result.stdout)


# -- failures and exit codes --------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["catalog", "-o", "out.xml"],
    ["catalog", "--fields", " , "],
    ["catalog", "--format", "yaml"],
    ["catalog", "--limit", "0"],
    ["connections", "--format", "json"],
    ["brand", "--item"],
    ["--no-cache", "catalog", "--offline"],
    ["catalog", "--offline", "--no-cache"],
])
def test_usage_errors_exit_2_and_send_nothing(server, capsysbinary, tmp_path, monkeypatch,
                                              args) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(["--base-url", server.base_url, *args])
    except SystemExit as exit_:  # argparse's own checks
        code = exit_.code
    out, err = capsysbinary.readouterr()
    assert code == 2 and out == b"" and err
    assert b"Traceback" not in err
    assert server.api.requests == [] and list(tmp_path.iterdir()) == []


def test_api_errors_exit_1_with_the_message_in_words(server, capsysbinary) -> None:
    code, out, err = run(server, capsysbinary, "connections", FORBIDDEN_IMODEL_ID,
                         "--format", "jsonl")
    assert (code, out) == (1, b"")
    assert err.startswith("itwin-tui: 403 InsufficientPermissions")
    code, out, err = run(server, capsysbinary, "component", "no-such-component")
    assert code == 1 and "404" in err and "Traceback" not in err


def test_no_header_when_the_first_page_fails(server, capsysbinary) -> None:
    server.api.faults.add(path_prefix=COMPONENTS, status=503)
    code, out, err = run(server, capsysbinary, "catalog", "--format", "csv", "--limit", "5")
    assert (code, out) == (1, b"")
    assert "503" in err


def fail_page(server, skip: str) -> None:
    """``/library/components`` answers 500 for the page at ``$skip=skip``."""
    def handler(req):
        if req.query.get("$skip") == skip:
            return error_response(500)
        return list_components(server.api.data, req)
    server.api.route("GET", COMPONENTS, handler)


def test_a_failure_mid_way_says_what_was_written(server, capsysbinary) -> None:
    fail_page(server, "2000")
    code, out, err = run(server, capsysbinary, "--no-cache", "catalog", "--format", "jsonl")
    assert code == 1
    assert len(lines(out)) == 2000
    assert "500" in err and "2,000 rows were written before this." in err


def test_output_file_appears_only_when_complete(server, capsysbinary, tmp_path) -> None:
    target = tmp_path / "parts.csv"
    target.write_text("old contents\n")
    fail_page(server, "1000")
    code, out, err = run(server, capsysbinary, "--no-cache", "catalog", "-o", str(target))
    assert (code, out) == (1, b"")
    assert f"{target} was not written" in err
    assert target.read_text() == "old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["parts.csv"]  # no temp file left
    code, out, _ = run(server, capsysbinary, "catalog", "--limit", "10", "-o",
                       str(tmp_path / "parts.txt"))
    assert (code, out) == (0, b"")
    assert (tmp_path / "parts.txt").read_text().startswith("id ")  # .txt: a table


def test_output_file_format_from_the_extension(server, capsysbinary, tmp_path) -> None:
    for name, check in (("a.jsonl", lambda b: len(lines(b)) == 3),
                        ("a.json", lambda b: len(orjson.loads(b)) == 3),
                        ("a.csv", lambda b: b.startswith(b"id,displayName,"))):
        code, _, _ = run(server, capsysbinary, "catalog", "--limit", "3", "-o",
                         str(tmp_path / name))
        assert code == 0 and check((tmp_path / name).read_bytes()), name


# -- offline ------------------------------------------------------------------------------


def test_offline_answers_from_the_cache_and_names_what_is_missing(server, capsysbinary
                                                                  ) -> None:
    code, online, _ = run(server, capsysbinary, "catalog", "--limit", "1000")
    assert code == 0
    code, again, _ = run(server, capsysbinary, "catalog", "--limit", "1000")
    assert again == online and len(component_requests(server)) == 2  # online: always asked
    server.api.clear_requests()
    code, out, err = run(server, capsysbinary, "catalog", "--limit", "1000", "--offline")
    assert (code, out, err) == (0, online, "")
    assert server.api.requests == []
    # the first page is cached, the second is not
    code, out, err = run(server, capsysbinary, "catalog", "--limit", "2000", "--offline")
    assert code == 1 and out == online
    assert "offline: page 2 of the components is not in the cache" in err
    assert "1,000 rows were written before this." in err
    code, out, err = run(server, capsysbinary, "component", HOSTILE_ESCAPE_COMPONENT_ID,
                         "--offline")
    assert (code, out) == (1, b"")
    assert f"offline: the component {HOSTILE_ESCAPE_COMPONENT_ID} is not in the cache" in err
    assert server.api.requests == []


# -- real processes: pipes, signals, imports ----------------------------------------------


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui", *args]


def test_head_ends_it_quietly(server) -> None:
    proc = subprocess.Popen(cli("--base-url", server.base_url, "catalog", "--format", "jsonl"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does after its line
    code = proc.wait(timeout=60)
    assert orjson.loads(first)["id"]
    assert code == 0
    assert proc.stderr.read() == b""
    assert len(component_requests(server)) <= 2  # stopped paging


def _default_signals() -> None:
    """The child as a terminal starts it: ctrl+c interrupts (a runner that started the
    tests in the background would pass SIGINT on ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize(("signum", "code", "word"), [(signal.SIGINT, 130, "interrupted"),
                                                     (signal.SIGTERM, 143, "terminated")])
def test_ctrl_c_or_sigterm_leaves_no_file(server, tmp_path, signum, code, word) -> None:
    server.api.faults.latency = 1.0
    target = tmp_path / "all.jsonl"
    proc = subprocess.Popen(cli("--base-url", server.base_url, "catalog", "--limit", "100",
                                "-o", str(target)),
                            stderr=subprocess.PIPE, cwd=ROOT, preexec_fn=_default_signals)
    deadline = time.monotonic() + 30
    while not component_requests(server) and time.monotonic() < deadline:
        time.sleep(0.02)  # the request is under way (the answer comes in a second)
    assert list(tmp_path.iterdir())  # the temp file, meanwhile
    proc.send_signal(signum)
    assert proc.wait(timeout=30) == code
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    assert err == f"itwin-tui: {word}\n{target} was not written.\n"
    assert list(tmp_path.iterdir()) == []


def test_the_print_path_never_imports_textual(server) -> None:
    # As installed for users: without click. The test extra brings it (import-linter needs
    # it), and with click present httpx loads its own command-line tool, and rich with it.
    code = ("import sys; sys.modules['click'] = None; from tui.cli import main; "
            f"rc = main(['--base-url', {server.base_url!r}, 'catalog', '--limit', '3', "
            "'--format', 'table']); "
            # not rich: httpx imports it for its own command line when click is installed
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'), "
            "file=sys.stderr); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "[]"
    assert len(done.stdout.splitlines()) == 5


def test_progress_only_when_stderr_is_a_terminal(server, tmp_path) -> None:
    import pty

    args = cli("--base-url", server.base_url, "catalog", "--limit", "3000")
    piped = subprocess.run(args, capture_output=True, cwd=ROOT, timeout=60)
    assert piped.returncode == 0 and piped.stderr == b""
    leader, follower = pty.openpty()
    with open(tmp_path / "out.jsonl", "wb") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=follower, cwd=ROOT)
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=60) == 0
    os.close(leader)
    assert b"rows/s" in seen and b"1 page \xc2\xb7 1,000 rows" in seen
    assert seen.endswith(b"\r\x1b[K")  # cleared at the end
    assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == 3000


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_come_from_the_parser(shell, capsys) -> None:
    assert main(["completion", shell]) == 0
    script = capsys.readouterr().out
    assert "itwin-tui" in script
    for word in ("catalog", "connection", "format", "jsonl", "offline"):
        assert word in script, word
    files = {"bash": "_shtab_compgen_files", "zsh": "_files", "fish": "__fish_complete_path"}
    assert files[shell] in script  # -o completes file names


def test_ctrl_c_while_starting_is_a_word_not_a_traceback() -> None:
    """Ctrl+C during the imports before a command runs (a deterministic stand-in: the
    KeyboardInterrupt a SIGINT raises, at the import of the settings module)."""
    code = ("import builtins, sys\n"
            "from tui.cli import main\n"
            "real = builtins.__import__\n"
            "def ctrl_c(name, *args, **kwargs):\n"
            "    if name == 'tui.config':\n"
            "        raise KeyboardInterrupt\n"
            "    return real(name, *args, **kwargs)\n"
            "builtins.__import__ = ctrl_c\n"
            "sys.exit(main(['--demo', 'catalog', '--format', 'json']))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "itwin-tui: interrupted\n")


def test_a_rate_limit_says_what_happened_without_the_apps_keys(server, capsysbinary) -> None:
    """The error table's hint, not the app's "press r" (issue 13, item 14)."""
    server.api.faults.add(COMPONENTS, 429, headers={"Retry-After": "nan"})
    code, out, err = run(server, capsysbinary, "catalog", "--format", "jsonl")
    assert (code, out) == (1, b"")
    assert err.startswith("itwin-tui: 429 ") and "wait a moment and try again" in err
    assert "press" not in err.lower()
