"""What the app does with profiles that is not Textual: their label in the top bar, the
settings of another profile (the file read again), and remembering the theme in the right
table of ``config.toml``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui import locations

if TYPE_CHECKING:
    from tui.config import Config, Resolved


def profile_label(config: Config | None, profile: str) -> str:
    """The name the top bar shows: the profile's, once the file has profiles; else none."""
    return profile if config is not None and config.file.profiles else ""


def other_profiles(config: Config | None, current: str) -> list[str]:
    """The profiles the palette offers to switch to."""
    if config is None or not config.file.profiles:
        return []
    return [name for name in config.profiles if name != current]


def reload(config: Config, profile: str) -> tuple[Config, Resolved]:
    """``profile``'s settings with the file read again (it may have been edited since), the
    command line and environment of the run unchanged. Raises ``ProfileError``."""
    from tui.config import Config
    from tui.config_file import read_config

    fresh = Config(read_config(config.file.path), config.flags, config.environ,
                   config.chosen_by)
    return fresh, fresh.resolve(profile)


def remember_theme(config: Config | None, profile: str, name: str) -> str | None:
    """Save ``name`` as the theme: in the profile's table when it sets a theme, else at the
    top of the file. Returns why it could not be saved, or None."""
    from tui.config_write import WriteError, write_value

    path = config.file.path if config is not None else locations.config_file()
    table = config.file.profiles.get(profile, {}) if config is not None else {}
    key = ("profiles", profile, "theme") if "theme" in table else ("theme",)
    try:
        write_value(path, key, name)
    except WriteError as exc:
        return f"The theme is used, but could not be saved: {exc}"
    if config is not None:  # what the file says now
        (table if "theme" in table else config.file.values)["theme"] = name
    return None
