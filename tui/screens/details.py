"""The detail pane follows the highlighted row: described at once, fetched when a row needs
more (after a short rest; a component's files, web links and variations too), links opened
in the pane."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from tui.core.errors import ApiError
from tui.gcfreeze import collect_at_rest
from tui.widgets.detail_views import DetailView, Entry, resource_view
from tui.widgets.notices import unexpected_error

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.screens.browser import BrowserScreen
    from tui.screens.parts import ComponentParts

#: Wait this long on a highlighted row before fetching more about it (minimal rows, runs).
FETCH_DELAY = 0.25
#: While the cursor keeps moving, the detail pane waits until it has rested this long.
DETAIL_REST = 0.12
_NOT_SHOWN = object()


class Details:
    """One screen's detail pane, kept on its highlighted row."""

    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        self._fetch_timer: Timer | None = None
        self._rest_timer: Timer | None = None
        self._item: Any = None  # the highlighted row
        self._shown: Any = _NOT_SHOWN  # the row the pane shows
        self._base: DetailView | None = None  # its page, before its sections are added
        self._parts: ComponentParts | None = None

    @property
    def parts(self) -> ComponentParts:
        """A component's Files, Web links and Variations (made when first asked for: the
        first frame shows no component's sections)."""
        if self._parts is None:
            from tui.screens.parts import ComponentParts

            self._parts = ComponentParts(self.screen)
        return self._parts

    def file_at_hand(self) -> Entry | None:
        """The file ``D`` would save now, if any (see :meth:`ComponentParts.file_at_hand`)."""
        return None if self._parts is None else self._parts.file_at_hand()

    def highlighted(self, item: Any) -> None:
        """Show a single move in the pane at once; while the cursor keeps moving (a held
        key) wait until it rests ``DETAIL_REST`` seconds, so those frames repaint only
        table lines."""
        self._item = item
        if self._rest_timer is not None:
            self._rest_timer.stop()
        if self._rest_timer is None or self._shown is None:  # a new list shows at once
            self.flush()
        self._rest_timer = self.screen.set_timer(DETAIL_REST, self._rested)

    def _rested(self) -> None:
        self._rest_timer = None
        self.flush()
        self.screen.call_after_refresh(collect_at_rest)

    def flush(self) -> None:
        """Bring the pane up to date with the highlighted row now (if it is behind). A
        hidden pane is left behind, and caught up when shown: updating it costs a layout
        (bytes over SSH), and a fetch for a page nobody sees."""
        pane = self.screen.pane
        if not pane.display or not pane.ready:
            return
        if self._item is not self._shown:
            self._shown = self._item
            self.show(self._item)

    def show(self, item: Any) -> None:
        screen = self.screen
        if self._fetch_timer is not None:
            self._fetch_timer.stop()
            self._fetch_timer = None
        screen.follow_json(item)
        if item is None:
            self._base = None
            screen.pane.show(DetailView("nothing highlighted"))
            return
        self._base = screen.describe(item)
        screen.pane.show(self.parts.with_parts(item, self._base))
        if screen.needs_fetch(item) or self.parts.wants_fetch(item):
            self._fetch_timer = screen.set_timer(FETCH_DELAY, partial(self._fetch, item))

    def _fetch(self, item: Any) -> None:
        if self.screen.needs_fetch(item):
            self.screen.run_worker(self._fetch_detail(item), group="detail", exclusive=True,
                                   exit_on_error=False)
        if self.parts.wants_fetch(item):
            self.parts.fetch(item, self._parts_arrived)

    def _parts_arrived(self, item: Any) -> None:
        """A section of ``item`` arrived: its page again, if the pane still shows it."""
        if item is self._shown and self._base is not None:
            self.screen.pane.update_view(item.id, self.parts.with_parts(item, self._base),
                                         depth=0)

    def refresh(self) -> None:
        """``r``: sections are asked of the API again (the list reloads on its own)."""
        if self._parts is not None:
            self._parts.forget()

    async def _fetch_detail(self, item: Any) -> None:
        screen = self.screen
        try:
            view = await screen.fetch_detail(item)
        except ApiError as err:
            view = screen.describe_failed(item, err)
        except Exception as exc:  # a bug must not leave the pane "loading…" forever
            view = screen.describe_failed(item, unexpected_error(exc))
        if item is self._shown:
            self._base = view
        screen.pane.update_view(getattr(item, "id", ""), self.parts.with_parts(item, view),
                                depth=0)
        if item is self._shown:  # e.g. the full component of a minimal row
            screen.follow_json(item)

    def id_to_copy(self) -> str | None:
        """What ``y`` copies: while the pane has the focus, its highlighted row's (a web
        link's address, a file's id) or its page's id; else the highlighted row's."""
        from tui.widgets.part_views import copy_text

        screen = self.screen
        top, focused = screen.pane.top, screen.focused
        in_pane = focused is not None and screen.pane in focused.ancestors_with_self
        entry = screen.pane.highlighted_entry() if in_pane else None
        text = copy_text(entry) if entry is not None else None
        if text:
            return text
        if top is not None and top.item_id and in_pane:
            return top.item_id
        return getattr(screen.table.current_item, "id", None)

    def entry_chosen(self, entry: Entry) -> None:
        """Enter on a row of a section: see :meth:`ComponentParts.chosen`."""
        self.parts.chosen(entry)

    def open_link(self, label: str, href: str) -> None:
        """Open a link of the pane's page in the pane (a page on top of it)."""
        pane = self.screen.pane
        pane.push(DetailView(label, key=href, loading=f"loading {label}…"))
        self.screen.run_worker(self._fetch_resource(label, href, len(pane.views) - 1),
                               group="resource", exclusive=True, exit_on_error=False)

    async def _fetch_resource(self, label: str, href: str, depth: int) -> None:
        screen = self.screen
        try:
            view = resource_view(label, href, await screen.client.resource(href))
        except ApiError as err:
            view = DetailView(label, key=href, error=err)
        except Exception as exc:
            view = DetailView(label, key=href, error=unexpected_error(exc))
        if screen.pane.update_view(href, view, depth=depth):
            screen.pane.focus_content()
