"""Watching export runs without the UI: when the next check comes, what a failure means,
what a run's change says, the status line's words, and the two settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.config import Config
from tui.config_file import read_config
from tui.core.errors import ApiError, ErrorKind
from tui.core.export_models import ExportRun
from tui.core.watching import (
    MAX_BACKOFF,
    Outcome,
    RunNews,
    failed,
    next_delay,
    run_news,
    seconds_text,
    seen,
)
from tui.widgets.status_line import ListingState, WatchState, status_parts, status_text


def run(state: str, result: str = "Undetermined", run_id: str = "r1",
        errors: tuple[tuple[str, str], ...] = ()) -> ExportRun:
    tasks = [{"id": f"t{i}", "state": state, "result": "Error",
              "error": {"code": code, "message": message}}
             for i, (code, message) in enumerate(errors)]
    return ExportRun.from_json({"id": run_id, "state": state, "result": result,
                                "jobs": [{"id": "j", "state": state, "tasks": tasks}]})


# -- timing ------------------------------------------------------------------------------------


def test_the_wait_doubles_after_failures_up_to_a_few_minutes() -> None:
    assert [next_delay(10, n) for n in range(7)] == [10, 20, 40, 80, 160, MAX_BACKOFF,
                                                     MAX_BACKOFF]
    assert next_delay(10, 10_000) == MAX_BACKOFF  # no overflow however long it fails
    assert next_delay(600, 3) == 600  # never below the interval


def test_the_wait_is_at_least_what_retry_after_asks() -> None:
    assert next_delay(10, 1, retry_after=45) == 45
    assert next_delay(10, 3, retry_after=5) == 80
    assert next_delay(10, 1, retry_after=3600) == 3600  # even beyond the back-off's cap


@pytest.mark.parametrize(("err", "outcome"), [
    (ApiError(ErrorKind.CONNECTION, "refused"), Outcome("offline", offline=True)),
    (ApiError(ErrorKind.TIMEOUT, "slow"), Outcome("timed out", offline=True)),
    (ApiError(ErrorKind.OFFLINE, "not cached"), Outcome("offline", offline=True)),
    (ApiError(ErrorKind.RATE_LIMITED, "slow down", status=429, retry_after=30.0),
     Outcome("rate limited", retry_after=30.0)),
    (ApiError(ErrorKind.SERVER, "Boom.", status=503, code="ServiceUnavailable"),
     Outcome("error 503 ServiceUnavailable")),
    (ApiError(ErrorKind.UNAUTHORIZED, "no", status=401), Outcome("error 401")),
    (ApiError(ErrorKind.BAD_RESPONSE, "The server's answer is not JSON: " + "x" * 80),
     Outcome("error: The server's answer is not JSON…")),  # never a word cut
    (ApiError(ErrorKind.BAD_RESPONSE, "x" * 80), Outcome("error")),
])
def test_what_a_failed_check_means(err: ApiError, outcome: Outcome) -> None:
    assert failed(err) == outcome


@pytest.mark.parametrize(("seconds", "text"), [
    (0, "0 s"), (6.2, "7 s"), (10, "10 s"), (119, "119 s"), (120, "2 min"), (300, "5 min"),
    (7200, "2 h")])
def test_waits_in_words(seconds: float, text: str) -> None:
    assert seconds_text(seconds) == text


# -- runs --------------------------------------------------------------------------------------


def test_the_first_look_and_no_change_are_not_news() -> None:
    executing = run("Executing")
    assert run_news(None, executing) is None
    assert run_news(seen(executing), run("Executing")) is None


@pytest.mark.parametrize(("after", "news"), [
    (run("Completed", "Success"), RunNews("Export run finished: success.", "information", True)),
    (run("Completed", "Error", errors=(("InvalidGeometry", "Element 1 is bad."),
                                       ("WorkerOutOfDisk", "Disk full."))),
     RunNews("Export run failed: InvalidGeometry: Element 1 is bad. (and 1 more).", "error",
             True)),
    (run("Completed", "PartialSuccess", errors=(("SchemaMismatch", "Too new."),)),
     RunNews("Export run finished with partial success: SchemaMismatch: Too new.", "warning",
             True)),
    (run("Completed", "Cancelled"), RunNews("Export run was cancelled.", "warning", True)),
    (run("Completed", "TimedOut", errors=(("Timeout", "After 3600 seconds."),)),
     RunNews("Export run timed out: Timeout: After 3600 seconds.", "error", True)),
    (run("Completed", "Skipped"), RunNews("Export run was skipped.", "warning", True)),
    (run("Completed", "Whatever"),
     RunNews("Export run finished: Whatever.", "information", True)),
    (run("Finalizing"), RunNews("Export run Finalizing (was Executing).", "information", False)),
    (run("Queued", run_id="r2"), RunNews("A new export run started: Queued.", "information",
                                         False)),
    (run("Completed", "Success", run_id="r2"),  # a whole new run, ended between two checks
     RunNews("Export run finished: success.", "information", True)),
])
def test_what_a_change_says(after: ExportRun, news: RunNews) -> None:
    assert run_news(seen(run("Executing")), after) == news


# -- the status line ---------------------------------------------------------------------------

LISTED = ListingState(prefix="iModel X", listing=True, rows=8)


@pytest.mark.parametrize(("watch", "text"), [
    (WatchState(7), "iModel X · all 8 loaded · watching · next in 7 s"),
    (WatchState(None), "iModel X · all 8 loaded · watching · checking…"),
    (WatchState(40, "offline", offline=True),
     "iModel X · all 8 loaded · watching paused: offline · next try in 40 s"),
    (WatchState(30, "rate limited"),
     "iModel X · all 8 loaded · watching · rate limited · next try in 30 s"),
    (WatchState(300, "error 503"), "iModel X · all 8 loaded · watching · error 503 · next try "
                                   "in 5 min"),
])
def test_watching_in_the_status_line(watch: WatchState, text: str) -> None:
    assert status_text(LISTED._replace(watch=watch)) == text


def test_the_countdown_is_its_own_part_of_the_line() -> None:
    assert status_parts(LISTED._replace(watch=WatchState(7))) == (
        "iModel X · all 8 loaded", "watching · next in 7 s")
    assert status_parts(LISTED) == ("iModel X · all 8 loaded", "")


# -- settings ----------------------------------------------------------------------------------


def resolve(tmp_path: Path, text: str = "", env: dict[str, str] | None = None):
    path = tmp_path / "config.toml"
    path.write_text(text)
    return Config(read_config(path), {}, env or {}).resolve()


def test_the_watch_settings_come_from_the_file_and_the_environment(tmp_path) -> None:
    default = resolve(tmp_path).settings
    assert (default.watch_interval, default.watch_bell) == (10.0, True)
    from_file = resolve(tmp_path, "watch_interval = 30\nwatch_bell = false\n"
                        "[profiles.slow]\nwatch_interval = 60\n")
    assert (from_file.settings.watch_interval, from_file.settings.watch_bell) == (30.0, False)
    env = resolve(tmp_path, "watch_interval = 30\n", {"ITWIN_TUI_WATCH_INTERVAL": "2.5",
                                                      "ITWIN_TUI_WATCH_BELL": "off"})
    assert (env.settings.watch_interval, env.settings.watch_bell) == (2.5, False)
    assert env.sources["watch_interval"] == "$ITWIN_TUI_WATCH_INTERVAL"


def test_unusable_watch_settings_are_said_and_not_used(tmp_path) -> None:
    resolved = resolve(tmp_path, 'watch_interval = -1\nwatch_bell = "loud"\n',
                       {"ITWIN_TUI_WATCH_INTERVAL": "soon"})
    assert resolved.settings.watch_interval == 10.0 and resolved.settings.watch_bell is True
    problems = [str(p) for p in resolved.problems]
    assert any("watch_interval: expected a number above 0, got -1" in p for p in problems)
    assert any('watch_bell: expected true or false, got "loud"' in p for p in problems)
    assert any('$ITWIN_TUI_WATCH_INTERVAL: expected a number above 0, got "soon"' in p
               for p in problems)
