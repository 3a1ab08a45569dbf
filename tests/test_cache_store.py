"""The SQLite response store on its own: corruption, eviction, TTL, permissions, sharing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tui.core.cache import TOUCH_INTERVAL, ResponseCache, format_age, format_size
from tui.core.cache_key import cache_key, token_identity
from tui.core.claims import read_claims


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def rows(cache: ResponseCache) -> int:
    with sqlite3.connect(cache.path) as db:
        count = db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    db.close()
    return count


def test_round_trip_and_freshness(tmp_path: Path) -> None:
    clock = Clock()
    cache = ResponseCache(tmp_path, ttl=100, clock=clock)
    assert cache.get("k") is None
    assert cache.put("k", b'{"a": 1}')
    entry = cache.get("k")
    assert entry is not None and entry.body == b'{"a": 1}' and entry.fresh
    assert entry.stored_at == clock.now
    clock.now += 101
    entry = cache.get("k")
    assert entry is not None and not entry.fresh and entry.body == b'{"a": 1}'


def test_entries_are_zlib_whoever_wrote_them(tmp_path: Path) -> None:
    """Bodies are compressed with ISA-L but stay zlib streams: a cache written by an
    earlier version (stdlib zlib) reads, and one written now reads with the stdlib."""
    body = b'{"components": [' + b'{"displayName": "Door"},' * 2000 + b'{}]}'
    cache = ResponseCache(tmp_path)
    assert cache.put("new", body)
    with sqlite3.connect(cache.path) as db:
        blob = db.execute("SELECT body FROM entries WHERE key = 'new'").fetchone()[0]
        assert blob[:1] == b"\x01" and zlib.decompress(blob[1:]) == body
        db.execute("INSERT INTO entries (key, size, stored_at, accessed_at, body)"
                   " VALUES ('old', 1, 0, 0, ?)", (b"\x01" + zlib.compress(body, 6),))
    db.close()
    entry = cache.get("old")
    assert entry is not None and entry.body == body


@pytest.mark.parametrize("damage", [
    "UPDATE entries SET body = substr(body, 1, length(body) - 5)",
    "UPDATE entries SET body = x'00112233'",
    "UPDATE entries SET body = 'text, not a blob'",
    "UPDATE entries SET stored_at = 'yesterday'",
])
def test_corrupt_entry_is_ignored_and_removed(tmp_path: Path, damage: str) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", b'{"components": []}' * 50)
    cache.put("other", b"{}")
    with sqlite3.connect(cache.path) as db:
        db.execute(damage + " WHERE key = 'k'")
    db.close()
    assert cache.get("k") is None
    assert rows(cache) == 1
    assert cache.get("other") is not None


@pytest.mark.parametrize("garbage", [b"not a database at all" * 100, b""])
def test_corrupt_database_file_is_recreated(tmp_path: Path, garbage: bytes) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", b"{}")
    cache.close()
    (tmp_path / "responses.sqlite3").write_bytes(garbage)
    for side in ("-wal", "-shm"):
        Path(f"{cache.path}{side}").unlink(missing_ok=True)
    cache = ResponseCache(tmp_path)
    assert cache.get("k") is None
    assert cache.put("k2", b"[]")
    assert cache.get("k2") is not None
    assert cache.info().entries == 1


def test_truncated_database_file_is_recreated(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    for i in range(50):
        cache.put(f"k{i}", os.urandom(3000))
    cache.close()  # checkpoints the WAL into the main file
    path = tmp_path / "responses.sqlite3"
    assert path.stat().st_size > 100_000
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 3)
    cache = ResponseCache(tmp_path)
    for i in range(50):  # none may raise; whatever survives is intact
        entry = cache.get(f"k{i}")
        assert entry is None or len(entry.body) == 3000
    assert cache.put("new", b"{}") and cache.get("new") is not None


def test_lru_eviction_keeps_the_size_cap(tmp_path: Path) -> None:
    clock = Clock()
    cap = 64 * 1024
    cache = ResponseCache(tmp_path, max_bytes=cap, clock=clock)
    cache.put("precious", os.urandom(2000))
    for i in range(100):
        clock.now += TOUCH_INTERVAL + 1
        assert cache.put(f"k{i}", os.urandom(2000))  # incompressible
        assert cache.get("precious") is not None  # read often: most recently used
        with sqlite3.connect(cache.path) as db:
            total = db.execute("SELECT SUM(size) FROM entries").fetchone()[0]
        db.close()
        assert total <= cap
    assert cache.get("k0") is None  # least recently used went first
    assert cache.get("k99") is not None
    assert 20 < cache.info().entries < 40
    assert cache.info().size_bytes < 4 * cap  # database, WAL and its index together


def test_an_entry_larger_than_the_cap_is_not_stored(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path, max_bytes=10_000)
    cache.put("small", b"{}")
    assert not cache.put("huge", os.urandom(20_000))
    assert cache.get("small") is not None and cache.get("huge") is None


def test_files_are_owner_only_even_with_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cache = ResponseCache(tmp_path / "a" / "cache")
        cache.put("k", b"{}")
        cache.get("k")
    finally:
        os.umask(old)
    assert (tmp_path / "a" / "cache").stat().st_mode & 0o777 == 0o700
    files = list((tmp_path / "a" / "cache").iterdir())
    assert {p.name for p in files} >= {"responses.sqlite3", "responses.sqlite3-wal"}
    for path in files:
        assert path.stat().st_mode & 0o777 == 0o600, path


def test_clear_removes_everything_and_info_reports(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    info = cache.info()
    assert (info.entries, info.size_bytes) == (0, 0)
    assert not (tmp_path / "c").exists()  # info never creates the cache
    for i in range(10):
        cache.put(f"k{i}", os.urandom(5000))
    info = cache.info()
    assert info.entries == 10 and info.size_bytes > 50_000
    assert cache.clear() == 10
    assert cache.get("k1") is None
    assert cache.info().entries == 0
    assert cache.info().size_bytes <= 64 * 1024  # empty tables and the WAL index


def test_two_instances_write_at_once(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from tui.core.cache import ResponseCache\n"
        "c = ResponseCache(Path(sys.argv[1]))\n"
        "assert all(c.put(f'child{i}', b'x' * 2000) for i in range(300))\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)])
    cache = ResponseCache(tmp_path)
    stored = [cache.put(f"parent{i}", b"y" * 2000) for i in range(300)]
    assert child.wait(timeout=60) == 0
    assert all(stored)
    assert cache.info().entries == 600
    with sqlite3.connect(cache.path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()


def test_identity_hashes_user_claims_not_the_token() -> None:
    import base64

    def jwt(payload: bytes) -> str:
        return "e30." + base64.urlsafe_b64encode(payload).decode().rstrip("=") + ".sig"

    a1 = jwt(b'{"sub":"alice","org":"acme","exp":1}')
    a2 = jwt(b'{"sub":"alice","org":"acme","exp":2}')
    b = jwt(b'{"sub":"bob","org":"acme","exp":1}')
    assert read_claims(a1) == {"sub": "alice", "org": "acme", "exp": 1}
    assert token_identity(a1) == token_identity(a2) != token_identity(b)
    assert token_identity("opaque-1") != token_identity("opaque-2")
    assert token_identity(jwt(b'{"exp":1}')) != token_identity(jwt(b'{"exp":2}'))
    assert read_claims("a.%%%.c") == {} and read_claims("no-dots") == {}
    ident = token_identity("secret-token-XYZ")
    assert "secret" not in ident and len(ident) == 64
    key = cache_key("GET", "https://h/x?a=1", None, ident)
    assert key != cache_key("GET", "https://h/x?a=1", "return=minimal", ident)
    assert key != cache_key("GET", "https://h/x?a=2", None, ident)
    assert key != cache_key("GET", "https://h/x?a=1", None, token_identity("other"))


def test_human_formats() -> None:
    assert format_size(512) == "512 bytes"
    assert format_size(200 * 1024 * 1024) == "200.0 MB"
    assert [format_age(s) for s in (5, 180, 7200, 7 * 86400)] == [
        "5 s", "3 min", "2 h", "7 days"]
