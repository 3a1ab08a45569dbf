"""Bad settings are never silent: an unusable environment value is one warning line (a
notification in the app, stderr for a command) naming the text as typed, and the setting
falls back to what the levels below give (here the default)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ui_pilot import cli_app, wait_for

from tui.config import Settings
from tui.fake import DEMO_TOKEN
from tui.options import BY_NAME

ROOT = Path(__file__).resolve().parents[1]
BAD = {"ITWIN_TUI_CACHE_MAX_MB": "abc", "ITWIN_TUI_MAX_ROWS": "0",
       "ITWIN_TUI_REQUEST_DEADLINE": "-1"}
WARNINGS = [
    '$ITWIN_TUI_CACHE_MAX_MB: expected a number above 0, got "abc"; not used',
    '$ITWIN_TUI_REQUEST_DEADLINE: expected a number above 0, got "-1"; not used',
    '$ITWIN_TUI_MAX_ROWS: expected a whole number above 0, got "0"; not used',
]


def test_each_bad_value_is_named_as_typed_and_the_default_applies(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for var, text in BAD.items():
        monkeypatch.setenv(var, text)
    from tui.config import Config, ConfigFile

    resolved = Config(ConfigFile(Path("/nonexistent/config.toml")), {},
                      dict(os.environ)).resolve()
    assert [str(p) for p in resolved.problems] == WARNINGS
    settings = resolved.settings
    for name in ("cache_max_mb", "max_rows", "request_deadline"):
        assert getattr(settings, name) == BY_NAME[name].default == getattr(Settings(), name)


async def test_the_app_shows_one_warning_each(monkeypatch: pytest.MonkeyPatch) -> None:
    for var, text in BAD.items():
        monkeypatch.setenv(var, text)
    app = cli_app("--demo")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: len(app._notifications) >= 3, "the warnings")
        shown = [(n.title, str(n.message)) for n in app._notifications]
        assert shown == [("Environment", text) for text in WARNINGS]
        assert app.settings.max_rows == BY_NAME["max_rows"].default


def test_a_command_says_so_on_stderr_and_runs() -> None:
    env = {**os.environ, **BAD, "ITWIN_ACCESS_TOKEN": DEMO_TOKEN}
    done = subprocess.run([sys.executable, "-m", "tui", "--demo", "catalog", "--format",
                           "jsonl", "--limit", "2"], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == WARNINGS
    assert len(done.stdout.splitlines()) == 2


@pytest.mark.parametrize("argv", [("--theme", "bogus"), ("--theme=bogus",)])
async def test_an_unknown_theme_on_the_command_line_is_named(argv: tuple[str, ...],
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    for var in BAD:
        monkeypatch.delenv(var, raising=False)
    app = cli_app("--demo", *argv)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app._notifications, "the warning")
        shown = [(n.title, str(n.message)) for n in app._notifications]
        assert any(title == "Theme" and "'bogus'" in text for title, text in shown), shown
