"""Fake export connections and their runs (built eagerly; it is small).

The iModels and iTwins they belong to are in ``twins``; live runs (that move with the clock)
in ``live_runs``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tui.fake import constants as K
from tui.fake.live_runs import LIVE, LiveRun
from tui.fake.seeded import REFERENCE, Draw, iso

# (id, displayName, description, index in constants.ITWIN_IDS, number of export connections)
IMODELS: tuple[tuple[str, str, str, int, int], ...] = (
    (K.IMODEL_IDS[0], "Riverside Hospital – Architecture", "Federated architectural model.",
     0, 130),
    (K.IMODEL_IDS[1], "North Plant Process Model", "Piping and equipment, units 1–4.", 1, 8),
    (K.IMODEL_IDS[2], "Bridge A14 Structural", "Superstructure and piers.", 2, 3),
    (K.IMODEL_IDS[3], "Sandbox", "Scratch model without exports.", 2, 0),
    (K.FORBIDDEN_IMODEL_ID, "Restricted Substation", "Access limited to the owner team.", 1, 4),
)

_FORMATS = ("IFC", "DGN", "Navisworks", "FBX", "Cesium 3D Tiles", "OBJ", "LandXML", "GeoJSON")
_SCOPES = ("Architecture", "Structure", "MEP", "Coordination", "Client issue", "Level 2",
           "Site", "Weekly review")
_UNFINISHED = ("NotStarted", "Idle", "WaitingToExecute", "WaitingToRetry", "Executing",
               "Finalizing", "Queued")
_FINISHED_RESULTS = ("Success",) * 11 + ("Error",) * 3 + ("PartialSuccess",) * 2 + (
    "Cancelled", "TimedOut", "Skipped")
_TASK_ERRORS = (
    ("ChangesetDownloadFailed", "Failed to open briefcase: changeset 42 could not be downloaded."),
    ("InvalidGeometry", "Element 0x20000001a3f has invalid geometry and was skipped."),
    ("WorkerOutOfDisk", "Insufficient disk space on worker (needed 12.4 GB, had 3.1 GB)."),
    ("SchemaMismatch", "Schema 'ProcessPhysical' 01.00.04 is newer than the exporter supports."),
)


@dataclass
class Connection:
    """One export connection and its runs (oldest first)."""

    id: str
    imodel_id: str
    itwin_id: str
    display_name: str
    authentication_type: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    #: A run newer than ``runs`` that moves with the clock (its last run), if any.
    live: LiveRun | None = None

    def last_run_id(self) -> str | None:
        if self.live is not None:
            return self.live.id
        return self.runs[-1]["id"] if self.runs else None

    def to_json(self, base: str) -> dict[str, Any]:
        links: dict[str, Any] = {
            "iModel": {"href": f"{base}/imodels/{self.imodel_id}"},
            "iTwin": {"href": f"{base}/itwins/{self.itwin_id}"},
        }
        last = self.last_run_id()
        if last is not None:
            links["lastRun"] = {"href": f"{base}/export/connections/{self.id}/runs/{last}"}
        return {
            "id": self.id,
            "iModelId": self.imodel_id,
            "iTwinId": self.itwin_id,
            "displayName": self.display_name,
            "authenticationType": self.authentication_type,
            "_links": links,
        }


def _error_for(d: Draw, result: str) -> dict[str, str] | None:
    if result == "TimedOut":
        return {"code": "Timeout", "message": "Export task timed out after 3600 seconds."}
    if result in ("Error", "PartialSuccess"):
        code, message = d.pick(_TASK_ERRORS)
        return {"code": code, "message": message}
    return None


#: Results that do not fail a task (any other marks one task of a job as the failing one).
_CLEAN = ("Success", "Undetermined", "Skipped")


def _run(d: Draw, connection_id: str, start: datetime, forced: str | None) -> dict[str, Any]:
    """A run with jobs and tasks whose states and results agree with the run's."""
    run_id = d.guid()
    if forced is None and d.chance(0.1):
        state, result, end = d.pick(_UNFINISHED), "Undetermined", None
    else:
        state, result = "Completed", forced or d.pick(_FINISHED_RESULTS)
        end = start + timedelta(seconds=30 + d.below(5400))
    n_jobs = 1 + d.below(3)
    failing_job = d.below(n_jobs)
    spread = result in _CLEAN  # every job shares the run's result
    jobs = []
    for j in range(n_jobs):
        job_result = result if (j == failing_job or spread) else "Success"
        tasks = _tasks(d, job_result, spread, "Completed" if end else state)
        jobs.append({
            "id": d.guid(),
            "state": state if end is None else "Completed",
            "result": job_result,
            "startDateTime": iso(start + timedelta(seconds=j * 5)),
            "endDateTime": iso(end) if end else None,
            "tasks": tasks,
        })
    return {
        "id": run_id,
        "connectionId": connection_id,
        "startDateTime": iso(start),
        "endDateTime": iso(end) if end else None,
        "state": state,
        "result": result,
        "jobs": jobs,
    }


def _tasks(d: Draw, job_result: str, spread: bool, state: str) -> list[dict[str, Any]]:
    """A job's tasks: one fails when the job did (its error drawn), the rest agree."""
    n_tasks = 1 + d.below(4)
    failing_task = d.below(n_tasks)
    tasks = []
    for t in range(n_tasks):
        bad = job_result not in _CLEAN and t == failing_task
        if bad:
            task_result = "Error" if job_result == "PartialSuccess" else job_result
        else:
            task_result = job_result if spread else "Success"
        tasks.append({"id": d.guid(), "state": state, "result": task_result,
                      "error": _error_for(d, job_result) if bad else None})
    return tasks


class ExportData:
    """Export connections by id and by iModel.

    Live runs start at ``t0`` (``clock()`` when built, unless given) and follow ``clock``.
    """

    def __init__(self, seed: int, *, clock: Callable[[], float], t0: float | None = None) -> None:
        self.connections: dict[str, Connection] = {}
        self.by_imodel: dict[str, list[Connection]] = {}
        for imodel_id, _, _, itwin, count in IMODELS:
            itwin_id = K.ITWIN_IDS[itwin]
            conns = [self._connection(seed, imodel_id, itwin_id, j) for j in range(count)]
            self.by_imodel[imodel_id] = conns
            self.connections.update((c.id, c) for c in conns)
        self.t0 = clock() if t0 is None else t0
        #: The connections whose last run is live, in ``live_runs.LIVE`` order.
        self.live: list[Connection] = []
        for imodel, index, timeline in LIVE:
            conn = self.by_imodel[IMODELS[imodel][0]][index]
            finished = _run(Draw(f"{seed}:live-run:{conn.id}"), conn.id, REFERENCE,
                            timeline.result)
            conn.live = LiveRun(finished, timeline, self.t0, clock)
            self.live.append(conn)

    @staticmethod
    def _connection(seed: int, imodel_id: str, itwin_id: str, j: int) -> Connection:
        d = Draw(f"{seed}:connection:{imodel_id}:{j}")
        cid = d.guid()
        name = f"{d.pick(_FORMATS)} export – {d.pick(_SCOPES)}"
        if d.chance(0.05):
            name = str(10 + d.below(90))  # the vendor sample has displayName "30"
        conn = Connection(cid, imodel_id, itwin_id, name, d.pick(("User", "User", "Service")))
        forced_last = None
        n_runs = d.pick((0, 1, 1, 2, 3, 4))
        if imodel_id == K.IMODEL_IDS[1] and j == 0:
            conn.id, conn.display_name, n_runs = K.NON_GUID_CONNECTION_ID, "Nightly IFC export", 3
            forced_last = "Error"
        start = REFERENCE - timedelta(days=1 + d.below(60), seconds=d.below(86400))
        runs = []
        for k in range(n_runs):
            forced = forced_last if k == 0 else None
            runs.append(_run(Draw(f"{seed}:run:{conn.id}:{k}"), conn.id, start, forced))
            start -= timedelta(days=1 + d.below(7), seconds=d.below(86400))
        conn.runs = runs[::-1]
        return conn

    def run(self, connection_id: str, run_id: str) -> dict[str, Any] | None:
        conn = self.connections.get(connection_id)
        if conn is None:
            return None
        if conn.live is not None and conn.live.id == run_id.lower():
            return conn.live.json()
        return next((r for r in conn.runs if r["id"] == run_id.lower()), None)
