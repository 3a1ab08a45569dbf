"""Watching export runs (``w`` on the connections screen): the pages of the connections in
view and their last runs are asked of the API again on a timer, keeping the cursor and the
scroll position; a run's change of state is a notification, and a run that ends rings the
bell. The status line counts down to the next check.

Watching waits longer after a check that failed (the list or a run: doubling, at least what
a 429's ``Retry-After`` asks: :func:`tui.core.watching.next_delay`), pauses while the API
cannot be reached (the next try asks again) and while the screen is hidden (another screen
shown; it checks at once when shown again, if a check is due). Only changes seen while
watching are announced: the first look at a run is not news.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import TYPE_CHECKING, Any

from tui.core.errors import ApiError
from tui.core.watching import (
    OK,
    Outcome,
    RunNews,
    RunSeen,
    failed,
    next_delay,
    offline_outcome,
    run_news,
    seen,
)
from tui.keys import hint
from tui.widgets.notices import unexpected_error
from tui.widgets.status_line import ListingState, WatchState
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.core.export_models import ExportConnection, ExportRun
    from tui.screens.connections import ConnectionsScreen
    from tui.widgets.virtual_table import VirtualTable

    _Screen = ConnectionsScreen
else:
    _Screen = object

#: The countdown in the status line is updated this often (its text changes at most so).
TICK = 1.0
#: Runs asked of the API at the same time.
RUN_CONCURRENCY = 4
#: How long a notification that a run ended stays (others: Textual's default).
ENDED_TIMEOUT = 15.0


def in_view(table: VirtualTable) -> list[Any]:
    """The rows on screen now (below the table's one header line), as the table shows them."""
    top, rows = table.scroll_offset.y, table.rows
    height = max(1, table.scrollable_content_region.height - 1)
    return list(rows[min(top, len(rows)):top + height])


class Watcher:
    """One connections screen's watching: on (``start``) or off (``stop``)."""

    def __init__(self, screen: ConnectionsScreen) -> None:
        self.screen = screen
        self.active = False
        self._due = 0.0  # time.monotonic() of the next check
        self._failures = 0  # failed checks in a row
        self._outcome = OK  # how the last check went
        self._checking = False
        self._timer: Timer | None = None  # the next check
        self._ticker: Timer | None = None  # the countdown
        #: Each connection's run when last seen while watching, by connection id.
        self._seen: dict[str, RunSeen] = {}

    # -- on / off ----------------------------------------------------------------------------

    def start(self) -> None:
        """Watch from now on: a first check at once (what it sees is not news)."""
        self.stop()
        self.active = True
        self._ticker = self.screen.set_interval(TICK, self._tick)
        self._check()
        self._show()

    def stop(self) -> None:
        """Stop watching; a check in flight is cancelled."""
        self.active = False
        self._checking = False
        self._failures, self._outcome = 0, OK
        self._seen.clear()
        for timer in (self._timer, self._ticker):
            if timer is not None:
                timer.stop()
        self._timer = self._ticker = None
        self.screen.workers.cancel_group(self.screen, "watch")
        self.screen.listing = self.screen.listing._replace(watch=None)

    def resumed(self) -> None:
        """The screen is shown again: a check missed while it was hidden happens now."""
        if not self.active:
            return
        if not self._checking and self._timer is None:
            self._check()
        self._show()

    # -- the timer ---------------------------------------------------------------------------

    def _check(self) -> None:
        """Check now, unless the screen is hidden (then :meth:`resumed` checks)."""
        self._timer = None
        if not self.active or not self.screen.is_current:
            return
        self._checking = True
        self.screen.run_worker(self._round(), group="watch", exclusive=True,
                               exit_on_error=False)

    async def _round(self) -> None:
        try:
            outcome = await self._check_list()
        except Exception as exc:  # a bug must not stop watching silently
            outcome = Outcome(unexpected_error(exc).headline())
        self._checked(outcome)

    def _checked(self, outcome: Outcome) -> None:
        """Schedule the next check after one that went as ``outcome``."""
        self._checking = False
        self._outcome = outcome
        self._failures = self._failures + 1 if outcome.problem else 0
        delay = next_delay(self.screen.itwin.settings.watch_interval, self._failures,
                           outcome.retry_after)
        self._due = time.monotonic() + delay
        self._timer = self.screen.set_timer(delay, self._check)

    def _tick(self) -> None:
        if self.screen.is_current:
            self._show()

    def state(self) -> WatchState:
        """What the status line says about watching now."""
        left = max(0, math.ceil(self._due - time.monotonic()))
        if self._checking or not left:  # what the last check found stays said
            return WatchState(None, self._outcome.problem, self._outcome.offline)
        return WatchState(left, self._outcome.problem, self._outcome.offline)

    def _show(self) -> None:
        """Update the status line, only when its words change (no repaint otherwise). Only
        the ticks (once a second), starting and coming back call it: the countdown's text
        changes at most once a second."""
        state = self.state()
        if self.screen.listing.watch != state:
            self.screen.listing = self.screen.listing._replace(watch=state)

    # -- a check -----------------------------------------------------------------------------

    async def _check_list(self) -> Outcome:
        """Ask again for the pages in view, then for the runs of the connections in view."""
        lister, table = self.screen.lister, self.screen.table
        if lister.pager is None:
            return OK  # nothing listed (yet): the next check may find something
        try:
            failed_before = not table.row_count and lister.state.error is not None
            if failed_before and await lister.retry_first() is None:  # ask again
                return OK
            for span in lister.showing(in_view(table)):
                page = await lister.refetch(span)
                if page is None:  # another listing took its place
                    return OK
                if page.stale:
                    return offline_outcome(page.stale_because or "offline")
        except ApiError as err:
            return failed(err)
        return await self._check_runs(in_view(table))

    async def _check_runs(self, connections: list[ExportConnection]) -> Outcome:
        """Ask for each connection's last run (a few at a time, never from the cache)."""
        client, gate = self.screen.client, asyncio.Semaphore(RUN_CONCURRENCY)

        async def last_run(conn: ExportConnection) -> ExportRun | ApiError:
            async with gate:
                try:
                    return await client.run_at(conn.links.last_run or "", cached="store")
                except ApiError as err:
                    return err

        watched = [conn for conn in connections if conn.links.last_run]
        answers = await asyncio.gather(*(last_run(conn) for conn in watched))
        problems: list[Outcome] = []
        news: list[tuple[ExportConnection, RunNews]] = []
        for conn, answer in zip(watched, answers, strict=True):
            if isinstance(answer, ApiError):  # a failed check: wait longer, say why
                problems.append(failed(answer))
                if not answer.retryable:  # this run's trouble (a 403, a 404): its row says so
                    self.screen.run_failed(conn, answer)
                continue
            told = self._observe(conn, answer)
            if told is not None:
                news.append((conn, told))
        self._announce(news)
        if not problems:
            return OK
        return max(problems, key=lambda o: (o.offline, o.retry_after or 0.0))

    def _observe(self, conn: ExportConnection, run: ExportRun) -> RunNews | None:
        before = self._seen.get(conn.id)
        self._seen[conn.id] = seen(run)
        self.screen.run_seen(conn, run)
        return run_news(before, run)

    def _announce(self, news: list[tuple[ExportConnection, RunNews]]) -> None:
        """A notification per changed run; the bell once if any ended."""
        for conn, told in news:
            notify_plain(self.screen, told.text, title=conn.display_name or conn.id,
                         severity=told.severity,
                         timeout=ENDED_TIMEOUT if told.finished else None)
        if any(told.finished for _, told in news) and self.screen.itwin.settings.watch_bell:
            self.screen.app.bell()


class Watching(_Screen):
    """What ``w`` adds to the connections screen: its :class:`Watcher`, the two actions of
    the key, the key bar's word for it, and a check on coming back to the screen.

    A list loaded with no connections has nothing to watch (a check of it asks the API
    nothing): ``w`` is dimmed there, and watching that comes to one stops and says why."""

    def __init__(self) -> None:
        super().__init__()
        self.watcher = Watcher(self)
        self._empty = False  # the list had nothing to watch when last looked at

    def nothing_to_watch(self) -> bool:
        """Whether the list has loaded, without an error, and has no connections."""
        state = self.listing
        return state.listing and not (state.rows or state.loading or state.error)

    def watch_listing(self, state: ListingState) -> None:
        """The key follows whether there is anything to watch; watching stops without."""
        empty = self.nothing_to_watch()
        if empty == self._empty:
            return
        self._empty = empty
        self.refresh_bindings()
        if empty and self.watcher.active:  # once the listing has settled (a retried
            self.call_later(self._stop_if_empty)  # first page clears its error first)

    def _stop_if_empty(self) -> None:
        if self.watcher.active and self.nothing_to_watch():
            self.action_stop_watching()
            notify_plain(self, f"Nothing to watch: {self.listing.empty_text}.", title="Watch")

    def action_watch(self) -> None:
        if self.itwin.signed_out:
            return
        if not self.imodel_id:
            notify_plain(self, "Nothing to watch yet: choose an iModel first "
                         f"{hint(self, 'imodel-id')}.", title="Watch")
            return
        self.watcher.start()
        self.refresh_bindings()

    def action_stop_watching(self) -> None:
        self.watcher.stop()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``w`` is *Watch* or *Stop watching*, whichever it does now (*Watch* dimmed
        with nothing to watch)."""
        if action in ("watch", "stop_watching"):
            if self.watcher.active != (action == "stop_watching"):
                return False
            return None if action == "watch" and self.nothing_to_watch() else True
        return super().check_action(action, parameters)

    def on_screen_resume(self) -> None:
        self.watcher.resumed()
