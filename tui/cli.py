"""Command line: ``itwin-tui [options] [COMMAND]``: a screen (see ``tui.registry``), ``analytics``,
``cache``, ``login``, ``serve``, print mode's item commands…"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tui import __version__
from tui.commands.print_args import add_print_commands, wants_print
from tui.registry import BY_COMMAND, DEFAULT, SCREENS, ScreenSpec

if TYPE_CHECKING:
    from tui.config import Config, Resolved, Settings


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser, with every command."""
    return _build(None)[0]


def _build(only: str | None) -> tuple[argparse.ArgumentParser, Any]:
    """The parser and its sub-commands' action; ``only``: with that command alone."""
    parser = argparse.ArgumentParser(
        prog="itwin-tui",
        description="Keyboard-first terminal browser for the iTwin Library and Export APIs.",
    )
    parser.add_argument("--version", action="version", version=f"itwin-tui {__version__}")
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_commands(sub, only)
    return parser, sub


def parser_for(argv: list[str]) -> argparse.ArgumentParser:
    """The parser of ``argv``: with only the command it names (or the default screen's).
    Building every command's parser reads gettext's catalogs ~70 times (argparse's
    messages): ~2 % of the app's start (python tests/benchmarks/bench_perf.py --only
    start). Every command when that is unclear: help, a word that names none."""
    if not {"-h", "--help"} & set(argv):
        scan = _PreScan(prog="itwin-tui", add_help=False)
        _add_global_options(scan)
        try:
            words = [w for w in scan.parse_known_args(argv)[1] if not w.startswith("-")]
        except _Unsure:
            words = [""]
        command = words[0] if words else DEFAULT.command
        parser, sub = _build(only=command)
        if command in sub.choices:
            return parser
    return build_parser()


class _Unsure(Exception):
    """The global options alone do not parse: the whole parser will say why."""


class _PreScan(argparse.ArgumentParser):
    """The global options, to find the command word (argparse's documented way to handle
    errors differently: override ``error``)."""

    def error(self, message: str) -> NoReturn:
        raise _Unsure(message)


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    """The options before the command (shared by the parser and its pre-scan)."""
    parser.add_argument("--config", metavar="PATH",
                        help="the config file (default: $ITWIN_TUI_CONFIG, else config.toml "
                        "in the config directory; see itwin-tui config path)")
    parser.add_argument("--profile", metavar="NAME",
                        help="use the settings, cache and sign-in of this [profiles.NAME] "
                        "(default: $ITWIN_PROFILE, else the file's default_profile)")
    parser.add_argument("--demo", action="store_true",
                        help="run on the built-in fake API with demo data (no account, no network)")
    parser.add_argument("--base-url", metavar="URL",
                        help="API base URL (default: $ITWIN_API_URL, else https://api.bentley.com)")
    parser.add_argument("--token-file", metavar="PATH", type=Path,
                        help="read the access token from this file")
    _add_sign_in_options(parser)
    parser.add_argument("--cache-dir", metavar="DIR", type=Path, help="response cache directory")
    parser.add_argument("--download-dir", metavar="DIR", type=Path,
                        help="where analytics CSVs and component files are saved")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    parser.add_argument("--theme", metavar="NAME",
                        help="colour theme for this run: itwin-dark (default), itwin-light, or "
                        "any Textual theme (the palette's choice is remembered)")


def _add_commands(sub: Any, only: str | None) -> None:
    """Every command's sub-parser; ``only``: that one's alone."""
    screens = {spec.command: _screen_command(sub, spec) for spec in SCREENS
               if only in (None, spec.command)}
    if only in (None, "analytics"):
        _analytics_command(sub)
    if only in (None, "cache"):
        _cache_command(sub)
    if only in (None, "config"):
        _config_command(sub)
    if only in (None, "login", "logout", "serve"):
        _account_commands(sub)
    add_print_commands(sub, screens, only)


def _analytics_command(sub: Any) -> None:
    analytics = sub.add_parser(
        "analytics", help="download the components-analytics CSV (dialog, or --start/--end)")
    analytics.add_argument("--start", metavar="YYYY-MM-DD", help="first day (inclusive)")
    analytics.add_argument("--end", metavar="YYYY-MM-DD", help="last day (inclusive)")
    analytics.add_argument("-o", "--output", metavar="PATH",  # str: keep a trailing "/"
                           help="file or directory to save to")


def _cache_command(sub: Any) -> None:
    cache = sub.add_parser("cache", help="show or clear the response cache")
    actions = cache.add_subparsers(dest="cache_action", metavar="info|clear", title="actions")
    actions.add_parser("info", help="show where the cache is, its entries, size, limit and TTL")
    actions.add_parser("clear", help="delete every cached response")
    cache.set_defaults(usage_error=cache.error)


def _account_commands(sub: Any) -> None:
    """``login``, ``logout`` and ``serve``."""
    login = sub.add_parser("login", help="sign in with your Bentley account in the browser")
    _add_sign_in_options(login, argparse.SUPPRESS,  # README: itwin-tui login --client-id ID
                         client_help="client id of your Desktop/Mobile app "
                         "(default: $ITWIN_CLIENT_ID)")
    login.add_argument("--redirect-uri", metavar="URL",
                       help="loopback redirect registered for the app "
                       "(default: http://localhost:3301/signin-callback)")
    sub.add_parser("logout", help="forget stored sign-in secrets")
    serve = sub.add_parser("serve", help="serve the app in a web browser (textual-serve)",
                           formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; any but loopback lets others use the app")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--no-auth", action="store_true",
                       help="no secret token in the URL (allowed on a loopback --host only)")


def _screen_command(sub: Any, spec: ScreenSpec) -> argparse.ArgumentParser:
    """A screen's sub-command with its deep-link arguments (from the registry)."""
    parser: argparse.ArgumentParser = sub.add_parser(spec.command, help=spec.command_help)
    for arg in spec.args:
        if arg.metavar is None:
            parser.add_argument(arg.name, action="store_true", help=arg.help)
        elif arg.name.startswith("-"):
            parser.add_argument(arg.name, metavar=arg.metavar, help=arg.help)
        else:
            parser.add_argument(arg.name, nargs="?", metavar=arg.metavar, help=arg.help)
    return parser


def _config_command(sub: Any) -> None:
    """``config path|show|check|init``."""
    from tui.commands.config import ACTIONS

    config = sub.add_parser("config", help="the config file: path, show, check, init")
    actions = config.add_subparsers(dest="config_action", metavar="|".join(ACTIONS),
                                    title="actions")
    for name, text in ACTIONS.items():
        actions.add_parser(name, help=text)
    config.set_defaults(usage_error=config.error)


def _add_sign_in_options(parser: argparse.ArgumentParser, default: object = None, *,
                         client_help: str = "app client id (default: $ITWIN_CLIENT_ID); with "
                         "$ITWIN_CLIENT_SECRET it signs in as a service app") -> None:
    """``--authority`` and ``--client-id``: global, and after ``login`` too (where the README
    and the app's hints show them); ``SUPPRESS`` there keeps a value given before ``login``."""
    parser.add_argument("--authority", metavar="URL", default=default,
                        help="IMS authority (default: $ITWIN_AUTHORITY, else https://ims.bentley.com)")
    parser.add_argument("--client-id", metavar="ID", default=default, help=client_help)


def settings_from_args(args: argparse.Namespace) -> Settings:
    """The settings of the command line ``args`` (with the environment and config file)."""
    return config_from_args(args).resolve().settings


def config_from_args(args: argparse.Namespace) -> Config:
    """The config file of ``--config`` (or its default) with the command line's values."""
    from tui.config import load_config

    spec = BY_COMMAND.get(args.command or "")
    return load_config(dict(
        profile=args.profile,
        demo=args.demo or None,
        base_url=args.base_url.rstrip("/") if args.base_url else None,
        token_file=args.token_file,
        authority=args.authority,
        client_id=args.client_id,
        redirect_uri=getattr(args, "redirect_uri", None),
        cache_dir=args.cache_dir,
        download_dir=args.download_dir,
        no_cache=args.no_cache or None,
        theme=args.theme,
        screen="analytics" if args.command == "analytics" else (spec or DEFAULT).mode,
        **(spec.link(args) if spec else {}),
    ), args.config)


def main(argv: list[str] | None = None) -> int:
    """The ``itwin-tui`` command; its exit status. Ctrl+C while it starts (importing, before
    a command handles it) ends it with 130 and a word, not a traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("itwin-tui: interrupted", file=sys.stderr)
        return 130


#: Commands that never start the terminal app (nor print a listing).
_TOOLS = ("cache", "login", "logout", "serve")


def _parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """The command line; bare ``itwin-tui`` is the default screen's command, exactly (so
    into a pipe it prints)."""
    args = parser.parse_args(argv)
    if args.command is None:
        given = sys.argv[1:] if argv is None else argv
        args = parser.parse_args([*given, DEFAULT.command])
    return args


def _main(argv: list[str] | None) -> int:
    parser = parser_for(sys.argv[1:] if argv is None else argv)
    args = _parse(parser, argv)
    if args.command in ("completion", "config"):
        return _run_early(parser, args)
    printing = wants_print(args)
    dated = args.command == "analytics" and bool(args.start or args.end)
    opens_app = args.command not in _TOOLS and not dated and not printing
    if opens_app:
        # The terminal app: no garbage collection until its first screen is up (the app then
        # freezes what start-up built); passes over start-up objects found nothing and cost
        # the first frame ~40 ms.
        from tui.gcfreeze import pause_until_frozen

        pause_until_frozen()
    config = config_from_args(args)
    resolved = _resolve(parser, config, opens_app)
    settings = resolved.settings
    if args.command not in ("cache", "login", "logout") and not settings.demo:
        _check_base_url(parser, settings.base_url)
    if printing:
        from tui.commands.print_mode import run_print_command

        return run_print_command(args, settings)
    if not opens_app:
        return _run_tool(args, settings)
    from tui.app import ItwinApp
    from tui.crash import run_app

    return run_app(lambda: ItwinApp(settings, config=config, problems=resolved.problems),
                   settings)


def _run_early(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``completion`` and ``config``: commands that need no settings."""
    if args.command == "completion":
        from tui.commands.completion import print_completion

        return print_completion(build_parser(), args.shell)  # every command's words
    if args.config_action is None:
        args.usage_error("say what to do: path, show, check or init")
    from tui.commands.config import run_config_command

    return run_config_command(args.config_action, config_from_args(args))


def _resolve(parser: argparse.ArgumentParser, config: Config, opens_app: bool) -> Resolved:
    """The settings of this run. A profile asked for that is not there is a usage error
    (exit 2); so is an error in the config file for a command without the app (the app
    starts without what is wrong, and says so)."""
    from tui.config import ProfileError

    try:
        resolved = config.resolve()
    except ProfileError as exc:
        parser.exit(2, f"itwin-tui: {exc}\n")
    if not opens_app:
        for problem in resolved.problems:
            print(problem, file=sys.stderr)
        if any(problem.error for problem in resolved.problems):
            parser.exit(2, f"itwin-tui: nothing done: fix {config.file.path} first "
                        "(itwin-tui config check lists what is wrong)\n")
    return resolved


def _check_base_url(parser: argparse.ArgumentParser, url: str) -> None:
    """Stop with a usage error when the API base URL is not an http(s) URL."""
    from tui.core.urls import is_valid

    if not is_valid(url):
        parser.error(f"the API base URL {url!r} is not an http(s) URL "
                     "(--base-url, $ITWIN_API_URL)")


def _run_tool(args: argparse.Namespace, settings: Settings) -> int:
    """A command without the terminal app: cache, a dated analytics download, login,
    logout, serve."""
    if args.command == "cache":
        if args.cache_action is None:
            args.usage_error("say what to do: info (show the cache) or clear (empty it)")
        from tui.commands.cache import run_cache_command

        return run_cache_command(args.cache_action, settings)
    if args.command in ("login", "logout"):
        from tui.commands import auth

        return auth.login(settings) if args.command == "login" else auth.logout(settings)
    if args.command == "serve":
        from tui.commands.serve import run_serve

        return run_serve(args.host, args.port, settings, no_auth=args.no_auth)
    from tui.commands.analytics import run_analytics_command

    return run_analytics_command(args.start, args.end, args.output, settings)


if __name__ == "__main__":
    sys.exit(main())
