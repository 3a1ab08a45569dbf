"""Static vocabulary the fake library is generated from (catalogs, categories, vendors…)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.fake.constants import fixed_guid


@dataclass(frozen=True)
class Named:
    """A small library resource: catalog, manufacturer or application."""

    id: str
    displayName: str
    description: str
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Category:
    """A component category and the parts its component names are built from."""

    id: str
    displayName: str
    description: str
    bases: tuple[str, ...]
    sizes: tuple[str, ...]
    suffixes: tuple[str, ...]
    hashtags: tuple[str, ...]
    manufacturers: tuple[int, ...]
    catalogs: tuple[int, ...]
    applications: tuple[int, ...]


def _named(kind: str, name: str, description: str, **extra: str) -> Named:
    return Named(fixed_guid(kind, name), name, description, tuple(extra.items()))


#: ``region`` and comma-separated ``hashtags`` are the catalog fields of the vendor's pages.
CATALOGS: tuple[Named, ...] = (
    _named("catalog", "Architectural Standard Library",
           "Doors, windows and façade elements approved for building projects.",
           region="Europe", hashtags="architecture,doors,windows"),
    _named("catalog", "MEP Components 2024", "Mechanical, electrical and plumbing equipment.",
           region="Global", hashtags="mep,hvac,2024"),
    _named("catalog", "Structural Steel (EN 10365)", "Hot-rolled sections and connections.",
           region="Europe", hashtags="steel,structural"),
    _named("catalog", "Process Plant Valves & Pumps", "Piping specification items for plants.",
           region="US East", hashtags="process,valves,pumps,piping"),
    _named("catalog", "Lighting & Electrical", "Luminaires, distribution and containment.",
           region="Global", hashtags="lighting,electrical"),
    _named("catalog", "Interior Fit-out", "Furniture and fit-out items for workplace projects.",
           region="UK", hashtags="furniture,interior"),
    _named("catalog", "Civil & Roads Furniture", "Street furniture, barriers and drainage.",
           region="UK", hashtags="civil,roads,drainage"),
    _named("catalog", "Legacy 2019 Library (archived)",
           "Items kept for old projects; no components are assigned any more.",
           region="Global", hashtags="legacy,archived"),
)

MANUFACTURERS: tuple[Named, ...] = (
    _named("manufacturer", "Assa Abloy", "Door openings and access solutions.",
           website="https://www.assaabloy.com"),
    _named("manufacturer", "Hörmann", "Doors, gates and frames.", website="https://www.hormann.com"),
    _named("manufacturer", "Grundfos", "Pumps and water technology.",
           website="https://www.grundfos.com"),
    _named("manufacturer", "Xylem", "Water, pumps and treatment.", website="https://www.xylem.com"),
    _named("manufacturer", "Danfoss", "Valves, drives and HVAC controls.",
           website="https://www.danfoss.com"),
    _named("manufacturer", "Siemens", "Electrical distribution and building automation.",
           website="https://www.siemens.com"),
    _named("manufacturer", "Schneider Electric", "Energy management and automation.",
           website="https://www.se.com"),
    _named("manufacturer", "Signify", "Professional lighting (Philips).",
           website="https://www.signify.com"),
    _named("manufacturer", "ArcelorMittal", "Structural steel sections.",
           website="https://sections.arcelormittal.com"),
    _named("manufacturer", "Herman Miller", "Office furniture.",
           website="https://www.hermanmiller.com"),
    _named("manufacturer", "Velux", "Roof windows and skylights.", website="https://www.velux.com"),
    _named("manufacturer", "Trane", "Heating, ventilation and air conditioning.",
           website="https://www.trane.com"),
    _named("manufacturer", "Emerson", "Process valves and actuators.",
           website="https://www.emerson.com"),
)

APPLICATIONS: tuple[Named, ...] = (
    _named("application", "MicroStation", "Bentley CAD platform.", fileTypes="dgn,cel"),
    _named("application", "OpenBuildings Designer", "Multidiscipline building design.",
           fileTypes="dgn,ifc"),
    _named("application", "Revit", "Autodesk BIM authoring.", fileTypes="rfa"),
    _named("application", "OpenPlant", "Plant design and piping.", fileTypes="dgn,i.dgn"),
    _named("application", "OpenRoads Designer", "Civil and road design.", fileTypes="dgn"),
    _named("application", "AutoCAD", "Autodesk 2D/3D CAD.", fileTypes="dwg,dxf"),
    _named("application", "SketchUp", "Trimble 3D modelling.", fileTypes="skp"),
    _named("application", "ProStructures", "Steel and concrete detailing.", fileTypes="dgn,ifc"),
)

# Indexes: catalogs 0 arch, 1 MEP, 2 steel, 3 plant, 4 lighting, 5 interior, 6 civil
# (7, legacy, has no components).
# Applications 0 MS, 1 OBD, 2 Revit, 3 OpenPlant, 4 OpenRoads, 5 AutoCAD, 6 SketchUp, 7 ProSt.
_C = fixed_guid
CATEGORIES: tuple[Category, ...] = (
    Category(_C("category", "Doors"), "Doors", "Door sets, leaves and frames.",
             ("Fire-rated Door", "Single Flush Door", "Double Swing Door", "Sliding Glass Door",
              "Acoustic Door", "Steel Security Door"),
             ("900x2100", "1000x2100", "1200x2400", "800x2000", "1800x2100"),
             ("EI30", "EI60", "EI90", "", "Rw 42dB"),
             ("fire-rated", "door", "steel", "timber", "acoustic", "security"),
             (0, 1), (0, 5), (1, 2, 0)),
    Category(_C("category", "Windows"), "Windows", "Windows, roof lights and curtain wall.",
             ("Casement Window", "Awning Window", "Fixed Window", "Tilt-Turn Window",
              "Curtain Wall Panel", "Roof Window"),
             ("600x1200", "1200x1500", "900x900", "1500x2400", "780x1180"),
             ("Double Glazed", "Triple Glazed", "Low-E", ""),
             ("window", "glazing", "thermal", "aluminium", "timber"),
             (10, 1), (0,), (1, 2, 6)),
    Category(_C("category", "Valves"), "Valves", "Isolation, control and check valves.",
             ("Gate Valve", "Globe Valve", "Ball Valve", "Butterfly Valve", "Check Valve"),
             ("DN50", "DN80", "DN100", "DN150", "DN200", "DN300"),
             ("PN16", "PN25", "Class 150", "Class 300"),
             ("valve", "steel", "flanged", "process", "stainless"),
             (4, 12), (3, 1), (3, 0)),
    Category(_C("category", "Pumps"), "Pumps", "Centrifugal and positive displacement pumps.",
             ("Centrifugal Pump", "Inline Circulator Pump", "Submersible Pump",
              "End-Suction Pump", "Booster Set"),
             ("2.2 kW", "5.5 kW", "11 kW", "22 kW", "45 kW"),
             ("", "IE3", "IE4", "ATEX"),
             ("pump", "water", "energy-efficient", "process"),
             (2, 3), (3, 1), (3, 1, 2)),
    Category(_C("category", "Beams"), "Beams", "Steel, timber and precast beams.",
             ("Steel I-Beam IPE", "Wide Flange Beam HEA", "Wide Flange Beam HEB", "Glulam Beam",
              "Precast Concrete Beam"),
             ("200", "300", "400", "500", "600"),
             ("S355", "S275", "GL24h", ""),
             ("steel", "structural", "beam", "timber", "concrete"),
             (8,), (2,), (7, 2, 0)),
    Category(_C("category", "Columns"), "Columns", "Structural columns.",
             ("Steel Column HEB", "Concrete Column", "Circular Column", "Composite Column"),
             ("300", "400x400", "Ø500", "250x250"),
             ("S355", "C30/37", ""),
             ("steel", "structural", "column", "concrete"),
             (8,), (2,), (7, 2)),
    Category(_C("category", "Luminaires"), "Luminaires", "Indoor and outdoor luminaires.",
             ("LED Panel", "Downlight", "Linear Pendant", "High Bay", "Street Light"),
             ("600x600 40W", "18W 3000K", "1500mm 52W", "150W 4000K", "60W"),
             ("DALI", "IP65", "", "Emergency"),
             ("lighting", "led", "dali", "emergency"),
             (7, 5), (4, 6), (1, 2, 5)),
    Category(_C("category", "HVAC"), "HVAC", "Air handling and terminal units.",
             ("Air Handling Unit", "Fan Coil Unit", "VAV Box", "Rooftop Unit", "Chiller"),
             ("5000 m³/h", "DN200", "30 kW", "250 kW", "2-pipe"),
             ("", "EC Fan", "Heat Recovery"),
             ("hvac", "air", "energy-efficient", "mechanical"),
             (11, 4, 5), (1,), (1, 2, 0)),
    Category(_C("category", "Piping"), "Piping", "Pipe fittings and flanges.",
             ("Elbow 90°", "Equal Tee", "Concentric Reducer", "Weld Neck Flange", "Pipe Support"),
             ("DN80", "DN100", "DN150", "DN200x150", "DN250"),
             ("PN16", "SCH40", "ASME B16.9", ""),
             ("piping", "steel", "fitting", "process"),
             (12, 4), (3,), (3, 0)),
    Category(_C("category", "Furniture"), "Furniture", "Loose and fixed furniture.",
             ("Office Desk", "Task Chair", "Conference Table", "Storage Cabinet", "Bench"),
             ("1600x800", "Standard", "3600x1200", "H1200", "2000mm"),
             ("", "Height Adjustable", "Oak", "Black"),
             ("furniture", "office", "ergonomic", "timber"),
             (9,), (5, 6), (2, 6, 1)),
    Category(_C("category", "Electrical"), "Electrical", "Distribution and containment.",
             ("Distribution Board", "Cable Tray", "Socket Outlet Double", "Transformer",
              "Switchgear Panel"),
             ("24-way", "300mm", "13A", "630kVA", "400A"),
             ("", "IP54", "Form 4"),
             ("electrical", "power", "containment", "steel"),
             (5, 6), (4, 1), (1, 5, 0)),
    Category(_C("category", "Drainage"), "Drainage", "Gullies, channels and manholes.",
             ("Road Gully", "Channel Drain", "Manhole Cover", "Safety Barrier"),
             ("450x450", "D400", "200mm", "N2 W4"),
             ("", "Ductile Iron", "Polymer Concrete"),
             ("civil", "drainage", "roads"),
             (3,), (6,), (4, 5)),
)

GENERAL_HASHTAGS: tuple[str, ...] = (
    "bim", "lod300", "ifc-ready", "sustainable", "epd", "legacy", "approved", "2024",
)

STATES: tuple[str, ...] = (
    "Published", "Published", "Published", "Published", "Approved", "Approved", "Checked",
    "Draft", "Draft", "Archived",
)

EXTRA_FILE_TYPES: tuple[str, ...] = ("pdf", "ifc", "png", "dwg")

SENTENCES: tuple[str, ...] = (
    "Suitable for commercial and public buildings.",
    "Modelled at LOD 300 with accurate connection geometry.",
    "Parameters include dimensions, weight and maintenance interval.",
    "Tested to EN and ISO standards; certificates are attached as documents.",
    "Supplied with type catalogue and installation guide.",
    "Replaces the legacy item from the 2019 library.",
    "Variants cover the common sizes used on site.",
    "Use together with the matching frame or fitting from the same catalog.",
    "Environmental product declaration available on request.",
    "Geometry simplified for coordination models; detailed fabrication data excluded.",
)
