"""Fake iTwins (projects and assets) and their iModels, for the iTwins and iModels APIs.

The first iTwins are fixed (ids in ``constants``): they own the demo's components
(``projectId``) and export iModels (``exports.IMODELS``). The rest are generated from the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tui.fake import constants as K
from tui.fake.exports import IMODELS
from tui.fake.seeded import REFERENCE, Draw, iso

# (id, displayName, number, status, type)
FIXED_ITWINS: tuple[tuple[str, str, str, str, str], ...] = (
    (K.ITWIN_IDS[0], "Riverside Hospital Expansion", "RHX-2024-001", "Active", "Healthcare"),
    (K.ITWIN_IDS[1], "Northern Process Plant", "NPP-0042", "Active", "Industrial"),
    (K.ITWIN_IDS[2], "A14 Bridge Replacement", "A14-BR-7", "Inactive", "Bridge"),
    (K.PROJECT_IDS[3], "Campus Fit-out Phase 2", "CFO-2025-17", "Active", "Commercial"),
    (K.EMPTY_PROJECT_ID, "Empty Sandbox Project", "SBX-0000", "Trial", "Sandbox"),
    (K.FORBIDDEN_PROJECT_ID, "Restricted Client Works", "RCW-0099", "Active", "Confidential"),
)
#: Generated iTwins at this position get a hostile name (markup, ESC), below the first screen.
HOSTILE_ITWIN_POSITION = 40
HOSTILE_ITWIN_NAME = "[bold]Not bold[/] Depot \x1b[31mred\x1b[0m"
#: Generated iModels of the first iTwin, after its export iModel: two pages at ``$top=100``.
BIG_ITWIN_EXTRA_IMODELS = 139
#: Recently used iTwins (newest first) and favourites, by position in the full list.
RECENT_POSITIONS = (0, 1, 3, 2, 17, 23, 41, 8, 60, 12)
FAVORITE_POSITIONS = (1, 0, 33)

_PLACES = ("Harbour", "Northgate", "Riverside", "Elm Park", "Kingsway", "Lakeshore", "Mill Lane",
           "Westfield", "Highbury", "Stonebridge", "Ashford", "Bayview", "Cedar Hill", "Dockside")
_FACILITIES = ("Office Tower", "Water Treatment Works", "Rail Depot", "Primary School",
               "Data Centre", "Substation", "Ring Road", "Library", "Sports Hall", "Tunnel",
               "Wind Farm", "Hospital Wing", "Logistics Hub", "Viaduct", "Car Park")
_PHASES = ("", "", "Phase 1", "Phase 2", "Refurbishment", "Extension", "Upgrade")
_TYPES = ("Commercial", "Infrastructure", "Utilities", "Education", "Healthcare", "Rail")
_LOCATIONS = (("London, UK", "Europe/London", "UK South"),
              ("Exton, PA", "America/New_York", "East US"),
              ("Sydney, NSW", "Australia/Sydney", "Australia East"),
              ("Rotterdam, NL", "Europe/Amsterdam", "North Europe"))
_DISCIPLINES = ("Architecture", "Structure", "MEP", "Civil", "Landscape", "Coordination",
                "Fire Protection", "Drainage", "Survey", "Façade")
_LEVELS = ("Level 00", "Level 01", "Level 02", "Level 03", "Basement", "Roof", "Site", "Zone A",
           "Zone B", "Block C")


@dataclass(frozen=True)
class Itwin:
    """One iTwin; ``json()`` is its full representation."""

    id: str
    display_name: str
    number: str
    status: str
    type: str
    sub_class: str = "Project"
    location: tuple[str, str, str] = _LOCATIONS[0]
    created: str = iso(REFERENCE - timedelta(days=800))

    def minimal(self) -> dict[str, Any]:
        """What the list answers by default (``Prefer: return=minimal``)."""
        return {"id": self.id, "class": "Endeavor" if self.sub_class == "Project" else "Thing",
                "subClass": self.sub_class, "type": self.type, "number": self.number,
                "displayName": self.display_name, "status": self.status}

    def json(self) -> dict[str, Any]:
        place, zone, centre = self.location
        return {**self.minimal(), "geographicLocation": place, "ianaTimeZone": zone,
                "dataCenterLocation": centre, "parentId": None,
                "iTwinAccountId": K.fixed_guid("account", "demo-organisation"),
                "createdDateTime": self.created, "createdBy": K.fixed_guid("user", "demo-admin")}


def _generated_itwin(seed: int, n: int, sub_class: str) -> Itwin:
    d = Draw(f"{seed}:itwin:{sub_class}:{n}")
    name = f"{d.pick(_PLACES)} {d.pick(_FACILITIES)}"
    phase = d.pick(_PHASES)
    if phase:
        name = f"{name} {phase}"
    if sub_class == "Project" and n == HOSTILE_ITWIN_POSITION:
        name = HOSTILE_ITWIN_NAME
    prefix = "AS" if sub_class == "Asset" else "".join(w[0] for w in name.split()[:3]).upper()
    return Itwin(d.guid(), name, f"{prefix}-{2015 + d.below(11)}-{100 + n:03d}",
                 d.pick(("Active",) * 6 + ("Inactive", "Trial")), d.pick(_TYPES), sub_class,
                 d.pick(_LOCATIONS),
                 iso(d.moment(REFERENCE - timedelta(days=3000), REFERENCE - timedelta(days=30))))


class Twins:
    """iTwins in listing order, their iModels, recents and favourites."""

    def __init__(self, seed: int) -> None:
        fixed = [Itwin(i, name, num, status, kind) for i, name, num, status, kind in FIXED_ITWINS]
        projects = [_generated_itwin(seed, n, "Project")
                    for n in range(K.PROJECT_COUNT - len(fixed))]
        assets = [_generated_itwin(seed, n, "Asset") for n in range(K.ASSET_COUNT)]
        self.itwins: list[Itwin] = [*fixed, *projects, *assets]
        self.by_id: dict[str, Itwin] = {t.id: t for t in self.itwins}
        self.recents = [self.itwins[i] for i in RECENT_POSITIONS]
        self.favorites = [self.itwins[i] for i in FAVORITE_POSITIONS]
        self.imodels: dict[str, dict[str, Any]] = {}
        self.by_itwin: dict[str, list[dict[str, Any]]] = {t.id: [] for t in self.itwins}
        for imodel_id, name, description, owner, _ in IMODELS:
            self._add(seed, imodel_id, name, description, K.ITWIN_IDS[owner])
        self._generate_imodels(seed, projects)

    def _generate_imodels(self, seed: int, projects: list[Itwin]) -> None:
        big = self.itwins[0]
        for n in range(BIG_ITWIN_EXTRA_IMODELS):
            d = Draw(f"{seed}:imodel:{big.id}:{n}")
            name = f"Riverside Hospital – {_LEVELS[n % len(_LEVELS)]} {d.pick(_DISCIPLINES)}"
            self._add(seed, d.guid(), f"{name} ({n + 1:03d})", None, big.id)
        campus = self.by_id[K.PROJECT_IDS[3]]
        for owner in (campus, *projects):
            d = Draw(f"{seed}:imodels-of:{owner.id}")
            for _ in range(d.pick((0, 1, 1, 2, 3, 4))):
                name = f"{owner.display_name} – {d.pick(_DISCIPLINES)}"
                self._add(seed, d.guid(), name, d.pick((None, "Design model.", "As-built.")),
                          owner.id)

    def _add(self, seed: int, imodel_id: str, name: str, description: str | None,
             itwin_id: str) -> None:
        d = Draw(f"{seed}:imodel:{imodel_id}")
        created = d.moment(REFERENCE - timedelta(days=900), REFERENCE - timedelta(days=200))
        imodel = {
            "id": imodel_id, "displayName": name, "name": name, "description": description,
            "state": "notInitialized" if d.chance(0.04) else "initialized",
            "createdDateTime": iso(created), "iTwinId": itwin_id, "isSecured": False,
            "dataCenterLocation": self.by_id[itwin_id].location[2],
            "extent": None, "containersEnabled": 0,
        }
        self.imodels[imodel_id] = imodel
        self.by_itwin[itwin_id].append(imodel)
