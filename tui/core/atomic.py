"""Replacing a small file all at once (settings, recent ids, the stored sign-in)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Make ``path`` hold ``data``: written to a temp file beside it, flushed to disk, then
    renamed over it, so a reader (or a crash) sees the old content or the new, never a part.
    The file gets ``mode`` (owner-only by default) before it has any content under its
    name. Raises ``OSError``; the temp file is then gone."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
