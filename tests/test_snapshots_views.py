"""Snapshots of the data-view states of issue 16 at 80×24 and 120×40: the catalog sorted by
a column (the header's arrow, the status's "sorted N loaded rows"), and the columns chooser.
Not README scenes (``screenshots/scenes.py``), but built and pinned the same way."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "screenshots"))

from scenes import SIZES, demo_app, fixed_time_zone, listing_done, still, wait_until

from tui.dialogs.columns import ColumnsDialog


async def _sorted(pilot: Pilot[Any]) -> None:
    """Sorted by Name, then reversed (``s``, ``S``): ``Name ▼``."""
    await wait_until(pilot, lambda: listing_done(pilot.app), "the list")
    await pilot.press("s", "S")
    await wait_until(pilot, lambda: listing_done(pilot.app), "the pane of the row on top")


async def _chooser(pilot: Pilot[Any]) -> None:
    """The columns chooser (``c``), the Id column ticked and moved up to second place."""
    await wait_until(pilot, lambda: listing_done(pilot.app), "the list")
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ColumnsDialog), "the chooser")
    await pilot.press(*["down"] * 5, "space", *["shift+up"] * 4)


DRIVES = {"sorted": _sorted, "columns": _chooser}
CASES = [(name, size) for name in DRIVES for size in SIZES]


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("NO_COLOR", raising=False)
    with fixed_time_zone():
        yield


@pytest.mark.parametrize(("name", "size"), CASES,
                         ids=[f"{n}-{w}x{h}" for n, (w, h) in CASES])
def test_view(name: str, size: tuple[int, int], snap_compare) -> None:
    async def drive(pilot: Pilot[Any]) -> None:
        await DRIVES[name](pilot)
        await still(pilot)

    assert snap_compare(demo_app(), terminal_size=size, run_before=drive), (
        f"the {name!r} view at {size[0]}x{size[1]} changed; see snapshot_report.html")
