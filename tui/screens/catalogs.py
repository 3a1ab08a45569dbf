"""Screen 4: the Library's catalogs; enter lists a catalog's components on the catalog screen."""

from __future__ import annotations

from typing import Any

from tui.core.brand_catalog import Catalog
from tui.keys import key_of
from tui.screens.browser import BrowserScreen
from tui.screens.columns import catalog_columns
from tui.widgets.detail_views import DetailView, extra_fields, hashtags, links_of
from tui.widgets.text import long_date
from tui.widgets.virtual_table import Column

#: Fields the view names itself (the others are listed as the API sent them).
_KNOWN = {"id", "displayName", "description", "region", "hashtags", "createdDateTime",
          "lastModifiedDateTime", "_links"}
#: The screen that lists a catalog's components, and its deep-link setting.
COMPONENTS_MODE = "catalog"


def catalog_view(catalog: Catalog, note: str | None = None) -> DetailView:
    """A catalog's fields and links; ``note`` says how to list its components."""
    fields = [("Name", catalog.display_name), ("Id", catalog.id)]
    fields += [(label, value) for label, value in (
        ("Description", catalog.description), ("Region", catalog.region),
        ("Hashtags", hashtags(catalog.hashtags)), ("Created", long_date(catalog.created)),
        ("Last modified", long_date(catalog.modified))) if value]
    fields += extra_fields(catalog.raw, _KNOWN)
    return DetailView(title=catalog.display_name or catalog.id or "catalog", key=catalog.id,
                      fields=fields, links=links_of(catalog.raw.get("_links")),
                      item_id=catalog.id, note=note)


class CatalogsScreen(BrowserScreen):
    """``GET /library/catalogs``; enter on a catalog opens the catalog screen filtered by it
    (``catalogs=<id>``), so nobody pastes catalog ids."""

    item_kind = "catalog"

    def initial_columns(self) -> list[Column]:
        return catalog_columns()

    def follow_link(self, link: dict[str, Any]) -> None:
        self.reload()

    def reload(self, refresh: bool = False) -> None:
        components = f"{key_of(self, 'open')} lists a catalog's components"
        self.lister.load(self.client.catalogs(), empty_text="the library has no catalogs",
                           prefix=f"catalogs ({components})", refresh=refresh)

    def describe(self, item: Any) -> DetailView:
        spec = f"screen.{COMPONENTS_MODE}"
        return catalog_view(item, f"{key_of(self, 'open')}: list its components "
                            f"({key_of(self, spec)})")

    def open_item(self, item: Any) -> None:
        if item.id:
            self.itwin.open_screen(COMPONENTS_MODE, catalogs=item.id, label=item.display_name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No search here: the API offers none for catalogs."""
        if action == "focus_search":
            return False
        return super().check_action(action, parameters)
