"""Every setting of the app, once: one :class:`Option` each (no textual here).

An option's name is its key in ``config.toml`` and its field of :class:`tui.config.Settings`.
The table says its kind, default, environment variables, command-line flag, whether a
``[profiles.NAME]`` table may set it, and what it does. The precedence
(:mod:`tui.config`), ``itwin-tui config show|check|init`` and the README's table are all
derived from it.

Another setting (issue 16's ``clipboard``, issue 18's ``watch_interval``…) is one row here and a
field of ``Settings`` of the same name; the app reads it as ``app.settings.NAME``. Values the
app writes back (a theme, column choices) go through :func:`tui.config_write.write_value`.
"""

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from tui.core.limits import DOWNLOAD_DEADLINE, MAX_ROWS, REQUEST_DEADLINE
from tui.core.transport import DEFAULT_BASE_URL

#: The profile used when none is chosen: the top-level settings, with today's locations.
DEFAULT_PROFILE = "default"
CLIPBOARD_CHOICES = ("auto", "osc52", "off")
#: Seconds between checks while watching export runs (issue 18).
WATCH_INTERVAL = 10.0


class Option(NamedTuple):
    """One setting."""

    name: str  # config.toml key and Settings field
    kind: str  # text | url | path | flag | number | count | choice | name
    default: Any
    help: str
    env: tuple[str, ...] = ()
    flag: str | None = None
    profile: bool = True  # a [profiles.NAME] table may set it
    in_file: bool = True  # secrets: environment only (a config file is shared, synced, …)
    secret: bool = False  # never shown
    choices: tuple[str, ...] = ()
    default_text: str = ""  # the default in words, when it is not the value (None, a path)
    file_key: str = ""  # its config.toml key, when not ``name``

    @property
    def key(self) -> str:
        return self.file_key or self.name


OPTIONS: tuple[Option, ...] = (
    Option("profile", "name", DEFAULT_PROFILE, "the profile to use: a [profiles.NAME] table",
           env=("ITWIN_PROFILE",), flag="--profile", profile=False, file_key="default_profile"),
    Option("base_url", "url", DEFAULT_BASE_URL, "API base URL",
           env=("ITWIN_API_URL", "ITP_API_URL"), flag="--base-url"),
    Option("authority", "url", None, "IMS authority (sign-in service)",
           env=("ITWIN_AUTHORITY", "ITP_ISSUER_URL"), flag="--authority",
           default_text="https://ims.bentley.com"),
    Option("client_id", "text", None, "client id of your app (with a secret: a service app)",
           env=("ITWIN_CLIENT_ID", "ITP_SERVICE_CLIENT_ID"), flag="--client-id"),
    Option("client_secret", "text", None, "a service app's secret (environment only)",
           env=("ITWIN_CLIENT_SECRET", "ITP_SERVICE_CLIENT_SECRET"), profile=False,
           in_file=False, secret=True),
    Option("client_secret_env", "text", None,
           "the environment variable holding this profile's client secret"),
    Option("scopes", "text", None, "scopes asked for", env=("ITWIN_SCOPES",),
           default_text="itwin-platform"),
    Option("redirect_uri", "url", None, "login's loopback redirect URI",
           env=("ITWIN_REDIRECT_URI",), flag="--redirect-uri",
           default_text="http://localhost:3301/signin-callback"),
    Option("token", "text", None, "an access token (environment only)",
           env=("ITWIN_ACCESS_TOKEN",), profile=False, in_file=False, secret=True),
    Option("token_file", "path", None, "read the access token from this file",
           flag="--token-file"),
    Option("demo", "flag", False, "the built-in fake API with demo data", flag="--demo"),
    Option("cache_dir", "path", None, "response cache directory", flag="--cache-dir",
           default_text="per profile, see Where things are kept"),
    Option("no_cache", "flag", False, "neither read nor write the cache", flag="--no-cache"),
    Option("cache_max_mb", "number", 200.0, "cache size limit, MB (oldest go first)",
           env=("ITWIN_TUI_CACHE_MAX_MB",)),
    Option("cache_ttl_hours", "number", 168.0, "hours a cached page is fresh (older: offline)",
           env=("ITWIN_TUI_CACHE_TTL_HOURS",)),
    Option("download_dir", "path", None, "where analytics CSVs and component files are saved",
           flag="--download-dir", default_text="your Downloads folder"),
    Option("request_deadline", "number", REQUEST_DEADLINE,
           "seconds for one request and its whole answer",
           env=("ITWIN_TUI_REQUEST_DEADLINE",)),
    Option("download_deadline", "number", DOWNLOAD_DEADLINE,
           "seconds for the whole analytics download", env=("ITWIN_TUI_DOWNLOAD_DEADLINE",)),
    Option("max_rows", "count", MAX_ROWS, "most rows one list holds",
           env=("ITWIN_TUI_MAX_ROWS",)),
    Option("theme", "text", None, "colour theme (the palette's choice is saved here)",
           flag="--theme", default_text="itwin-dark"),
    Option("clipboard", "choice", "auto", "how y, Y and C copy: auto (detect the terminal), "
           "osc52 or off (show the value instead)",
           env=("ITWIN_TUI_CLIPBOARD",), profile=False, choices=CLIPBOARD_CHOICES),
    Option("watch_interval", "number", WATCH_INTERVAL,
           "seconds between checks while watching export runs (w)",
           env=("ITWIN_TUI_WATCH_INTERVAL",)),
    Option("watch_bell", "flag", True, "ring the terminal bell when a watched run ends",
           env=("ITWIN_TUI_WATCH_BELL",), profile=False),
)

BY_NAME: dict[str, Option] = {option.name: option for option in OPTIONS}
BY_KEY: dict[str, Option] = {option.key: option for option in OPTIONS if option.in_file}


# -- values -------------------------------------------------------------------------------------


def _positive(value: Any, whole: bool) -> float | int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError
    if not 0 < value < float("inf") or (whole and value != int(value)):
        raise ValueError
    return int(value) if whole else float(value)


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value.strip()


def _url(value: Any) -> str:
    from tui.core.urls import is_valid

    text = _text(value).rstrip("/")
    if not is_valid(text):
        raise ValueError
    return text


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _name(value: Any) -> str:
    text = _text(value)
    if not valid_profile_name(text):
        raise ValueError
    return text


#: Per kind: turn a TOML value into the setting's value (ValueError: wrong), and how the
#: expected value is said.
KINDS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "text": (_text, "a string"),
    "url": (_url, "an http(s) URL"),
    "path": (lambda v: Path(_text(v)).expanduser(), "a path (a string)"),
    "flag": (_flag, "true or false"),
    "number": (lambda v: _positive(v, False), "a number above 0"),
    "count": (lambda v: _positive(v, True), "a whole number above 0"),
    "choice": (_text, "one of"),
    "name": (_name, "a profile name (letters, digits, '.', '_', '-')"),
}


def expected(option: Option) -> str:
    """What ``option`` takes, in words."""
    words = KINDS[option.kind][1]
    return f"{words} {', '.join(option.choices)}" if option.choices else words


def parse(option: Option, value: Any) -> Any:
    """``value`` (as TOML gives it) as ``option``'s value; ValueError names what it takes."""
    convert = KINDS[option.kind][0]
    try:
        result = convert(value)
        if option.choices and result not in option.choices:
            raise ValueError
    except (ValueError, TypeError):
        raise ValueError(f"expected {expected(option)}, got {show_value(value)}") from None
    return result


def parse_env(option: Option, text: str) -> Any:
    """An environment variable's text as ``option``'s value (ValueError: wrong, naming the
    text as it was typed: ``got "0"``, not the number read from it)."""
    value: Any = text
    if option.kind in ("number", "count"):
        with contextlib.suppress(ValueError):  # a word stays text: parse says what is wrong
            value = float(text)
    elif option.kind == "flag":
        value = {"1": True, "true": True, "yes": True, "on": True, "0": False,
                 "false": False, "no": False, "off": False}.get(text.strip().lower(), text)
    try:
        return parse(option, value)
    except ValueError:
        raise ValueError(f"expected {expected(option)}, got {show_value(text)}") from None


def show_value(value: Any) -> str:
    """A value as TOML would spell it, for messages and ``config show``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | Path):
        text = str(value)
        return repr(text if len(text) <= 80 else text[:79] + "…").replace("'", '"')
    return repr(value)


def valid_profile_name(name: str) -> bool:
    """Profile names become directory names: letters, digits, '.', '_', '-', not '.' first."""
    return bool(name) and len(name) <= 64 and not name.startswith(".") and all(
        c.isascii() and (c.isalnum() or c in "._-") for c in name)


def readme_table() -> str:
    """The README's table of settings (a test keeps the README equal to it)."""
    rows = ["| Setting (`config.toml`) | Command line | Environment | Profile | Default | What |",
            "|---|---|---|---|---|---|"]
    for option in OPTIONS:
        key = f"`{option.key}`" if option.in_file else "—"
        flag = f"`{option.flag}`" if option.flag else ""
        env = " ".join(f"`{var}`" for var in option.env)
        default = option.default_text or ("" if option.default is None else
                                          f"`{show_value(option.default)}`")
        rows.append(f"| {key} | {flag} | {env} | {'yes' if option.profile else ''} | "
                    f"{default} | {option.help} |")
    return "\n".join(rows)
