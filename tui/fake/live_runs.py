"""Export runs that move through their states as time passes (for watching, issue 18).

A live run exists from the data's start time ``t0`` and goes NotStarted → Queued → Executing
→ Finalizing → Completed at fixed offsets, ending with a fixed result. Its state is a pure
function of ``clock() - t0``, so tests advance an injected clock instead of sleeping.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tui.fake.seeded import iso


@dataclass(frozen=True)
class Timeline:
    """Seconds after ``t0`` at which a run enters each state, and how it ends."""

    result: str
    queued: float
    executing: float
    finalizing: float
    completed: float

    def state(self, elapsed: float) -> str:
        """The run's state ``elapsed`` seconds after ``t0``."""
        for state, at in (("Completed", self.completed), ("Finalizing", self.finalizing),
                          ("Executing", self.executing), ("Queued", self.queued)):
            if elapsed >= at:
                return state
        return "NotStarted"


#: Connections with a live last run: (index in ``exports.IMODELS``, connection index, timeline).
#: None is the first connection of an iModel, so the first row the demo shows stays still.
LIVE: tuple[tuple[int, int, Timeline], ...] = (
    (0, 1, Timeline("Success", 5, 15, 50, 60)),
    (0, 2, Timeline("Error", 10, 30, 80, 90)),
    (1, 1, Timeline("PartialSuccess", 20, 40, 140, 150)),
)


class LiveRun:
    """One run whose JSON depends on the clock; ``finished`` is its completed form."""

    def __init__(self, finished: dict[str, Any], timeline: Timeline, t0: float,
                 clock: Callable[[], float]) -> None:
        self.id: str = finished["id"]
        self.timeline = timeline
        self.t0 = t0
        self.clock = clock
        start = datetime.fromtimestamp(t0, UTC)
        end = start + timedelta(seconds=timeline.completed)
        self._finished = copy.deepcopy(finished)
        self._finished.update(startDateTime=iso(start), endDateTime=iso(end))
        for job in self._finished["jobs"]:
            job.update(startDateTime=iso(start + timedelta(seconds=timeline.executing)),
                       endDateTime=iso(end))

    def state(self) -> str:
        return self.timeline.state(self.clock() - self.t0)

    def json(self) -> dict[str, Any]:
        """The run as ``GET …/runs/{id}`` answers it now."""
        state = self.state()
        if state == "Completed":
            return copy.deepcopy(self._finished)
        run = copy.deepcopy(self._finished)
        run.update(state=state, result="Undetermined", endDateTime=None)
        for job in run["jobs"]:
            job.update(state=state, result="Undetermined", endDateTime=None)
            if state in ("NotStarted", "Queued"):
                job["startDateTime"] = None
            for task in job["tasks"]:
                task.update(state=state, result="Undetermined", error=None)
        return run
