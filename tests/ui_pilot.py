"""Helpers for the Pilot UI tests (``tests/test_ui_*.py``): waiting and reading the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import ItwinApp
from tui.config import Settings
from tui.core.client import ItwinClient
from tui.keys import character as typed_by

SIZE = (120, 40)


def make_app(client: ItwinClient, **settings: Any) -> ItwinApp:
    """The app on the loopback fake (``client`` from the ``client`` fixture)."""
    settings.setdefault("token", "demo-token")
    settings.setdefault("base_url", client.base_url)
    return ItwinApp(Settings(**settings), client=client)


async def wait_for(pilot: Pilot[Any], predicate: Callable[[], object], what: str,
                   timeout: float = 10.0) -> None:
    """Let the app run until ``predicate()`` is true; fail with ``what`` after ``timeout``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        await pilot.pause(0.02)


def pane_key(app: ItwinApp) -> str | None:
    """The key of the page the detail pane shows (None until it shows one: its parts are
    mounted a frame after the rows)."""
    top = app.screen.pane.top  # type: ignore[attr-defined]
    return None if top is None else top.key


async def settle(pilot: Pilot[Any], app: ItwinApp, timeout: float = 10.0) -> None:
    """Wait until no worker of the app is running and the screen has repainted."""
    await wait_for(pilot, lambda: not any(w.is_running for w in app.workers),
                   "workers to finish", timeout)
    await pilot.pause()


def screen_lines(app: ItwinApp) -> list[str]:
    """The whole screen as text, one string per terminal row (what a user would read)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def type_fast(pilot: Pilot[Any], box: Input, text: str) -> None:
    """Type ``text`` into ``box`` as a quick typist does: a change a character, no pause
    between them. (``pilot.press`` waits after each key until the process looks idle, up to
    a second: on a loaded machine a pause longer than a search's delay, mid-word.)"""
    for character in text:
        box.insert_text_at_cursor(character)
    await pilot.pause()


async def press_burst(pilot: Pilot[Any], *keys: str) -> None:
    """Press ``keys`` as a terminal delivers keys typed quickly (or ``tmux send-keys``): all
    queued before the app handles the first, as one read of the terminal gives them.
    (``pilot.press`` lets the app finish with each key before the next.)"""
    app = pilot.app
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else typed_by(key))
        event.set_sender(app)
        app.post_message(event)
    await pilot.pause()


def screen_text(app: ItwinApp) -> str:
    return "\n".join(screen_lines(app))


def requests_to(server: Any, path: str) -> list[Any]:
    """Requests the fake received for ``path`` (case-insensitive, query ignored)."""
    return [r for r in server.api.requests if r.path.lower().rstrip("/") == path.lower()]


def cli_app(*argv: str, client: ItwinClient | None = None) -> ItwinApp:
    """The app as ``itwin-tui ARGV`` builds it: settings from the command line, the
    environment and the config file (whose problems it shows)."""
    from tui.cli import build_parser, config_from_args

    config = config_from_args(build_parser().parse_args(list(argv)))
    resolved = config.resolve()
    return ItwinApp(resolved.settings, client, config=config, problems=resolved.problems)
