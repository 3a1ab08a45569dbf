"""A component's documents (files), variations and web links: tolerant models.

Like :mod:`tui.core.models`, every ``from_json`` takes whatever the server sent: missing, null
or mistyped fields become ``None`` or empty, never an exception, and ``raw`` keeps the
original (the pane shows the fields no model names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tui.core.models import Json, href

#: What the API calls each sub-resource: path segment and collection key, by our name.
PARTS: dict[str, tuple[str, str]] = {
    "files": ("documents", "documents"),
    "variations": ("variations", "variations"),
    "weblinks": ("weblinks", "webLinks"),
}
#: An extension as a file name may end in: letters and digits, not too long.
_EXTENSION = re.compile(r"[A-Za-z0-9]{1,16}")


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _size(value: Any) -> int | None:
    """A byte count: a non-negative integer (``true`` is not one)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
        else None


@dataclass(slots=True)
class Document:
    """A component's file: its name and kind, and where its bytes are (``file_url``)."""

    id: str
    display_name: str
    extension: str | None = None
    purpose: str | None = None
    size: int | None = None
    file_url: str | None = None
    created: str | None = None
    modified: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Document:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            extension=_str(d.get("extension")),
            purpose=_str(d.get("purpose")),
            size=_size(d.get("size")),
            file_url=href(_dict(d.get("_links")).get("fileUrl")),
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            raw=d,
        )

    @property
    def suffix(self) -> str:
        """``.rfa`` from the extension, when it is one a file name can end in, else ``""``."""
        ext = (self.extension or "").strip().lstrip(".")
        return f".{ext}" if _EXTENSION.fullmatch(ext) else ""

    @property
    def file_name(self) -> str:
        """The name as the server gives it, with its extension (not yet safe to create)."""
        name = self.display_name
        suffix = self.suffix
        if suffix and not name.lower().endswith(suffix.lower()):
            name += suffix
        return name


class Property(NamedTuple):
    """One of a variation's ``adHocProperties``."""

    name: str
    value: str
    unit: str = ""

    def text(self) -> str:
        return f"{self.value} {self.unit}".strip()


def _property(data: Any) -> Property:
    """Whatever a property holds, as text: a nested value as compact JSON, none as ``—``."""
    from tui.core.jsonio import dumps

    d = _dict(data) if isinstance(data, dict) else {"value": data}
    name, value = d.get("displayName"), d.get("value")
    if value is None:
        text = "—"
    elif isinstance(value, dict | list):
        try:
            text = dumps(value).decode()
        except TypeError:
            text = str(value)
    else:
        text = str(value)
    return Property(name if isinstance(name, str) and name else "(unnamed)", text,
                    _str(d.get("unitOfMeasure")) or "")


@dataclass(slots=True)
class Variation:
    """A variation of a component (a size, a type) and its properties."""

    id: str
    display_name: str
    properties: tuple[Property, ...] = ()
    created: str | None = None
    modified: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Variation:
        d = _dict(data)
        raw_props = d.get("adHocProperties")
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            properties=tuple(_property(p) for p in raw_props)
            if isinstance(raw_props, list) else (),
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            raw=d,
        )


@dataclass(slots=True)
class WebLink:
    """A web page about a component (a datasheet, the manufacturer's page)."""

    id: str
    display_name: str
    uri: str | None = None
    created: str | None = None
    modified: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> WebLink:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            uri=_str(d.get("uri")),
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            raw=d,
        )


#: The model of each part, by our name.
PARSERS = {"files": Document.from_json, "variations": Variation.from_json,
           "weblinks": WebLink.from_json}
