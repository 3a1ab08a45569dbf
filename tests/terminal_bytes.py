"""A terminal for Pilot tests that keeps what the app writes to it: the bytes a change costs
over SSH, measured in-process (``bench_perf.py --only bytes`` measures a real pty).

``run_test(headless=True)`` writes nothing; an app given ``driver_class=recording(into)``
and run with ``run_test(headless=False)`` writes each frame to ``into``, as it would to a
terminal. Input comes from the Pilot as usual.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.driver import Driver
from textual.geometry import Size


def recording(into: list[str]) -> type[Driver]:
    """A driver class whose terminal output is appended to ``into``, one string a write."""

    class Recording(Driver):
        def __init__(self, app: App[Any], *, debug: bool = False, mouse: bool = True,
                     size: tuple[int, int] | None = None) -> None:
            super().__init__(app, debug=debug, mouse=mouse, size=size)
            self.size = Size(*(size or (80, 24)))

        def write(self, data: str) -> None:
            into.append(data)

        def start_application_mode(self) -> None:
            self.send_message(events.Resize(self.size, self.size))

        def disable_input(self) -> None:
            pass

        def stop_application_mode(self) -> None:
            pass

    return Recording
