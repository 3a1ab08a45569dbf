"""Visual snapshots of every README scene at 80×24 and 120×40 (pytest-textual-snapshot).

A failure means the screen changed. Open ``snapshot_report.html`` to see the difference; if
the change is intended, accept it with ``pytest tests/test_snapshots.py --snapshot-update``
and regenerate the README pictures with ``python screenshots/make.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "screenshots"))

from scenes import SCENES, SIZES, Scene, drive, fixed_time_zone

#: The light theme is checked at one size; every other scene at both.
CASES = [(scene, size) for scene in SCENES for size in SIZES
         if not scene.name.endswith("-light") or size == (120, 40)]


@pytest.fixture(autouse=True)
def fixed_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates in UTC, and colours even where the environment asks for none."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    with fixed_time_zone():
        yield


@pytest.mark.parametrize(("scene", "size"), CASES,
                         ids=[f"{s.name}-{w}x{h}" for s, (w, h) in CASES])
def test_scene(scene: Scene, size: tuple[int, int], snap_compare, tmp_path: Path) -> None:
    app = scene.build(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: drive(scene, pilot)), (
        f"the {scene.name!r} screen at {size[0]}x{size[1]} changed; see snapshot_report.html, "
        "and if intended run: pytest tests/test_snapshots.py --snapshot-update"
    )
