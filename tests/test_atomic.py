"""``write_atomic``: the one way a small file (settings, recent ids, the sign-in) is replaced."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.core.atomic import write_atomic


def test_replaces_the_content_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(b"old")
    path.chmod(0o644)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    write_atomic(path, b"shared", mode=0o644)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "recent.json"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["recent.json"]
    with pytest.raises(OSError):
        write_atomic(tmp_path / "missing" / "x.json", b"x")
