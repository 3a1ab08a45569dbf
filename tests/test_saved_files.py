"""The saved CSV files of the download directory, newest first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.saved_files import saved_csv_files


def _file(directory: Path, name: str, mtime: int) -> Path:
    path = directory / name
    path.write_text("Date,Count\n")
    os.utime(path, (mtime, mtime))
    return path


def test_newest_first_csv_only(tmp_path: Path) -> None:
    _file(tmp_path, "old.csv", 1_000)
    _file(tmp_path, "new.CSV", 3_000)
    _file(tmp_path, "middle.csv", 2_000)
    _file(tmp_path, "notes.txt", 4_000)
    _file(tmp_path, ".itwin-tui-1234.part.csv", 5_000)  # hidden: a download in progress
    (tmp_path / "folder.csv").mkdir()
    found = saved_csv_files(tmp_path)
    assert [f.path.name for f in found] == ["new.CSV", "middle.csv", "old.csv"]
    assert found[0].size == len("Date,Count\n") and found[0].modified == 3_000


def test_only_the_newest_are_kept(tmp_path: Path) -> None:
    for n in range(10):
        _file(tmp_path, f"f{n}.csv", 1_000 + n)
    assert [f.path.name for f in saved_csv_files(tmp_path, limit=3)] == [
        "f9.csv", "f8.csv", "f7.csv"]


def test_missing_directory_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        saved_csv_files(tmp_path / "nowhere")
