"""Command-line options of print mode (``--format``, ``-o``, ``--fields``…), the item
commands and ``completion``. Only argparse here: this module is loaded at every start."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

#: Output formats, in the order ``--help`` lists them.
FORMATS = ("jsonl", "json", "csv", "table")
#: ``-o FILE`` without ``--format``: the format named by the file's extension.
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv",
              ".txt": "table"}
#: Commands that always print (one item by id), the listings that always print (no screen
#: of their own: the app picks projects and iModels in a dialog), and those that print
#: when asked to.
ITEM_COMMANDS = ("component", "connection")
PRINT_LISTS = ("projects", "imodels")
LIST_COMMANDS = ("catalog", "brand", "connections", "catalogs")
SHELLS = ("bash", "zsh", "fish")
#: What ``component --with`` can add (see ``tui.core.component_parts.PARTS``).
PARTS = ("files", "variations", "weblinks")


def positive_int(text: str) -> int:
    """argparse type: an integer ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, not {text!r}")
    return value


def _output_options(parser: argparse.ArgumentParser, *, item: bool = False) -> None:
    group = parser.add_argument_group("printing", None if item else (
        "Any of these, or a stdout that is a pipe or a file, prints the data instead of "
        "opening the app."))
    group.add_argument("--format", choices=FORMATS,
                       help="jsonl: one API object a line; json: an array (one object for an "
                       "item); csv; table: aligned text. Default: from -o's extension, else "
                       "table on a terminal and jsonl in a pipe (json for one item)")
    output = group.add_argument(
        "-o", "--output", metavar="FILE",
        help="write FILE (replaced only once complete) instead of stdout; its extension picks "
        f"the format: {' '.join(EXTENSIONS)}")
    output.complete = "file"  # type: ignore[attr-defined]  # shtab: complete file names
    group.add_argument("--fields", metavar="LIST",
                       help="comma-separated fields to keep, dotted paths into nested objects "
                       "allowed (id,displayName,_links.category.href)")
    group.add_argument("--limit", metavar="N", type=positive_int,
                       help="stop after N rows (requests no more pages than needed)")
    group.add_argument("--offline", action="store_true",
                       help="answer from the response cache only; exit 1 naming what is missing")
    group.add_argument("--no-cache", action="store_true", default=argparse.SUPPRESS,
                       help="do not read or write the response cache")


def add_print_commands(sub: Any, screens: dict[str, argparse.ArgumentParser],
                       only: str | None = None) -> None:
    """Print options on the listing commands (``screens``: the screens' sub-commands, by
    name; their filters are their deep-link arguments); the item commands and
    ``completion`` (``only``: that command alone)."""
    if "brand" in screens:
        screens["brand"].add_argument("--item", action="store_true",
                                      help="print the brand BRAND_ID itself, not its components")
    for name in LIST_COMMANDS:
        if name in screens:
            _output_options(screens[name])
    if only is None or only in (*PRINT_LISTS, *ITEM_COMMANDS, "completion"):
        _item_commands(sub)


def _item_commands(sub: Any) -> None:
    """``projects``, ``imodels``, ``component``, ``connection`` and ``completion``."""
    projects = sub.add_parser("projects", help="print your projects (iTwins): ids for catalog "
                              "--project-id and imodels")
    imodels = sub.add_parser("imodels", help="print a project's iModels: ids for connections")
    imodels.add_argument("project_id", metavar="PROJECT_ID")
    for parser in (projects, imodels):
        parser.add_argument("--search", metavar="TEXT",
                            help="only those whose name (or project number) contains TEXT")
        _output_options(parser, item=True)
    component = sub.add_parser("component", help="print one component by id")
    component.add_argument("component_id", metavar="COMPONENT_ID")
    component.add_argument("--with", dest="with_parts", metavar="LIST",
                           help=f"add the component's {', '.join(PARTS)} (comma-separated): "
                           "every page of each, as the API's documents, variations and "
                           "webLinks lists")
    connection = sub.add_parser("connection",
                                help="print one export connection by id, with its last run")
    connection.add_argument("connection_id", metavar="CONNECTION_ID")
    for parser in (component, connection):
        _output_options(parser, item=True)
    completion = sub.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=SHELLS)


def wants_print(args: argparse.Namespace) -> bool:
    """Whether this command line prints data instead of opening the app: an item command,
    a print option, or a listing whose stdout is a pipe or a file (no terminal to draw on)."""
    if args.command in ITEM_COMMANDS or args.command in PRINT_LISTS:
        return True
    if args.command not in LIST_COMMANDS:
        return False
    return bool(args.format or args.output or args.fields or args.limit or args.offline
                or getattr(args, "item", False) or not (stdout_is_terminal() or served()))


def served() -> bool:
    """Whether Textual draws the app somewhere else than stdout: ``itwin-tui serve`` runs
    each browser's app with ``TEXTUAL_DRIVER`` set and its stdout a pipe."""
    return bool(os.environ.get("TEXTUAL_DRIVER"))


def stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return False
