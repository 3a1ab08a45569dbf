"""Typed, tolerant models of API payloads.

Every ``from_json`` accepts whatever the server sent: missing, null or extra fields and
wrong types degrade to ``None`` / empty, never to an exception. ``raw`` keeps the original.

Models are read-only by convention, not ``frozen``: a frozen slotted dataclass costs ~1 ms to
create at import, and these are imported on the way to the first frame. Records without a
``raw`` payload are named tuples (cheaper still, and immutable).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, NamedTuple, TypeVar

from tui.core.errors import malformed_collection
from tui.core.jsonio import dumps

T = TypeVar("T")
Json = dict[str, Any]


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _strs(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(v for v in value if isinstance(v, str))


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def href(link: Any) -> str | None:
    """The ``href`` of a ``{"href": ...}`` link object, if it is one."""
    return _str(link.get("href")) if isinstance(link, dict) else None


def hrefs(links: Any) -> tuple[str, ...]:
    """Hrefs of a list of link objects (or of a single one)."""
    if isinstance(links, dict):
        one = href(links)
        return (one,) if one else ()
    if isinstance(links, list):
        return tuple(h for h in (href(x) for x in links) if h)
    return ()


#: One shared copy of each ``{"href": ...}`` link object and each short repeated value: a
#: 100,000-row catalog points at a few hundred catalogs, categories, manufacturers and
#: applications, so sharing them saves about half of every row's memory. Read-only, like
#: every ``raw``; cleared when they grow large (then merely not shared).
_SHARED_LINKS: dict[str, Json] = {}
_SHARED_VALUES: dict[Any, Any] = {}
_SHARED_LISTS: dict[tuple[str, ...], tuple[list[str], tuple[str, ...]]] = {}
_SHARED_LINK_SETS: "dict[bytes, tuple[Json, ComponentLinks]]" = {}
_SHARED_LIMIT = 50_000


def _shared(table: dict[Any, Any], key: Any, value: Any, limit: int = _SHARED_LIMIT) -> Any:
    """The value stored under ``key`` in ``table``, storing ``value`` there if none is."""
    found = table.get(key)
    if found is None:
        if len(table) >= limit:
            table.clear()
        found = table[key] = value
    return found


def _shared_link(link: Json) -> Json:
    """``link`` or an equal link object seen before, when it is exactly ``{"href": str}``."""
    value = link.get("href")
    if len(link) != 1 or not isinstance(value, str):
        return link
    return _shared(_SHARED_LINKS, value, link)


def _shared_strs(raw: Json, key: str) -> tuple[str, ...]:
    """The strings of the list ``raw[key]`` as a shared tuple (the list, when it holds
    nothing else, is replaced by an equal shared one)."""
    value = raw.get(key)
    if not isinstance(value, list):
        return ()
    try:
        found = _SHARED_LISTS.get(tuple(value))
    except TypeError:  # a list or object inside: unhashable, never shared
        found = None
    if found is None:
        strs = tuple(v for v in value if isinstance(v, str))
        if len(strs) != len(value):
            return _shared(_SHARED_VALUES, strs, strs)
        found = _shared(_SHARED_LISTS, strs, (list(strs), strs))
    raw[key] = found[0]
    return found[1]


class PageLinks(NamedTuple):
    """Paging links of a collection response."""

    self: str | None = None
    next: str | None = None
    prev: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> "PageLinks":
        d = _dict(data)
        return cls(href(d.get("self")), href(d.get("next")), href(d.get("prev")))


class ComponentLinks(NamedTuple):
    catalogs: tuple[str, ...] = ()
    application: str | None = None
    category: str | None = None
    manufacturer: str | None = None

    @classmethod
    def from_json(cls, data: Any) -> "ComponentLinks":
        d = _dict(data)
        return cls(
            catalogs=hrefs(d.get("catalogs")),
            application=href(d.get("application")),
            category=href(d.get("category")),
            manufacturer=href(d.get("manufacturer")),
        )

    def items(self) -> list[tuple[str, str]]:
        """(label, href) pairs in display order."""
        out = [(f"catalog {i + 1}" if len(self.catalogs) > 1 else "catalog", h)
               for i, h in enumerate(self.catalogs)]
        for label in ("category", "manufacturer", "application"):
            value = getattr(self, label)
            if value:
                out.append((label, value))
        return out


_NO_LINKS = ComponentLinks()


def _component_links(links: Json) -> tuple[Json, ComponentLinks]:
    """``links`` as a shared equal object (a catalog's rows mostly repeat a few hundred
    combinations), and what :meth:`ComponentLinks.from_json` makes of it."""
    try:
        key = dumps(links)
    except TypeError:  # not JSON (never from the API)
        return links, ComponentLinks.from_json(links)
    found = _SHARED_LINK_SETS.get(key)
    if found is None:
        found = _shared(_SHARED_LINK_SETS, key, _new_component_links(links), 10_000)
    return found


def _new_component_links(links: Json) -> tuple[Json, ComponentLinks]:
    out: Json = {}
    for name, value in links.items():
        if isinstance(value, dict):
            value = _shared_link(value)
        elif isinstance(value, list):
            value = [_shared_link(v) if isinstance(v, dict) else v for v in value]
        out[name] = value
    return out, ComponentLinks.from_json(out)


@dataclass(slots=True, repr=False, eq=False)
class Component:
    """A component: summary (id, name) or full representation. Each is itself (not
    compared field by field: a generated ``__eq__`` costs every start ~0.1 ms)."""

    id: str
    display_name: str
    full: bool = False
    description: str | None = None
    state: str | None = None
    created: str | None = None
    modified: str | None = None
    file_types: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    links: ComponentLinks = field(default_factory=ComponentLinks)
    raw: Json = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_json(cls, data: Any, *, full: bool | None = None) -> "Component":
        d = _dict(data)
        if full is None:
            full = any(k in d for k in ("state", "description", "_links", "hashtags"))
        raw = dict(d)  # gets the shared copies of repeated parts; equal to ``d``
        links = raw.get("_links")
        if isinstance(links, dict):
            raw["_links"], parsed_links = _component_links(links)
        else:
            parsed_links = _NO_LINKS
        state = raw.get("state")
        if isinstance(state, str):
            raw["state"] = state = _shared(_SHARED_VALUES, state, state)
        else:
            state = None
        return cls(
            id=_str(d.get("id")) or "",
            display_name=_str(d.get("displayName")) or "",
            full=full,
            description=_str(d.get("description")),
            state=state,
            created=_str(d.get("createdDateTime")),
            modified=_str(d.get("lastModifiedDateTime")),
            file_types=_shared_strs(raw, "supportedFileTypes"),
            hashtags=_shared_strs(raw, "hashtags"),
            links=parsed_links,
            raw=raw,
        )


class Page(NamedTuple, Generic[T]):
    """One page of a collection, as fetched (from the network or the cache)."""

    items: list[T]
    links: PageLinks
    url: str
    cached_at: float | None = None  # epoch seconds when served from the cache
    stale: bool = False  # served from the cache because the network failed
    stale_because: str | None = None  # why, in words: "offline", "timed out"

    @property
    def from_cache(self) -> bool:
        return self.cached_at is not None


def parse_collection(
    payload: Any, key: str, parse: Callable[[Any], T], limit: int | None = None, *,
    url: str = "",
) -> tuple[list[T], PageLinks]:
    """Items under ``key`` (the first ``limit`` of them) and the paging links of a
    collection payload. A ``key`` that is missing or holds no list is a malformed answer
    (``ApiError(BAD_RESPONSE)``), not an empty collection."""
    d = _dict(payload)
    raw_items = d.get(key)
    if not isinstance(raw_items, list):
        raise malformed_collection(key, raw_items, key not in d, url)
    if limit is not None:
        raw_items = raw_items[:limit]
    items = [parse(x) for x in raw_items if isinstance(x, dict)]
    return items, PageLinks.from_json(d.get("_links"))
