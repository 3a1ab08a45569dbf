"""A highlighted component's Files, Web links and Variations: fetched once it rests in the
pane (with its other details), kept per component, and what their rows do."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tui.core.component_parts import Document, Variation, WebLink
from tui.core.errors import ApiError
from tui.core.models import Component
from tui.keys import key_of
from tui.widgets.detail_views import SAVE, DetailView, Entry
from tui.widgets.notices import unexpected_error
from tui.widgets.part_views import (
    LOADING,
    PART_TITLES,
    PartState,
    document_view,
    part_entries,
    variation_view,
)
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from tui.screens.browser import BrowserScreen

#: Most items of one section held (all pages up to this many; ``component ID --with``
#: prints every one).
MAX_PART_ITEMS = 500
#: Components whose sections are kept in memory (the least recently shown go first).
KEPT_COMPONENTS = 64


class ComponentParts:
    """The sections of the components a screen shows (see ``tui.widgets.part_views``)."""

    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        self._states: OrderedDict[str, dict[str, PartState]] = OrderedDict()
        self._refresh = False  # the next fetch bypasses the cache (after ``r``)

    # -- sections ------------------------------------------------------------------------

    @staticmethod
    def has_parts(item: Any) -> bool:
        return isinstance(item, Component) and bool(item.id)

    def wants_fetch(self, item: Any) -> bool:
        """Whether ``item`` is a component with sections still to fetch."""
        if not self.has_parts(item):
            return False
        states = self._states.get(item.id, {})
        return not all(states.get(part, LOADING).done for part in PART_TITLES)

    def with_parts(self, item: Any, view: DetailView) -> DetailView:
        """``view`` of ``item`` with its sections as they stand (loading, loaded, failed)."""
        if not self.has_parts(item) or view.key != item.id:
            return view
        states = self._states.get(item.id, {})
        entries = part_entries(item.id, states, key_of(self.screen, "save-file"))
        return replace(view, entries=[*view.entries, *entries],
                       pending=self.wants_fetch(item))

    def forget(self) -> None:
        """``r``: everything is asked of the API again."""
        self._states.clear()
        self._refresh = True

    def fetch(self, item: Component, changed: Callable[[Component], None]) -> None:
        """Fetch the sections of ``item`` not yet known (the previous component's fetch, if
        still running, is cancelled); ``changed(item)`` after each one arrives."""
        self.screen.run_worker(self._fetch_all(item, changed), group="parts", exclusive=True,
                               exit_on_error=False)

    async def _fetch_all(self, item: Component, changed: Callable[[Component], None]) -> None:
        refresh, self._refresh = self._refresh, False
        states = self._states.get(item.id, {})

        async def one(part: str) -> None:
            state = await self._fetch(item.id, part, refresh)
            self._store(item.id, part, state)
            changed(item)

        await asyncio.gather(*(one(part) for part in PART_TITLES
                               if not states.get(part, LOADING).done))

    async def _fetch(self, component_id: str, part: str, refresh: bool) -> PartState:
        """Every page of one section, up to :data:`MAX_PART_ITEMS`; a failure as its state."""
        pager = self.screen.client.component_part(component_id, part,
                                                  max_items=MAX_PART_ITEMS)
        items: list[Any] = []
        stale = False
        try:
            while pager.has_more:
                page = await pager.next_page(refresh=refresh)
                if page is None:
                    break
                items += page.items
                stale = stale or page.stale
        except ApiError as err:
            return PartState(error=err)
        except Exception as exc:  # a bug says so in place; the other sections stay
            return PartState(error=unexpected_error(exc))
        note = None
        if pager.stop_reason is not None:
            note = f"the first {MAX_PART_ITEMS:,} shown (print mode's --with lists them all)"
        elif stale:
            note = "offline: the cached list"
        return PartState(tuple(items), note=note)

    def _store(self, component_id: str, part: str, state: PartState) -> None:
        self._states.setdefault(component_id, {})[part] = state
        self._states.move_to_end(component_id)
        while len(self._states) > KEPT_COMPONENTS:
            self._states.popitem(last=False)

    # -- rows ------------------------------------------------------------------------------

    def chosen(self, entry: Entry) -> None:
        """Enter on a row: a file's or a variation's page; a web link's address; save."""
        screen, value = self.screen, entry.value
        if entry.kind == SAVE:
            self.save(entry)
        elif isinstance(value, Document):
            screen.pane.push(document_view(value, entry.owner, key_of(screen, "save-file")))
            screen.pane.focus_content()
        elif isinstance(value, Variation):
            screen.pane.push(variation_view(value))
            screen.pane.focus_content()
        elif isinstance(value, WebLink):
            from tui.dialogs.open_link import OpenLinkDialog

            screen.app.push_screen(OpenLinkDialog(value.display_name, value.uri or ""))

    def file_at_hand(self) -> Entry | None:
        """The file ``s`` saves: the one highlighted in the focused pane, or whose page is
        on top of it."""
        pane, focused = self.screen.pane, self.screen.focused
        if focused is None or pane not in focused.ancestors_with_self:
            return None
        entry = pane.highlighted_entry()
        if entry is not None and isinstance(entry.value, Document):
            return entry
        top = pane.top
        saves = [e for e in (top.entries if top else []) if e.kind == SAVE]
        return saves[0] if len(saves) == 1 else None

    def save(self, entry: Entry | None = None) -> None:
        """Save a file into the download folder (a dialog shows progress; esc cancels)."""
        from tui.dialogs.save_file import SaveFileDialog

        entry = entry or self.file_at_hand()
        if entry is None or not isinstance(entry.value, Document):
            notify_plain(self.screen, "Highlight a file in the Files section first.",
                         title="Save file", severity="warning")
            return
        app = self.screen.itwin
        app.push_screen(SaveFileDialog(app.client, entry.owner, entry.value,
                                       app.settings.download_dir,
                                       dir_chosen=app.download_dir_chosen))
