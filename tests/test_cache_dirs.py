"""Cache directories the app did not make: read-only ones, and ones others can read.

A read-only cache is opened read-only (offline reads keep working, ``cache info`` works and
says so, ``cache clear`` fails in words). A directory the app did not create — a symlink
somewhere else, say — keeps its mode; the app warns when others can read it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from ui_pilot import SIZE, make_app, wait_for

from tui import locations
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.fake import DEMO_TOKEN

ROOT = Path(__file__).resolve().parents[1]

# What a second run reads offline, in a process of its own: the page's first id, whether it
# came from the cache, and the cache's warnings.
OFFLINE_READ = """
import asyncio, sys
from pathlib import Path
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient

async def main():
    cache = ResponseCache(Path(sys.argv[1]))
    async with ItwinClient(sys.argv[2], sys.argv[3], cache=cache) as client:
        page = await client.components(top=20).next_page(refresh=True)
    print(page.items[0].id, page.from_cache)
    print(*cache.warnings(), sep="\\n")

asyncio.run(main())
"""


def read_only(directory: Path) -> list[str]:
    """A command prefix that runs a command with ``directory`` read-only. Root writes
    anywhere, so for root a read-only bind mount in a user namespace (a real EROFS);
    other users get ``chmod 0500``."""
    if os.geteuid() != 0:
        directory.chmod(0o500)
        return []
    if not shutil.which("unshare") or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True, check=False).returncode:
        pytest.skip("needs unshare (user namespaces) to make a read-only mount as root")
    script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
    return ["unshare", "-rm", "sh", "-c", script, str(directory)]


@pytest.fixture
def cached(server, tmp_path: Path):
    """A cache holding the first components page, then the API gone (offline)."""
    directory = tmp_path / "cache"

    async def fill() -> str:
        async with ItwinClient(server.base_url, DEMO_TOKEN,
                               cache=ResponseCache(directory)) as client:
            page = await client.components(top=20).next_page()
        return page.items[0].id

    yield directory, fill
    directory.chmod(0o700)  # let pytest clean up


def _run(prefix: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"}, check=False)


async def test_a_read_only_cache_still_serves_offline_reads(server, cached) -> None:
    directory, fill = cached
    first_id = await fill()
    base_url = server.base_url
    server.stop()
    done = _run(read_only(directory), sys.executable, "-c", OFFLINE_READ, str(directory),
                base_url, DEMO_TOKEN)
    assert done.returncode == 0, done.stderr
    shown, warning = done.stdout.splitlines()[:2]
    assert shown == f"{first_id} True"
    assert "read-only" in warning and str(directory) in warning
    assert "Errno" not in done.stdout + done.stderr


async def test_cache_info_works_read_only_and_clear_fails_in_words(cached) -> None:
    directory, fill = cached
    await fill()
    prefix = read_only(directory)
    tui = (sys.executable, "-m", "tui", "--cache-dir", str(directory), "cache")
    info = _run(prefix, *tui, "info")
    assert info.returncode == 0, info.stderr
    assert "Entries:  1" in info.stdout and "read-only" in info.stdout
    clear = _run(prefix, *tui, "clear")
    assert clear.returncode == 1
    assert "Cannot clear the response cache" in clear.stderr and "read-only" in clear.stderr
    assert "Errno" not in clear.stderr and "Traceback" not in clear.stderr
    assert ResponseCache(directory).info().entries == 1


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_symlinked_cache_dir_keeps_its_mode_and_is_warned_about(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    link = tmp_path / "cache-link"
    link.symlink_to(shared, target_is_directory=True)
    cache = ResponseCache(link)
    assert cache.put("k", b"{}")
    cache.close()
    assert _mode(shared) == 0o755, "the app must not change a directory it did not create"
    [warning] = cache.warnings()
    assert "readable by other users" in warning and str(link) in warning
    assert "chmod 700" in warning


def test_directories_the_app_creates_are_private_and_others_keep_their_mode(
        tmp_path: Path) -> None:
    new = tmp_path / "a" / "b"
    assert ResponseCache(new).put("k", b"{}")
    assert _mode(new) == 0o700 and ResponseCache(new).warnings() == []
    assert _mode(locations.ensure_private_dir(tmp_path / "config")) == 0o700
    existing = tmp_path / "mine"
    existing.mkdir()
    existing.chmod(0o750)
    link = tmp_path / "config-link"
    link.symlink_to(existing, target_is_directory=True)
    locations.ensure_private_dir(link)
    assert _mode(existing) == 0o750


async def test_the_app_warns_once_about_a_cache_others_can_read(server, tmp_path: Path
                                                                 ) -> None:
    directory = tmp_path / "cache"
    directory.mkdir()
    directory.chmod(0o755)
    async with ItwinClient(server.base_url, DEMO_TOKEN,
                           cache=ResponseCache(directory)) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
            await pilot.pause(0.1)
            shown = [n.message for n in app._notifications]
    assert len([m for m in shown if "readable by other users" in m]) == 1, shown
    assert _mode(directory) == 0o755


def test_print_mode_warns_on_stderr_about_a_cache_others_can_read(server, tmp_path: Path
                                                                  ) -> None:
    """One line on stderr, in the words of the app and ``cache info``; the data is printed."""
    directory = tmp_path / "cache"
    directory.mkdir()
    directory.chmod(0o755)
    env = {**os.environ, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN}
    done = subprocess.run([sys.executable, "-m", "tui", "--base-url", server.base_url,
                           "--cache-dir", str(directory), "catalog", "--format", "jsonl",
                           "--limit", "3"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    [warning] = ResponseCache(directory).warnings()
    assert done.stderr.splitlines() == [f"itwin-tui: {warning}"]
    assert len(done.stdout.splitlines()) == 3
    info = subprocess.run([sys.executable, "-m", "tui", "--cache-dir", str(directory),
                           "cache", "info"], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=60)
    assert warning in info.stdout.splitlines()
