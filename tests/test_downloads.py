"""Download helpers: safe names, streaming saves that never leave partial files or overwrite."""

from __future__ import annotations

import asyncio
import errno
import os
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest
from download_helpers import listing

from tui.core.analytics import count_csv_records, fallback_filename, read_csv_preview
from tui.core.errors import ApiError, ErrorKind
from tui.core.files import (
    Destination,
    filename_from_disposition,
    numbered,
    safe_filename,
    save_download,
)

FALLBACK = "components-analytics_2026-01-01_2026-01-31.csv"


async def _chunks(*parts: bytes, then: BaseException | None = None) -> AsyncIterator[bytes]:
    for part in parts:
        await asyncio.sleep(0)
        yield part
    if then is not None:
        raise then


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "expected"), [
    ("report.csv", "report.csv"),
    ("../../x.csv", "x.csv"),
    ("..\\..\\x.csv", "x.csv"),
    ("/etc/passwd", "passwd.csv"),
    ("C:\\x\\y.csv", "y.csv"),
    ("C:y.csv", "C_y.csv"),
    ("evil\n\x1b[31mname.csv", "evil[31mname.csv"),
    ("tab\there\r.csv", "tabhere.csv"),
    ("abc\u202egpj.exe", "abcgpj.exe.csv"),
    ("CON", "_CON.csv"),
    ("con.csv", "_con.csv"),
    ("LPT1.txt", "_LPT1.txt.csv"),
    ("nul .csv", "_nul .csv"),
    ("CONSOLE.csv", "CONSOLE.csv"),
    ('a<b>c:d"e|f?g*.csv', "a_b_c_d_e_f_g_.csv"),
    (".hidden.csv", "hidden.csv"),
    ("report.CSV", "report.CSV"),
    ("data", "data.csv"),
    ("trailing. . ", "trailing.csv"),
])
def test_safe_filename_keeps_one_plain_component(raw: str, expected: str) -> None:
    assert safe_filename(raw, FALLBACK) == expected


@pytest.mark.parametrize("raw", [None, "", "..", "...", "/", "../", "\\\\", " . ", "\x1b\x00",
                                 "a/b/"])
def test_safe_filename_falls_back_when_nothing_is_left(raw: str | None) -> None:
    assert safe_filename(raw, FALLBACK) == FALLBACK


def test_overlong_names_are_cut_and_keep_the_extension() -> None:
    name = safe_filename("é" * 300 + ".csv", FALLBACK)
    assert name.endswith(".csv") and len(name.encode()) <= 200
    assert name.startswith("é") and "\ufffd" not in name


def test_fallback_names_the_inclusive_days() -> None:
    assert fallback_filename(date(2026, 1, 1), date(2026, 1, 31)) == FALLBACK


def test_numbered_names() -> None:
    assert numbered("a.csv", 0) == "a.csv"
    assert numbered("a.csv", 2) == "a (2).csv"
    assert numbered("a.tar.csv", 1) == "a.tar (1).csv"
    assert numbered("noext", 3) == "noext (3)"


@pytest.mark.parametrize(("header", "expected"), [
    ('attachment; filename="plain.csv"', "plain.csv"),
    ("attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv", "résumé.csv"),
    ("attachment; filename=\"fallback.csv\"; filename*=UTF-8''pr%C3%A9f.csv", "préf.csv"),
    ("attachment", None),
])
def test_disposition_forms(header: str, expected: str | None) -> None:
    assert filename_from_disposition(header) == expected


def test_destination_from_output(tmp_path: Path) -> None:
    assert Destination.from_output(None, tmp_path) == Destination(tmp_path)
    assert Destination.from_output(tmp_path, Path("/unused")) == Destination(tmp_path)
    target = tmp_path / "sub" / "mine.csv"
    assert Destination.from_output(target, Path("/unused")) == Destination(target.parent,
                                                                           "mine.csv")
    # a trailing slash means "a directory", even one that does not exist yet
    assert Destination.from_output(f"{tmp_path}/new/", Path("/unused")) == \
        Destination(tmp_path / "new")


# -- saving -------------------------------------------------------------------------------


async def test_save_streams_every_chunk_and_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    saved = await save_download(_chunks(b"a,b\n", b"1,2\n", b"3,4\n"), tmp_path, "x.csv",
                                total=12, on_progress=lambda n, t: seen.append((n, t)))
    assert saved.path == tmp_path / "x.csv" and saved.size == 12
    assert saved.path.read_bytes() == b"a,b\n1,2\n3,4\n"
    assert seen == [(4, 12), (8, 12), (12, 12)]
    assert listing(tmp_path) == ["x.csv"]


async def test_save_creates_the_directory(tmp_path: Path) -> None:
    saved = await save_download(_chunks(b"x"), tmp_path / "new" / "dir", "x.csv")
    assert saved.path.read_bytes() == b"x"


async def test_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "x.csv").write_bytes(b"precious")
    first = await save_download(_chunks(b"one"), tmp_path, "x.csv")
    second = await save_download(_chunks(b"two"), tmp_path, "x.csv")
    assert (first.path.name, second.path.name) == ("x (1).csv", "x (2).csv")
    assert (tmp_path / "x.csv").read_bytes() == b"precious"
    assert first.path.read_bytes() == b"one" and second.path.read_bytes() == b"two"


async def test_truncated_stream_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(ApiError) as caught:
        await save_download(_chunks(b"a,b\n", b"1,2\n"), tmp_path, "x.csv", total=100)
    assert "8 of 100 bytes" in caught.value.message
    assert listing(tmp_path) == []


async def test_error_mid_stream_leaves_nothing(tmp_path: Path) -> None:
    boom = ApiError(ErrorKind.CONNECTION, "The download was interrupted")
    with pytest.raises(ApiError):
        await save_download(_chunks(b"a" * 1000, then=boom), tmp_path, "x.csv")
    assert listing(tmp_path) == []


async def test_cancelled_save_leaves_nothing(tmp_path: Path) -> None:
    started = asyncio.Event()

    async def endless() -> AsyncIterator[bytes]:
        while True:
            yield b"row\n"
            started.set()
            await asyncio.sleep(0.01)

    task = asyncio.create_task(save_download(endless(), tmp_path, "x.csv"))
    await started.wait()
    assert any(p.name.endswith(".part") for p in tmp_path.iterdir())
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert listing(tmp_path) == []


async def test_disk_full_is_a_clear_disk_error_and_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def full_disk(fd: int, data: bytes) -> int:  # simulate ENOSPC for files in tmp_path only
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to tell file descriptors apart")
    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(ApiError) as caught:
        await save_download(_chunks(b"a,b\n"), tmp_path, "x.csv")
    monkeypatch.undo()
    assert caught.value.kind is ErrorKind.DISK
    assert "disk is full" in caught.value.message and "x.csv" in caught.value.message
    assert listing(tmp_path) == []


async def test_unwritable_directory_is_a_disk_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    with pytest.raises(ApiError) as caught:
        await save_download(_chunks(b"x"), blocker / "sub", "x.csv")
    assert caught.value.kind is ErrorKind.DISK


async def test_refuses_a_name_with_directories(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        await save_download(_chunks(b"x"), tmp_path, "../x.csv")


# -- previews -------------------------------------------------------------------------------


def test_preview_and_count_with_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(b'h1,h2\r\n"multi\nline",2\r\n"with ""quotes""",3\r\nlast,4')
    preview = read_csv_preview(path)
    assert preview.header == ["h1", "h2"]
    assert preview.rows == [["multi\nline", "2"], ['with "quotes"', "3"], ["last", "4"]]
    assert preview.row_count == 3


def test_count_spans_blocks(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = [b'h\n'] + [b'"a\nb",%d\n' % i if i % 7 == 0 else b"x,%d\n" % i for i in range(5000)]
    path.write_bytes(b"".join(rows))
    assert count_csv_records(path, block=97) == 5001
    preview = read_csv_preview(path, rows=3, max_bytes=50)
    assert preview.rows == [["a\nb", "0"], ["x", "1"], ["x", "2"]]
    assert preview.row_count == 5000


def test_empty_file_preview(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_bytes(b"")
    preview = read_csv_preview(path)
    assert (preview.header, preview.rows, preview.row_count) == ([], [], 0)
