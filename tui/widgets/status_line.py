"""The status line under a list: a listing's state as one immutable value, the words a
state reads as (:func:`status_text`, a pure function), and the widget that shows them."""

from __future__ import annotations

import time
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget

from tui.core.errors import ApiError
from tui.core.watching import seconds_text
from tui.keys import key_of
from tui.widgets.page_view import DiffLine
from tui.widgets.table_layout import ARROWS
from tui.widgets.text import ago, clean, local_time

#: The status line is redrawn this often, so "cached 3 min ago" keeps ageing.
AGEING = 30.0
SEPARATOR = " · "
#: Cells kept for the countdown when what is listed must be cut (``next in 119 s``, and
#: fewer): it counts down without moving, which would be a layout.
COUNTDOWN_CELLS = 13


class CacheMark(NamedTuple):
    """Rows from ``start`` on came from the cache, stored at ``cached_at``; ``why`` says why
    the cache stands in for the API (offline, timed out), ``None`` if it is merely fresh."""

    start: int
    cached_at: float
    why: str | None


class SortMark(NamedTuple):
    """The loaded rows are shown sorted by the column ``label`` (the API has no order of
    its own to ask for: only the rows loaded are sorted)."""

    label: str
    descending: bool = False


class WatchState(NamedTuple):
    """Watching (``w`` on the connections screen): when the next check comes."""

    next_in: int | None = None  # whole seconds to the next check; None: checking now
    problem: str = ""  # why it waits longer than usual (offline, rate limited, an error)
    offline: bool = False  # paused until the API answers again


def watch_parts(watch: WatchState) -> tuple[str, str]:
    """Watching's words in two: those that stay while the countdown runs, and the
    countdown (``("watching · ", "next in 7 s")``)."""
    if watch.next_in is None:
        return "watching · ", "checking…"
    wait = seconds_text(watch.next_in)
    if watch.offline:
        return f"watching paused: {watch.problem} · ", f"next try in {wait}"
    if watch.problem:
        return f"watching · {watch.problem} · ", f"next try in {wait}"
    return "watching · ", f"next in {wait}"


def watch_text(watch: WatchState) -> str:
    """``watching · next in 7 s``; ``watching paused: offline · next try in 40 s``."""
    return "".join(watch_parts(watch))


class ListingState(NamedTuple):
    """A listing at one moment: what the status line says is a function of it."""

    prefix: str = ""  # what is listed (the screen's words: "brand Doors · minimal")
    listing: bool = False  # a collection is listed (else ``idle_text`` says why not)
    idle_text: str = ""
    empty_text: str = "nothing here"
    rows: int = 0
    loading: bool = False  # a page request is in flight
    refreshing: bool = False  # ``r`` was pressed: the previous rows stay until it answers
    refreshed: bool = False  # a refresh answered a moment ago
    has_more: bool = False
    stop_reason: str | None = None  # why paging stopped before the end (the row limit)
    error: ApiError | None = None  # the last page request failed
    marks: tuple[CacheMark, ...] = ()
    sort: SortMark | None = None  # None: the rows in the API's order
    watch: WatchState | None = None  # watching, and when it checks next


def listing_text(state: ListingState, retry: str) -> str:
    """How far the listing got: loading, loaded, refreshing, failed (``retry``: the key)."""
    n = state.rows
    if state.error is not None:
        headline = state.error.headline()
        return (f"{n:,} loaded · could not load more: {headline} ({retry} retries)" if n
                else f"error: {headline}")
    if not state.listing:
        return state.idle_text
    if state.loading and not n:
        return "loading…"
    if state.loading and state.refreshing:
        return f"{n:,} shown · refreshing…"
    if not n:
        return state.empty_text
    if state.stop_reason:
        return f"{n:,} loaded · {state.stop_reason}"
    if state.has_more:
        return f"{n:,} loaded · " + ("loading more…" if state.loading else "more available")
    return f"all {n:,} loaded"


def sort_text(state: ListingState) -> str:
    """``sorted 1,000 loaded rows by Name ▲`` (``sorted by Name ▲`` once every row is in)."""
    sort, n = state.sort, state.rows
    if sort is None or not n:
        return ""
    how = f"by {sort.label} {ARROWS[sort.descending]}"
    if state.has_more or state.stop_reason or state.error is not None:
        return f"sorted {n:,} loaded rows {how}"
    return f"sorted {how}"


def cache_text(marks: tuple[CacheMark, ...], now: float) -> str:
    """``cached 3 min ago``, or why the cache is shown: ``offline — showing cache…``."""
    stale = [(mark.cached_at, mark.why) for mark in marks if mark.why]
    if stale:
        at, why = min(stale)
        return f"{why} — showing cache from {local_time(at)}"
    return f"cached {ago(min(mark.cached_at for mark in marks), now)}"


def status_parts(state: ListingState, retry: str = "r", now: float | None = None
                 ) -> tuple[str, str]:
    """The status line in two parts: what is listed, how far, in what order and where the
    rows came from; and watching's words (``""`` when not watching), which a short line
    keeps whole."""
    parts = [p for p in (state.prefix, listing_text(state, retry), sort_text(state)) if p]
    if state.marks:
        parts.append(cache_text(state.marks, time.time() if now is None else now))
    elif state.refreshed:
        parts.append("refreshed")
    return SEPARATOR.join(parts), "" if state.watch is None else watch_text(state.watch)


def status_text(state: ListingState, retry: str = "r", now: float | None = None) -> str:
    """The status line: what is listed, how far, where the rows came from, watching."""
    return SEPARATOR.join(p for p in status_parts(state, retry, now) if p)


class StatusLine(Widget):
    """Shows :func:`status_text` of its ``state``, bound to the screen's listing state
    (``data_bind``): nothing updates it by hand.

    Two one-line :class:`DiffLine` s side by side: the words, then a watching countdown
    (``next in 7 s``; a short line cuts what is listed, not watching's words). Each repaints
    only up to its last changed cell, so a new state or the ageing timer that reads the same
    sends nothing to the terminal, and a tick sends only the countdown's cells (bytes over
    SSH: Textual writes a refreshed widget from its left edge)."""

    DEFAULT_CSS = """
    StatusLine { layout: horizontal; }
    StatusLine > DiffLine { width: 1fr; }
    StatusLine > .-countdown { display: none; }
    """

    state: reactive[ListingState] = reactive(ListingState, repaint=False)

    def compose(self) -> ComposeResult:
        yield DiffLine(classes="-words")
        yield DiffLine(classes="-countdown")

    def on_mount(self) -> None:
        self.set_interval(AGEING, self.update_text)
        # a rebinding of "refresh" changes "(r retries)"
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.update_text())
        self.update_text()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.update_text()

    def watch_state(self) -> None:
        self.update_text()

    @property
    def text(self) -> str:
        """The words for the state now."""
        return clean(status_text(self.state, key_of(self, "refresh")))

    def update_text(self) -> None:
        """Show the words for the state now. The countdown's widget moves (a layout) only
        when the words before it change, never on a tick."""
        if not self.is_mounted:
            return
        words, countdown = self.query_one(".-words", DiffLine), self.query_one(".-countdown",
                                                                               DiffLine)
        head, tail = self._parts()
        watching = self.state.watch is not None
        words.styles.width = min(cell_len(head), self.content_size.width) if watching else "1fr"
        countdown.display = watching
        words.update(Text(head))
        countdown.update(Text(tail))

    def _parts(self) -> tuple[str, str]:
        """The words up to the countdown, and the countdown (``""`` when not watching);
        what is listed is cut to keep watching's words whole, and room for the countdown."""
        listed = clean(status_parts(self.state, key_of(self, "refresh"))[0])
        if self.state.watch is None:
            return listed, ""
        words, tail = (clean(part) for part in watch_parts(self.state.watch))
        cut = Text(listed)
        room = cell_len(words) + max(cell_len(tail), COUNTDOWN_CELLS) + len(SEPARATOR)
        cut.truncate(max(0, self.content_size.width - room), overflow="ellipsis")
        return (cut.plain + SEPARATOR if cut.plain else "") + words, tail
