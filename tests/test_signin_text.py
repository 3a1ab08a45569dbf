"""The README's "Signing in" says what ``tui.core.signin`` says (the app's texts use it)."""

from __future__ import annotations

import re
from pathlib import Path

from tui.core.signin import (
    API_SCOPE,
    DEMO_COMMAND,
    MY_APPS_URL,
    NATIVE_APP_SCOPES,
    SIGN_IN_WAYS,
    sign_in_help,
)

README = Path(__file__).resolve().parents[1] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end]


def test_the_readme_lists_every_way_in_the_same_order() -> None:
    section = _section("Signing in")
    numbered = re.findall(r"^\d+\. (.*(?:\n   .*)*)", section, flags=re.M)
    # README: 1 token file / token, 2 service app, 3 itwin-tui login, 4 otherwise the demo.
    names = [re.findall(r"--[a-z-]+|[A-Z][A-Z_]{4,}|itwin-tui login", way.command)
             for way in SIGN_IN_WAYS]
    groups = [names[0] + names[1], names[2], names[3]]
    assert len(numbered) == len(groups) + 1
    for item, words in zip(numbered, groups, strict=False):
        for word in words:
            assert word in item, (word, item)
    assert DEMO_COMMAND.removeprefix("itwin-tui ") in numbered[-1]


def test_the_readme_names_the_scopes_and_where_to_register() -> None:
    section = " ".join(_section("Signing in").split())
    assert f"the `{API_SCOPE}` scope" in section
    assert f"the scopes `{NATIVE_APP_SCOPES}`" in section
    assert MY_APPS_URL in section


def test_the_one_line_help_names_every_way() -> None:
    text = sign_in_help()
    for way in SIGN_IN_WAYS:
        assert way.command in text
    assert DEMO_COMMAND in text
