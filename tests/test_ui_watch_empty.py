"""Watching (``w``) with nothing to watch: an iModel with no export connections. A check
of an empty list asks the API nothing (no rows in view: no page, no run), so watching it
would count down forever for nothing: ``w`` is shown dimmed and does nothing there, and
watching that comes to an empty list stops and says why."""

from __future__ import annotations

from typing import Any

from ui_pilot import SIZE, make_app, requests_to, screen_text, wait_for

from tui.app import ItwinApp
from tui.core.client import ItwinClient
from tui.dialogs.picker import PickerDialog
from tui.fake import BIG_IMODEL_ID, EMPTY_IMODEL_ID

EMPTY = "this iModel has no export connections"


def status(app: ItwinApp) -> str:
    return screen_text(app).splitlines()[-2]


def watch_key_enabled(app: ItwinApp) -> bool:
    return app.screen.active_bindings["w"].enabled


async def test_w_is_dimmed_and_does_nothing_on_an_empty_list(server: Any,
                                                             client: ItwinClient) -> None:
    app = make_app(client, screen="connections", imodel_id=EMPTY_IMODEL_ID,
                   watch_interval=0.2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: EMPTY in status(app), "the empty list")
        await pilot.pause()
        assert "w Watch" in screen_text(app)  # still there, to be found
        assert not watch_key_enabled(app)  # but dimmed
        asked = len(requests_to(server, "/export/connections"))
        await pilot.press("w")
        await pilot.pause(0.5)
        assert "watching" not in status(app)
        assert not app.screen.watcher.active
        assert len(requests_to(server, "/export/connections")) == asked


async def test_watching_stops_when_the_list_it_comes_to_is_empty(server: Any,
                                                                 client: ItwinClient) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID,
                   watch_interval=0.2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        assert watch_key_enabled(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: "watching · next in" in status(app), "watching")
        await pilot.press("i")  # another iModel, pasted: one with no connections
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
        app.screen.query_one("#picker-input").value = EMPTY_IMODEL_ID
        await pilot.press("enter")
        await wait_for(pilot, lambda: EMPTY in status(app), "the empty list")
        await wait_for(pilot, lambda: "watching" not in status(app), "watching to stop")
        assert not app.screen.watcher.active
        assert any("Nothing to watch" in t.message for t in app._notifications)
        assert "w Watch" in screen_text(app) and not watch_key_enabled(app)
