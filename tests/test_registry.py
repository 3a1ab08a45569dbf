"""The screen registry is the one list of screens: the app's modes and number keys, the top
bar's tabs, the palette's *Go to*, the help and the command line all come from it."""

from __future__ import annotations

import pytest
from ui_pilot import SIZE, make_app, screen_lines, settle, wait_for

from tui.app import ItwinApp
from tui.cli import build_parser, settings_from_args
from tui.dialogs.help import HelpScreen, sections
from tui.dialogs.picker import PickerDialog
from tui.keys import KEYS
from tui.registry import SCREENS, ScreenSpec, spec_of
from tui.screens.browser import BrowserScreen


@pytest.mark.parametrize("spec", SCREENS, ids=[s.mode for s in SCREENS])
def test_each_entry_names_its_screen_class(spec: ScreenSpec) -> None:
    cls = spec.screen_class()
    assert issubclass(cls, BrowserScreen)
    assert spec_of(cls) == spec
    assert spec.mode in ItwinApp.MODES or spec.mode == "catalog"  # see ItwinApp.__init__
    assert KEYS[f"screen.{spec.mode}"].keys == spec.key


@pytest.mark.parametrize("spec", SCREENS, ids=[s.mode for s in SCREENS])
def test_each_screen_has_a_command_with_its_deep_link(spec: ScreenSpec) -> None:
    argv = [spec.command]
    for arg in spec.args:
        if arg.metavar is None:
            argv.append(arg.name)
        elif arg.name.startswith("-"):
            argv += [arg.name, f"value-of-{arg.setting}"]
        else:
            argv.append(f"value-of-{arg.setting}")
    settings = settings_from_args(build_parser().parse_args(argv))
    assert settings.screen == spec.mode
    for arg in spec.args:
        want = True if arg.metavar is None else f"value-of-{arg.setting}"
        assert getattr(settings, arg.setting) == want


async def test_every_screen_has_a_tab_a_key_a_palette_entry_and_help(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        top = screen_lines(app)[0]
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for spec in SCREENS:
            assert f" {spec.key} {spec.title} " in top
            assert f"Go to {spec.long_title}" in titles
            await pilot.press(spec.key)
            if isinstance(app.screen, PickerDialog):  # connections, with no iModel chosen
                await pilot.press("escape")
            assert app.current_mode == spec.mode and spec_of(type(app.screen)) == spec
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        headings = [heading for _section, heading, _summary in sections(app.screen)]
        for spec in SCREENS:
            assert f"{spec.key} {spec.long_title}" in headings
        await pilot.press("escape")
        await settle(pilot, app)
