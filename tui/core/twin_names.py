"""Names of projects and iModels by id, for showing names where only an id is at hand (a
deep link, a typed id): asked of the API once, then kept for the session (bounded)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.client import ItwinClient
    from tui.core.twin_models import IModel, Project

#: Most names of each kind kept; the oldest go first.
MAX_NAMES = 1000


class TwinNames:
    """Projects and iModels seen (picked, listed) or fetched, by id, over one client."""

    def __init__(self, client: ItwinClient) -> None:
        self.client = client
        self._projects: dict[str, Project] = {}
        self._imodels: dict[str, IModel] = {}

    def know(self, item: Project | IModel) -> None:
        """Keep ``item``'s name (only a named one: a name is what this is for)."""
        from tui.core.twin_models import IModel

        if not item.id or not item.display_name:
            return
        table: dict[str, IModel] | dict[str, Project] = (
            self._imodels if isinstance(item, IModel) else self._projects)
        old = table.get(item.id)
        if isinstance(item, IModel) and old is not None and not item.itwin_id:
            item = old if old.itwin_id else item  # a minimal row: keep the project we know
        table.pop(item.id, None)
        table[item.id] = item  # type: ignore[assignment]
        if len(table) > MAX_NAMES:
            del table[next(iter(table))]

    def known_project(self, project_id: str) -> Project | None:
        return self._projects.get(project_id)

    def known_imodel(self, imodel_id: str) -> IModel | None:
        return self._imodels.get(imodel_id)

    async def project(self, project_id: str) -> Project:
        """The project ``project_id`` (``GET /itwins/{id}`` unless known)."""
        found = self._projects.get(project_id)
        if found is None:
            found = await self.client.project(project_id)
            self.know(found)
        return found

    async def imodel(self, imodel_id: str) -> IModel:
        """The iModel ``imodel_id`` with its project's id (``GET /imodels/{id}`` unless
        known with it)."""
        found = self._imodels.get(imodel_id)
        if found is None or not found.itwin_id:
            found = await self.client.imodel(imodel_id)
            self.know(found)
        return found
