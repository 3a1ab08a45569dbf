"""Typed, tolerant models of Export API payloads: connections and their runs (see
:mod:`tui.core.models` for the rules). Their own module, loaded with the export screen or the
first export request: the catalog start does not pay for creating these classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.core.models import Json, _dict, _str, href


@dataclass(slots=True)
class ConnectionLinks:
    imodel: str | None = None
    itwin: str | None = None
    project: str | None = None
    last_run: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> ConnectionLinks:
        d = _dict(data)
        return cls(
            imodel=href(d.get("iModel")),
            itwin=href(d.get("iTwin")),
            project=href(d.get("project")),
            last_run=href(d.get("lastRun")),
        )

    def items(self) -> list[tuple[str, str]]:
        pairs = [("last run", self.last_run), ("iModel", self.imodel),
                 ("iTwin", self.itwin), ("project", self.project)]
        return [(label, value) for label, value in pairs if value]


@dataclass(slots=True)
class ExportConnection:
    id: str
    display_name: str
    imodel_id: str | None = None
    itwin_id: str | None = None
    authentication_type: str | None = None
    links: ConnectionLinks = field(default_factory=ConnectionLinks)
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> ExportConnection:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            imodel_id=_str(d.get("iModelId")),
            itwin_id=_str(d.get("iTwinId")),
            authentication_type=_str(d.get("authenticationType")),
            links=ConnectionLinks.from_json(d.get("_links")),
            raw=d,
        )


@dataclass(slots=True)
class RunTask:
    id: str
    state: str | None = None
    result: str | None = None
    error: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> RunTask:
        d = _dict(data)
        err = d.get("error")
        if isinstance(err, dict):
            text = _str(err.get("message")) or _str(err.get("code"))
            code = _str(err.get("code"))
            error = f"{code}: {text}" if code and text and code != text else text
        else:
            error = _str(err)
        return cls(_str(d.get("id")) or "", _str(d.get("state")), _str(d.get("result")),
                   error, d)


@dataclass(slots=True)
class RunJob:
    id: str
    state: str | None = None
    result: str | None = None
    start: str | None = None
    end: str | None = None
    tasks: tuple[RunTask, ...] = ()
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> RunJob:
        d = _dict(data)
        tasks = d.get("tasks")
        return cls(
            id=_str(d.get("id")) or "",
            state=_str(d.get("state")),
            result=_str(d.get("result")),
            start=_str(d.get("startDateTime")),
            end=_str(d.get("endDateTime")),
            tasks=tuple(RunTask.from_json(t) for t in tasks) if isinstance(tasks, list) else (),
            raw=d,
        )


@dataclass(slots=True)
class ExportRun:
    id: str
    connection_id: str | None = None
    start: str | None = None
    end: str | None = None
    state: str | None = None
    result: str | None = None
    jobs: tuple[RunJob, ...] = ()
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> ExportRun:
        d = _dict(data)
        jobs = d.get("jobs")
        return cls(
            id=_str(d.get("id")) or "",
            connection_id=_str(d.get("connectionId")),
            start=_str(d.get("startDateTime")),
            end=_str(d.get("endDateTime")),
            state=_str(d.get("state")),
            result=_str(d.get("result")),
            jobs=tuple(RunJob.from_json(j) for j in jobs) if isinstance(jobs, list) else (),
            raw=d,
        )

    @property
    def errors(self) -> list[str]:
        """Every job/task error message, for a quick summary."""
        return [t.error for j in self.jobs for t in j.tasks if t.error]
