"""Texts shown in place of a table: not signed in, errors, first-use hints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tui.core.errors import ApiError, ErrorKind
from tui.core.signin import API_SCOPE, DEMO_COMMAND, SIGN_IN_WAYS
from tui.keys import key_of
from tui.options import DEFAULT_PROFILE
from tui.widgets.text import clean_block

if TYPE_CHECKING:
    from textual.dom import DOMNode


def no_token_text(reason: str | None = None, profile: str = DEFAULT_PROFILE
                  ) -> RenderableType:
    """How to get a token (every way, from ``tui.core.signin``), and how to try the app;
    ``reason`` says why the one given is not usable (e.g. an empty token file). In a named
    ``profile``, that its sign-in is its own."""
    ways = Table.grid(padding=(0, 2))
    ways.add_column(style="bold", no_wrap=True)
    ways.add_column()
    for way in SIGN_IN_WAYS:
        ways.add_row(way.command, way.does)
    demo = Table.grid(padding=(0, 2))
    demo.add_column(style="bold", no_wrap=True)
    demo.add_column()
    demo.add_row(DEMO_COMMAND, "the whole app with built-in demo data, no account needed")
    own = (Text(f"Profile {profile} keeps its own sign-in: itwin-tui --profile {profile} "
                "login", style="bold"),) if profile != DEFAULT_PROFILE else ()
    return Group(
        Text("You are not signed in.", style="bold"),
        *((Text(clean_block(reason)),) if reason else ()),
        *own,
        Text(""),
        Text(f"itwin-tui needs an iTwin Platform access token (scope {API_SCOPE}) to browse "
             "your library and export connections. Any one of these works:"),
        Text(""),
        ways,
        Text(""),
        Text("Just looking?"),
        demo,
    )


def error_text(err: ApiError, node: DOMNode, where: str | None = None) -> Text:
    """``err.human()`` with a bold headline, and how to retry when trying again may help
    (the key of ``refresh`` where ``node`` is); every server string stays literal."""
    lines = clean_block(err.human()).split("\n")
    text = Text()
    if where:
        text.append(f"{where}\n", style="bold")
    text.append(lines[0], style="bold")
    for line in lines[1:]:
        text.append("\n" + line)
    if err.retryable:  # the error table's word (tui.core.errors)
        text.append(f"\n{retry_hint(node)}", style="italic")
    return text


def retry_hint(node: DOMNode) -> str:
    """``Press r to retry.``, with the key ``refresh`` is bound to now."""
    return f"Press {key_of(node, 'refresh')} to retry."


def unexpected_error(exc: BaseException) -> ApiError:
    """An unforeseen failure as an :class:`ApiError`, so it renders like any other error."""
    return ApiError(ErrorKind.BAD_RESPONSE,
                    f"Unexpected error: {type(exc).__name__}: {clean_block(str(exc))}")
