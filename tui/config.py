"""Run-time settings gathered from the command line and the environment (no textual)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tui import locations
from tui.core.client import DEFAULT_BASE_URL

DEMO_BASE_URL = "https://demo.itwin-tui.invalid"


@dataclass(slots=True)
class Settings:
    """Everything the app needs to start; built by ``tui.cli``."""

    demo: bool = False
    base_url: str = DEFAULT_BASE_URL
    token: str | None = None
    token_file: Path | None = None
    authority: str | None = None
    cache_dir: Path = field(default_factory=locations.cache_dir)
    download_dir: Path = field(default_factory=locations.download_dir)
    no_cache: bool = False
    theme: str | None = None
    screen: str = "catalog"  # catalog | brands | connections | analytics
    search: str | None = None  # catalog --search
    brand_id: str | None = None
    imodel_id: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults from ``$ITWIN_API_URL`` / ``$ITP_API_URL`` and ``$ITWIN_ACCESS_TOKEN``."""
        env_url = os.environ.get("ITWIN_API_URL") or os.environ.get("ITP_API_URL")
        settings = cls(base_url=env_url or DEFAULT_BASE_URL,
                       token=os.environ.get("ITWIN_ACCESS_TOKEN") or None)
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        return settings
