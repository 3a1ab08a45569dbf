"""The settings of a run (no textual): what :mod:`tui.resolve` makes of the command line, the
environment and ``config.toml``, plus the screen and deep link the command line asks for.

Every field that is a setting is an option of :mod:`tui.options` of the same name (its
default comes from there); the rest say where the app keeps things and what it opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui import locations
from tui.options import BY_NAME, DEFAULT_PROFILE

DEMO_BASE_URL = "https://demo.itwin-tui.invalid"


def _default(name: str) -> Any:
    return BY_NAME[name].default


@dataclass(slots=True)
class Settings:
    """Everything the app needs to start; built by :mod:`tui.resolve`."""

    profile: str = DEFAULT_PROFILE
    demo: bool = False
    base_url: str = _default("base_url")
    token: str | None = field(default=None, repr=False)  # never in a repr or log
    token_file: Path | None = None
    authority: str | None = None  # default in tui.core.oauth
    client_id: str | None = None  # with a secret: a service app
    client_secret: str | None = field(default=None, repr=False)
    client_secret_env: str | None = None  # the variable the profile's secret was read from
    redirect_uri: str | None = None  # login loopback; default in tui.core.login
    scopes: str | None = None  # default signin.API_SCOPE
    cache_dir: Path = field(default_factory=locations.cache_dir)
    credentials_file: Path = field(default_factory=locations.credentials_file)
    download_dir: Path = field(default_factory=locations.download_dir)
    no_cache: bool = False
    cache_max_mb: float = _default("cache_max_mb")  # least recently used entries go first
    cache_ttl_hours: float = _default("cache_ttl_hours")  # older entries only offline
    request_deadline: float = _default("request_deadline")  # seconds
    download_deadline: float = _default("download_deadline")  # seconds
    max_rows: int = _default("max_rows")  # paging stops there
    theme: str | None = None
    clipboard: str = _default("clipboard")  # auto | osc52 | off
    # where this profile keeps its things (tui.resolve.profile_paths)
    recent_file: Path = field(default_factory=locations.recent_file)
    keyring_account: str = "sign-in"
    config_file: Path | None = None  # --config PATH (passed on to the apps ``serve`` starts)
    # what the command line opens
    screen: str = "catalog"  # a mode of tui.registry, or analytics
    search: str | None = None  # catalog --search
    project_id: str | None = None  # catalog --project-id
    catalogs: str | None = None  # catalog --catalogs (comma-separated ids)
    minimal: bool = False  # catalog --minimal
    brand_id: str | None = None
    imodel_id: str | None = None

    @classmethod
    def from_env(cls, **given: Any) -> Settings:
        """The default profile's settings from the environment and ``given`` values (as if
        on the command line), without a config file."""
        import os

        from tui.config_file import ConfigFile
        from tui.resolve import Config

        empty = ConfigFile(locations.config_file())
        return Config(empty, given, dict(os.environ)).resolve().settings
