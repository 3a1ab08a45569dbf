"""What the detail pane shows: plain data built from models or raw JSON (no widgets here).

Values are the server's strings, untouched; the pane renders them literally.
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.core.errors import ApiError
from tui.core.models import Component, href, hrefs
from tui.core.records import Record
from tui.widgets.text import MAX_SHOWN_CHARS, duration, long_date

if TYPE_CHECKING:
    from tui.core.brand_catalog import Brand
    from tui.core.export_models import ExportConnection, ExportRun

Fields = list[tuple[str, str]]


#: Kinds of :class:`Entry`: rows that only say something, and rows to act on.
HEADING, NOTE, ERROR, FILE, SAVE, WEB, VARIATION = (
    "heading", "note", "error", "file", "save", "web", "variation")
SELECTABLE = frozenset({FILE, SAVE, WEB, VARIATION})
#: The line above a page's links.
LINKS_HEADING = "Links  (enter opens)"


class Entry(NamedTuple):
    """A row of the pane's list after the links: a section's heading, a note (``none``,
    ``loading…``), an error (``value``: the ApiError), or something to act on: a file
    (``value``: its Document), a web link, a variation."""

    kind: str
    label: str
    detail: str = ""  # shown after the label
    value: Any = None
    owner: str = ""  # the id of the component it belongs to

    @property
    def selectable(self) -> bool:
        return self.kind in SELECTABLE


@dataclass(slots=True, init=False, repr=False, eq=False)
class DetailView(Record):
    """One page of the detail pane (pages are not compared: each is the one it is)."""

    title: str
    key: str = ""  # what this view is about (item id or href), to match late results
    fields: Fields = field(default_factory=list)
    sections: list[tuple[str, Fields]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, href)
    entries: list[Entry] = field(default_factory=list)  # listed after the links
    pending: bool = False  # more of it is on its way (entries loading)
    tree: Any = None  # JSON shown as a tree (unknown shapes)
    error: ApiError | None = None
    loading: str | None = None
    note: str | None = None
    item_id: str | None = None  # what `y` copies while this view is on top


_COMPONENT_KEYS = {"id", "displayName", "description", "state", "createdDateTime",
                   "lastModifiedDateTime", "supportedFileTypes", "hashtags", "_links"}
_BRAND_KEYS = {"id", "displayName", "description", "isAvailable", "isOwned", "isPartnership",
               "createdDateTime", "lastModifiedDateTime", "_links"}
_CONNECTION_KEYS = {"id", "displayName", "iModelId", "iTwinId", "projectId",
                    "authenticationType", "_links"}
_RUN_KEYS = {"id", "connectionId", "startDateTime", "endDateTime", "state", "result", "jobs",
             "_links"}
_CAMEL = r"(?<=[a-z0-9])(?=[A-Z])"  # compiled when first used (re keeps it)
#: Most fields a view lists beyond the ones it knows (the rest are counted, not shown).
MAX_FIELDS = 100
#: Most items of a list shown in one value.
MAX_LIST_ITEMS = 100


_LABELS = {"id": "Id", "displayName": "Name", "createdDateTime": "Created",
           "lastModifiedDateTime": "Last modified", "supportedFileTypes": "File types",
           "startDateTime": "Started", "endDateTime": "Ended", "iModelId": "iModel id",
           "iTwinId": "iTwin id"}


def humanize(key: str) -> str:
    """``displayName`` → ``Name``; ``someOtherKey`` → ``Some other key``."""
    if key in _LABELS:
        return _LABELS[key]
    words = re.sub(_CAMEL, " ", key.lstrip("_")).replace("_", " ").strip()
    return (words[:1].upper() + words[1:].lower()) if words else key


def scalar(value: Any) -> str | None:
    """A one-line text for scalars and lists of scalars (the first ``MAX_LIST_ITEMS``);
    ``None`` for nested shapes."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    if not isinstance(value, list):
        return None
    head = value[:MAX_LIST_ITEMS]
    if not all(isinstance(v, str | int | float | bool) for v in head):
        return None
    text = ", ".join(str(v) for v in head) if value else "—"
    more = len(value) - len(head)
    return f"{text} … {more:,} more" if more else text


def _date_or_value(key: str, value: Any) -> str:
    text = scalar(value)
    if isinstance(value, str) and key.lower().endswith(("datetime", "date")):
        return long_date(value)
    return text if text is not None else _compact_json(value)


def _compact_json(value: Any) -> str:
    from tui.core.jsonio import preview

    return preview(value, MAX_SHOWN_CHARS)


def extra_fields(raw: dict[str, Any], known: set[str]) -> Fields:
    """Fields the API sent that the model does not name (so nothing is hidden; beyond
    ``MAX_FIELDS`` they are counted)."""
    fields: Fields = []
    for key, value in raw.items():
        if key in known:
            continue
        if len(fields) == MAX_FIELDS:
            return [*fields, _more_fields(raw, known)]
        fields.append((humanize(key), _date_or_value(key, value)))
    return fields


def _more_fields(raw: dict[str, Any], known: set[str]) -> tuple[str, str]:
    left = sum(1 for k in raw if k not in known) - MAX_FIELDS
    return "…", f"{left:,} more field{'s' if left != 1 else ''} not shown"


def links_of(raw: Any) -> list[tuple[str, str]]:
    """(label, href) pairs from any ``_links`` object: single links and lists of links."""
    out: list[tuple[str, str]] = []
    if not isinstance(raw, dict):
        return out
    for name, value in raw.items():
        if name == "self":
            continue
        if isinstance(value, list):
            many = hrefs(value)
            out += [(f"{name} {i + 1}" if len(many) > 1 else name, h) for i, h in enumerate(many)]
        elif (one := href(value)) is not None:
            out.append((name, one))
    return out


def hashtags(tags: tuple[str, ...]) -> str:
    """``#thermal #glazing`` (tags the server already prefixed keep their single ``#``)."""
    return " ".join(t if t.startswith("#") else f"#{t}" for t in tags)


def _opt(value: str | None) -> str:
    return value if value else "—"


def component_view(c: Component, note: str | None = None) -> DetailView:
    fields: Fields = [
        ("Name", c.display_name),
        ("Id", c.id),
        ("State", _opt(c.state)),
        ("Description", _opt(c.description)),
        ("File types", ", ".join(c.file_types) or "—"),
        ("Hashtags", hashtags(c.hashtags) or "—"),
        ("Created", long_date(c.created) if c.created else "—"),
        ("Last modified", long_date(c.modified) if c.modified else "—"),
    ]
    if not c.full:
        fields = fields[:2]
    fields += extra_fields(c.raw, _COMPONENT_KEYS)
    return DetailView(title=c.display_name or c.id or "component", key=c.id, fields=fields,
                      links=c.links.items(), note=note, item_id=c.id)


def _yes_no(value: bool | None) -> str:
    return "—" if value is None else ("yes" if value else "no")


def brand_view(b: "Brand", note: str | None = None) -> DetailView:
    """A brand's fields and links; ``note`` says how to list its components."""
    fields: Fields = [("Name", b.display_name), ("Id", b.id)]
    if b.description is not None:
        fields.append(("Description", b.description))
    for label, value in (("Available", b.is_available), ("Owned", b.is_owned),
                         ("Partnership", b.is_partnership)):
        if value is not None:
            fields.append((label, _yes_no(value)))
    for label, value in (("Created", b.created), ("Last modified", b.modified)):
        if value:
            fields.append((label, long_date(value)))
    fields += extra_fields(b.raw, _BRAND_KEYS)
    return DetailView(title=b.display_name or b.id or "brand", key=b.id, fields=fields,
                      links=links_of(b.raw.get("_links")), item_id=b.id, note=note)


def run_fields(run: "ExportRun") -> Fields:
    fields: Fields = [("State", _opt(run.state)), ("Result", _opt(run.result)),
                      ("Started", long_date(run.start) if run.start else "—"),
                      ("Ended", long_date(run.end) if run.end else "—")]
    took = duration(run.start, run.end)
    if took:
        fields.append(("Duration", took))
    fields.append(("Run id", _opt(run.id)))
    fields += extra_fields(run.raw, _RUN_KEYS)
    return fields


def run_sections(run: "ExportRun", heading: str = "Last run") -> list[tuple[str, Fields]]:
    """The run itself, then one section per job with its tasks and their errors."""
    sections: list[tuple[str, Fields]] = [(heading, run_fields(run))]
    for n, job in enumerate(run.jobs, 1):
        job_fields: Fields = [("State", _opt(job.state)), ("Result", _opt(job.result))]
        if job.start:
            job_fields.append(("Started", long_date(job.start)))
        if job.end:
            job_fields.append(("Ended", long_date(job.end)))
        if job.id:
            job_fields.append(("Job id", job.id))
        for t, task in enumerate(job.tasks, 1):
            summary = " / ".join(v for v in (task.state, task.result) if v) or "—"
            if task.error:
                summary += f" — error: {task.error}"
            if task.id:
                summary += f"  ({task.id})"
            job_fields.append((f"Task {t}", summary))
        sections.append((f"Job {n}", job_fields))
    if not run.jobs:
        sections.append(("Jobs", [("", "no jobs reported")]))
    return sections


def run_view(run: "ExportRun", title: str = "run") -> DetailView:
    sections = run_sections(run, heading="Run")
    return DetailView(title=title, key=run.id, fields=sections[0][1], sections=sections[1:],
                      links=links_of(run.raw.get("_links")), item_id=run.id)


def connection_view(conn: "ExportConnection", run: "ExportRun | None" = None,
                    run_error: ApiError | None = None, run_loading: bool = False
                    ) -> DetailView:
    """A connection, with its last run once fetched (or loading / failed / absent)."""
    fields: Fields = [
        ("Name", conn.display_name),
        ("Id", conn.id),
        ("Auth type", _opt(conn.authentication_type)),
        ("iModel id", _opt(conn.imodel_id)),
        ("iTwin id", _opt(conn.itwin_id)),
    ]
    fields += extra_fields(conn.raw, _CONNECTION_KEYS)
    view = DetailView(title=conn.display_name or conn.id or "connection", key=conn.id,
                      fields=fields, links=conn.links.items(), item_id=conn.id)
    if run is not None:
        view.sections = run_sections(run)
    elif run_error is not None:
        view.sections = [("Last run", [("Error", run_error.human())])]
    elif run_loading:
        view.sections = [("Last run", [("", "loading…")])]
    elif not conn.links.last_run:
        view.sections = [("Last run", [("", "this connection has not run yet")])]
    return view


def _single_member(data: Any) -> tuple[str, Any] | None:
    if isinstance(data, dict) and len(data) == 1:
        (key, value), = data.items()
        if isinstance(value, dict):
            return key, value
    return None


def resource_view(label: str, url: str, data: Any) -> DetailView:
    """A linked resource: known shapes get their own view, flat objects become fields,
    anything else a JSON tree."""
    member = _single_member(data)
    if member is not None:
        kind, inner = member
        if kind == "component":
            view = component_view(Component.from_json(inner, full=True))
        elif kind == "brand":
            from tui.core.brand_catalog import Brand

            view = brand_view(Brand.from_json(inner))
            view.note = None
        elif kind == "connection":
            from tui.core.export_models import ExportConnection

            view = connection_view(ExportConnection.from_json(inner))
        elif kind == "run":
            from tui.core.export_models import ExportRun

            view = run_view(ExportRun.from_json(inner), title=label)
        else:
            view = _generic_view(label, inner)
        view.title = label if kind == "run" else f"{label}: {view.title}"
        view.key = url
        return view
    if isinstance(data, dict):
        return _generic_view(label, data, key=url)
    return DetailView(title=label, key=url, tree=data)


def _generic_view(label: str, obj: dict[str, Any], key: str = "") -> DetailView:
    """Flat objects as fields (their ``_links`` followable); nested or very wide ones as a
    tree (which shows a bounded part)."""
    name = obj.get("displayName") or obj.get("name") or obj.get("id")
    title = name if isinstance(name, str) and name else label
    links = links_of(obj.get("_links"))
    item_id = obj.get("id") if isinstance(obj.get("id"), str) else None
    fields = _flat_fields(obj) if len(obj) <= MAX_FIELDS else None
    if fields is None:
        return DetailView(title=title, key=key, tree=obj, links=links, item_id=item_id)
    return DetailView(title=title, key=key, fields=fields, links=links, item_id=item_id)


def _flat_fields(obj: dict[str, Any]) -> Fields | None:
    """The fields of an object whose values (``_links`` aside) are all scalars, else None."""
    fields: Fields = []
    for name, value in obj.items():
        if name == "_links":
            continue
        text = scalar(value)
        if text is None:
            return None
        fields.append((humanize(name), long_date(value) if isinstance(value, str)
                       and name.lower().endswith(("datetime", "date")) else text))
    return fields
