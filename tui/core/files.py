"""Saving a download: safe file names, a hidden temp file, never overwriting.

:func:`save_download` writes to a hidden temp file in the target directory and only links it to
its final name once every byte has arrived, so a failed, truncated or cancelled download
leaves nothing behind and an existing file is never overwritten (``name (1).csv`` instead).

Only a process killed outright (SIGKILL, a power cut) leaves its temp file; the next download
into that directory removes such leftovers (:mod:`tui.core.temp_files`).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from tui.core.errors import disk_error, incomplete
from tui.core.temp_files import open_temp, remove_leftovers

_EXT = re.compile(r"filename\*\s*=\s*([^;]+)", re.IGNORECASE)
_PLAIN = re.compile(r'filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)', re.IGNORECASE)

#: Characters Windows refuses in file names (``/`` and ``\`` are handled as separators first).
_INVALID = re.compile(r'[<>:"/\\|?*]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}
#: Longest final name in UTF-8 bytes: leaves room for `` (999)`` within the usual 255 limit.
MAX_NAME_BYTES = 200
SUFFIX = ".csv"

ProgressCallback = Callable[[int, int | None], None]


def filename_from_disposition(header: str | None) -> str | None:
    """The (unsanitised) file name: ``filename*=UTF-8''…`` preferred over ``filename=``."""
    if not header:
        return None
    ext = _EXT.search(header)
    if ext:
        value = ext.group(1).strip().strip('"')
        charset, _, rest = value.partition("'")
        _lang, _, encoded = rest.partition("'")
        if encoded:
            try:
                return unquote(encoded, encoding=charset or "utf-8", errors="strict")
            except (LookupError, UnicodeDecodeError):
                pass
    plain = _PLAIN.search(header)
    if plain:
        value = plain.group(1).strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        return value or None
    return None


def safe_filename(name: str | None, fallback: str, *, suffix: str = SUFFIX) -> str:
    """A server-supplied name made safe to create inside one directory on any OS.

    Keeps only the last path component (``/`` and ``\\`` both count, so ``../../x.csv``,
    ``/etc/passwd`` and ``C:\\x\\y.csv`` lose their directories), drops control and format
    characters (ESC, newlines, bidi overrides), replaces characters Windows forbids, strips
    leading/trailing dots and spaces, defuses reserved device names (``CON`` → ``_CON``),
    bounds the length and makes the name end in ``suffix``. Empty results use ``fallback``.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    text = re.split(r"[/\\]", text)[-1]
    text = _INVALID.sub("_", text).strip(" .")
    if not text:
        return fallback
    if suffix and not text.lower().endswith(suffix.lower()):
        text += suffix
    stem = text.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _RESERVED:
        text = "_" + text
    return _shorten(text, MAX_NAME_BYTES)


def _shorten(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes, keeping its extension."""
    if len(name.encode()) <= limit:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16:
        stem, ext = name, ""
    tail = f".{ext}" if ext else ""
    room = limit - len(tail.encode())
    cut = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .")
    return (cut or "download") + tail


def numbered(name: str, n: int) -> str:
    """``report.csv`` → ``report (n).csv`` (``n`` = 0 keeps the name)."""
    if n == 0:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({n})"
    return f"{stem} ({n}).{ext}"


@dataclass(frozen=True, slots=True)
class SavedFile:
    """A completed download."""

    path: Path
    size: int


def write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _claim(temp: Path, directory: Path, name: str) -> Path:
    """Give ``temp`` the first free name of ``name``, ``name (1)``…; never replaces a file."""
    for n in range(10_000):
        target = directory / numbered(name, n)
        try:
            os.link(temp, target)  # atomic and fails if target exists
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network shares): check, then rename
            if os.path.lexists(target):
                continue
            os.rename(temp, target)  # on Windows this also refuses to replace
            return target
        os.unlink(temp)
        return target
    raise FileExistsError(errno.EEXIST, "no free file name", str(directory / name))


async def save_download(chunks: AsyncIterable[bytes], directory: Path, name: str, *,
                        total: int | None = None,
                        on_progress: ProgressCallback | None = None) -> SavedFile:
    """Stream ``chunks`` into ``directory/name`` (or ``name (n)``) and return where it went.

    ``name`` must already be a plain file name (see :func:`safe_filename`). When ``total`` is
    given, fewer bytes mean a truncated download. On any failure or cancellation the temp file
    is removed and nothing appears; local write errors become ``ApiError(ErrorKind.DISK)``.
    """
    if not name or name != Path(name).name or name in (".", ".."):
        raise ValueError(f"not a plain file name: {name!r}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        remove_leftovers(directory)
        fd, temp = open_temp(directory)
    except OSError as exc:
        raise disk_error(exc, directory, name) from None
    try:
        try:
            received = await write_chunks(chunks, fd, total=total, on_progress=on_progress)
        finally:
            os.close(fd)
        if total is not None and received != total:
            raise incomplete(received, total)
        target = _claim(temp, directory, name)
    except OSError as exc:
        _remove(temp)
        raise disk_error(exc, directory, name) from None
    except BaseException:
        _remove(temp)
        raise
    return SavedFile(target, received)


async def write_chunks(chunks: AsyncIterable[bytes], fd: int, *, total: int | None = None,
                       on_progress: ProgressCallback | None = None) -> int:
    """Write ``chunks`` into the open file ``fd``; how many bytes that was."""
    received = 0
    async for chunk in chunks:
        write_all(fd, chunk)
        received += len(chunk)
        if on_progress is not None:
            on_progress(received, total)
    return received


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass  # best effort; the hidden .part name makes a leftover recognisable


@dataclass(slots=True)
class Destination:
    """Where to save: a directory, and optionally the exact file name the user chose."""

    directory: Path
    filename: str | None = None

    @classmethod
    def from_output(cls, output: str | Path | None, default_dir: Path) -> Destination:
        """``-o``: an existing directory, or a path ending in ``/``, keeps the server's name;
        anything else is a file name."""
        if output is None:
            return cls(default_dir)
        as_dir = str(output).endswith(("/", os.sep))
        path = Path(output).expanduser()
        if as_dir or path.is_dir():
            return cls(path)
        return cls(path.parent, path.name)



def open_folder_command(folder: Path) -> list[str] | None:
    """A command that shows ``folder`` in the desktop's file manager, or None where it
    would make no sense (no opener, no display, or a remote SSH session)."""
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return None
    if sys.platform == "darwin":
        return ["open", str(folder)] if shutil.which("open") else None
    if sys.platform == "win32":
        return ["explorer", str(folder)]
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None
    opener = shutil.which("xdg-open")
    return [opener, str(folder)] if opener else None
