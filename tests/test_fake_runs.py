"""Export runs that move through their states as an injected clock advances (no sleeping)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from conftest import shared_data

from tui.fake import (
    ACCEPT_V1,
    BIG_IMODEL_ID,
    DEMO_TOKEN,
    IMODEL_IDS,
    NON_GUID_CONNECTION_ID,
    FakeApi,
    FakeData,
    serve,
)
from tui.fake.live_runs import LIVE

HEADERS = {"Authorization": f"Bearer {DEMO_TOKEN}", "Accept": ACCEPT_V1}
T0 = 1_800_000_000.0


class Clock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture(scope="module")
def http(clock: Clock) -> Iterator[httpx.Client]:
    data = FakeData(n_components=50, clock=clock)
    with serve(FakeApi(data)) as running, \
            httpx.Client(base_url=running.base_url, headers=HEADERS, timeout=10) as c:
        yield c


def last_run(http: httpx.Client, imodel_id: str, index: int) -> dict:
    conns = http.get("/export/connections", params={"imodelId": imodel_id}).json()
    href = conns["connections"][index]["_links"]["lastRun"]["href"]
    r = http.get(href)
    assert r.status_code == 200, r.text
    return r.json()["run"]


def test_a_run_moves_through_its_states_and_finishes_a_minute_later(http, clock) -> None:
    seen = []
    for at in (0, 4.9, 5, 15, 49, 50, 59.9, 60, 3600):
        clock.now = T0 + at
        run = last_run(http, BIG_IMODEL_ID, 1)
        seen.append((run["state"], run["result"]))
        assert (run["endDateTime"] is None) == (run["state"] != "Completed")
        for job in run["jobs"]:
            assert job["state"] == run["state"]
            if run["state"] != "Completed":
                assert {t["result"] for t in job["tasks"]} == {"Undetermined"}
    assert seen == [("NotStarted", "Undetermined"), ("NotStarted", "Undetermined"),
                    ("Queued", "Undetermined"), ("Executing", "Undetermined"),
                    ("Executing", "Undetermined"), ("Finalizing", "Undetermined"),
                    ("Finalizing", "Undetermined"), ("Completed", "Success"),
                    ("Completed", "Success")]
    assert run["startDateTime"] == "2027-01-15T08:00:00.000Z"
    assert run["endDateTime"] == "2027-01-15T08:01:00.000Z"


def test_failures_carry_task_errors_only_once_finished(http, clock) -> None:
    clock.now = T0 + 60
    running = last_run(http, BIG_IMODEL_ID, 2)
    assert running["state"] == "Executing"
    assert all(t["error"] is None for j in running["jobs"] for t in j["tasks"])
    clock.now = T0 + 90
    failed = last_run(http, BIG_IMODEL_ID, 2)
    assert (failed["state"], failed["result"]) == ("Completed", "Error")
    errors = [t["error"] for j in failed["jobs"] for t in j["tasks"] if t["error"]]
    assert errors and all(e["code"] and e["message"] for e in errors)
    assert failed["id"] == running["id"]
    clock.now = T0 + 149
    assert last_run(http, IMODEL_IDS[1], 1)["state"] == "Finalizing"
    clock.now = T0 + 150
    partial = last_run(http, IMODEL_IDS[1], 1)
    assert partial["result"] == "PartialSuccess"
    assert any(t["error"] for j in partial["jobs"] for t in j["tasks"])


def test_the_first_rows_and_the_failed_nightly_export_stay_still(http, clock) -> None:
    """What the screenshots and older tests show does not depend on the clock."""
    before = [last_run(http, BIG_IMODEL_ID, 0), last_run(http, IMODEL_IDS[1], 0)]
    clock.now = T0 + 10_000
    assert [last_run(http, BIG_IMODEL_ID, 0), last_run(http, IMODEL_IDS[1], 0)] == before
    assert before[1]["connectionId"] == NON_GUID_CONNECTION_ID
    assert shared_data().exports.by_imodel[BIG_IMODEL_ID][0].live is None


def test_live_runs_start_when_the_data_is_built() -> None:
    clock = Clock(T0 + 500)
    data = FakeData(n_components=20, clock=clock)
    assert data.exports.t0 == T0 + 500
    assert len(data.exports.live) == len(LIVE)
    assert [c.live.state() for c in data.exports.live if c.live] == ["NotStarted"] * 3
    clock.now += 600
    assert {c.live.state() for c in data.exports.live if c.live} == {"Completed"}
    # an explicit start time, and the same run ids whatever the time
    again = FakeData(n_components=20, clock=clock, t0=T0)
    assert [c.live.id for c in again.exports.live if c.live] == [
        c.live.id for c in data.exports.live if c.live]
