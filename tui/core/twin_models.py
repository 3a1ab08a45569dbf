"""Typed, tolerant models of the iTwins and iModels APIs' payloads: projects (iTwins) and
iModels (see :mod:`tui.core.models` for the rules). Their own module, loaded with the first
picker or name lookup."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tui.core.models import Json, _dict, _str

_GUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def looks_like_id(text: str) -> bool:
    """Whether ``text`` (typed or pasted) is a GUID, as project and iModel ids are, rather
    than words to search for."""
    return _GUID.fullmatch(text.strip()) is not None


@dataclass(slots=True)
class Project:
    """An iTwin (``GET /itwins``; a project unless ``sub_class`` says otherwise). A
    component list's ``projectId`` and an iModel's ``iTwinId`` are such an id."""

    id: str
    display_name: str
    number: str | None = None
    status: str | None = None
    type: str | None = None
    sub_class: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Project:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            number=_str(d.get("number")),
            status=_str(d.get("status")),
            type=_str(d.get("type")),
            sub_class=_str(d.get("subClass")),
            raw=d,
        )


@dataclass(slots=True)
class IModel:
    """An iModel (``GET /imodels``, minimal: id and name; or the full representation). An
    export connection's ``iModelId`` is such an id."""

    id: str
    display_name: str
    description: str | None = None
    state: str | None = None
    itwin_id: str | None = None
    created: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> IModel:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or _str(d.get("name")) or "",
            description=_str(d.get("description")),
            state=_str(d.get("state")),
            itwin_id=_str(d.get("iTwinId")),
            created=_str(d.get("createdDateTime")),
            raw=d,
        )
