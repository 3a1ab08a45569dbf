"""A browser screen with a debounced ``#search`` input (catalog and brand components)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.timer import Timer
from textual.widgets import Input

from tui.core.limits import MAX_SEARCH_LENGTH
from tui.screens.browser import BrowserScreen
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from textual.dom import DOMNode

#: Typing pauses this long before the search runs; a newer term cancels the older request.
SEARCH_DELAY = 0.3


def capped(node: DOMNode, term: str) -> str:
    """``term`` cut to ``MAX_SEARCH_LENGTH`` characters, saying so when it was longer
    (a paste can be any length; a request URL cannot)."""
    term = term.strip()
    if len(term) <= MAX_SEARCH_LENGTH:
        return term
    notify_plain(node, f"A search is at most {MAX_SEARCH_LENGTH} characters: the text "
                 f"({len(term):,} characters) was cut.", title="Search too long",
                 severity="warning")
    return term[:MAX_SEARCH_LENGTH].strip()


class SearchableScreen(BrowserScreen):
    """Runs :meth:`search_changed` once typing in ``#search`` settles, or on enter."""

    def __init__(self) -> None:
        super().__init__()
        self.term = ""
        self._search_timer: Timer | None = None
        self._search_box: Input | None = None

    def search_changed(self) -> None:
        """``self.term`` has a new value: list again."""
        raise NotImplementedError

    def capped(self, term: str) -> str:
        return capped(self, term)

    def make_search_box(self) -> Input:
        """A new ``#search`` box for this screen."""
        raise NotImplementedError

    def search_box(self) -> Input:
        """The ``#search`` box, made when first needed (it may be mounted a frame late)."""
        if self._search_box is None:
            self._search_box = self.make_search_box()
        return self._search_box

    def action_focus_search(self) -> None:
        box = self.search_box()
        if box.display and not box.disabled:
            self.set_focus(box)  # now, not after the keys typed next are handed out

    def clear_search(self) -> None:
        """Empty the box without triggering a search (the caller lists again)."""
        self._cancel_search_timer()
        if self._search_box is not None:  # one not made yet is empty
            with self.prevent(Input.Changed):
                self._search_box.value = ""
        self.term = ""

    def _cancel_search_timer(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None

    @on(Input.Changed, "#search")
    def _search_typed(self, event: Input.Changed) -> None:
        self._cancel_search_timer()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        self._search_timer = None
        box = self.search_box()
        term = self.capped(box.value)
        if len(box.value.strip()) > len(term):
            with self.prevent(Input.Changed):
                box.value = term
        if term != self.term:
            self.term = term
            self.search_changed()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        self._cancel_search_timer()
        self._apply_search()
        self.table.focus()
