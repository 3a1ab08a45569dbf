"""Hostile answers: what a server may send that the vendor's pages never promise (issue 20).

Each function adds a rule to ``api.faults`` and returns it (``api.faults.remove`` undoes it);
:data:`HOSTILE` names them for ``python -m tui.fake --fault NAME``. Unless said otherwise a
rule bends the real answer of every route under ``path`` (default the org components).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from tui.fake.api import FakeApi
    from tui.fake.faults import FaultRule
    from tui.fake.responses import ApiRequest

COMPONENTS = "/library/components"
#: Not a valid URL: ``urljoin`` raises "Invalid IPv6 URL" on it.
BAD_URL = "http://[oops/x"
#: Deeper than orjson writes (254 levels; it reads 1,024).
DEEP_LEVELS = 300
HUGE_NAME_CHARS = 1_000_000
#: The page size of a server that ignores ``$top`` (the API's maximum).
IGNORED_TOP = 1000
_COLLECTION_KEYS = ("components", "brands", "connections", "catalogs", "iTwins", "iModels")
#: ``collection(api, MISSING)`` leaves the collection's key out altogether.
MISSING: Any = object()


def _items(payload: Any) -> list[dict[str, Any]]:
    """The objects of a collection page, or the single object of a ``{"component": …}``."""
    if not isinstance(payload, dict):
        return []
    for key in _COLLECTION_KEYS:
        if isinstance(payload.get(key), list):
            return [x for x in payload[key] if isinstance(x, dict)]
    return [v for v in payload.values() if isinstance(v, dict) and "id" in v][:1]


def _bend(api: FakeApi, path: str, transform: Callable[[Any, ApiRequest], Any],
          **options: Any) -> FaultRule:
    return api.faults.add(path, None, transform=transform, **options)


def bad_links(api: FakeApi, href: str = BAD_URL, path: str = COMPONENTS) -> FaultRule:
    """Every item's ``_links`` point at ``href`` (a category and a catalog)."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        for item in _items(payload):
            item["_links"] = {"category": {"href": href}, "catalogs": [{"href": href}]}
        return payload
    return _bend(api, path, transform)


def bad_next_link(api: FakeApi, href: str = BAD_URL, path: str = COMPONENTS) -> FaultRule:
    """A page's next link (where it has one) is ``href``."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        links = payload.get("_links") if isinstance(payload, dict) else None
        if isinstance(links, dict) and links.get("next"):
            links["next"] = {"href": href}
        return payload
    return _bend(api, path, transform)


def bad_location(api: FakeApi, href: str = BAD_URL, path: str = COMPONENTS) -> FaultRule:
    """A redirect to ``href``."""
    return api.faults.add(path, 302, body=b"", headers={"Location": href})


def deep_value(api: FakeApi, levels: int = DEEP_LEVELS, path: str = COMPONENTS) -> FaultRule:
    """The first item gets a field ``nested`` ``levels`` objects deep."""
    marker = "\x00deep\x00"

    def transform(payload: Any, req: ApiRequest) -> Any:
        found = _items(payload)
        if not found:
            return payload
        found[0]["nested"] = marker
        deep = b'{"level":' * levels + b'"bottom"' + b"}" * levels
        return orjson.dumps(payload).replace(orjson.dumps(marker), deep, 1)
    return _bend(api, path, transform)


def huge_name(api: FakeApi, chars: int = HUGE_NAME_CHARS, path: str = COMPONENTS) -> FaultRule:
    """The first item's name (and description) is ``chars`` characters long."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        found = _items(payload)
        if found:
            found[0]["displayName"] = "Huge " + "n" * max(0, chars - 5)
            found[0]["description"] = "d" * chars
        return payload
    return _bend(api, path, transform)


def many_fields(api: FakeApi, count: int = 300, chars: int = 10_000,
                path: str = COMPONENTS) -> FaultRule:
    """The first item gets ``count`` extra fields of ``chars`` characters each."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        found = _items(payload)
        if found:
            found[0].update((f"extra{n}", f"{n}:" + "x" * chars) for n in range(count))
        return payload
    return _bend(api, path, transform)


def empty_pages(api: FakeApi, path: str = COMPONENTS) -> FaultRule:
    """Every page after the first is empty but still links to a next one."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        if (req.arg("$skip") or "0") != "0" and isinstance(payload, dict):
            for key in _COLLECTION_KEYS:
                if key in payload:
                    payload[key] = []
        return payload
    return _bend(api, path, transform)


def ignore_top(api: FakeApi, top: int = IGNORED_TOP, path: str = COMPONENTS) -> FaultRule:
    """Pages of ``top`` rows whatever ``$top`` asked for."""
    return api.faults.add(path, None, query={"$top": str(top)})


def trickle(api: FakeApi, seconds: float = 1.0, *, head: bool = False,
            path: str = COMPONENTS) -> FaultRule:
    """The answer (with ``head`` its headers too) one byte every ``seconds``."""
    return api.faults.add(path, None, trickle=seconds, trickle_head=head)


def retry_after(api: FakeApi, value: str = "nan", path: str = COMPONENTS,
                times: int | None = None) -> FaultRule:
    """429 with ``Retry-After: value`` (``nan``, ``inf``, ``-5``…)."""
    return api.faults.add(path, 429, headers={"Retry-After": value}, times=times)


def collection(api: FakeApi, value: Any = None, path: str = COMPONENTS) -> FaultRule:
    """A page whose collection key holds ``value`` (null, an object, a string) or is
    missing (:data:`MISSING`); the next link stays."""
    def transform(payload: Any, req: ApiRequest) -> Any:
        for key in _COLLECTION_KEYS:
            if isinstance(payload, dict) and key in payload:
                if value is MISSING:
                    del payload[key]
                else:
                    payload[key] = value
        return payload
    return _bend(api, path, transform)


#: ``python -m tui.fake --fault NAME [--fault-path PATH]``: each called as ``(api, path)``.
HOSTILE: dict[str, Callable[[FakeApi, str], FaultRule]] = {
    "bad-links": lambda api, path: bad_links(api, path=path),
    "bad-next-link": lambda api, path: bad_next_link(api, path=path),
    "bad-location": lambda api, path: bad_location(api, path=path),
    "deep-value": lambda api, path: deep_value(api, path=path),
    "huge-name": lambda api, path: huge_name(api, path=path),
    "many-fields": lambda api, path: many_fields(api, path=path),
    "empty-pages": lambda api, path: empty_pages(api, path=path),
    "ignore-top": lambda api, path: ignore_top(api, path=path),
    "trickle-body": lambda api, path: trickle(api, path=path),
    "trickle-head": lambda api, path: trickle(api, head=True, path=path),
    "retry-after-nan": lambda api, path: retry_after(api, path=path),
    "collection-null": lambda api, path: collection(api, path=path),
    "collection-object": lambda api, path: collection(api, {"id": "x"}, path=path),
    "collection-string": lambda api, path: collection(api, "components", path=path),
    "collection-missing": lambda api, path: collection(api, MISSING, path=path),
}
