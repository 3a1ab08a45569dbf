"""Recent brand / iModel ids: newest first, de-duplicated, bounded, private, corruption-proof."""

from __future__ import annotations

import stat

from tui import locations
from tui.state import MAX_RECENT, RecentIds


def test_remember_orders_dedupes_and_keeps_labels() -> None:
    recent = RecentIds()
    assert recent.get("brands") == []
    recent.remember("brands", "a", "Alpha")
    recent.remember("brands", "b")
    recent.remember("brands", " a ")  # seen again: moves first, keeps its label
    entries = RecentIds().get("brands")
    assert [(e.id, e.label) for e in entries] == [("a", "Alpha"), ("b", "")]
    assert RecentIds().get("imodels") == []


def test_bounded_and_private_under_the_state_dir() -> None:
    recent = RecentIds()
    for i in range(MAX_RECENT + 5):
        recent.remember("imodels", f"id-{i}")
    entries = recent.get("imodels")
    assert len(entries) == MAX_RECENT
    assert entries[0].id == f"id-{MAX_RECENT + 4}"
    assert recent.path.parent == locations.state_dir()
    assert stat.S_IMODE(recent.path.stat().st_mode) == 0o600
    assert not [p for p in recent.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_corrupt_or_odd_files_are_ignored() -> None:
    recent = RecentIds()
    recent.path.parent.mkdir(parents=True, exist_ok=True)
    recent.path.write_text("{not json", encoding="utf-8")
    assert recent.get("brands") == []
    recent.path.write_text('{"brands": [{"id": 3}, "x", {"id": "ok"}], "imodels": 5}',
                           encoding="utf-8")
    assert [e.id for e in recent.get("brands")] == ["ok"]
    assert recent.get("imodels") == []
    recent.remember("brands", "new")
    assert [e.id for e in recent.get("brands")] == ["new", "ok"]
