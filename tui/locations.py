"""Every filesystem location the app uses, in one place (platformdirs-based)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from tui.core.dirs import make_private_dir

APP_NAME = "itwin-tui"


def cache_dir() -> Path:
    """Response cache root (honours ``XDG_CACHE_HOME`` on Linux)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Config root: config.toml, the fallback refresh-token file (per profile under
    ``profiles/NAME``)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """``config.toml``: settings, profiles, keys (``--config``/``$ITWIN_TUI_CONFIG`` aside)."""
    return config_dir() / "config.toml"


def legacy_config_file() -> Path:
    """The JSON file earlier versions kept the theme in; taken over once (tui.config_write)."""
    return config_dir() / "config.json"


def credentials_file() -> Path:
    """The sign-in of ``itwin-tui login`` where no system keyring is used."""
    return config_dir() / "credentials.json"


def recent_file() -> Path:
    """Recently opened brand and iModel ids."""
    return state_dir() / "recent.json"


def log_dir() -> Path:
    """Where a crash report is written (``~/.local/state/itwin-tui/log`` on Linux)."""
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Small persistent state: recent brand and iModel ids."""
    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def download_dir() -> Path:
    """Where analytics CSV files are saved by default."""
    return Path(platformdirs.user_downloads_dir())


def styles_dir() -> Path:
    """The ``.tcss`` files: inside the installed package, or top-level ``styles/`` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "styles"
    if packaged.is_dir():
        return packaged
    return here.parent / "styles"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only, if it is missing; an existing
    directory (or a symlink to one) keeps its mode (see :mod:`tui.core.dirs`)."""
    make_private_dir(path)
    return path
