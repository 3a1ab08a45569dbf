"""The hidden temp files downloads are written to, and removing what killed runs left.

A download goes to ``.itwin-tui-<pid>-<random>.part`` in the target directory until it is
complete (see :mod:`tui.core.files`). Only a process killed outright (SIGKILL, a power
cut) leaves one behind; the pid in the name lets a later download tell it is nobody's.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import sys
import time
from pathlib import Path

_PREFIX = ".itwin-tui-"
_SUFFIX = ".part"
_RANDOM_BYTES = 6
#: Our temp files: ``.itwin-tui-<pid>-<hex>.part`` (older versions wrote no pid).
_LEFTOVER = re.compile(rf"{re.escape(_PREFIX)}(?:(\d{{1,10}})-)?[0-9a-f]{{{2 * _RANDOM_BYTES}}}"
                       rf"{re.escape(_SUFFIX)}")
#: Seconds a temp file of a process that is gone must have been idle to be a leftover: a
#: process of the same pid on another machine sharing the folder would still be writing.
LEFTOVER_IDLE = 60.0
#: Seconds after which any temp file of ours is a leftover, whatever process it names.
STALE_AFTER = 24 * 3600.0


def open_temp(directory: Path) -> tuple[int, Path]:
    """A new hidden ``.part`` file in ``directory`` (mode 0666 minus umask, like any file),
    named with this process's id so a later run can tell a leftover."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        path = directory / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(_RANDOM_BYTES)}{_SUFFIX}"
        try:
            return os.open(path, flags, 0o666), path
        except FileExistsError:
            continue


def remove_leftovers(directory: Path, *, now: float | None = None) -> int:
    """Remove the temp files killed downloads left in ``directory``; how many went.

    Only regular files named as ours, and only ones nobody is writing: the process named in
    the file is gone and the file has been idle :data:`LEFTOVER_IDLE` seconds, or it has been
    idle :data:`STALE_AFTER` seconds (an older name without a pid, a reused pid). Best effort.
    """
    now = time.time() if now is None else now
    removed = 0
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return 0
    for entry in entries:
        try:
            if _is_leftover(entry, now):
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _is_leftover(entry: os.DirEntry[str], now: float) -> bool:
    match = _LEFTOVER.fullmatch(entry.name)
    if match is None:
        return False
    info = entry.stat(follow_symlinks=False)
    if not stat.S_ISREG(info.st_mode):
        return False
    idle = now - info.st_mtime
    pid = match.group(1)
    gone = pid is not None and not _process_alive(int(pid))
    return idle >= STALE_AFTER or (gone and idle >= LEFTOVER_IDLE)


def _process_alive(pid: int) -> bool:
    """True unless process ``pid`` surely does not exist on this machine."""
    if pid == os.getpid() or sys.platform == "win32":  # os.kill(pid, 0) is no probe there
        return True
    if not 0 < pid < 2**31:
        return False  # never a process id
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: another user's process
        return True
    return True
