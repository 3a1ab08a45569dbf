"""The last runs of the export connections in view, for the table's "Last run" and "Result"
columns and the detail pane.

A list of connections carries only a ``lastRun`` link, so each run is one request. They are
asked for the rows in view only, at most :data:`CONCURRENCY` at a time, and kept: a row is
not asked for again (``r`` lists the connections again and forgets them). A request for a
row that left the view before its answer is cancelled, so scrolling through a long list
never queues more than a screenful. The client fetches runs with the cache mode "fallback"
(runs change): the API first, the disk cache only offline.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

from textual.worker import Worker, get_current_worker

from tui.core.errors import ApiError
from tui.widgets.notices import unexpected_error
from tui.widgets.text import short_date

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tui.core.export_models import ExportConnection, ExportRun

#: Most run requests in flight at once.
CONCURRENCY = 4
#: What the columns show while a run is on its way, when it failed, when there is none.
LOADING, FAILED, NEVER = "…", "error", "—"


class RunStatus:
    """Runs by connection id, fetched through ``fetch`` (a ``lastRun`` href → its run) in
    workers of ``host``; ``on_change`` hears which connections' runs arrived (or failed)."""

    def __init__(self, host: DOMNode, fetch: Callable[[str], Awaitable[ExportRun]],
                 on_change: Callable[[list[str]], None], *, concurrency: int = CONCURRENCY
                 ) -> None:
        self.host = host
        self.fetch = fetch
        self.on_change = on_change
        self.concurrency = concurrency
        self._runs: dict[str, ExportRun] = {}
        self._errors: dict[str, ApiError] = {}
        self._view: list[ExportConnection] = []
        self._queue: list[ExportConnection] = []
        self._running: dict[str, Worker[None]] = {}

    # -- what is known ---------------------------------------------------------------

    def run(self, connection_id: str) -> ExportRun | None:
        return self._runs.get(connection_id)

    def error(self, connection_id: str) -> ApiError | None:
        return self._errors.get(connection_id)

    def pending(self, conn: ExportConnection) -> bool:
        """Whether ``conn``'s last run is still to come (it has one, not known yet)."""
        return (bool(conn.links.last_run) and conn.id not in self._runs
                and conn.id not in self._errors)

    @property
    def busy(self) -> bool:
        """Whether runs are being fetched or waiting for their turn."""
        return bool(self._running or self._queue)

    def cells(self, conn: ExportConnection) -> tuple[str, str, str]:
        """The run's state, result and end time, as the columns show them."""
        run = self._runs.get(conn.id)
        if run is not None:
            return (run.state or NEVER, run.result or NEVER,
                    short_date(run.end) if run.end else "")
        if conn.id in self._errors:
            return FAILED, "", ""
        return (LOADING if conn.links.last_run else NEVER), "", ""

    # -- driving ---------------------------------------------------------------------

    def show(self, conns: Sequence[ExportConnection]) -> None:
        """``conns`` are in view now (the first is fetched first): fetch what is not known,
        and cancel what left the view before its answer came."""
        self._view = list(conns)
        wanted = {conn.id for conn in conns}
        for connection_id in [i for i in self._running if i not in wanted]:
            self._running.pop(connection_id).cancel()
        self._queue = [conn for conn in conns if conn.links.last_run
                       and conn.id not in self._running and self._unknown(conn.id)]
        self._pump()

    def know(self, connection_id: str, answer: ExportRun | ApiError) -> None:
        """A run (or why there is none) learnt elsewhere (the watcher): shown at once."""
        if isinstance(answer, ApiError):
            self._errors[connection_id] = answer
            self._runs.pop(connection_id, None)
        elif self._runs.get(connection_id) == answer and connection_id not in self._errors:
            return
        else:
            self._runs[connection_id] = answer
            self._errors.pop(connection_id, None)
        self.on_change([connection_id])

    def clear(self) -> None:
        """Forget everything (another listing): cancel what is in flight."""
        for worker in self._running.values():
            worker.cancel()
        self._running.clear()
        self._queue.clear()
        self._view.clear()
        self._runs.clear()
        self._errors.clear()

    def _unknown(self, connection_id: str) -> bool:
        return connection_id not in self._runs and connection_id not in self._errors

    def _pump(self) -> None:
        while self._queue and len(self._running) < self.concurrency:
            conn = self._queue.pop(0)
            self._running[conn.id] = self.host.run_worker(
                self._fetch(conn), group="runs", exit_on_error=False)

    async def _fetch(self, conn: ExportConnection) -> None:
        assert conn.links.last_run is not None
        try:
            run: ExportRun | None = await self.fetch(conn.links.last_run)
            failed: ApiError | None = None
        except asyncio.CancelledError:
            raise
        except ApiError as err:
            run, failed = None, err
        except Exception as exc:  # a bug must not leave the row "…" for ever
            run, failed = None, unexpected_error(exc)
        if self._running.get(conn.id) is not get_current_worker():
            return  # cancelled (it left the view, or another listing) as it finished
        del self._running[conn.id]
        if run is not None:
            self._runs[conn.id] = run
            self._errors.pop(conn.id, None)
        elif failed is not None:
            self._errors[conn.id] = failed
            self._runs.pop(conn.id, None)
        self._pump()
        self.on_change([conn.id])
