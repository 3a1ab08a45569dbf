"""``itwin-tui cache info|clear`` through the real argument parser."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli import main
from tui.core.cache import ResponseCache


def fill(directory: Path, n: int) -> None:
    cache = ResponseCache(directory)
    for i in range(n):
        cache.put(f"k{i}", b'{"components": []}')
    cache.close()


def test_info_shows_location_entries_and_size(tmp_path: Path, capsys: pytest.CaptureFixture
                                              ) -> None:
    fill(tmp_path / "c", 3)
    assert main(["--cache-dir", str(tmp_path / "c"), "cache", "info"]) == 0
    out = capsys.readouterr().out
    assert f"Location: {tmp_path / 'c'}" in out
    assert "Entries:  3" in out
    assert "Size:" in out and "limit 200.0 MB" in out


def test_clear_removes_everything_and_says_so(tmp_path: Path, capsys: pytest.CaptureFixture
                                              ) -> None:
    fill(tmp_path, 4)
    assert main(["--cache-dir", str(tmp_path), "cache", "clear"]) == 0
    assert "(4 entries removed)" in capsys.readouterr().out
    assert ResponseCache(tmp_path).info().entries == 0
    assert main(["--cache-dir", str(tmp_path), "cache", "info"]) == 0
    assert "Entries:  0" in capsys.readouterr().out


def test_default_location_honours_xdg_cache_home(capsys: pytest.CaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("ITWIN_TUI_CACHE_MAX_MB", "5")
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert f"Location: {tmp_path / 'itwin-tui'}" in out and "limit 5.0 MB" in out


@pytest.mark.parametrize("action", ["info", "clear"])
def test_a_cache_dir_that_is_a_file_fails_clearly(tmp_path: Path, action: str,
                                                  capsys: pytest.CaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--cache-dir", str(blocker), "cache", action]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{blocker} is not a directory" in captured.err


def test_clear_of_a_corrupt_database_recreates_it(tmp_path: Path, capsys: pytest.CaptureFixture
                                                  ) -> None:
    (tmp_path / "responses.sqlite3").write_bytes(b"garbage" * 1000)
    assert main(["--cache-dir", str(tmp_path), "cache", "clear"]) == 0
    assert "Cleared" in capsys.readouterr().out
    assert ResponseCache(tmp_path).info().entries == 0
