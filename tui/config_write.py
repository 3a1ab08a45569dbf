"""Writing ``config.toml``: a value the app remembers (:func:`write_value`), the commented
example of ``itwin-tui config init`` (:func:`example_text`), and taking over the theme of an
old ``config.json`` once (:func:`migrate_json`). No textual here.

Writes go through tomlkit, so the user's comments, order and layout survive; a file with a
syntax error is never rewritten (that would lose what the user is still editing). A symlinked
file (a dotfiles repository) is written where the link points, and stays a link.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui.core.atomic import write_atomic
from tui.core.dirs import make_private_dir
from tui.core.jsonio import loads
from tui.options import OPTIONS, Option, show_value

HEADER = """\
# itwin-tui configuration. Lines starting with # are comments; a commented setting shows
# its default. Precedence: command line > environment > [profiles.NAME] > this top level >
# default. `itwin-tui config show` shows the values in effect and where each comes from;
# `itwin-tui config check` checks this file.
"""

PROFILES_EXAMPLE = """\

# Profiles: one per organisation or environment, with any of the settings above but
# clipboard. Choose one with --profile NAME, $ITWIN_PROFILE, default_profile above, or the
# command palette's "Profile: NAME" (no restart). Each keeps its own cache, recent ids and
# sign-in (`itwin-tui --profile NAME login`).
#
# [profiles.client-a]
# client_id = "client-a-native-app-id"
# theme = "itwin-light"
#
# [profiles.scripts]
# client_id = "service-app-id"
# client_secret_env = "SCRIPTS_CLIENT_SECRET"
"""

#: Example values of settings whose default is no value.
_EXAMPLES = {"client_id": "your-app-client-id", "client_secret_env": "ITWIN_CLIENT_SECRET",
             "token_file": "~/itwin-token.txt", "cache_dir": "~/.cache/itwin-tui",
             "download_dir": "~/Downloads"}


class WriteError(Exception):
    """The file could not be written; the message says why, in words."""


def _example_line(option: Option, values: dict[str, Any]) -> str:
    """``# key = default`` (or ``key = value`` when ``values`` has it), with what it is."""
    where = ", ".join([*([option.flag] if option.flag else []), *(f"${v}" for v in option.env)])
    about = "\n".join(textwrap.wrap(option.help[:1].upper() + option.help[1:] + (
        f"; also {where}" if where else ""), 88, initial_indent="# ", subsequent_indent="# "))
    if option.key in values:
        return f"{about}\n{option.key} = {show_value(values[option.key])}\n"
    value = option.default
    if value is None:
        value = _EXAMPLES.get(option.name, option.default_text)
    return f"{about}\n# {option.key} = {show_value(value)}\n"


def example_text(values: dict[str, Any] | None = None) -> str:
    """The commented example: every option at its default, ``[keys]`` with every binding
    id at its default keys, and how profiles look; ``values`` are set, not commented."""
    from tui.keys import KEYS  # the binding ids (imports textual: only for writing this)

    values = values or {}
    parts = [HEADER]
    parts += ["\n" + _example_line(o, values) for o in OPTIONS if o.in_file]
    parts.append("\n[keys]\n# Binding id = key or keys (comma-separated): f5, ctrl+r, "
                 "question_mark, shift+tab…\n# The defaults:\n")
    lines = [(f"# {_key(binding_id)} = {show_value(key.keys)}", key.help)
             for binding_id, key in KEYS.items()]
    width = max(len(line) for line, _help in lines)
    parts += [f"{line:<{width}}  # {words}\n" for line, words in lines]
    parts.append(PROFILES_EXAMPLE)
    return "".join(parts)


def _key(name: str) -> str:
    """A TOML key: bare when it can be (``screen.catalog`` would be a dotted key)."""
    return name if all(c.isalnum() or c in "_-" for c in name) else f'"{name}"'


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (owner-only); a symlink's target."""
    target = path.resolve() if path.is_symlink() else path
    make_private_dir(target.parent)
    write_atomic(target, text.encode("utf-8"))


def write_value(path: Path, key_path: Sequence[str], value: Any) -> None:
    """Set ``key_path`` (``("theme",)``, ``("profiles", "work", "theme")``, ``("screens",
    "catalog", "columns")``) to ``value`` in the file, creating tables on the way, and keep
    everything else as written. A missing file starts as the commented example.

    Raises :class:`WriteError` (with the reason in words) when it cannot be done.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        doc = tomlkit.parse(example_text())
    except (OSError, UnicodeDecodeError) as exc:
        raise WriteError(f"{path} cannot be read: {_reason(exc)}") from None
    except TOMLKitError as exc:
        raise WriteError(f"{path} is not valid TOML ({exc}); left as it is") from None
    table: Any = doc
    for name in key_path[:-1]:
        if name not in table:
            table[name] = tomlkit.table(is_super_table=name != key_path[-2])
        table = table[name]
        if not isinstance(table, dict):
            raise WriteError(f"{path}: {name} is not a table; left as it is")
    table[key_path[-1]] = value
    try:
        write_text(path, tomlkit.dumps(doc))
    except OSError as exc:
        raise WriteError(f"{path} cannot be written: {_reason(exc)}") from None


def write_example(path: Path) -> None:
    """``config init``: the commented example, only where no file is (FileExistsError)."""
    if path.exists() or path.is_symlink():
        raise FileExistsError(path)
    try:
        write_text(path, example_text())
    except OSError as exc:
        raise WriteError(f"{path} cannot be written: {_reason(exc)}") from None


def migrate_json(path: Path, legacy: Path) -> None:
    """Take over the theme remembered in the old ``config.json`` into ``path`` once, then
    rename the JSON to ``config.json.migrated`` (kept: an older itwin-tui's file). When
    ``path`` cannot be written, nothing is renamed and the next start tries again."""
    try:
        data = loads(legacy.read_bytes())
    except FileNotFoundError:
        return
    except (OSError, ValueError):
        data = {}
    theme = data.get("theme") if isinstance(data, dict) else None
    if isinstance(theme, str) and theme.strip() and not _has_theme(path):
        try:
            if path.exists():
                write_value(path, ("theme",), theme.strip())
            else:
                write_text(path, example_text({"theme": theme.strip()}))
        except (WriteError, OSError):
            return
    with contextlib.suppress(OSError):
        legacy.rename(legacy.with_name(legacy.name + ".migrated"))


def _has_theme(path: Path) -> bool:
    """Whether ``path`` already sets a top-level theme (the newer choice wins)."""
    from tui.config_file import read_config

    return "theme" in read_config(path).values


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
