"""Table columns shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.core.models import Component
from tui.widgets.detail_views import hashtags
from tui.widgets.table_layout import USEFUL_NAME, id_column
from tui.widgets.text import short_date
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:
    from tui.core.brand_catalog import Brand
    from tui.core.export_models import ExportConnection


def _component_name(c: Component) -> str:
    return c.display_name or c.id


def _modified(row: Any) -> str:
    """An ISO time sorts as it reads (the API sends UTC, ``…Z``)."""
    return row.modified or ""


def _created(row: Any) -> str:
    return row.created or ""


def component_columns() -> list[Column]:
    return [
        Column("Name", _component_name, flex=3, min_width=12, max_width=60,
               name="displayName", useful=USEFUL_NAME),
        Column("State", lambda c: c.state or "", min_width=5, max_width=10, name="state"),
        Column("File types", lambda c: ", ".join(c.file_types), flex=1, min_width=8,
               max_width=24, name="supportedFileTypes"),
        Column("Hashtags", lambda c: hashtags(c.hashtags), flex=1, min_width=9, max_width=32,
               name="hashtags"),
        Column("Last modified", lambda c: short_date(c.modified), min_width=10, max_width=16,
               dim=True, name="lastModifiedDateTime", key=_modified),
        id_column(lambda c: c.id, hidden=True),
        Column("Created", lambda c: short_date(c.created), min_width=10, max_width=16,
               dim=True, name="createdDateTime", key=_created, hidden=True),
        Column("Description", lambda c: c.description or "", flex=1, min_width=10,
               max_width=60, name="description", hidden=True),
    ]


def minimal_component_columns() -> list[Column]:
    """Minimal representation: the API sends only id and name."""
    return [
        Column("Name", _component_name, flex=1, min_width=12, max_width=60,
               name="displayName", useful=USEFUL_NAME),
        id_column(lambda c: c.id),
    ]


def brand_columns() -> list[Column]:
    def name(b: Brand) -> str:
        return b.display_name or b.id

    return [
        Column("Brand", name, flex=1, min_width=12, max_width=50, name="displayName",
               useful=USEFUL_NAME),
        id_column(lambda b: b.id),
        Column("Description", lambda b: b.description or "", flex=1, min_width=10,
               max_width=60, name="description", hidden=True),
        Column("Last modified", lambda b: short_date(b.modified), min_width=10, max_width=16,
               dim=True, name="lastModifiedDateTime", key=_modified, hidden=True),
    ]


def connection_columns(run_cells: Callable[[ExportConnection], tuple[str, str, str]]
                       ) -> list[Column]:
    """No iModel id column: every row is a connection of the iModel being listed (its id is
    at the top of the screen, and each row's in the detail pane). ``run_cells``: the last
    run's state, result and end time (see ``tui.screens.run_status``); the end time goes
    first when the width is short, and the id last."""
    def name(c: ExportConnection) -> str:
        return c.display_name or c.id

    return [
        Column("Name", name, flex=1, min_width=12, max_width=50, name="displayName",
               useful=USEFUL_NAME),
        # whole up to "WaitingToExecute" and "Undetermined" before the id is shortened
        Column("Last run", lambda c: run_cells(c)[0], min_width=8, max_width=16,
               name="lastRun.state", useful=16),
        Column("Result", lambda c: run_cells(c)[1], min_width=7, max_width=14,
               name="lastRun.result", useful=12),
        Column("Auth type", lambda c: c.authentication_type or "", min_width=5, max_width=12,
               name="authenticationType"),
        id_column(lambda c: c.id),
        Column("Ended", lambda c: run_cells(c)[2], min_width=0, max_width=16, dim=True,
               name="lastRun.endDateTime"),
        id_column(lambda c: c.itwin_id or "", "iTwin id", name="iTwinId", hidden=True),
    ]


def catalog_columns() -> list[Column]:
    """The library's catalogs (screen 4)."""
    return [
        Column("Catalog", lambda c: c.display_name or c.id, flex=3, min_width=12,
               max_width=50, name="displayName", useful=USEFUL_NAME),
        Column("Region", lambda c: c.region or "", min_width=6, max_width=12, name="region"),
        Column("Hashtags", lambda c: hashtags(c.hashtags), flex=1, min_width=9,
               max_width=32, name="hashtags"),
        Column("Last modified", lambda c: short_date(c.modified), min_width=10,
               max_width=16, dim=True, name="lastModifiedDateTime", key=_modified),
        id_column(lambda c: c.id, hidden=True),
        Column("Description", lambda c: c.description or "", flex=1, min_width=10,
               max_width=60, name="description", hidden=True),
    ]
