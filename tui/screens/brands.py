"""Screen 2: brands, and a chosen brand's components (by list, typed id, or deep link)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from tui.core.brand_catalog import Brand
from tui.core.client import api_search
from tui.core.errors import ApiError
from tui.core.models import Page
from tui.keys import bindings, key_of
from tui.screens.columns import brand_columns, component_columns
from tui.screens.recent import RecentPicker
from tui.screens.searchable import SearchableScreen
from tui.widgets.detail_views import DetailView, brand_view, component_view
from tui.widgets.text_box import TextBox
from tui.widgets.virtual_table import Column

#: A brand's components' columns, in config.toml: ``[screens.brands] components_columns``.
COMPONENTS_VIEW = "components_columns"


class BrandsScreen(SearchableScreen):
    """``GET /library/brands``; enter on a brand lists ``/library/brands/{id}/components``."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("brand-id")

    def __init__(self) -> None:
        super().__init__()
        self.brand_id: str | None = None
        self.brand_name = ""
        self._names: dict[str, str] = {}
        self._brand_cache: dict[str, Brand] = {}
        self._return_to: str | None = None

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="controls"):
            yield Static("Brand id", classes="control-label")
            yield TextBox(placeholder="brand id, enter opens", id="brand-id", compact=True,
                          enter="Open")
            yield RecentPicker(prompt="recent brands", id="recent")
            yield Static("Search", classes="control-label")
            yield self.search_box()

    def make_search_box(self) -> TextBox:
        return TextBox(placeholder="this brand's components", id="search", compact=True,
                       disabled=True, enter="Search")

    def initial_columns(self) -> list[Column]:
        return brand_columns()

    @property
    def item_kind(self) -> str:  # type: ignore[override]
        return "component" if self.brand_id else "brand"

    def follow_link(self, link: dict[str, Any]) -> None:
        """``brand_id``: that brand's components; else the brands."""
        self._refresh_recent()
        deep_link = (link.get("brand_id") or "").strip()
        if deep_link:
            self.open_brand(deep_link)
        else:
            self.list_brands()

    # -- listing ------------------------------------------------------------------------------

    def list_brands(self, refresh: bool = False) -> None:
        self._return_to = self.brand_id
        self.brand_id = None
        self.brand_name = ""
        self.clear_search()  # a term of the brand left behind means nothing here
        self.search_box().disabled = True
        if not refresh:
            self.column_choice.show(brand_columns())
        self.lister.load(self.client.brands(), empty_text="no brands are available to you",
                           prefix=f"brands ({key_of(self, 'open')} lists a brand's components)",
                           refresh=refresh)

    def open_brand(self, brand_id: str, name: str = "", refresh: bool = False,
                   keep_search: bool = False) -> None:
        brand_id = brand_id.strip()
        if not brand_id:
            return
        self._cancel_search_timer()
        self.brand_id = brand_id
        self.brand_name = name or self._names.get(brand_id, "")
        self.search_box().disabled = False
        if not keep_search:
            self.clear_search()
        if not refresh:
            self.column_choice.show(component_columns(), COMPONENTS_VIEW)
        pager = self.client.brand_components(brand_id, search=api_search(self.term), full=True)
        empty = (f"no components of this brand match '{self.term}'" if self.term
                 else "this brand has no components")
        self.lister.load(pager, empty_text=empty, refresh=refresh, prefix=self._prefix())
        if not self.brand_name:  # a deep link or a typed id: look its name up
            self._name_brand(brand_id)

    def _prefix(self) -> str:
        return (f"brand {self.brand_name or self.brand_id} "
                f"({key_of(self, 'back')}: all brands)")

    @work(exclusive=True, group="brand-name", exit_on_error=False)
    async def _name_brand(self, brand_id: str) -> None:
        """The brand's name in the status line and the recent brands, once known (if the
        lookup fails, the id stays: the listing says what is wrong)."""
        try:
            brand = await self.client.brand(brand_id)
        except ApiError:
            return
        self._brand_cache[brand_id] = brand
        self._names[brand_id] = brand.display_name
        if self.brand_id != brand_id or self.brand_name or not brand.display_name:
            return
        self.brand_name = brand.display_name
        self.listing = self.listing._replace(prefix=self._prefix())
        self.itwin.recent.remember("brands", brand_id, self.brand_name)
        self._refresh_recent()

    def reload(self, refresh: bool = False) -> None:
        if self.brand_id:
            self.open_brand(self.brand_id, self.brand_name, refresh=refresh, keep_search=True)
        else:
            self.list_brands(refresh=refresh)

    def first_page_loaded(self, page: Page[Any] | None) -> None:
        if self.brand_id is None:
            for brand in page.items if page else []:
                self._names[brand.id] = brand.display_name
            self._restore_cursor()
            return
        self.itwin.recent.remember("brands", self.brand_id, self.brand_name)
        self._refresh_recent()

    def _restore_cursor(self) -> None:
        target, self._return_to = self._return_to, None
        if target:
            for i, brand in enumerate(self.table.rows):
                if brand.id == target:
                    self.table.move_cursor(i)
                    return

    def _refresh_recent(self) -> None:
        self.query_one("#recent", RecentPicker).fill(self.itwin.recent.get("brands"))

    # -- controls ------------------------------------------------------------------------------

    @on(Input.Submitted, "#brand-id")
    def _brand_id_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.open_brand(event.value)
            self.table.focus()

    @on(Select.Changed, "#recent")
    def _recent_chosen(self, event: Select.Changed) -> None:
        value = event.value
        if isinstance(value, str) and value:
            entry = next((e for e in self.itwin.recent.get("brands") if e.id == value), None)
            self.open_brand(value, entry.label if entry else "")
            self.table.focus()

    def search_changed(self) -> None:
        if self.brand_id:
            self.open_brand(self.brand_id, self.brand_name, keep_search=True)

    def action_focus_brand_id(self) -> None:
        self.query_one("#brand-id", Input).focus()

    def action_focus_search(self) -> None:
        if self.brand_id:
            super().action_focus_search()
        else:
            self.action_focus_brand_id()

    # -- rows -----------------------------------------------------------------------------------

    def describe(self, item: Any) -> DetailView:
        if self.brand_id is not None:
            return component_view(item)
        return brand_view(self._brand_cache.get(item.id, item), self._open_note())

    def needs_fetch(self, item: Any) -> bool:
        return self.brand_id is None and bool(item.id) and item.id not in self._brand_cache

    async def fetch_detail(self, item: Any) -> DetailView:
        brand = await self.client.brand(item.id)
        self._brand_cache[item.id] = brand
        return brand_view(brand, self._open_note())

    def _open_note(self) -> str:
        return f"{key_of(self, 'open')}: list this brand's components"

    def open_item(self, item: Any) -> None:
        if self.brand_id is None:
            self.open_brand(item.id, item.display_name)
        else:
            self.focus_detail()

    def go_back(self) -> None:
        if self.brand_id is not None:
            self.list_brands()
