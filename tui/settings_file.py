"""The user's config file (JSON under the platformdirs config dir): remembered preferences.

No textual here. Reads never fail (a missing, unreadable or corrupt file is an empty config);
writes are atomic (temp file + rename), owner-readable only, and failures are reported as
``False`` rather than raised: losing a preference must never stop the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui import locations
from tui.core.atomic import write_atomic
from tui.core.jsonio import loads

THEME_KEY = "theme"


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The config as a dict; ``{}`` when the file is missing, unreadable or not a JSON object."""
    path = path or locations.config_file()
    try:
        data = loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def update_config(changes: dict[str, Any], path: Path | None = None) -> bool:
    """Merge ``changes`` into the config and save it atomically; ``True`` when saved."""
    path = path or locations.config_file()
    data = {**read_config(path), **changes}
    import json  # the stdlib's, for its readable layout; loaded only to write

    try:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        locations.ensure_private_dir(path.parent)
        write_atomic(path, text.encode())
    except (OSError, TypeError, ValueError):
        return False
    return True


def remembered_theme(path: Path | None = None) -> str | None:
    """The theme name saved by :func:`remember_theme`, if any."""
    value = read_config(path).get(THEME_KEY)
    return value.strip() if isinstance(value, str) and value.strip() else None


def remember_theme(name: str, path: Path | None = None) -> bool:
    """Save ``name`` as the theme to start with next time."""
    return update_config({THEME_KEY: name}, path)
