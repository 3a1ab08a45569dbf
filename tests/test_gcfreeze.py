"""The app keeps its long-lived objects out of full GC passes while running, not after."""

from __future__ import annotations

import gc

from ui_pilot import SIZE, make_app, wait_for


async def test_objects_are_frozen_once_the_first_screen_is_up_and_released_at_exit(
        server, client) -> None:
    assert gc.get_freeze_count() == 0
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0, "the freeze")
    assert gc.get_freeze_count() == 0
