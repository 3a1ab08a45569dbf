"""Run-time settings gathered from the command line and the environment (no textual)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from tui import locations
from tui.core.limits import DOWNLOAD_DEADLINE, MAX_ROWS, REQUEST_DEADLINE
from tui.core.transport import DEFAULT_BASE_URL

DEMO_BASE_URL = "https://demo.itwin-tui.invalid"


@dataclass(slots=True)
class Settings:
    """Everything the app needs to start; built by ``tui.cli``."""

    demo: bool = False
    base_url: str = DEFAULT_BASE_URL
    token: str | None = field(default=None, repr=False)  # never in a repr or log
    token_file: Path | None = None
    authority: str | None = None  # $ITWIN_AUTHORITY / $ITP_ISSUER_URL; see tui.core.oauth
    client_id: str | None = None  # --client-id / $ITWIN_CLIENT_ID (+ secret: service app)
    client_secret: str | None = field(default=None, repr=False)  # $ITWIN_CLIENT_SECRET / ITP_…
    redirect_uri: str | None = None  # login loopback; default in tui.core.login
    scopes: str | None = None  # $ITWIN_SCOPES; default signin.API_SCOPE
    cache_dir: Path = field(default_factory=locations.cache_dir)
    credentials_file: Path = field(default_factory=locations.credentials_file)
    download_dir: Path = field(default_factory=locations.download_dir)
    no_cache: bool = False
    cache_max_mb: float = 200.0  # $ITWIN_TUI_CACHE_MAX_MB; least recently used entries go first
    cache_ttl_hours: float = 168.0  # $ITWIN_TUI_CACHE_TTL_HOURS; older entries only offline
    request_deadline: float = REQUEST_DEADLINE  # $ITWIN_TUI_REQUEST_DEADLINE, seconds
    download_deadline: float = DOWNLOAD_DEADLINE  # $ITWIN_TUI_DOWNLOAD_DEADLINE, seconds
    max_rows: int = MAX_ROWS  # $ITWIN_TUI_MAX_ROWS: paging stops there
    theme: str | None = None
    screen: str = "catalog"  # a mode of tui.registry (catalog, brands…), or analytics
    search: str | None = None  # catalog --search
    project_id: str | None = None  # catalog --project-id
    catalogs: str | None = None  # catalog --catalogs (comma-separated ids)
    minimal: bool = False  # catalog --minimal
    brand_id: str | None = None
    imodel_id: str | None = None

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults from ``$ITWIN_API_URL`` / ``$ITP_API_URL`` and ``$ITWIN_ACCESS_TOKEN``."""
        env_url = os.environ.get("ITWIN_API_URL") or os.environ.get("ITP_API_URL")
        settings = cls(base_url=env_url or DEFAULT_BASE_URL,
                       token=os.environ.get("ITWIN_ACCESS_TOKEN") or None)
        _auth_from_env(settings)
        for key, var in _POSITIVE_NUMBERS:
            with contextlib.suppress(ValueError):  # an unparsable value keeps the default
                value = float(os.environ.get(var) or "nan")
                if 0 < value < float("inf"):
                    setattr(settings, key, type(getattr(settings, key))(value))
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        return settings


#: Settings read from the environment as positive numbers (anything else keeps the default).
_POSITIVE_NUMBERS = (("cache_max_mb", "ITWIN_TUI_CACHE_MAX_MB"),
                     ("cache_ttl_hours", "ITWIN_TUI_CACHE_TTL_HOURS"),
                     ("request_deadline", "ITWIN_TUI_REQUEST_DEADLINE"),
                     ("download_deadline", "ITWIN_TUI_DOWNLOAD_DEADLINE"),
                     ("max_rows", "ITWIN_TUI_MAX_ROWS"))


def _auth_from_env(settings: Settings) -> None:
    """Authority, client id/secret (pairs kept together) and scopes from the environment."""
    env = os.environ
    settings.authority = env.get("ITWIN_AUTHORITY") or env.get("ITP_ISSUER_URL") or None
    settings.scopes = env.get("ITWIN_SCOPES") or None
    settings.redirect_uri = env.get("ITWIN_REDIRECT_URI") or None
    pairs = (("ITWIN_CLIENT_ID", "ITWIN_CLIENT_SECRET"),
             ("ITP_SERVICE_CLIENT_ID", "ITP_SERVICE_CLIENT_SECRET"))
    for id_var, secret_var in pairs:
        if env.get(id_var) and env.get(secret_var):
            settings.client_id, settings.client_secret = env[id_var], env[secret_var]
            return
    settings.client_id = env.get("ITWIN_CLIENT_ID") or None
