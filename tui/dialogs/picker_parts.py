"""What the project and iModel picker lists and says: its two kinds, its rows' columns and
sources, and what it returns. No widgets here (see ``tui.dialogs.picker``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from tui.core.chain import Chain, Listed
from tui.core.twin_models import IModel, Project
from tui.widgets.table_layout import USEFUL_NAME, id_column
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:
    from tui.core.client import ItwinClient
    from tui.state import RecentIds

#: What a picker picks: an iModel (through its project) or a project.
IMODEL, PROJECT = "imodel", "project"
#: The sources of the projects listed while nothing is searched, in order (how a row says
#: where it came from).
PICKED, RECENT, FAVOURITE = "your pick", "recent", "favourite"


class Picked(NamedTuple):
    """The picker's answer: a project, an iModel, or both (an iModel picked from its
    project's list). An id typed or pasted comes back without a name."""

    project: Project | None = None
    imodel: IModel | None = None


class Kind(NamedTuple):
    """The words of one kind of picker."""

    title: str
    typed: str  # what an id typed or pasted in the box is
    note: str  # under the box while projects are listed ({open}: the key that opens a row)


KINDS: dict[str, Kind] = {
    IMODEL: Kind("Pick an iModel", "iModel",
                 "Your picks, your recent and favourite projects, then all. Type to search "
                 "projects by name or number, or paste an iModel id; {open} opens."),
    PROJECT: Kind("Pick a project for the catalog's projectId filter", "project",
                  "Your picks, your recent and favourite projects, then all. Type to search "
                  "by name or number, or paste a project id; {open} picks."),
}


def _name(row: Listed[Any]) -> str:
    return row.item.display_name or row.item.id


def _number(row: Listed[Any]) -> str:
    item = row.item
    return "iModel" if isinstance(item, IModel) else item.number or ""


def project_columns() -> list[Column]:
    """Projects (and, among them, the iModels picked lately), with where each came from."""
    return [
        Column("Name", _name, flex=3, min_width=16, max_width=60, useful=USEFUL_NAME),
        # whole ("RHX-2024-001", "favourite") before the id is shortened
        Column("Number", _number, min_width=6, max_width=16, dim=True, useful=12),
        Column("From", lambda row: row.source, min_width=4, max_width=10, dim=True, useful=9),
        id_column(lambda row: row.item.id),
    ]


def imodel_columns() -> list[Column]:
    """One project's iModels."""
    return [
        Column("iModel", _name, flex=3, min_width=16, max_width=70, useful=USEFUL_NAME),
        id_column(lambda row: row.item.id),
    ]


def project_sources(client: ItwinClient, recent: RecentIds, kind: str, term: str
                    ) -> Chain[Any]:
    """The projects to list: those matching ``term``; without one, the iModels and projects
    picked lately (kept on this machine, per profile), the API's recent and favourite
    projects, then all projects, each listed once."""
    if term:
        return Chain([("", client.projects(term))])
    picks: list[Any] = [Project(e.id, e.label) for e in recent.get("projects")]
    if kind == IMODEL:
        picks = [IModel(e.id, e.label) for e in recent.get("imodels")] + picks
    return Chain([(PICKED, picks), (RECENT, client.recent_projects()),
                  (FAVOURITE, client.favorite_projects()), ("", client.projects())])


def imodel_sources(client: ItwinClient, project: Project, term: str) -> Chain[Any]:
    """``project``'s iModels (matching ``term``)."""
    return Chain([("", client.imodels(project.id, term or None))])


def picked_imodel(imodel: IModel, project: Project | None) -> Picked:
    """An iModel picked from ``project``'s list (which names its project, when the row
    does not)."""
    if project is not None and not imodel.itwin_id:
        imodel = IModel(imodel.id, imodel.display_name, imodel.description, imodel.state,
                        project.id, imodel.created, imodel.raw)
    return Picked(project if project is not None and project.display_name else None, imodel)
