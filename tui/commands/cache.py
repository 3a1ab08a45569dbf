"""``itwin-tui cache info|clear``: show or empty the response cache."""

from __future__ import annotations

import sys

from tui.config import Settings
from tui.core.cache import CacheError, ResponseCache


def run_cache_command(action: str, settings: Settings) -> int:
    """``info`` prints location, entries and size; ``clear`` empties it. 0 on success, 1 not."""
    cache = ResponseCache(settings.cache_dir, max_bytes=int(settings.cache_max_mb * 1024 * 1024),
                          ttl=settings.cache_ttl_hours * 3600.0)
    try:
        if action == "info":
            print("\n".join(cache.info().lines()))
            if settings.no_cache:
                print("(--no-cache: the app would neither read nor write it)")
            return 0
        if action == "clear":
            removed = cache.clear()
            noun = "entry" if removed == 1 else "entries"
            print(f"Cleared the response cache in {cache.directory} ({removed} {noun} removed).")
            return 0
    except CacheError as exc:
        print(f"itwin-tui: {exc}", file=sys.stderr)
        return 1
    finally:
        cache.close()
    print(f"itwin-tui: unknown cache action {action!r} (use info or clear)", file=sys.stderr)
    return 1
