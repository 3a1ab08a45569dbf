"""The status line under a list: a listing's state as one immutable value, the words a
state reads as (:func:`status_text`, a pure function), and the widget that shows them."""

import time
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.reactive import reactive

from tui.core.errors import ApiError
from tui.keys import key_of
from tui.widgets.diff_line import DiffLine
from tui.widgets.fit_parts import FIRM, Part, fit
from tui.widgets.table_layout import ARROWS
from tui.widgets.text import ago, clean, local_time

#: The status line is redrawn this often, so "cached 3 min ago" keeps ageing.
AGEING = 30.0
SEPARATOR = " · "


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


#: How much each part of the line matters (0 most): a short line drops the highest first.
MAIN, WATCHING, WHY, COUNT, PROGRESS, WHAT, EXTRA, AGE = range(8)
assert WHAT == FIRM  # what is listed stays while an error can lose words instead
#: The widest a countdown's wait is in words (up to 119 s, then minutes): a countdown is
#: given this room, so what comes before it does not move as it counts down.
WIDEST_WAIT = "119 s"


def watch_parts(watch: WatchState) -> list[Part]:
    """``watching · next in 7 s``; ``watching paused: offline · next try in 40 s``."""
    from tui.core.watching import seconds_text  # only while watching

    head = f"watching paused: {watch.problem}" if watch.offline else "watching"
    lead = "next try in" if watch.problem else "next in"
    countdown = ("checking…" if watch.next_in is None
                 else f"{lead} {seconds_text(watch.next_in)}")
    parts = [Part(head, WATCHING, group=1)]
    if watch.problem and not watch.offline:
        parts.append(Part(watch.problem, WHY, shorten=True, group=1,
                          keep=cell_len(watch.problem)))  # what is listed goes first
    room = cell_len(f"{lead} {WIDEST_WAIT}")
    return [*parts, Part(countdown, WATCHING, room=room, group=2)]


def watch_text(watch: WatchState) -> str:
    """Watching's words in full (:func:`watch_parts`)."""
    return SEPARATOR.join(part.text for part in watch_parts(watch))


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


def error_part(error: ApiError, rows: int, retry: str) -> Part:
    """The listing's error; it may lose words at its end, keeping its status and code."""
    headline = error.headline()
    lead = "could not load more: " if rows else "error: "
    text = f"{lead}{headline} ({retry} retries)" if rows else f"{lead}{headline}"
    return Part(text, MAIN, shorten=True, keep=cell_len(lead + headline.split(":", 1)[0]))


def listing_parts(state: ListingState, retry: str) -> list[Part]:
    """How far the listing got: loading, loaded, refreshing, failed (``retry``: the key)."""
    n = state.rows
    count = Part(f"{n:,} loaded", COUNT)
    if state.error is not None:
        error = error_part(state.error, n, retry)
        return [count, error] if n else [error]
    if not state.listing:
        return [Part(state.idle_text, MAIN)]
    if state.loading and not n:
        return [Part("loading…", MAIN)]
    if state.loading and state.refreshing:
        return [Part(f"{n:,} shown", COUNT), Part("refreshing…", PROGRESS)]
    if not n:
        return [Part(state.empty_text, MAIN)]
    if state.stop_reason:
        return [count, Part(state.stop_reason, PROGRESS)]
    if state.has_more:
        return [count, Part("loading more…", PROGRESS) if state.loading
                else Part("more available", EXTRA)]
    return [Part(f"all {n:,} loaded", COUNT)]


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


def line_parts(state: ListingState, retry: str = "r", now: float | None = None
               ) -> list[Part]:
    """Every part of the status line, in order: what is listed, how far, in what order,
    where the rows came from (group 0); watching's words (group 1)."""
    parts = [Part(state.prefix, WHAT), *listing_parts(state, retry),
             Part(sort_text(state), EXTRA)]
    if state.marks:
        cache = cache_text(state.marks, time.time() if now is None else now)
        parts.append(Part(cache, WHY if any(m.why for m in state.marks) else AGE))
    elif state.refreshed:
        parts.append(Part("refreshed", AGE))
    if state.watch is not None:
        parts += watch_parts(state.watch)
    return [part._replace(text=clean(part.text)) for part in parts if part.text]


def _fitted(state: ListingState, retry: str, now: float | None, width: int | None
            ) -> tuple[str, str, str]:
    """What is listed, watching's words before the countdown, and the countdown, in
    ``width`` cells (None: all of it): whole parts are dropped, least important first."""
    listed, watching, countdown = fit(line_parts(state, retry, now),
                                      1 << 30 if width is None else width, SEPARATOR, groups=3)
    return listed, watching, countdown


def status_parts(state: ListingState, retry: str = "r", now: float | None = None,
                 width: int | None = None) -> tuple[str, str]:
    """The status line in two parts: what is listed, how far, in what order and where the
    rows came from; and watching's words (``""`` when not watching)."""
    listed, watching, countdown = _fitted(state, retry, now, width)
    return listed, SEPARATOR.join(p for p in (watching, countdown) if p)


def status_split(state: ListingState, retry: str = "r", now: float | None = None,
                 width: int | None = None) -> tuple[str, str]:
    """The status line as the words up to the countdown (with the separator before it)
    and the countdown (``next in 7 s``; ``""`` when not watching): a tick changes only
    the second, and never what the first keeps (the countdown is given its widest)."""
    listed, watching, countdown = _fitted(state, retry, now, width)
    head = SEPARATOR.join(p for p in (listed, watching) if p)
    return (f"{head}{SEPARATOR}" if head and countdown else head), countdown


def status_text(state: ListingState, retry: str = "r", now: float | None = None,
                width: int | None = None) -> str:
    """The status line: what is listed, how far, where the rows came from, watching."""
    return "".join(status_split(state, retry, now, width))


class StatusLine(DiffLine):
    """Shows :func:`status_text` of its ``state``, bound to the screen's listing state
    (``data_bind``): nothing updates it by hand.

    A one-line :class:`DiffLine` of the words, and while watching a second one over its
    line, right after the words: the countdown (``next in 7 s``; a short line cuts what is
    listed, not watching's words). Each repaints only up to its last changed cell, so a new
    state or the ageing timer that reads the same sends nothing to the terminal, and a tick
    sends only the countdown's cells (bytes over SSH: Textual writes a refreshed widget from
    its left edge). One widget until watching starts (each widget of the first frame costs
    the start ~1 %)."""

    DEFAULT_CSS = """
    StatusLine > .-countdown { width: 1fr; display: none; }
    """

    state: reactive[ListingState] = reactive(ListingState, repaint=False)

    #: What the line shows now: words, countdown, watching, width (see update_text).
    _shown: tuple[str, str, bool, int] | None = None

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
        head, tail = self._parts()
        watching = self.state.watch is not None
        shown = (head, tail, watching, self.content_size.width)
        if shown == self._shown:  # a new state that reads the same (the ageing timer…)
            return
        self._shown = shown
        countdown = self.query_one_optional(".-countdown", DiffLine)
        if watching and countdown is None:
            countdown = DiffLine(classes="-countdown")
            self.mount(countdown)
        self.update(Text(head))
        if countdown is not None:
            countdown.styles.margin = (0, 0, 0, min(cell_len(head), self.content_size.width))
            countdown.display = watching
            countdown.update(Text(tail))

    def _parts(self) -> tuple[str, str]:
        """The words up to the countdown, and the countdown (``""`` when not watching),
        fitted to the line (:func:`status_split`)."""
        return status_split(self.state, key_of(self, "refresh"), width=self.content_size.width)
