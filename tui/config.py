"""The settings of a run (no textual), and where each comes from: the command line, then the
environment, then the profile's table, then the top of ``config.toml``, then the built-in
default (:mod:`tui.options` lists them all).

:class:`Settings` holds them with the screen and deep link the command line asks for;
:class:`Config` (the file with this run's command line and environment) resolves any
profile's settings. Each profile keeps its own cache, recent ids and stored sign-in
(:func:`profile_paths`); the default profile keeps today's locations, so nothing is lost by
upgrading.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tui import locations
from tui.config_file import ConfigFile, Problem, read_config
from tui.core.records import Record
from tui.options import (
    BY_NAME,
    DEFAULT_PROFILE,
    OPTIONS,
    Option,
    parse_env,
    show_value,
)

DEMO_BASE_URL = "https://demo.itwin-tui.invalid"


def _default(name: str) -> Any:
    return BY_NAME[name].default


@dataclass(slots=True, init=False, repr=False, eq=False)
class Settings(Record):
    """Everything the app needs to start; built by :mod:`tui.config`. No repr: settings hold
    secrets and are never printed whole; not compared. ``Settings(name=value, …)``: any
    field not given has its default."""

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
    watch_interval: float = _default("watch_interval")  # seconds between checks (w)
    watch_bell: bool = _default("watch_bell")  # the bell when a watched run ends
    # where this profile keeps its things (tui.config.profile_paths)
    recent_file: Path = field(default_factory=locations.recent_file)
    keyring_account: str = "sign-in"
    config_file: Path | None = None  # --config PATH (passed on to the apps ``serve`` starts)
    # what the command line opens
    screen: str = "catalog"  # a mode of tui.registry (catalog, brands…), or analytics
    search: str | None = None  # catalog --search
    project_id: str | None = None  # catalog --project-id
    catalogs: str | None = None  # catalog --catalogs (comma-separated ids)
    minimal: bool = False  # catalog --minimal
    brand_id: str | None = None
    imodel_id: str | None = None

    @classmethod
    def from_env(cls, **given: Any) -> "Settings":
        """The default profile's settings from the environment and ``given`` values (as if
        on the command line), without a config file."""
        empty = ConfigFile(locations.config_file())
        return Config(empty, given, dict(os.environ)).resolve().settings


CONFIG_ENV = "ITWIN_TUI_CONFIG"
DEFAULT, FLAG = "default", "command line"
#: Environment variables that go together: a client id with its secret, or neither.
CLIENT_PAIRS = (("ITWIN_CLIENT_ID", "ITWIN_CLIENT_SECRET"),
                ("ITP_SERVICE_CLIENT_ID", "ITP_SERVICE_CLIENT_SECRET"))


class ProfileError(Exception):
    """The profile asked for (``--profile``, ``$ITWIN_PROFILE``) is not in the file."""


def config_path(flag: Path | str | None = None,
                environ: Mapping[str, str] | None = None) -> tuple[Path, str]:
    """The config file's path and what chose it: ``--config``, ``$ITWIN_TUI_CONFIG`` or the
    platformdirs default."""
    environ = os.environ if environ is None else environ
    if flag:
        return Path(flag).expanduser(), "--config"
    if environ.get(CONFIG_ENV):
        return Path(environ[CONFIG_ENV]).expanduser(), f"${CONFIG_ENV}"
    return locations.config_file(), DEFAULT


class Resolved(NamedTuple):
    """The settings of one profile, where each came from, and what was wrong on the way."""

    settings: Settings
    sources: dict[str, str]
    problems: list[Problem]


@dataclass(slots=True, init=False, repr=False, eq=False)
class Config(Record):
    """The config file with the command line and environment of this run: any profile's
    settings can be resolved from it (the app switches profiles at run time). Not compared
    nor shown whole (a dataclass's generated methods cost every start)."""

    file: ConfigFile
    flags: dict[str, Any] = field(default_factory=dict)  # Settings fields given by the user
    environ: Mapping[str, str] = field(default_factory=dict)
    chosen_by: str = DEFAULT  # what chose the file's path

    @property
    def profiles(self) -> list[str]:
        """Every profile: the default one, then those of the file in its order."""
        return [DEFAULT_PROFILE, *(p for p in self.file.profiles if p != DEFAULT_PROFILE)]

    def resolve(self, profile: str | None = None) -> Resolved:
        """The settings of ``profile`` (None: the one the flags, environment or file name).

        Raises :class:`ProfileError` when the profile asked for by name is not in the file.
        """
        problems = list(self.file.problems)
        sources: dict[str, str] = {}
        values: dict[str, Any] = {}
        if profile is None:
            profile = self._profile(problems, sources)
        elif profile not in self.profiles:
            raise ProfileError(self._missing(profile))
        else:
            sources["profile"] = "palette"
        values["profile"] = profile
        env = self._environment(problems)
        table = self.file.profiles.get(profile, {})
        for option in OPTIONS[1:]:
            found = _pick(option, self.flags, env, table, self.file, profile)
            if found is not None:
                values[option.name], sources[option.name] = found
        _secret_from_variable(values, sources, self.environ, problems)
        if "cache_dir" in self.file.values and sources.get("cache_dir", "").startswith(
                self.file.path.name):  # the top level's: the root of every profile's cache
            values["cache_dir"] = profile_dir(values["cache_dir"], profile)
        settings = Settings(**{**values, **profile_paths(profile, values), **_links(self.flags)})
        if self.chosen_by == "--config":
            settings.config_file = self.file.path
        return Resolved(settings, sources, problems)

    def _profile(self, problems: list[Problem], sources: dict[str, str]) -> str:
        """The profile named by ``--profile``, ``$ITWIN_PROFILE`` or ``default_profile``."""
        option = BY_NAME["profile"]
        asked = self.flags.get("profile")
        where = FLAG if asked else ""
        if not asked and self.environ.get(option.env[0], "").strip():
            asked, where = self.environ[option.env[0]].strip(), f"${option.env[0]}"
        if asked:
            if asked not in self.profiles:
                raise ProfileError(self._missing(asked, where))
            sources["profile"] = where
            return asked
        named = self.file.values.get("profile")
        if named is None:
            sources["profile"] = DEFAULT
            return DEFAULT_PROFILE
        if named not in self.profiles:
            problems.append(Problem(str(self.file.path), self._missing(named), option.key,
                                    self.file.line_of(option.key)))
            sources["profile"] = DEFAULT
            return DEFAULT_PROFILE
        sources["profile"] = self._place((option.key,))
        return named

    def _missing(self, name: str, where: str = "") -> str:
        said = f" ({where})" if where else ""
        if self.file.unreadable:
            return f"no profile {name!r}{said}: {self.file.path} could not be read"
        known = ", ".join(p for p in self.profiles if p != DEFAULT_PROFILE) or "none yet"
        return f"no profile {name!r}{said} in {self.file.path} (profiles: {known})"

    def _place(self, path: tuple[str, ...]) -> str:
        line = self.file.line_of(*path)
        return f"{self.file.path.name}:{line}" if line else self.file.path.name

    def _environment(self, problems: list[Problem]) -> dict[str, tuple[Any, str]]:
        """Each option the environment sets: its value and variable. Unusable values are
        warnings and leave the setting to the levels below."""
        found: dict[str, tuple[Any, str]] = {}
        for option in OPTIONS[1:]:
            for var in option.env:
                text = self.environ.get(var, "").strip()
                if not text or option.name in ("client_id", "client_secret"):
                    continue
                try:
                    value = text.rstrip("/") if option.kind == "url" else parse_env(option, text)
                except ValueError as exc:
                    problems.append(Problem(f"${var}", f"{exc}; not used", error=False))
                    continue
                found[option.name] = (value, f"${var}")
                break
        found.update(_client_from_environment(self.environ))
        return found


def _pick(option: Option, flags: dict[str, Any], env: dict[str, tuple[Any, str]],
          table: dict[str, Any], file: ConfigFile, profile: str) -> tuple[Any, str] | None:
    """``option``'s value and source, by precedence; None: the built-in default."""
    if flags.get(option.name) not in (None, False):
        return flags[option.name], option.flag or FLAG
    if option.name in env:
        return env[option.name]
    if option.name in table:
        return table[option.name], _where(file, (("profiles", profile, option.key)),
                                          f"profile {profile}")
    if option.name in file.values:
        return file.values[option.name], _where(file, (option.key,), "")
    return None


def _where(file: ConfigFile, path: tuple[str, ...], prefix: str) -> str:
    line = file.line_of(*path)
    place = f"{file.path.name}:{line}" if line else file.path.name
    return f"{prefix}, {place}" if prefix else place


def _client_from_environment(environ: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    """A client id with its secret from the first pair of variables that has both; else
    ``$ITWIN_CLIENT_ID`` alone (a secret alone is not used)."""
    for id_var, secret_var in CLIENT_PAIRS:
        if environ.get(id_var) and environ.get(secret_var):
            return {"client_id": (environ[id_var], f"${id_var}"),
                    "client_secret": (environ[secret_var], f"${secret_var}")}
    if environ.get(CLIENT_PAIRS[0][0]):
        return {"client_id": (environ[CLIENT_PAIRS[0][0]], f"${CLIENT_PAIRS[0][0]}")}
    return {}


def _secret_from_variable(values: dict[str, Any], sources: dict[str, str],
                          environ: Mapping[str, str], problems: list[Problem]) -> None:
    """``client_secret_env = "VAR"``: the profile's service-app secret is in ``$VAR``."""
    var = values.get("client_secret_env")
    if not var or values.get("client_secret"):
        return
    if environ.get(var):
        values["client_secret"], sources["client_secret"] = environ[var], f"${var}"
    else:
        where = sources.get("client_secret_env", "")
        problems.append(Problem(f"${var}", f"not set (client_secret_env, {where}): no client "
                                "secret", error=False))


def _links(flags: dict[str, Any]) -> dict[str, Any]:
    """What the command line gives that is not a setting: the screen and its deep link."""
    return {name: value for name, value in flags.items()
            if name not in BY_NAME and value is not None}


def profile_dir(root: Path, profile: str) -> Path:
    """``profile``'s own directory under ``root``: ``root/profiles/NAME``, or ``root`` itself
    for the default profile (today's places: nothing is lost by upgrading)."""
    return root if profile == DEFAULT_PROFILE else root / "profiles" / profile


def profile_paths(profile: str, values: dict[str, Any]) -> dict[str, Any]:
    """Where ``profile`` keeps its cache, recent ids and sign-in (a cache directory given on
    the command line or in the profile's table is used as it is)."""
    def under(root: Path) -> Path:
        return profile_dir(root, profile)

    recent, credentials = locations.recent_file(), locations.credentials_file()
    return {"cache_dir": values.get("cache_dir") or under(locations.cache_dir()),
            "download_dir": values.get("download_dir") or locations.download_dir(),
            "recent_file": under(recent.parent) / recent.name,
            "credentials_file": under(credentials.parent) / credentials.name,
            "keyring_account": "sign-in" + ("" if profile == DEFAULT_PROFILE else f":{profile}")}


def load_config(flags: dict[str, Any], config_flag: Path | str | None = None,
                environ: Mapping[str, str] | None = None) -> Config:
    """The config file of this run (``--config``, ``$ITWIN_TUI_CONFIG`` or the default, which
    takes over the theme of an old ``config.json`` once) with ``flags``."""
    environ = dict(os.environ if environ is None else environ)
    path, chosen_by = config_path(config_flag, environ)
    legacy = locations.legacy_config_file()
    if chosen_by == DEFAULT and legacy.exists():
        from tui.config_write import migrate_json

        migrate_json(path, legacy)
    return Config(read_config(path), flags, environ, chosen_by)


def describe(option: Option, value: Any) -> str:
    """A setting's value for ``config show``: a secret only as *set*."""
    if value is None:
        return f"({option.default_text or 'none'})"
    if option.secret:
        return "set (hidden)"
    return show_value(value)

