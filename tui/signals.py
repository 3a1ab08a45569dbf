"""SIGTERM and SIGHUP stop a run cleanly: what is being written is removed, and the process
exits 128 + the signal's number (143, 129), as a shell reports a process the signal killed."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

#: The signals that ask a run to stop (SIGINT is Ctrl+C: KeyboardInterrupt, or a key in the app).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class Stopped(Exception):
    """The run was stopped by ``signum``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return exit_status(self.signum)


def exit_status(signum: int) -> int:
    return 128 + signum


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def on_stop_signals(callback: Callable[[int], None]) -> Callable[[], None]:
    """Call ``callback(signum)`` on the running event loop when a stop signal arrives (where
    the platform lets an event loop handle signals); returns the function that undoes it."""
    loop = asyncio.get_running_loop()
    installed: list[int] = []
    for signum in STOP_SIGNALS:
        try:
            loop.add_signal_handler(signum, callback, signum)
        except (NotImplementedError, RuntimeError, ValueError):  # Windows, not main thread
            continue
        installed.append(signum)

    def undo() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return undo
