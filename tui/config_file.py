"""``config.toml``: reading it (``tomllib``), checking it against :mod:`tui.options`, and
writing values back into it (``tomlkit``, which keeps the user's comments and order).

No textual here. Reading never raises: a missing file is an empty one; a syntax error, a
value of the wrong type or an unknown key is a :class:`Problem` (with its line), and the
rest of the file still applies. The file's layout::

    default_profile = "work"      # top level: any option of tui.options, applies to all
    theme = "itwin-light"
    [profiles.work]               # a profile: the options marked per-profile
    base_url = "https://api.bentley.com"
    [keys]                        # binding id (tui.keys) = key(s), comma-separated
    refresh = "f5"
    [screens.catalog]             # a screen's own remembered choices (read: section())
    columns = ["displayName", "id"]

For later settings (issue 16's columns, issue 18's watch interval…): a new option is one
row of :mod:`tui.options` and a field of ``Settings``, read as ``app.settings.NAME``;
a free-form table is read with ``app.config.file.section("screens", "catalog")``; a value
is written back with :func:`tui.config_write.write_value` (``write_value(app.config.file.path,
("screens", "catalog", "columns"), [...])``), which keeps the user's comments.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tui.core.records import Record
from tui.options import BY_KEY, BY_NAME, parse, valid_profile_name

#: Tables the file may hold besides the options.
PROFILES, KEYS, SCREENS = "profiles", "keys", "screens"
#: Patterns are compiled when first used (re keeps them): not at every start.
_SYNTAX_AT = r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$"


class Problem(NamedTuple):
    """One thing wrong in the file (or the environment), as one line."""

    where: str  # the file's path, or "$VAR"
    text: str
    key: str = ""
    line: int | None = None
    column: int | None = None
    error: bool = True  # False: a warning (an unknown key: a newer file on an older app)

    def __str__(self) -> str:
        place = self.where + "".join(f":{n}" for n in (self.line, self.column) if n)
        return f"{place}: {self.key + ': ' if self.key else ''}{self.text}"


@dataclass(slots=True, init=False, repr=False, eq=False)
class ConfigFile(Record):
    """What the file says, checked: the values that may be used, and the problems. Not
    compared nor shown whole (a dataclass's generated methods cost every start)."""

    path: Path
    exists: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # top-level options, by name
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # binding id → keys, as written
    tables: dict[str, Any] = field(default_factory=dict)  # the free-form tables (screens)
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)  # key path → line
    problems: list[Problem] = field(default_factory=list)
    unreadable: bool = False  # a syntax error or an I/O error: nothing of it applies

    def line_of(self, *path: str) -> int | None:
        """The line of the key ``path`` (or of the nearest table around it that has one)."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def problem(self, path: tuple[str, ...], text: str, error: bool = True) -> None:
        self.problems.append(Problem(str(self.path), text, ".".join(path),
                                     self.line_of(*path), error=error))

    def section(self, *path: str) -> dict[str, Any]:
        """A free-form table (``section("screens", "catalog")``), ``{}`` when absent."""
        table: Any = self.tables
        for name in path:
            table = table.get(name) if isinstance(table, dict) else None
        return table if isinstance(table, dict) else {}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]


def read_config(path: Path) -> ConfigFile:
    """The file at ``path``, checked (never raises)."""
    found = ConfigFile(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return found
    except (OSError, UnicodeDecodeError) as exc:
        found.exists = found.unreadable = True
        reason = getattr(exc, "strerror", None) or "not UTF-8 text"
        found.problems.append(Problem(str(path), f"cannot be read: {reason}"))
        return found
    found.exists = True
    import tomllib  # only when there is a file (~3 ms)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found.unreadable = True
        found.problems.append(_syntax_problem(path, str(exc), text))
        return found
    found.lines = key_lines(text)
    _check(found, data)
    return found


def _syntax_problem(path: Path, message: str, source: str) -> Problem:
    """``PATH:LINE:COL: what is wrong`` from tomllib's ``… (at line L, column C)`` (or
    ``(at end of document)``: the place after the last character)."""
    match = re.search(_SYNTAX_AT, message)
    if match is None:
        return Problem(str(path), f"not valid TOML: {message}")
    text = message[:match.start()]
    if match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    else:
        line, column = source.count("\n") + 1, len(source.rsplit("\n", 1)[-1]) + 1
    return Problem(str(path), f"not valid TOML: {text[:1].lower()}{text[1:]}",
                   line=line, column=column)


def _check(found: ConfigFile, data: dict[str, Any]) -> None:
    """Sort the top level into options, profiles, keys and free-form tables."""
    for key, value in data.items():
        if key == PROFILES:
            _check_profiles(found, value)
        elif key == KEYS:
            _check_keys(found, value)
        elif key == SCREENS:
            if isinstance(value, dict):
                found.tables[key] = value
            else:
                found.problem((key,), "expected a table ([screens.NAME])")
        else:
            _check_option(found, (key,), value, found.values, in_profile=False)


def _check_option(found: ConfigFile, path: tuple[str, ...], value: Any,
                  into: dict[str, Any], *, in_profile: bool) -> None:
    key = path[-1]
    option = BY_KEY.get(key)
    if option is None:
        secret = BY_NAME.get(key)
        if secret is not None and not secret.in_file:
            hint = (" name the variable that holds it with client_secret_env"
                    if key == "client_secret" else "")
            found.problem(path, f"not read from a file: set ${secret.env[0]}{hint}")
        else:
            found.problem(path, "unknown setting (ignored)", error=False)
        return
    if in_profile and not option.profile:
        found.problem(path, "not a per-profile setting: set it at the top of the file")
        return
    try:
        into[option.name] = parse(option, value)
    except ValueError as exc:
        found.problem(path, str(exc))


def _check_profiles(found: ConfigFile, value: Any) -> None:
    if not isinstance(value, dict):
        found.problem((PROFILES,), "expected tables: [profiles.NAME]")
        return
    for name, table in value.items():
        path = (PROFILES, name)
        if not valid_profile_name(name):
            found.problem(path, "a profile name is letters, digits, '.', '_' and '-'")
        elif not isinstance(table, dict):
            found.problem(path, "expected a table: [profiles.NAME]")
        else:
            values = found.profiles.setdefault(name, {})
            for key, item in table.items():
                _check_option(found, (*path, key), item, values, in_profile=True)


def _check_keys(found: ConfigFile, value: Any) -> None:
    """``[keys]``: strings only here; ids and clashes are checked by ``tui.keymap``."""
    if not isinstance(value, dict):
        found.problem((KEYS,), "expected a table: [keys]")
        return
    flat: dict[str, Any] = {}
    for binding_id, keys in value.items():  # screen.catalog = "1" is a dotted key: a table
        if isinstance(keys, dict):
            flat.update({f"{binding_id}.{name}": item for name, item in keys.items()})
        else:
            flat[binding_id] = keys
    for binding_id, keys in flat.items():
        if isinstance(keys, str) and keys.strip():
            found.keys[binding_id] = keys
        else:
            found.problem((KEYS, binding_id), 'expected keys as a string, e.g. "f5" or "r,f5"')


# -- where each key is ------------------------------------------------------------------------

_HEADER = r"^\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?$"
_ASSIGN = (r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')"""
           r"""(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*=""")


def _dotted(text: str) -> tuple[str, ...]:
    parts = re.findall(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""", text)
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line (from 1) of each table header and ``key =`` in ``text``, by key path: a
    plain scan, good for the usual layouts (a key inside a multi-line value may be missed;
    its table's line is used then)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(_HEADER, line)
        if header:
            table = _dotted(header.group(1))
            lines.setdefault(table, number)
            continue
        assign = re.match(_ASSIGN, line)
        if assign:
            lines.setdefault((*table, *_dotted(assign.group(1))), number)
    return lines
