"""Themes: the two app themes, how the start theme is chosen, and remembering the palette's
choice in the config file (tolerant of a missing, corrupt or unwritable file)."""

from __future__ import annotations

from ui_pilot import cli_app, wait_for

from tui import locations
from tui.app import ItwinApp
from tui.cli import build_parser, settings_from_args
from tui.config import Config, Settings
from tui.config_file import read_config
from tui.profiles import remember_theme
from tui.themes import DEFAULT_THEME, ITWIN_DARK, ITWIN_LIGHT, start_theme

SIZE = (100, 30)
AVAILABLE = {"itwin-dark", "itwin-light", "nord"}


def demo_app(**settings: object) -> ItwinApp:
    return ItwinApp(Settings(demo=True, **settings))  # type: ignore[arg-type]


def write_config(text: str) -> None:
    locations.config_file().parent.mkdir(parents=True, exist_ok=True)
    locations.config_file().write_text(text, encoding="utf-8")


# -- choosing the start theme ------------------------------------------------------------------


def test_default_is_the_dark_itwin_theme() -> None:
    assert DEFAULT_THEME == "itwin-dark" and ITWIN_DARK.dark and not ITWIN_LIGHT.dark
    assert start_theme(None, AVAILABLE) == ("itwin-dark", None)


def test_short_names_and_any_case() -> None:
    assert start_theme("itwin-light", AVAILABLE) == ("itwin-light", None)
    assert start_theme("nord", AVAILABLE) == ("nord", None)
    assert start_theme("light", AVAILABLE) == ("itwin-light", None)
    assert start_theme("Dark", AVAILABLE) == ("itwin-dark", None)


def test_unknown_names_fall_back_with_a_warning() -> None:
    name, warning = start_theme("no-such", AVAILABLE)
    assert name == "itwin-dark"
    assert warning is not None and "'no-such'" in warning and "itwin-light" in warning


def test_theme_option_reaches_the_settings() -> None:
    args = build_parser().parse_args(["--theme", "itwin-light", "--demo"])
    assert settings_from_args(args).theme == "itwin-light"


# -- the config file ----------------------------------------------------------------------------


def saved_theme() -> str | None:
    return read_config(locations.config_file()).values.get("theme")


def test_an_unwritable_config_location_is_reported_not_raised(tmp_path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the config directory should be")
    config = Config(read_config(blocker / "config.toml"))
    warning = remember_theme(config, "default", "itwin-light")
    assert warning is not None and "could not be saved" in warning and "not-a-dir" in warning


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
    write_config('theme = "nord"\n')
    app = cli_app("--demo", "--theme", "itwin-light")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "itwin-light"
        assert "-light-mode" in app.classes
    assert saved_theme() == "nord"


async def test_the_saved_theme_is_used_at_start() -> None:
    write_config('theme = "itwin-light"\n')
    app = cli_app("--demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "itwin-light"


async def test_corrupt_config_starts_with_the_default_theme_and_says_why() -> None:
    write_config('theme = "itwin-light"\n{\x00 garbage')
    app = cli_app("--demo")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = [str(n.message) for n in app._notifications]
        assert any(f"{locations.config_file()}:2:1: not valid TOML" in m for m in messages)


async def test_unknown_theme_option_warns_and_falls_back() -> None:
    app = demo_app(theme="[bold]no-such")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = [n.message for n in app._notifications]
        assert any("Unknown theme '[bold]no-such'" in str(m) for m in messages), messages


async def test_palette_theme_choice_is_remembered_for_the_next_start() -> None:
    app = cli_app("--demo")
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
    assert saved_theme() == "itwin-light"
    again = cli_app("--demo")
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
