"""The app keeps its long-lived objects out of full GC passes while running, not after."""

from __future__ import annotations

import gc

import pytest
from ui_pilot import SIZE, make_app, wait_for


async def test_objects_are_frozen_once_the_first_screen_is_up_and_released_at_exit(
        server, client) -> None:
    assert gc.get_freeze_count() == 0
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await wait_for(pilot, lambda: gc.get_freeze_count() > 0, "the freeze")
    assert gc.get_freeze_count() == 0


async def test_collection_paused_for_the_start_resumes_with_the_first_freeze(server, client
                                                                             ) -> None:
    from tui.gcfreeze import pause_until_frozen

    assert gc.isenabled()
    pause_until_frozen()  # what `itwin-tui` does before importing and starting the app
    try:
        assert not gc.isenabled()
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
            await wait_for(pilot, gc.isenabled, "the collector back on")
    finally:
        gc.enable()


def test_a_collector_turned_off_by_someone_else_stays_off() -> None:
    from tui.gcfreeze import freeze_long_lived, pause_until_frozen, release

    gc.disable()
    try:
        pause_until_frozen()
        freeze_long_lived()
        assert not gc.isenabled()
    finally:
        release()
        gc.enable()


@pytest.mark.parametrize(("young_passes", "expected"), [(0, 1), (gc.get_threshold()[2] - 1, 2)])
async def test_a_resting_cursor_runs_the_collections_the_next_key_would_pay_for(
        server, client, young_passes: int, expected: int) -> None:
    """A single key's frame should not wait for the collector: once the cursor rests, the
    young generations are collected, and everything when a full pass is near."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count > 1, "catalog rows")
        await wait_for(pilot, gc.isenabled, "the collector on")
        await pilot.pause(0.3)
        collected: list[int] = []

        def note(phase: str, info: dict[str, int]) -> None:
            if phase == "stop":
                collected.append(info["generation"])

        gc.collect()  # counts at zero, so the move itself triggers no older pass
        for _ in range(young_passes):
            gc.collect(1)
        gc.callbacks.append(note)
        try:
            await pilot.press("down")
            await wait_for(pilot, lambda: max(collected, default=0) > 0, "a collection at rest")
        finally:
            gc.callbacks.remove(note)
        assert max(collected) == expected
