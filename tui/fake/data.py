"""The fake data set: components generated lazily by index, plus brands, iTwins, exports…

Only compact search data (ids, names, lower-cased name+hashtags, catalog and project
indexes) is kept per component; everything else is recomputed from the index on demand,
so ``FakeData(n_components=100_000)`` builds in well under two seconds.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from tui.fake import constants as K
from tui.fake.analytics import Analytics
from tui.fake.exports import ExportData
from tui.fake.seeded import REFERENCE, Draw, iso
from tui.fake.twins import Twins
from tui.fake.vocab import (
    APPLICATIONS,
    CATALOGS,
    CATEGORIES,
    EXTRA_FILE_TYPES,
    GENERAL_HASHTAGS,
    MANUFACTURERS,
    SENTENCES,
    STATES,
    Category,
    Named,
)

_THREE_YEARS = timedelta(days=3 * 365)
_TAG_COUNTS = (0, 1, 1, 2, 2, 3)
#: Components draw a second catalog among the first 7 (catalogs added later stay empty, and
#: the draws, hence every component, stay as they were).
_DRAWN_CATALOGS = 7

# Hostile org components: index -> (id, name, category index, hashtags, description).
_HOSTILE: dict[int, tuple[str, str, int, list[str], str]] = {
    K.HOSTILE_MARKUP_INDEX: (
        K.HOSTILE_MARKUP_COMPONENT_ID, K.HOSTILE_MARKUP_NAME, 2, ["[i]markup[/i]", "valve"],
        "Shown literally: [link=https://example.invalid]not a link[/link] and [b]not bold[/b].",
    ),
    K.HOSTILE_ESCAPE_INDEX: (
        K.HOSTILE_ESCAPE_COMPONENT_ID, K.HOSTILE_ESCAPE_NAME, 3, ["\x1b[2Jclear", "pump"],
        "Line one.\nLine two with \x1b[1mESC\x1b[0m bytes and a\ttab.",
    ),
    K.HOSTILE_WIDE_INDEX: (
        K.HOSTILE_WIDE_COMPONENT_ID, K.HOSTILE_WIDE_NAME, 7, ["多言語", "long-name"],
        "Wide characters (風量), combining marks (é), and a very long name.",
    ),
}

# Which categories each brand's components come from (by category display name).
_BRAND_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Grundfos": ("Pumps", "Valves"),
    "Hörmann": ("Doors",),
    "Signify (Philips Lighting)": ("Luminaires",),
    "Velux": ("Windows",),
    "Herman Miller": ("Furniture",),
    "Hilti": ("Electrical", "Piping", "Columns"),
    "Danfoss": ("Valves", "HVAC"),
}


class ComponentSet:
    """One collection of components (the org library, or one brand's), built by index."""

    def __init__(self, key: str, size: int, *, categories: Sequence[int] = (),
                 org: bool = False) -> None:
        self.key = key
        self.size = size
        self.org = org
        self._categories = tuple(categories) or tuple(range(len(CATEGORIES)))
        self.ids: list[str] = []
        self.names: list[str] = []
        self._hay: list[str] = []
        self._cat1 = array("b")
        self._cat2 = array("b")
        self._project = array("b")
        for i in range(size):
            _, cid, name, _, tags, cats, project = self._core(i)
            self.ids.append(cid)
            self.names.append(name)
            self._hay.append("\n".join([name, *tags]).lower())
            self._cat1.append(cats[0] if cats else -1)
            self._cat2.append(cats[1] if len(cats) > 1 else -1)
            self._project.append(project)
        self.index: dict[str, int] = {cid: i for i, cid in enumerate(self.ids)}

    def _core(self, i: int) -> tuple[Draw, str, str, Category, list[str], list[int], int]:
        """The draws needed for searching; ``full`` replays them, then continues."""
        d = Draw(f"{self.key}:{i}")
        cid = d.guid()
        cat = CATEGORIES[d.pick(self._categories)]
        name = f"{d.pick(cat.bases)} {d.pick(cat.sizes)}"
        suffix = d.pick(cat.suffixes)
        if suffix:
            name = f"{name} {suffix}"
        if d.chance(0.35):
            name = f"{name} Type {d.pick('ABCDEFGH')}{1 + d.below(9)}"
        tags = d.sample(cat.hashtags, d.pick(_TAG_COUNTS))
        if d.chance(0.2):
            extra = d.pick(GENERAL_HASHTAGS)
            if extra not in tags:
                tags.append(extra)
        cats: list[int] = []
        project = -1
        if self.org:
            if not d.chance(0.03):
                cats.append(d.pick(cat.catalogs))
                if d.chance(0.15):
                    other = d.below(_DRAWN_CATALOGS)
                    if other not in cats:
                        cats.append(other)
            if d.chance(0.3):
                project = d.below(len(K.PROJECT_IDS))
            if i in _HOSTILE:
                cid, name, cat_index, tags, _ = _HOSTILE[i]
                cat = CATEGORIES[cat_index]
                tags = list(tags)
        return d, cid, name, cat, tags, cats, project

    def category(self, i: int) -> Category:
        """The category component ``i`` was generated from."""
        return self._core(i)[3]

    def summary(self, i: int) -> dict[str, Any]:
        """The ``return=minimal`` form: id and displayName."""
        return {"id": self.ids[i], "displayName": self.names[i]}

    def full(self, i: int, base: str) -> dict[str, Any]:
        """The ``return=representation`` form; ``_links`` (org only) point at ``base``."""
        d, cid, name, cat, tags, cats, _ = self._core(i)
        state = d.pick(STATES)
        created = d.moment(REFERENCE - _THREE_YEARS, REFERENCE - timedelta(days=1))
        modified = d.moment(created, REFERENCE) if d.chance(0.7) else created
        app_index = d.pick(cat.applications)
        types = dict.fromkeys(dict(APPLICATIONS[app_index].extra)["fileTypes"].split(","))
        types.update(dict.fromkeys(d.sample(EXTRA_FILE_TYPES, d.pick((0, 0, 1, 2)))))
        manufacturer = MANUFACTURERS[d.pick(cat.manufacturers)]
        roll = d.below(100)
        if i in _HOSTILE and self.org:
            description: str | None = _HOSTILE[i][4]
        elif roll < 8:
            description = None
        elif roll < 18:
            description = " ".join([f"{name}.", *d.sample(SENTENCES, 5 + d.below(3))])
        else:
            description = " ".join([f"{cat.description}", *d.sample(SENTENCES, d.below(3))])
        out: dict[str, Any] = {
            "id": cid,
            "displayName": name,
            "description": description,
            "state": state,
            "createdDateTime": iso(created),
            "lastModifiedDateTime": iso(modified),
            "supportedFileTypes": list(types),
            "hashtags": tags,
        }
        if self.org:
            links: dict[str, Any] = {
                "catalogs": [{"href": f"{base}/library/catalogs/{CATALOGS[c].id}"} for c in cats],
            }
            if not d.chance(0.04):
                links["application"] = {
                    "href": f"{base}/library/applications/{APPLICATIONS[app_index].id}"}
            else:
                links["application"] = None
            if not d.chance(0.02):
                links["category"] = {"href": f"{base}/library/categories/{cat.id}"}
            roll = d.below(100)
            if roll >= 10:
                links["manufacturer"] = {
                    "href": f"{base}/library/manufacturers/{manufacturer.id}"}
            elif roll >= 5:
                links["manufacturer"] = None
            out["_links"] = links
        return out

    def select(self, search: str = "", catalogs: set[int] | None = None,
               project: int | None = None) -> Sequence[int]:
        """Indexes matching all given filters, in listing order."""
        found: Sequence[int] = range(self.size)
        if project is not None:
            proj = self._project
            found = [i for i in found if proj[i] == project]
        if catalogs:
            c1, c2 = self._cat1, self._cat2
            found = [i for i in found if c1[i] in catalogs or c2[i] in catalogs]
        if search:
            q, hay = search.lower(), self._hay
            found = [i for i in found if q in hay[i]]
        return found


def _brand_info(seed: int, index: int, name: str) -> dict[str, Any]:
    d = Draw(f"{seed}:brand-info:{name}")
    created = d.moment(REFERENCE - _THREE_YEARS, REFERENCE - timedelta(days=30))
    return {
        "id": K.BRAND_IDS[index],
        "displayName": name,
        "description": f"Official {name} content, published and maintained by the manufacturer.",
        "isAvailable": index != 3,
        "isOwned": index == 0,
        "isPartnership": index in (1, 2, 5),
        "createdDateTime": iso(created),
        "lastModifiedDateTime": iso(d.moment(created, REFERENCE)),
    }


def _by_id(items: Sequence[Named]) -> dict[str, Named]:
    return {x.id: x for x in items}


class FakeData:
    """Everything the fake API serves. Deterministic for a given ``seed``; read-only.

    Only live export runs depend on time: they start at ``clock()`` when the data is built
    (or at ``t0``) and move as ``clock`` (epoch seconds) advances.
    """

    catalogs = CATALOGS
    categories = CATEGORIES
    manufacturers = MANUFACTURERS
    applications = APPLICATIONS
    catalog_by_id = _by_id(CATALOGS)
    manufacturer_by_id = _by_id(MANUFACTURERS)
    application_by_id = _by_id(APPLICATIONS)
    category_by_id = {c.id: c for c in CATEGORIES}
    def __init__(self, n_components: int = 5000, seed: int = 7, *,
                 analytics_bytes: int | None = None,
                 clock: Callable[[], float] = time.time, t0: float | None = None) -> None:
        self.n_components = n_components
        self.seed = seed
        #: When set, the analytics download is a streamed body of about this many bytes.
        self.analytics_bytes = analytics_bytes
        self.org = ComponentSet(f"{seed}:org", n_components, org=True)
        self.brands = [_brand_info(seed, i, n) for i, (n, _) in enumerate(K.BRAND_SIZES)]
        names = [c.displayName for c in CATEGORIES]
        self.brand_components: dict[str, ComponentSet] = {
            K.BRAND_IDS[i]: ComponentSet(
                f"{seed}:brand:{n}", size,
                categories=[names.index(c) for c in _BRAND_CATEGORIES[n]])
            for i, (n, size) in enumerate(K.BRAND_SIZES)
        }
        self.brand_by_id = {b["id"]: b for b in self.brands}
        self.twins = Twins(seed)
        #: Every project is a valid ``projectId``; those without components list none.
        self.project_ids = frozenset(t.id for t in self.twins.itwins)
        self.exports = ExportData(seed, clock=clock, t0=t0)
        self.analytics = Analytics(self.org, seed)

    def component(self, i: int, base: str = "https://api.bentley.com") -> dict[str, Any]:
        """Full org component number ``i``."""
        return self.org.full(i, base)

    def find_component(self, component_id: str) -> tuple[ComponentSet, int] | None:
        """Locate an org or brand component by id (case-insensitive)."""
        cid = component_id.lower()
        for group in (self.org, *self.brand_components.values()):
            i = group.index.get(cid)
            if i is not None:
                return group, i
        return None
