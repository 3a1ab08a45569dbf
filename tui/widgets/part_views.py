"""A component's Files, Web links and Variations as the detail pane shows them: plain data
(entries of its list, and the page of one file or variation), no widgets here.

Each section is a heading and its rows, or one note (``loading…``, ``none``) or its own
error: one section failing never hides another.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from tui.core.component_parts import Document, Variation, WebLink
from tui.core.errors import ApiError
from tui.core.progress import human_bytes
from tui.widgets.detail_views import (
    ERROR,
    FILE,
    HEADING,
    NOTE,
    SAVE,
    VARIATION,
    WEB,
    DetailView,
    Entry,
    Fields,
    extra_fields,
)
from tui.widgets.text import long_date

#: The sections, in the pane's order (variations last: they can be many), with titles.
PART_TITLES = {"files": "Files", "weblinks": "Web links", "variations": "Variations"}
#: Properties of a variation shown on its row (all of them on its page).
ROW_PROPERTIES = 3
_DOCUMENT_KEYS = {"id", "displayName", "extension", "purpose", "size", "createdDateTime",
                  "lastModifiedDateTime", "_links"}
_VARIATION_KEYS = {"id", "displayName", "adHocProperties", "createdDateTime",
                   "lastModifiedDateTime"}


class PartState(NamedTuple):
    """What is known of one section: its items (``None`` while loading) or its error, and
    a note (the list was cut, or came from the cache while offline)."""

    items: tuple[Any, ...] | None = None
    error: ApiError | None = None
    note: str | None = None

    @property
    def done(self) -> bool:
        return self.items is not None or self.error is not None


LOADING = PartState()


def part_entries(component_id: str, states: Mapping[str, PartState], save_key: str
                 ) -> list[Entry]:
    """The sections' entries: heading, then rows (or a note, or the error), each section."""
    out: list[Entry] = []
    for part, title in PART_TITLES.items():
        state = states.get(part, LOADING)
        count = f" · {len(state.items)}" if state.items else ""
        hint = f"  ({save_key} saves)" if part == "files" and state.items else ""
        out.append(Entry(HEADING, f"{title}{count}{hint}"))
        if state.error is not None:
            out.append(Entry(ERROR, title, value=state.error))
        elif state.items is None:
            out.append(Entry(NOTE, "loading…"))
        elif not state.items:
            out.append(Entry(NOTE, "none"))
        else:
            out += [_row(part, item, component_id) for item in state.items]
        if state.note:
            out.append(Entry(NOTE, state.note))
    return out


def _row(part: str, item: Any, owner: str) -> Entry:
    if part == "files":
        return file_entry(item, owner)
    if part == "weblinks":
        return Entry(WEB, item.display_name or "link", item.uri or "(no address)", item, owner)
    return Entry(VARIATION, item.display_name or item.id or "variation",
                 " · ".join(f"{p.name} {p.text()}" for p in item.properties[:ROW_PROPERTIES]),
                 item, owner)


def file_entry(doc: Document, owner: str) -> Entry:
    """A file's row: its name, then its size and purpose."""
    facts = [human_bytes(doc.size) if doc.size is not None else "size unknown"]
    if doc.purpose:
        facts.append(doc.purpose)
    return Entry(FILE, doc.file_name or doc.id or "file", " · ".join(facts), doc, owner)


def _dated(fields: Fields, created: str | None, modified: str | None) -> None:
    for label, value in (("Created", created), ("Last modified", modified)):
        if value:
            fields.append((label, long_date(value)))


def document_view(doc: Document, owner: str, save_key: str) -> DetailView:
    """One file's page: its fields (the storage host, never its signed address) and a row
    that saves it."""
    from tui.core.storage import storage_host

    fields: Fields = [("Name", doc.display_name or "—"), ("Id", doc.id or "—"),
                      ("Extension", doc.extension or "—"), ("Purpose", doc.purpose or "—"),
                      ("Size", f"{human_bytes(doc.size)} ({doc.size:,} bytes)"
                       if doc.size is not None else "—")]
    _dated(fields, doc.created, doc.modified)
    fields.append(("File from", storage_host(doc.file_url) if doc.file_url else "—"))
    fields += extra_fields(doc.raw, _DOCUMENT_KEYS)
    save = Entry(SAVE, f"Save this file ({save_key})", "into the download folder", doc, owner)
    return DetailView(title=doc.file_name or doc.id or "file", key=f"file:{doc.id}",
                      fields=fields, entries=[save], item_id=doc.id or None)


def variation_view(variation: Variation) -> DetailView:
    """One variation's page: its fields and every property."""
    fields: Fields = [("Name", variation.display_name or "—"), ("Id", variation.id or "—")]
    fields += [(p.name, p.text()) for p in variation.properties]
    _dated(fields, variation.created, variation.modified)
    fields += extra_fields(variation.raw, _VARIATION_KEYS)
    return DetailView(title=variation.display_name or variation.id or "variation",
                      key=f"variation:{variation.id}", fields=fields,
                      item_id=variation.id or None)


def copy_text(entry: Entry) -> str | None:
    """What ``y`` copies on a row: a web link's address, else the item's id."""
    if isinstance(entry.value, WebLink):
        return entry.value.uri
    return getattr(entry.value, "id", None) or None
