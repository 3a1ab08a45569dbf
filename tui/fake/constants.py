"""Fixed identifiers of the fake data set, stable across seeds and sizes.

Ids are version-5 UUIDs of readable names, so they never change between runs.
"""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.UUID("5a0c3d6e-2f71-4b8e-9d2a-6c1f0e8b7a41")


def fixed_guid(kind: str, name: str) -> str:
    """Deterministic GUID for an entity of ``kind`` named ``name``."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{name}"))


#: Bearer token accepted by demo mode (and by any ``FakeApi`` built without ``valid_tokens``).
DEMO_TOKEN = "demo-token"
#: A token that authenticates but lacks the View Analytics permission (analytics → 403).
RESTRICTED_TOKEN = "restricted-token"

#: Dates are generated relative to this day (UTC midnight); analytics cover the 2 years before.
REFERENCE_DATE = "2026-11-01"


#: Org components at these indexes have hostile names (Rich markup, an ESC sequence, wide text):
#: on the first page, but below the first screen, so a demo opens on ordinary rows.
HOSTILE_MARKUP_INDEX = 53
HOSTILE_ESCAPE_INDEX = 54
HOSTILE_WIDE_INDEX = 55
HOSTILE_MARKUP_COMPONENT_ID = fixed_guid("component", "hostile-markup")
HOSTILE_ESCAPE_COMPONENT_ID = fixed_guid("component", "hostile-escape")
HOSTILE_WIDE_COMPONENT_ID = fixed_guid("component", "hostile-wide")
HOSTILE_MARKUP_NAME = "[bold red]Not bold[/] Valve"
HOSTILE_ESCAPE_NAME = "Pump \x1b[31mred\x1b[0m"
HOSTILE_WIDE_NAME = (
    "Ventilátor 風量 1200 m³/h — 超高効率モデル Ⅲ · " + "Очень длинное название компонента " * 4
).strip()

#: Brands, in listing order, with how many components each one has.
BRAND_SIZES: tuple[tuple[str, int], ...] = (
    ("Grundfos", 312),
    ("Hörmann", 84),
    ("Signify (Philips Lighting)", 57),
    ("Velux", 23),
    ("Herman Miller", 140),
    ("Hilti", 180),
    ("Danfoss", 0),
)
BRAND_IDS: tuple[str, ...] = tuple(fixed_guid("brand", n) for n, _ in BRAND_SIZES)
#: The brand with more than 250 components (several pages at the default ``$top``).
BIG_BRAND_ID = BRAND_IDS[0]
#: A brand without components.
EMPTY_BRAND_ID = BRAND_IDS[-1]

#: The iTwins (projects) that own the demo's export iModels; see ``twins.FIXED_ITWINS``.
ITWIN_IDS: tuple[str, ...] = tuple(
    fixed_guid("itwin", n) for n in ("riverside", "north-plant", "a14-bridge")
)
#: Projects that own components (``/library/components?projectId=``): iTwins of the iTwins API.
PROJECT_IDS: tuple[str, ...] = (*ITWIN_IDS, fixed_guid("project", "campus-fitout"))
#: A known project with no components and no iModels (200 with an empty list, not 404).
EMPTY_PROJECT_ID = fixed_guid("project", "empty")
#: A project whose iModels the user may not list (``/imodels?iTwinId=`` answers 403).
FORBIDDEN_PROJECT_ID = fixed_guid("project", "restricted-client")
#: How many iTwins of subClass Project ``/itwins?subClass=Project`` lists (several pages).
PROJECT_COUNT = 250
#: How many iTwins of subClass Asset are listed besides them (no ``subClass`` filter).
ASSET_COUNT = 12
#: iModels with export connections; see ``exports.IMODELS`` for names and connection counts.
IMODEL_IDS: tuple[str, ...] = tuple(
    fixed_guid("imodel", n) for n in ("hospital", "plant", "bridge", "sandbox")
)
#: The iModel with more than 120 export connections.
BIG_IMODEL_ID = IMODEL_IDS[0]
#: An iModel that exists but has no export connections (200, empty list).
EMPTY_IMODEL_ID = IMODEL_IDS[3]
#: ``/export/connections?imodelId=`` for this iModel answers 403 InsufficientPermissions.
FORBIDDEN_IMODEL_ID = fixed_guid("imodel", "restricted-substation")
#: A connection whose id is not a GUID (the API allows that); its last run failed with errors.
NON_GUID_CONNECTION_ID = "nightly-ifc-export"

#: Accept header media type of each API version (iModels wants v2; the others v1).
ACCEPT_V1 = "application/vnd.bentley.itwin-platform.v1+json"
ACCEPT_V2 = "application/vnd.bentley.itwin-platform.v2+json"

#: Org component indexes with notable sub-resources (their ids: ``FakeData.org.ids[i]``).
#: The first row: documents include a ~5 MB file and one served by a 302 from the API host.
RICH_COMPONENT_INDEX = 0
#: The second row: ``/documents`` answers 403 (variations and web links load).
DOCUMENTS_FORBIDDEN_INDEX = 1
#: The third row: 250 variations (three pages at the default ``$top``).
MANY_VARIATIONS_INDEX = 2
#: The fourth row: no documents, no variations, no web links.
BARE_COMPONENT_INDEX = 3
#: Size of the big document of the first row (progress display).
BIG_DOCUMENT_BYTES = 5 * 1024 * 1024

#: Where document files live in demo mode (in-process; ``serve`` uses a second loopback port).
STORAGE_DEMO_BASE = "https://itwinfake.blob.core.invalid"
