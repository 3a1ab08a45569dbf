"""``itwin-tui config path|show|check|init``: where the config file is, the settings in
effect and where each comes from, what is wrong in the file, a commented example."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.config import DEFAULT, describe
from tui.config_write import WriteError, write_example
from tui.core.redact import mask_secrets
from tui.options import OPTIONS

if TYPE_CHECKING:
    from tui.config import Config, Resolved
    from tui.config_file import Problem

ACTIONS = {"path": "print the config file's path",
           "show": "each setting in effect and where it comes from (never a secret)",
           "check": "check the file: one line per problem, exit 1 if any is an error",
           "init": "write a commented example with every setting (never overwrites)"}


def run_config_command(action: str, config: Config) -> int:
    """Run ``action``; its exit status (2: the profile asked for is not in the file)."""
    from tui.config import ProfileError

    if action == "path":
        print(config.file.path)
        return 0
    if action == "init":
        return _init(config)
    try:
        resolved = config.resolve()
    except ProfileError as exc:
        print(f"itwin-tui: {exc}", file=sys.stderr)
        return 1 if action == "check" else 2
    if action == "check":
        return _check(config, resolved)
    print(show_text(config, resolved))
    _report(resolved.problems)
    return 0


def show_text(config: Config, resolved: Resolved) -> str:
    """The settings of the active profile as a table: setting, value, source."""
    chosen = "" if config.chosen_by == DEFAULT else f", chosen by {config.chosen_by}"
    state = "" if config.file.exists else " (no such file: defaults and environment only)"
    rows = [("setting", "value", "from")]
    settings = resolved.settings
    rows += [(option.name, describe(option, getattr(settings, option.name)),
              _source(option.name, resolved)) for option in OPTIONS]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"Config file: {config.file.path}{chosen}{state}", ""]
    lines += [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}".rstrip() for a, b, c in rows]
    keys = config.file.keys
    if keys:
        lines += ["", f"[keys] ({config.file.path.name})"]
        lines += [f"{binding_id} = {keys[binding_id]!r}" for binding_id in keys]
    secrets = [getattr(settings, o.name) for o in OPTIONS if o.secret]
    return mask_secrets("\n".join(lines), secrets)


def _source(name: str, resolved: Resolved) -> str:
    """Where setting ``name`` came from; a default directory is the profile's own."""
    if name in resolved.sources:
        return resolved.sources[name]
    if name == "cache_dir":
        return f"default for profile {resolved.settings.profile}"
    return "default"


def _check(config: Config, resolved: Resolved) -> int:
    """Every problem of the file and the keymap, one line each; 1 when any is an error."""
    from tui.keys import check_keymap

    problems = list(resolved.problems)
    for binding_id, text in check_keymap(config.file.keys)[1]:
        problems.append(keymap_problem(config, binding_id, text))
    if not config.file.exists:
        print(f"{config.file.path}: no such file (itwin-tui config init writes an example)")
        return 0
    _report(problems, sys.stdout)
    errors = sum(p.error for p in problems)
    if not problems:
        print(f"{config.file.path}: no problems")
    return 1 if errors else 0


def keymap_problem(config: Config, binding_id: str, text: str) -> Problem:
    """A ``[keys]`` problem as a line of the file."""
    from tui.config_file import Problem

    warning = text.startswith("no binding")
    return Problem(str(config.file.path), text, f"keys.{binding_id}",
                   config.file.line_of("keys", binding_id), error=not warning)


def _init(config: Config) -> int:
    path = config.file.path
    try:
        write_example(path)
    except FileExistsError:
        print(f"itwin-tui: {path} exists; not overwritten (itwin-tui config check checks "
              "it, itwin-tui config show shows what it sets)", file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"itwin-tui: {exc}", file=sys.stderr)
        return 1
    print(f"Wrote {path}: every setting, commented out at its default.")
    return 0


def _report(problems: list[Problem], stream: object = None) -> None:
    """One line per problem: ``PATH:LINE: key: what is wrong``."""
    for problem in problems:
        print(problem, file=stream or sys.stderr)

