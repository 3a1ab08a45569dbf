"""Stopping ``itwin-tui serve`` promptly and quietly (Ctrl+C, SIGTERM, SIGHUP).

aiohttp waits for running request handlers when it shuts down, and a session's websocket
handler runs as long as the browser tab stays open: left alone, a stop waits for the
websocket heartbeat to fail (~22 s). So the server's ``on_shutdown`` ends the sessions itself:
cancelling a session's handler is textual-serve's own way of ending it (it sends the app
"quit", so the app exits as ``q`` does and a download in progress removes its temp file,
waits for the app, then closes the websocket). Then it waits for the app processes to be
reaped, so their pipes close while the event loop still runs (a subprocess transport
finalized after the loop closed prints "Event loop is closed").
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Set
from typing import Any

#: Seconds an app gets to quit and its browser to answer the websocket's close.
GRACE = 3.0
#: Seconds a session still running after a second cancellation is waited for.
LAST_WAIT = 1.0
#: How often the app processes are checked for having exited.
POLL = 0.05


async def end_sessions(sessions: Set[asyncio.Task[Any]], grace: float = GRACE) -> None:
    """Cancel every session handler and wait for them to end; one still running after
    ``grace`` (a browser that does not answer the close) is cancelled again."""
    if not sessions:
        return
    for task in sessions:
        task.cancel()
    _, pending = await asyncio.wait(sessions, timeout=grace)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=LAST_WAIT)


async def children_reaped(timeout: float = GRACE) -> None:
    """Wait (at most ``timeout``) until this process has no child left, i.e. every app
    process exited and asyncio reaped it; then let the loop handle their last events."""
    if not hasattr(os, "waitid"):  # Windows
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        try:  # WNOWAIT: only look; reaping stays asyncio's
            os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        except ChildProcessError:  # no child at all
            break
        await asyncio.sleep(POLL)
    await asyncio.sleep(POLL)  # the exit callbacks asyncio's child watcher schedules
