"""Disk cache of JSON GET responses: one SQLite database in WAL mode, owner-only.

Entries are keyed by :func:`tui.core.cache_key.cache_key` (a hash; no URL and never the token
is stored), hold the zlib-compressed response body, when it was stored and when it was last
read. The total is kept under ``max_bytes`` by evicting the least recently read entries;
entries older than ``ttl`` are no longer *fresh* but are kept to be shown while offline.

Reads and writes never raise: a locked, full or unwritable cache is logged and skipped, a
corrupt entry is deleted, a corrupt database file is deleted and recreated. :meth:`info` and
:meth:`clear` raise :class:`CacheError` with a readable message instead (they are commands).

A cache that cannot be written (a read-only file system, no write permission) is opened
read-only: offline reads keep working, nothing is stored, :meth:`warnings` says so. The
directory is created 0700 when missing; an existing one keeps its mode (:mod:`tui.core.dirs`).
"""

import asyncio
import contextlib
import logging
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

from tui.core.cache_files import connect_read_only, warnings, why_read_only
from tui.core.dirs import make_private_dir

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
DEFAULT_TTL = 7 * 24 * 3600.0
FILENAME = "responses.sqlite3"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
ROW_OVERHEAD = 64  # rough per-row bookkeeping bytes counted against the cap
TOUCH_INTERVAL = 60.0  # only rewrite ``accessed_at`` when it is older than this
BUSY_TIMEOUT = 2.0
LOW_WATER = 0.9  # evict down to this fraction of the cap, so eviction is not on every write
SCHEMA_VERSION = 1
_FORMAT = b"\x01"  # first byte of every stored body: zlib-compressed JSON bytes
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

T = TypeVar("T")


class CacheError(Exception):
    """The cache could not be read or cleared; the message says where and why."""


class _CorruptEntry(Exception):
    pass


class CacheEntry(NamedTuple):
    """A stored response body."""

    body: bytes
    stored_at: float  # epoch seconds
    fresh: bool  # younger than the TTL


class CacheInfo(NamedTuple):
    """What ``itwin-tui cache info`` shows."""

    directory: Path
    database: Path
    entries: int
    size_bytes: int  # database files on disk
    max_bytes: int
    ttl: float
    warnings: tuple[str, ...] = ()  # see ResponseCache.warnings

    def lines(self) -> list[str]:
        """Human-readable summary, one fact per line (CLI and command palette)."""
        return [
            f"Location: {self.directory}",
            f"Entries:  {self.entries}",
            f"Size:     {format_size(self.size_bytes)} (limit {format_size(self.max_bytes)})",
            f"Fresh for {format_age(self.ttl)}; older entries are only shown offline.",
            *self.warnings,
        ]


def format_size(size: float) -> str:
    """``1.5 MB`` style, binary units."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def format_age(seconds: float) -> str:
    """``45 s`` / ``3 min`` / ``2 h`` / ``7 days``: how the UI says "cached 3 min ago"."""
    seconds = max(0.0, seconds)
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds // 3600:.0f} h"
    return f"{seconds // 86400:.0f} days"


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _pack(body: bytes) -> bytes:
    # imported at the first write, which is never on the way to a first frame
    from isal import isal_zlib

    return _FORMAT + isal_zlib.compress(body, 1)


def _unpack(blob: object) -> bytes:
    if not isinstance(blob, bytes) or not blob.startswith(_FORMAT):
        raise _CorruptEntry("unknown entry format")
    try:
        return zlib.decompress(blob[1:])
    except zlib.error as exc:
        raise _CorruptEntry(str(exc)) from None


class ResponseCache:
    """The response cache in ``directory`` (created 0700 on first write, files 0600).

    Thread-safe; the ``a*`` methods run the blocking SQLite work in a worker thread.
    Safe to share between processes (SQLite WAL with a busy timeout).
    """

    def __init__(self, directory: Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.time) -> None:
        self.directory = Path(directory)
        self.path = self.directory / FILENAME
        self.max_bytes = max(1, int(max_bytes))
        self.ttl = float(ttl)
        self.clock = clock
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._warned = False
        #: Why the open database cannot be written (None: it can, or it is not open yet).
        self.read_only: str | None = None

    def __repr__(self) -> str:
        return f"ResponseCache({str(self.directory)!r})"

    # -- files and connection ------------------------------------------------------

    def _files(self) -> list[Path]:
        return [self.path, *(Path(f"{self.path}{s}") for s in SIDE_SUFFIXES)]

    def _connect(self) -> sqlite3.Connection:
        if self._conn is not None:
            return self._conn
        make_private_dir(self.directory)
        self.read_only = why_read_only(self.directory, self.path)
        self._conn = (connect_read_only(self.path, BUSY_TIMEOUT, SCHEMA_VERSION)
                      if self.read_only else self._open())
        return self._conn

    def _open(self) -> sqlite3.Connection:
        # Create the file 0600 ourselves: SQLite gives its -wal/-shm files the same mode.
        os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
        try:
            conn.execute("PRAGMA synchronous=NORMAL")
            # Keep the WAL small next to the cap (the defaults let it reach ~4 MB).
            wal_pages = max(16, min(1000, self.max_bytes // 4096 // 10))
            conn.execute(f"PRAGMA wal_autocheckpoint={wal_pages}")
            conn.execute(f"PRAGMA journal_size_limit={wal_pages * 4096}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:  # new (0) or older: set up, in a write transaction
                self._create_schema(conn, version)
        except BaseException:
            conn.close()
            raise
        self._chmod_files()
        return conn

    def warnings(self) -> list[str]:
        """What the user should hear once about this cache (see
        :func:`tui.core.cache_files.warnings`). Opens nothing."""
        return warnings(self.directory, self.path)

    @staticmethod
    def _create_schema(conn: sqlite3.Connection, version: int) -> None:
        """Set up a new file (or one of an older schema); an up-to-date one skips this
        (it is a write, on the way to a cached start's first frame)."""
        conn.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes effect on a new file only
        conn.execute("PRAGMA journal_mode=WAL")  # persistent: stored in the file
        if version != 0:
            conn.execute("DROP TABLE IF EXISTS entries")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, size INTEGER NOT NULL,"
            " stored_at REAL NOT NULL, accessed_at REAL NOT NULL, body BLOB NOT NULL)")
        conn.execute("CREATE INDEX IF NOT EXISTS entries_lru ON entries(accessed_at, size)")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _chmod_files(self) -> None:
        for path in self._files():
            with contextlib.suppress(OSError):
                os.chmod(path, 0o600)

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None

    def _remove_files(self) -> None:
        self._drop_connection()
        for path in self._files():
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _run(self, op: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``op`` under the lock; a corrupt database is deleted and ``op`` retried once."""
        with self._lock:
            try:
                return op(self._connect())
            except sqlite3.DatabaseError as exc:
                if not _is_corrupt(exc) or self.read_only:
                    raise
                log.warning("Response cache %s is corrupt (%s); recreating it.", self.path, exc)
                self._remove_files()
            return op(self._connect())

    def _skip(self, what: str, exc: BaseException) -> None:
        level = logging.DEBUG if self._warned else logging.WARNING
        self._warned = True
        log.log(level, "Response cache %s: %s skipped (%s: %s)", self.directory, what,
                type(exc).__name__, exc)

    # -- entries -----------------------------------------------------------------------

    def get(self, key: str) -> CacheEntry | None:
        """The entry for ``key`` (fresh or not), or ``None``; never raises."""
        try:
            return self._run(lambda conn: self._get(conn, key))
        except (sqlite3.Error, OSError) as exc:
            self._skip("read", exc)
            return None

    def _get(self, conn: sqlite3.Connection, key: str) -> CacheEntry | None:
        row = conn.execute("SELECT stored_at, accessed_at, body FROM entries WHERE key = ?",
                           (key,)).fetchone()
        if row is None:
            return None
        stored_at, accessed_at, blob = row
        try:
            if not isinstance(stored_at, int | float) or not isinstance(accessed_at, int | float):
                raise _CorruptEntry("bad timestamps")
            body = _unpack(blob)
        except _CorruptEntry as exc:
            log.warning("Dropping a corrupt response cache entry (%s).", exc)
            if not self.read_only:
                conn.execute("DELETE FROM entries WHERE key = ?", (key,))
            return None
        now = self.clock()
        if now - accessed_at > TOUCH_INTERVAL and not self.read_only:
            conn.execute("UPDATE entries SET accessed_at = ? WHERE key = ?", (now, key))
        return CacheEntry(body, float(stored_at), now - stored_at < self.ttl)

    def put(self, key: str, body: bytes, *, stored_at: float | None = None) -> bool:
        """Store ``body`` under ``key`` (received at ``stored_at``, default now), evicting old
        entries; ``False`` when skipped."""
        blob = _pack(body)  # outside the lock: a read waiting for it is a request delayed
        try:
            return self._run(lambda conn: self._put(conn, key, blob, stored_at))
        except (sqlite3.Error, OSError) as exc:
            self._skip("write", exc)
            return False

    def _put(self, conn: sqlite3.Connection, key: str, blob: bytes,
             stored_at: float | None) -> bool:
        size = len(blob) + len(key) + ROW_OVERHEAD
        if size > self.max_bytes * LOW_WATER or self.read_only:
            return False
        now = self.clock() if stored_at is None else stored_at
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("INSERT OR REPLACE INTO entries (key, size, stored_at, accessed_at, body)"
                         " VALUES (?, ?, ?, ?, ?)", (key, size, now, now, blob))
            evicted = self._evict(conn, keep=key)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        if evicted:
            conn.execute("PRAGMA incremental_vacuum")
        return True

    def _evict(self, conn: sqlite3.Connection, *, keep: str) -> int:
        total = conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0]
        if total <= self.max_bytes:
            return 0
        excess = total - int(self.max_bytes * LOW_WATER)
        victims: list[tuple[str]] = []
        for victim, size in conn.execute(
                "SELECT key, size FROM entries WHERE key != ? ORDER BY accessed_at, rowid",
                (keep,)):
            victims.append((victim,))
            excess -= size
            if excess <= 0:
                break
        conn.executemany("DELETE FROM entries WHERE key = ?", victims)
        return len(victims)

    def delete(self, key: str) -> None:
        """Forget ``key``; never raises."""
        try:
            self._run(lambda conn: self._delete(conn, key))
        except (sqlite3.Error, OSError) as exc:
            self._skip("delete", exc)

    def _delete(self, conn: sqlite3.Connection, key: str) -> None:
        if not self.read_only:
            conn.execute("DELETE FROM entries WHERE key = ?", (key,))

    async def aget(self, key: str) -> CacheEntry | None:
        return await asyncio.to_thread(self.get, key)

    async def aput(self, key: str, body: bytes, *, stored_at: float | None = None) -> bool:
        return await asyncio.to_thread(lambda: self.put(key, body, stored_at=stored_at))

    async def adelete(self, key: str) -> None:
        await asyncio.to_thread(self.delete, key)

    # -- commands ----------------------------------------------------------------------

    def _check_directory(self, action: str) -> None:
        if self.directory.exists() and not self.directory.is_dir():
            raise CacheError(f"Cannot {action} the response cache: {self.directory} "
                             "is not a directory.")
        if self.directory.is_dir() and not os.access(self.directory, os.R_OK | os.X_OK):
            raise CacheError(f"Cannot {action} the response cache: {self.directory} "
                             "is not readable.")

    def info(self) -> CacheInfo:
        """Location, entry count and size on disk (does not create the cache)."""
        self._check_directory("read")
        entries = 0
        try:
            if self.path.exists():
                entries = self._run(
                    lambda conn: conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0])
            size = sum(p.stat().st_size for p in self._files() if p.exists())
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(f"Cannot read the response cache in {self.directory}: {exc}") from None
        return CacheInfo(self.directory, self.path, entries, size, self.max_bytes, self.ttl,
                         tuple(self.warnings()))

    def clear(self) -> int:
        """Delete every entry (of every user) and shrink the files; the number removed."""
        self._check_directory("clear")
        if not self.path.exists() and self._conn is None:
            return 0
        reason = why_read_only(self.directory, self.path)
        if reason:
            raise CacheError(f"Cannot clear the response cache in {self.directory}: it is "
                             f"read-only ({reason}).")
        try:
            removed = self._run(self._clear)
        except (sqlite3.Error, OSError) as exc:
            raise CacheError(f"Cannot clear the response cache in {self.directory}: {exc}"
                             ) from None
        with self._lock, contextlib.suppress(sqlite3.Error, OSError):
            conn = self._connect()
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    @staticmethod
    def _clear(conn: sqlite3.Connection) -> int:
        count = conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
        conn.execute("DELETE FROM entries")
        return count

    def close(self) -> None:
        """Close the database (it reopens on next use)."""
        with self._lock:
            self._drop_connection()
