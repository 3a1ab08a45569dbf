"""The command line: what the README and the app's hints tell people to type is accepted."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from tui.cli import build_parser, main, parser_for, settings_from_args

README = Path(__file__).resolve().parents[1] / "README.md"
#: Placeholders the README uses, and a value of the right shape for each.
PLACEHOLDERS = {"BRAND_ID": "brand-1", "IMODEL_ID": "imodel-1", "ID": "client-1",
                "<id>": "client-1", "URI": "http://localhost:3301/signin-callback",
                "PATH": "/tmp/token", "NAME": "itwin-light", "DIR": "/tmp/dir"}


def _code(markdown: str) -> list[str]:
    """Every code line: inline spans and the lines of fenced blocks."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", markdown, flags=re.S)
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)
    return [line for block in blocks for line in block.splitlines()] + re.findall(
        r"`([^`\n]+)`", prose)


def command_lines(markdown: str) -> list[str]:
    """``itwin-tui …`` as written, from wherever it starts in a code line."""
    found = []
    for line in _code(markdown):
        match = re.search(r"(?:^|[\s/])(itwin-tui(?=\s|$).*)", line)
        if match:
            found.append(match.group(1).strip())
    return found


def _argv(line: str) -> list[str]:
    """The command's own words: a comment, a pipe or a redirection ends them."""
    lexer = shlex.shlex(line.replace("[", " ").replace("]", " "), posix=True,
                        punctuation_chars="|&;<>")
    lexer.whitespace_split = True
    words = []
    for word in lexer:
        if set(word) <= set("|&;<>"):
            break
        words.append(word)
    return [PLACEHOLDERS.get(word, word) for word in words[1:]]


README_LINES = command_lines(README.read_text(encoding="utf-8"))


def test_the_readme_shows_command_lines() -> None:
    assert len(README_LINES) >= 15
    assert "itwin-tui login [--client-id ID] [--redirect-uri URI]" in README_LINES


@pytest.mark.parametrize("line", README_LINES)
def test_every_readme_command_line_parses(line: str) -> None:
    build_parser().parse_args(_argv(line))


@pytest.mark.parametrize("line", [*README_LINES, "itwin-tui --profile catalog --demo",
                                  "itwin-tui --token-file brand connections"])
def test_the_parser_of_one_command_reads_a_line_as_the_whole_parser_does(line: str) -> None:
    def read(parser: Any) -> dict[str, Any]:  # a sub-parser's own error method aside
        return {k: v for k, v in vars(parser.parse_args(argv)).items() if k != "usage_error"}

    argv = _argv(line)
    assert read(parser_for(argv)) == read(build_parser())


def test_a_bare_start_builds_only_the_default_screens_command() -> None:
    usage = parser_for(["--demo"]).format_help()
    assert "catalog" in usage and "serve" not in usage
    assert "serve" in parser_for(["--help"]).format_help()  # help lists every command
    assert "serve" in parser_for(["nosuch"]).format_help()  # so does its error


def test_login_takes_the_client_id_after_the_command_as_well() -> None:
    after = settings_from_args(build_parser().parse_args(["login", "--client-id", "abc"]))
    before = settings_from_args(build_parser().parse_args(["--client-id", "abc", "login"]))
    assert after.client_id == before.client_id == "abc"
    authority = build_parser().parse_args(["login", "--authority", "https://ims.example"])
    assert authority.authority == "https://ims.example"


def test_cache_without_an_action_says_which_in_words(capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["cache"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "info|clear" in err and "info (show the cache) or clear (empty it)" in err
    assert "required" not in err and "cache_action" not in err


@pytest.mark.parametrize(("command", "wanted"), [
    ("connections", ["list this iModel's export connections"]),
    ("serve", ["address to listen on", "(default: 127.0.0.1)", "(default: 8000)"]),
    ("cache", ["info", "show where the cache is", "clear", "delete every cached response"]),
    ("login", ["--client-id ID", "--redirect-uri"]),
])
def test_help_says_what_each_option_does(command: str, wanted: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for words in wanted:
        assert words in text
