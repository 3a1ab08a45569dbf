"""What a list screen offers besides browsing: the highlighted row as JSON in the detail pane
(``J``) and an export of the rows (``e``). A mixin of :class:`~tui.screens.browser.BrowserScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.core.fields import (
    BRAND_LIST_FIELDS,
    CATALOG_FIELDS,
    COMPONENT_FIELDS,
    CONNECTION_FIELDS,
    MINIMAL_FIELDS,
)
from tui.core.models import Component
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from tui.core.export_file import ExportSource
    from tui.screens.browser import BrowserScreen

    _Screen = BrowserScreen
else:
    _Screen = object

#: What a row of each kind (its model class's name) is called in an export, and the fields
#: its CSV shows (the minimal representation of a component: MINIMAL_FIELDS). By name: the
#: models of brands, catalogs and the Export API are not loaded before a screen needs them.
EXPORTED: dict[str, tuple[str, tuple[str, ...]]] = {
    Component.__name__: ("components", COMPONENT_FIELDS),
    "Brand": ("brands", BRAND_LIST_FIELDS),
    "ExportConnection": ("connections", CONNECTION_FIELDS),
    "Catalog": ("catalogs", CATALOG_FIELDS),
}

#: Why "all pages" is off while a page of the list is on its way.
LOADING_NOTE = "is loading a page; export again once it has come for all pages"


def export_source(rows: list[Any], screen: Any) -> ExportSource:
    """The rows on screen (their objects as the API sent them) and the pages after them."""
    from tui.core.export_file import ExportSource

    first = rows[0]
    what, fields = EXPORTED.get(type(first).__name__, ("rows", ("id", "displayName")))
    if getattr(first, "full", True) is False:
        fields = MINIMAL_FIELDS
    pager = screen.lister.pager
    rest = pager.rest_raw(len(rows)) if pager is not None else None
    stop = pager.stop_reason if pager is not None else None
    if screen.listing.loading:  # where the next page starts is not settled yet
        rest, stop = None, LOADING_NOTE
    return ExportSource(what, [getattr(row, "raw", row) for row in rows], rest, fields, stop)


class DataViews(_Screen):
    """``J`` and ``e`` of a list screen."""

    #: Whether the detail pane shows the highlighted row's JSON (``J``) instead of its fields.
    json_wanted = False

    # -- export ----------------------------------------------------------------------------

    def action_export(self) -> None:
        """``e``: the export dialog for the rows loaded (and, if asked, the rest)."""
        rows = list(self.table.rows)
        if not rows:
            notify_plain(self, "Nothing to export: the list has no rows yet.", title="Export",
                         severity="warning")
            return
        from tui.dialogs.export import ExportDialog

        app = self.itwin
        self.app.push_screen(ExportDialog(export_source(rows, self), app.settings.download_dir,
                                          dir_chosen=app.download_dir_chosen))

    # -- the JSON view -------------------------------------------------------------------

    def item_json(self, item: Any) -> Any:
        """The object the JSON view shows for ``item``: the one the API sent."""
        return getattr(item, "raw", item)

    def follow_json(self, item: Any) -> None:
        """Show ``item``'s JSON, when the JSON view is wanted (the pane follows the row)."""
        if not self.json_wanted:
            return
        if item is None:
            self.pane.show_json(None, None)
            return
        title = getattr(item, "display_name", "") or getattr(item, "id", "") or "row"
        self.pane.show_json(self.item_json(item), title)

    def action_show_json(self) -> None:
        in_pane = self.pane.has_focus_within
        self.json_wanted = True
        self.detail_wanted = True
        self.follow_json(self.table.current_item)
        self._json_toggled(in_pane)

    def action_show_fields(self) -> None:
        in_pane = self.pane.has_focus_within
        self.json_wanted = False
        self.pane.hide_json()
        self._json_toggled(in_pane)

    def _json_toggled(self, in_pane: bool) -> None:
        """From inside the pane, the focus goes to what the pane shows now (what it had
        is hidden: the keys would reach nothing)."""
        if in_pane:
            self.pane.focus_content()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Of ``J``'s two bindings only the one that acts now is shown and runs."""
        if action in ("show_json", "show_fields"):
            return self.json_wanted == (action == "show_fields")
        return super().check_action(action, parameters)
