"""Analytics: date ranges, the download end to end against the loopback fake, and the CLI."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import orjson
import pytest
from download_helpers import JAN, PATH, listing, slow_csv
from terminal import run_on_a_terminal

from tui.cli import main
from tui.core.analytics import download_analytics
from tui.core.client import ItwinClient
from tui.core.dates import api_end, api_start, check_range, parse_day, preset_range
from tui.core.errors import FORBIDDEN_HELP, ApiError, ErrorKind
from tui.core.files import Destination
from tui.fake import DEMO_TOKEN, RESTRICTED_TOKEN, FakeResponse

TODAY = date(2026, 3, 15)


def _serve_csv(server, disposition: str, body: bytes = b"a,b\n1,2\n") -> None:
    server.api.faults.add(path_prefix=PATH, status=200, body=body,
                          headers={"Content-Type": "text/csv",
                                   "Content-Disposition": disposition})


# -- dates --------------------------------------------------------------------------------


def test_api_timestamps_cover_whole_days() -> None:
    assert api_start(date(2026, 1, 1)) == "2026-01-01T00:00:00.000Z"
    assert api_end(date(2026, 1, 31)) == "2026-01-31T23:59:59.999Z"


@pytest.mark.parametrize(("key", "start", "end"), [
    ("last7", date(2026, 3, 9), TODAY),
    ("last30", date(2026, 2, 14), TODAY),
    ("this-month", date(2026, 3, 1), TODAY),
    ("last-month", date(2026, 2, 1), date(2026, 2, 28)),
    ("this-year", date(2026, 1, 1), TODAY),
])
def test_presets_with_a_fixed_today(key: str, start: date, end: date) -> None:
    assert preset_range(key, TODAY) == (start, end)


def test_last_month_in_january_is_december() -> None:
    assert preset_range("last-month", date(2026, 1, 5)) == (date(2025, 12, 1), date(2025, 12, 31))


@pytest.mark.parametrize("text", ["2026-02-30", "2026-13-01", "26-01-01", "2026/01/01",
                                  "2026-1-1", "", "soon", "２０２６-01-01"])
def test_parse_day_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_day(text)


def test_check_range() -> None:
    ok = check_range("2026-01-01", "2026-01-31", TODAY)
    assert ok.ok and ok.start_param == "2026-01-01T00:00:00.000Z"
    assert ok.end_param == "2026-01-31T23:59:59.999Z"
    reversed_ = check_range("2026-02-01", "2026-01-31", TODAY)
    assert not reversed_.ok and "after the end date" in (reversed_.range_error or "")
    future = check_range("2026-03-01", "2026-03-16", TODAY)
    assert future.end_error and "future" in future.end_error and future.start_error is None
    assert check_range("2026-03-15", "2026-03-15", TODAY).ok
    bad = check_range("2026-02-30", "x", TODAY)
    assert bad.start_error and bad.end_error and bad.end_param is None
    assert len(bad.errors) == 2


# -- the download against the fake ----------------------------------------------------------


async def test_download_saves_the_servers_csv(client: ItwinClient, server,
                                              tmp_path: Path) -> None:
    saved = await download_analytics(client, *JAN, Destination(tmp_path))
    assert saved.path == tmp_path / "components-analytics_2026-01-01_2026-01-31.csv"
    assert saved.path.read_bytes() == server.api.data.analytics.body(*JAN)
    (request,) = [r for r in server.api.requests if r.path == PATH]
    assert request.query == {"startDate": "2026-01-01T00:00:00.000Z",
                             "endDate": "2026-01-31T23:59:59.999Z"}
    assert listing(tmp_path) == [saved.path.name]


async def test_second_download_does_not_overwrite(client: ItwinClient, tmp_path: Path) -> None:
    first = await download_analytics(client, *JAN, Destination(tmp_path))
    second = await download_analytics(client, *JAN, Destination(tmp_path))
    assert second.path.name == "components-analytics_2026-01-01_2026-01-31 (1).csv"
    assert first.path.read_bytes() == second.path.read_bytes()


@pytest.mark.parametrize("disposition", [
    'attachment; filename="../../x.csv"',
    'attachment; filename="/etc/passwd"',
    'attachment; filename="C:\\\\x\\\\y.csv"',
    "attachment; filename*=UTF-8''..%2F..%2Fevil%1B%5B31m%0Aname.csv",
    "attachment; filename*=UTF-8''%2Ftmp%2F..%2F..%2Fhome%5C.bashrc",
    'attachment; filename="CON"',
    'attachment; filename=".."',
])
async def test_hostile_names_stay_inside_the_download_dir(client: ItwinClient, server,
                                                          tmp_path: Path,
                                                          disposition: str) -> None:
    target = tmp_path / "downloads"
    _serve_csv(server, disposition)
    saved = await download_analytics(client, *JAN, Destination(target))
    assert saved.path.parent == target
    assert listing(tmp_path) == ["downloads"]
    assert listing(target) == [saved.path.name]
    name = saved.path.name
    assert name.endswith(".csv") and not name.startswith(".")
    assert not any(ord(ch) < 32 for ch in name) and "\\" not in name
    assert name.split(".")[0].upper() != "CON"
    assert saved.path.read_bytes() == b"a,b\n1,2\n"


async def test_missing_disposition_uses_the_fallback_name(client: ItwinClient, server,
                                                          tmp_path: Path) -> None:
    server.api.faults.add(path_prefix=PATH, status=200, body=b"a\n1\n",
                          headers={"Content-Type": "text/csv"})
    saved = await download_analytics(client, *JAN, Destination(tmp_path))
    assert saved.path.name == "components-analytics_2026-01-01_2026-01-31.csv"


async def test_user_chosen_file_name_is_kept(client: ItwinClient, server,
                                             tmp_path: Path) -> None:
    _serve_csv(server, 'attachment; filename="server.csv"')
    saved = await download_analytics(client, *JAN, Destination(tmp_path, "mine.txt"))
    assert saved.path == tmp_path / "mine.txt"


def _truncated(req) -> FakeResponse:
    """Claims 100 000 bytes, sends 8 and hangs up."""
    return FakeResponse(200, [("Content-Type", "text/csv"), ("Content-Length", "100000"),
                              ("Connection", "close"),
                              ("Content-Disposition", 'attachment; filename="t.csv"')],
                        iter([b"a,b\n1,2\n"]))


async def test_interrupted_download_leaves_nothing(client: ItwinClient, server,
                                                   tmp_path: Path) -> None:
    server.api.route("GET", PATH, _truncated)
    with pytest.raises(ApiError) as caught:
        await download_analytics(client, *JAN, Destination(tmp_path))
    assert caught.value.kind is ErrorKind.CONNECTION
    assert "interrupted" in caught.value.message
    assert listing(tmp_path) == []


async def test_403_explains_the_permission(server, tmp_path: Path) -> None:
    async with ItwinClient(server.base_url, RESTRICTED_TOKEN) as restricted:
        with pytest.raises(ApiError) as caught:
            await download_analytics(restricted, *JAN, Destination(tmp_path))
    message = caught.value.human()
    assert caught.value.status == 403
    assert "Organization Administrator" in message and "View Analytics" in message
    assert FORBIDDEN_HELP in message
    assert listing(tmp_path) == []


async def test_422_from_the_fake_names_start_date(client: ItwinClient) -> None:
    with pytest.raises(ApiError) as caught:
        async with client.analytics_download("2026-01-01", "2026-01-31T23:59:59.999Z"):
            pass
    err = caught.value
    assert err.status == 422 and err.targets == ["startDate"]
    message = err.human()
    assert message.startswith("The server rejected startDate")
    assert "Parameter 'startDate' format is incorrect" in message


# -- the command line -----------------------------------------------------------------------


def _cli(server, *args: str) -> list[str]:
    return ["--base-url", server.base_url, *args]


@pytest.fixture
def token_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)
    yield


def test_cli_prints_the_saved_path(server, token_env, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31"))
    out, err = capsys.readouterr()
    assert code == 0, err
    saved = Path(out.strip())
    assert saved == tmp_path / "components-analytics_2026-01-01_2026-01-31.csv"
    assert saved.read_bytes() == server.api.data.analytics.body(*JAN)


def test_cli_output_file_never_overwrites(server, token_env, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "jan.csv"
    args = _cli(server, "analytics", "--start", "2026-01-01", "--end", "2026-01-31",
                "-o", str(target))
    assert main(args) == 0 and main(args) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == [str(target), str(target.parent / "jan (1).csv")]


def test_cli_output_directory_uses_the_servers_name(server, token_env, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _serve_csv(server, 'attachment; filename="../../x.csv"')
    assert main(_cli(server, "analytics", "--start", "2026-01-01", "--end", "2026-01-31",
                     "-o", str(tmp_path))) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "x.csv")


def test_cli_output_with_a_trailing_slash_is_a_new_directory(
        server, token_env, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_cli(server, "analytics", "--start", "2026-01-01", "--end", "2026-01-31",
                     "-o", f"{tmp_path}/reports/")) == 0
    saved = tmp_path / "reports" / "components-analytics_2026-01-01_2026-01-31.csv"
    assert capsys.readouterr().out.strip() == str(saved)
    assert saved.read_bytes() == server.api.data.analytics.body(*JAN)


def test_cli_bad_dates_exit_2_with_a_message(server, token_env, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-02-30", "--end", "2026-01-01"))
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "2026-02-30 is not a real calendar date" in err and "Traceback" not in err
    assert not [r for r in server.api.requests if r.path == PATH]
    assert main(_cli(server, "analytics", "--start", "2026-01-01")) == 2
    assert "both --start and --end" in capsys.readouterr().err


def test_cli_422_exits_1_naming_the_parameter(server, token_env, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    body = orjson.dumps({"error": {
        "code": "InvalidDownloadAnalyticsRequest", "message": "Cannot perform operation.",
        "details": [{"code": "InvalidValue", "target": "endDate",
                     "message": "Parameter 'endDate' is out of the allowed range."}]}})
    server.api.faults.add(path_prefix=PATH, status=422, body=body)
    code = main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31"))
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert "The server rejected endDate" in err and "out of the allowed range" in err
    assert "Traceback" not in err and listing(tmp_path) == []


def test_cli_403_exits_1_explaining_the_permission(server, monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", RESTRICTED_TOKEN)
    code = main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31"))
    err = capsys.readouterr().err
    assert code == 1 and "View Analytics" in err


def test_cli_demo_mode_works_offline(tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--demo", "--download-dir", str(tmp_path), "analytics",
                 "--start", "2026-01-01", "--end", "2026-01-31"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert Path(out.strip()).read_bytes().startswith(b"Date,ComponentId,")


def test_cli_interrupted_download_exits_1_and_leaves_nothing(
        server, token_env, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.api.route("GET", PATH, _truncated)
    code = main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31"))
    assert code == 1 and "interrupted" in capsys.readouterr().err
    assert listing(tmp_path) == []


def test_filename_star_is_decoded(server, token_env, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    _serve_csv(server, f"attachment; filename=\"x.csv\"; filename*=UTF-8''{quote('é.csv')}")
    assert main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31")) == 0
    assert Path(capsys.readouterr().out.strip()).name == "é.csv"



def test_cli_shows_progress_on_a_terminal(server, tmp_path: Path) -> None:
    slow_csv(server)  # ~60 KB over ~1.8 s
    env = {**os.environ, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN}
    status, shown, out = run_on_a_terminal(
        [sys.executable, "-m", "tui", *_cli(server, "--download-dir", str(tmp_path), "analytics",
                                            "--start", "2026-01-01", "--end", "2026-01-31")],
        env, stdout_too=False)
    assert status == 0, shown
    assert Path(out.strip()).parent == tmp_path
    updates = [part.strip() for part in shown.replace("\r\n", "\n").split("\r") if part.strip()]
    assert len(updates) >= 5, updates  # a few a second over ~2 s
    assert "60.0 KB of 60.0 KB (100%)" in updates[-1] and shown.endswith("\n")


def test_cli_progress_stays_off_stderr_that_is_not_a_terminal(
        server, token_env, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slow_csv(server, chunks=4, pause=0.01)
    assert main(_cli(server, "--download-dir", str(tmp_path), "analytics",
                     "--start", "2026-01-01", "--end", "2026-01-31")) == 0
    assert capsys.readouterr().err == ""
