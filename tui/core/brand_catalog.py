"""The Library's brands and catalogs (``GET /library/brands``, ``GET /library/catalogs``):
loaded when first listed or described, not at every start (the component list is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.core.models import Json, _bool, _dict, _str, _strs


@dataclass(slots=True)
class Brand:
    id: str
    display_name: str
    description: str | None = None
    is_available: bool | None = None
    is_owned: bool | None = None
    is_partnership: bool | None = None
    created: str | None = None
    modified: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Brand:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            description=_str(d.get("description")),
            is_available=_bool(d.get("isAvailable")),
            is_owned=_bool(d.get("isOwned")),
            is_partnership=_bool(d.get("isPartnership")),
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            raw=d,
        )


@dataclass(slots=True)
class Catalog:
    """A Library catalog (``GET /library/catalogs``): summary (id, name) or full."""

    id: str
    display_name: str
    description: str | None = None
    region: str | None = None
    hashtags: tuple[str, ...] = ()
    created: str | None = None
    modified: str | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any) -> Catalog:
        d = _dict(data)
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            description=_str(d.get("description")),
            region=_str(d.get("region")),
            hashtags=_strs(d.get("hashtags")),
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            raw=d,
        )
