"""Themes: the two app themes, how the start theme is chosen, and remembering the palette's
choice in the config file (tolerant of a missing, corrupt or unwritable file)."""

from __future__ import annotations

import json
import os
import stat

from ui_pilot import wait_for

from tui import locations
from tui.app import ItwinApp
from tui.cli import build_parser, settings_from_args
from tui.config import Settings
from tui.settings_file import read_config, remember_theme, remembered_theme, update_config
from tui.themes import DEFAULT_THEME, ITWIN_DARK, ITWIN_LIGHT, start_theme

SIZE = (100, 30)
AVAILABLE = {"itwin-dark", "itwin-light", "nord"}


def demo_app(**settings: object) -> ItwinApp:
    return ItwinApp(Settings(demo=True, **settings))  # type: ignore[arg-type]


# -- choosing the start theme ------------------------------------------------------------------


def test_default_is_the_dark_itwin_theme() -> None:
    assert DEFAULT_THEME == "itwin-dark" and ITWIN_DARK.dark and not ITWIN_LIGHT.dark
    assert start_theme(None, None, AVAILABLE) == ("itwin-dark", None)


def test_command_line_beats_remembered_which_beats_default() -> None:
    assert start_theme("itwin-light", "nord", AVAILABLE) == ("itwin-light", None)
    assert start_theme(None, "nord", AVAILABLE) == ("nord", None)
    assert start_theme("light", None, AVAILABLE) == ("itwin-light", None)
    assert start_theme("Dark", "nord", AVAILABLE) == ("itwin-dark", None)


def test_unknown_names_fall_back_and_only_the_command_line_one_warns() -> None:
    name, warning = start_theme("no-such", "nord", AVAILABLE)
    assert name == "nord"
    assert warning is not None and "'no-such'" in warning and "itwin-light" in warning
    assert start_theme(None, "gone-theme", AVAILABLE) == ("itwin-dark", None)


def test_theme_option_reaches_the_settings() -> None:
    args = build_parser().parse_args(["--theme", "itwin-light", "--demo"])
    assert settings_from_args(args).theme == "itwin-light"


# -- the config file ----------------------------------------------------------------------------


def test_remembered_theme_round_trips_and_keeps_other_keys(tmp_path) -> None:
    path = tmp_path / "conf" / "config.json"
    assert remembered_theme(path) is None
    assert update_config({"other": [1, 2]}, path)
    assert remember_theme("itwin-light", path)
    assert remembered_theme(path) == "itwin-light"
    assert read_config(path) == {"other": [1, 2], "theme": "itwin-light"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temp file left


def test_corrupt_or_odd_config_reads_as_empty_and_is_replaced(tmp_path) -> None:
    path = tmp_path / "config.json"
    for content in ("{not json", "[1, 2]", '{"theme": 42}', '{"theme": "  "}', "\xff\xfe"):
        path.write_text(content, encoding="latin-1")
        assert remembered_theme(path) is None, content
    assert remember_theme("itwin-dark", path)
    assert json.loads(path.read_text()) == {"theme": "itwin-dark"}


def test_unwritable_config_location_is_reported_not_raised(tmp_path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the config directory should be")
    assert remember_theme("itwin-light", blocker / "config.json") is False
    assert remembered_theme(blocker / "config.json") is None


def test_default_location_is_the_platformdirs_config_file() -> None:
    assert remember_theme("nord")
    assert locations.config_file().parent == locations.config_dir()
    assert json.loads(locations.config_file().read_text()) == {"theme": "nord"}
    assert str(locations.config_file()).startswith(os.environ["XDG_CONFIG_HOME"])


# -- the running app ----------------------------------------------------------------------------


async def test_app_registers_both_themes_and_starts_dark() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert {"itwin-dark", "itwin-light"} <= set(app.available_themes)
        assert app.theme == "itwin-dark"
        assert app.current_theme.primary == ITWIN_DARK.primary
    assert not locations.config_file().exists(), "starting must not write the config"


async def test_theme_option_applies_for_this_run_only() -> None:
    remember_theme("nord")
    app = demo_app(theme="itwin-light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "itwin-light"
        assert "-light-mode" in app.classes
    assert remembered_theme() == "nord"


async def test_remembered_theme_is_used_at_start() -> None:
    remember_theme("itwin-light")
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "itwin-light"


async def test_corrupt_config_starts_with_the_default_theme() -> None:
    locations.config_file().parent.mkdir(parents=True, exist_ok=True)
    locations.config_file().write_text("{\x00 garbage")
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME


async def test_unknown_theme_option_warns_and_falls_back() -> None:
    app = demo_app(theme="[bold]no-such")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = [n.message for n in app._notifications]
        assert any("Unknown theme '[bold]no-such'" in str(m) for m in messages), messages


async def test_palette_theme_choice_is_remembered_for_the_next_start() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await wait_for(pilot, lambda: _palette_has(app, "Change the current theme"),
                       "the Theme command in the palette")
        await pilot.press("enter")
        await pilot.press(*"itwin-light")
        await wait_for(pilot, lambda: _palette_has(app, "itwin-light"), "the theme list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.theme == "itwin-light", "the theme to change")
    assert remembered_theme() == "itwin-light"
    again = demo_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "itwin-light"


def _palette_has(app: ItwinApp, text: str) -> bool:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return False
    options = found.first()
    return any(text in str(options.get_option_at_index(i).prompt)
               for i in range(options.option_count))
