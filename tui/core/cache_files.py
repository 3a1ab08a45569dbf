"""The response cache's database file where it cannot be written, and what to tell the user.

A cache directory on a read-only file system, or one the user may not write, is still worth
reading offline: :func:`connect_read_only` opens the database without writing anything, and
:func:`warnings` says so (and says when other users can read the directory).
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from tui.core.dirs import readable_by_others


def why_read_only(directory: Path, database: Path) -> str | None:
    """Why ``database`` in ``directory`` cannot be written, in words; None when it can (or the
    directory is missing: then it will be created). Opens nothing."""
    if not directory.is_dir():
        return None
    if os.access(directory, os.W_OK) and (
            not database.exists() or os.access(database, os.W_OK)):
        return None
    try:
        on_read_only_fs = bool(os.statvfs(directory).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        on_read_only_fs = False
    return ("it is on a read-only file system" if on_read_only_fs
            else "you have no permission to write it")


def connect_read_only(database: Path, timeout: float, version: int) -> sqlite3.Connection:
    """``database`` opened for reading only; it must have schema ``version`` (``PRAGMA
    user_version``), as it cannot be updated.

    A WAL database needs its ``-shm`` file, which a read-only directory may lack: then it is
    read as immutable (what the last writer checkpointed, which it does when it closes).
    """
    if not database.is_file():
        raise FileNotFoundError(errno.ENOENT, "no cache to read", str(database))
    uri = database.absolute().as_uri()
    for flags in ("mode=ro", "immutable=1"):
        conn = sqlite3.connect(f"{uri}?{flags}", uri=True, timeout=timeout,
                               isolation_level=None, check_same_thread=False)
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.OperationalError:
            conn.close()
            continue
        if found != version:
            conn.close()
            raise sqlite3.DatabaseError(f"{database} has another format (version {found}) "
                                        "and cannot be updated read-only")
        return conn
    raise sqlite3.OperationalError(f"cannot open {database} read-only")


def warnings(directory: Path, database: Path) -> list[str]:
    """What the user should hear once about the cache: that it is read-only, or that other
    users can read its directory (which the app did not create, so it leaves the mode alone).
    """
    found = []
    reason = why_read_only(directory, database)
    if reason:
        found.append(f"The response cache in {directory} is read-only ({reason}): cached pages "
                     "are still shown, new ones are not stored.")
    mode = readable_by_others(directory)
    if mode is not None:
        found.append(f"The response cache directory {directory} is readable by other users "
                     f"(mode {mode:04o}). To make it private: chmod 700 {directory}")
    return found
