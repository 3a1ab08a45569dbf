"""A component's documents, variations and web links, generated from its index.

Shapes follow the vendor pages (Get component documents / variations / webLinks): a document
is ``{id, displayName, extension, purpose, size, …, "_links": {"fileUrl": {"href"}}}`` whose
file lives on a storage host behind a pre-signed URL (see ``storage``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tui.fake import constants as K
from tui.fake.seeded import REFERENCE, Draw, iso
from tui.fake.vocab import MANUFACTURERS, Named

if TYPE_CHECKING:
    from tui.fake.data import ComponentSet

_KB = 1024
_PURPOSES = {"pdf": "Specification", "png": "Thumbnail"}
_MANUFACTURER_BY_ID = {m.id: m for m in MANUFACTURERS}
_LONG_QUERY = "&".join(f"segment{n}=value-{n:04d}-" + "x" * 24 for n in range(60))
_LONG_URL = f"https://www.danfoss.com/en/products/dhs/valves/documentation/?{_LONG_QUERY}"

#: Web links of the hostile components: (displayName, uri), by org component index.
_HOSTILE_LINKS: dict[int, tuple[tuple[str, str], ...]] = {
    K.HOSTILE_MARKUP_INDEX: (
        ("[bold]x[/] Datasheet [link=https://evil.example]click[/link]",
         "https://www.emerson.com/documents/datasheet-valve.pdf"),
        ("Not a web page", "javascript:alert(1)"),
    ),
    K.HOSTILE_ESCAPE_INDEX: (
        ("Manual \x1b[31mred\x1b[0m\x07 bell\r\nsecond line\x00",
         "https://www.grundfos.com/manuals/pump.pdf"),
    ),
    K.HOSTILE_WIDE_INDEX: (("Very long link", _LONG_URL),),
}
#: A document whose name would escape the download directory if used as given.
_HOSTILE_DOCUMENT_NAME = "../../.bashrc [b]x[/b]\x1b[2J"


@dataclass(frozen=True)
class Document:
    """One document of a component; ``via_api``: its fileUrl is a 302 on the API host."""

    id: str
    display_name: str
    extension: str
    purpose: str
    size: int
    created: str
    via_api: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.display_name}.{self.extension}"

    def blob_path(self, component_id: str) -> str:
        """Path of the file on the storage host (container, component, document, name)."""
        return f"/library-documents/{component_id}/{self.id}/{quote(self.file_name, safe='')}"


@dataclass(frozen=True)
class Facts:
    """What the sub-resources of one component are generated from."""

    component_id: str
    name: str
    file_types: list[str]
    category_sizes: tuple[str, ...]
    manufacturer: Named
    org_index: int | None  # the index in the org library, None for brand components


def facts(group: ComponentSet, i: int) -> Facts:
    full = group.full(i, "")
    category = group.category(i)
    href = ((full.get("_links") or {}).get("manufacturer") or {}).get("href", "")
    maker = _MANUFACTURER_BY_ID.get(href.rsplit("/", 1)[-1],
                                    MANUFACTURERS[category.manufacturers[0]])
    return Facts(full["id"], full["displayName"], full["supportedFileTypes"], category.sizes,
                 maker, i if group.org else None)


def documents(f: Facts) -> list[Document]:
    """The component's documents, in listing order."""
    d = Draw(f"documents:{f.component_id}")
    created = iso(d.moment(REFERENCE - timedelta(days=700), REFERENCE - timedelta(days=2)))
    main = f.file_types[0] if f.file_types else "dgn"
    if f.org_index == K.BARE_COMPONENT_INDEX:
        return []
    if f.org_index == K.RICH_COMPONENT_INDEX:
        return [
            Document(d.guid(), f"{f.name} – coordination model", "ifc", "Design",
                     K.BIG_DOCUMENT_BYTES, created),
            Document(d.guid(), f.name, main, "Design", 6 * _KB + 321, created),
            Document(d.guid(), "Installation guide", "pdf", "Specification", 3 * _KB + 17,
                     created, via_api=True),
            Document(d.guid(), f.name, "png", "Thumbnail", 2 * _KB + 500, created),
        ]
    docs = []
    for n in range(d.pick((0, 1, 2, 2, 3, 4))):
        ext = f.file_types[n] if n < len(f.file_types) else d.pick(("pdf", "png"))
        name = f.name if ext not in _PURPOSES else f"{f.name} – {_PURPOSES[ext].lower()}"
        docs.append(Document(d.guid(), name, ext, _PURPOSES.get(ext, "Design"),
                             _KB + d.below(7 * _KB), created))
    if f.org_index == K.HOSTILE_MARKUP_INDEX:
        docs.append(Document(d.guid(), _HOSTILE_DOCUMENT_NAME, "rfa", "Design", 2 * _KB, created))
    return docs


def document_json(doc: Document, file_url: str) -> dict[str, Any]:
    return {"id": doc.id, "displayName": doc.display_name, "extension": doc.extension,
            "purpose": doc.purpose, "size": doc.size, "available": True, "isActive": True,
            "version": "1", "createdDateTime": doc.created, "lastModifiedDateTime": doc.created,
            "_links": {"fileUrl": {"href": file_url}}}


def _property(name: str, value: str, kind: str = "StringType", unit: str = "") -> dict[str, str]:
    return {"displayName": name, "value": value, "type": kind, "unitOfMeasure": unit}


def variations(f: Facts) -> list[dict[str, Any]]:
    """The component's variations (sizes), with ad-hoc properties."""
    d = Draw(f"variations:{f.component_id}")
    created = iso(d.moment(REFERENCE - timedelta(days=700), REFERENCE - timedelta(days=2)))
    if f.org_index == K.BARE_COMPONENT_INDEX:
        return []
    if f.org_index == K.MANY_VARIATIONS_INDEX:
        labels = [f"{f.category_sizes[n % len(f.category_sizes)]} · variant {n + 1:03d}"
                  for n in range(250)]
    else:
        labels = d.sample(f.category_sizes, d.pick((0, 0, 1, 2, 3, 4, 5)))
    out = []
    for n, label in enumerate(labels):
        props = [_property("Size", label.split(" · ")[0]),
                 _property("Weight", f"{1 + d.below(4000) / 10:.1f}", "DoubleType", "kg"),
                 _property("Article number", f"{f.manufacturer.displayName[:3].upper()}-"
                                             f"{10000 + d.below(90000)}")]
        if n % 3 == 0:
            props.append(_property("Virtual Socket", str(n % 2), "IntegerType"))
        out.append({"id": d.guid(), "displayName": label, "createdDateTime": created,
                    "lastModifiedDateTime": created, "adHocProperties": props})
    return out


def web_links(f: Facts) -> list[dict[str, Any]]:
    """The component's web links: datasheets and manufacturer pages (https)."""
    d = Draw(f"weblinks:{f.component_id}")
    created = iso(d.moment(REFERENCE - timedelta(days=700), REFERENCE - timedelta(days=2)))
    if f.org_index == K.BARE_COMPONENT_INDEX:
        return []
    site = dict(f.manufacturer.extra).get("website", "https://www.example.com")
    slug = quote(f.name.lower().replace(" ", "-"), safe="-")
    pool = [(f"{f.manufacturer.displayName} – product page", f"{site}/products/{slug}"),
            ("Datasheet (PDF)", f"{site}/datasheets/{slug}.pdf"),
            (f"{f.manufacturer.displayName}", site),
            ("Installation instructions", f"{site}/support/installation/{slug}")]
    picked = pool[: d.pick((0, 1, 2, 2, 3, 4))]
    if f.org_index == K.RICH_COMPONENT_INDEX:
        picked = pool
    picked += list(_HOSTILE_LINKS.get(f.org_index if f.org_index is not None else -1, ()))
    return [{"id": d.guid(), "displayName": title, "uri": uri, "createdDateTime": created,
             "lastModifiedDateTime": created} for title, uri in picked]
