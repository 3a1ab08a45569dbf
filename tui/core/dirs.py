"""Directories the app keeps private: created owner-only, never re-moded once they exist.

A directory that already exists — made by the user, or a symlink to somewhere else — was not
created by the app, so its mode is left alone (changing it could open or lock up whatever it
points at); :func:`readable_by_others` lets the caller warn about it instead.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

PRIVATE = 0o700
#: Read permission for the group or for everyone else.
_OTHERS_READ = stat.S_IRGRP | stat.S_IROTH


def make_private_dir(path: Path) -> bool:
    """Create ``path`` (and missing parents) owner-only (0700); True when this call created it.

    An existing directory keeps its mode. (Missing parents get the default mode, as
    ``mkdir -p`` gives them.)
    """
    try:
        path.mkdir(parents=True, mode=PRIVATE)
    except FileExistsError:
        return False
    with contextlib.suppress(OSError):  # a umask may have taken owner bits away
        os.chmod(path, PRIVATE)
    return True


def readable_by_others(path: Path) -> int | None:
    """The permission bits of directory ``path`` (a symlink's target) when users other than
    its owner can read it; None when they cannot, or it cannot be told (Windows, missing)."""
    if sys.platform == "win32":
        return None
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return None
    return mode if mode & _OTHERS_READ else None
