"""Table columns shared by the screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tui.core.models import Brand, Component
from tui.widgets.detail_views import hashtags
from tui.widgets.text import short_date
from tui.widgets.virtual_table import Column

if TYPE_CHECKING:
    from tui.core.export_models import ExportConnection


def _component_name(c: Component) -> str:
    return c.display_name or c.id


def component_columns() -> list[Column]:
    return [
        Column("Name", _component_name, flex=3, min_width=12, max_width=60),
        Column("State", lambda c: c.state or "", min_width=5, max_width=10),
        Column("File types", lambda c: ", ".join(c.file_types), flex=1, min_width=5,
               max_width=24),
        Column("Hashtags", lambda c: hashtags(c.hashtags), flex=1, min_width=6, max_width=32),
        Column("Last modified", lambda c: short_date(c.modified), min_width=10, max_width=16,
               dim=True),
    ]


def _id_column(get: Callable[[Any], object], label: str = "Id") -> Column:
    """As wide as the ids (a GUID: 36): the names around it give way first, and it is cut
    only once they are down to their minimum (ids are copied, and shift-selected)."""
    return Column(label, get, min_width=8, max_width=36, dim=True)


def minimal_component_columns() -> list[Column]:
    """Minimal representation: the API sends only id and name."""
    return [
        Column("Name", _component_name, flex=1, min_width=12, max_width=60),
        _id_column(lambda c: c.id),
    ]


def brand_columns() -> list[Column]:
    def name(b: Brand) -> str:
        return b.display_name or b.id

    return [
        Column("Brand", name, flex=1, min_width=12, max_width=50),
        _id_column(lambda b: b.id),
    ]


def connection_columns() -> list[Column]:
    """No iModel id column: every row is a connection of the iModel being listed (its id is
    at the top of the screen, and each row's in the detail pane)."""
    def name(c: ExportConnection) -> str:
        return c.display_name or c.id

    return [
        Column("Name", name, flex=1, min_width=12, max_width=50),
        Column("Auth type", lambda c: c.authentication_type or "", min_width=5, max_width=12),
        _id_column(lambda c: c.id),
    ]
