"""The app with a config file: [keys] rebinds keys everywhere, problems are shown without
stopping it, the top bar names the profile, and the palette switches profile at run time
(the screens reload from the other profile's server; the old client is closed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ui_pilot import cli_app, requests_to, screen_lines, screen_text, settle, wait_for

from tui import locations
from tui.dialogs.help import HelpScreen
from tui.fake import DEMO_TOKEN, FakeApi, FakeData, serve
from tui.keys import KEYS
from tui.screens.brands import BrandsScreen

COMPONENTS = "/library/components"
SIZE = (120, 40)


def write(text: str) -> Path:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def _help_keys(text: str, words: str) -> str:
    row = next(line for line in text.splitlines() if words in line)
    return row.split("│")[1].split()[0]


async def test_keys_rebound_in_the_file_work_and_show_everywhere(server) -> None:
    write('[keys]\nrefresh = "f5"\n"toggle-minimal" = "x"\n')
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        assert notices(app) == []
        footer = screen_lines(app)[-1]
        assert "f5 Refresh" in footer and "r Refresh" not in footer
        assert "x Minimal" in footer
        asked = len(requests_to(server, COMPONENTS))
        await pilot.press("r", "m")
        await settle(pilot, app)
        assert app.screen.full and len(requests_to(server, COMPONENTS)) == asked
        await pilot.press("f5")
        await wait_for(pilot, lambda: len(requests_to(server, COMPONENTS)) > asked, "refresh")
        await settle(pilot, app)
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Refresh"].endswith("(f5)")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert _help_keys(screen_text(app), KEYS["refresh"].help) == "f5"
        await pilot.press("escape")


async def test_problems_in_the_file_are_shown_and_the_app_runs(server) -> None:
    path = write('max_rows = "lots"\ncolour = "blue"\n[keys]\nrefresh = "f5"\nsearch = "f5"\n'
                 'nope = "x"\nhelp = "F99"\n')
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        shown = notices(app)
        assert f'{path}:1: max_rows: expected a whole number above 0, got "lots"' in shown
        assert f"{path}:2: colour: unknown setting (ignored)" in shown
        assert "config.toml: [keys] nope: no binding has this id (ignored); itwin-tui " \
               "config init lists them" in shown
        assert "config.toml: [keys] help: not a key: 'F99' (ignored)" in shown
        assert "config.toml: [keys] search: f5 is bound to both search and refresh; search " \
               "keeps slash (ignored)" in shown
        assert app.settings.max_rows == 200_000  # the default, not the wrong value
        assert app.keymap == {"refresh": "f5"}  # search keeps its key: one key, one action
        footer = screen_lines(app)[-1]
        assert "f5 Refresh" in footer and "/ Search" in footer
        await pilot.press("question_mark")  # "help" kept its default key
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot, app)


async def test_a_syntax_error_starts_the_app_with_defaults_and_says_where(server) -> None:
    path = write('theme = "itwin-light"\n[keys\nrefresh = "f5"\n')
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        assert app.theme == "itwin-dark" and app.keymap == {}
        assert any(n.startswith(f"{path}:2:") and "not valid TOML" in n
                   for n in notices(app)), notices(app)
        await settle(pilot, app)


async def test_many_problems_are_summed_up(server) -> None:
    write("".join(f"unknown_{i} = 1\n" for i in range(9)))
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        shown = notices(app)
        assert len(shown) == 6 and shown[-1] == ("4 more; itwin-tui config check lists "
                                                 "them all.")
        await settle(pilot, app)


async def test_the_palette_switches_profile_and_the_screens_reload(server) -> None:
    south_api = FakeApi(FakeData(300, seed=8))
    with serve(south_api) as south:
        write(f"""\
default_profile = "north"
no_cache = true

[profiles.north]
base_url = "{server.base_url}"

[profiles.south]
base_url = "{south.base_url}"
theme = "itwin-light"
""")
        app = cli_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "north's rows")
            # the pane's files, web links and variations of the first row asked too
            await wait_for(pilot, lambda: not app.screen.details.parts.wants_fetch(
                app.screen.table.current_item), "north's sections")
            await settle(pilot, app)
            north_first = app.screen.table.rows[0].id
            top = screen_lines(app)[0]
            assert top.startswith(" north  1 Catalog ") and " 4 Catalogs " in top
            old, asked_north = app.client, len(server.api.requests)
            await pilot.press("ctrl+p")
            await pilot.press(*"Profile: south")
            await wait_for(pilot, lambda: _palette_has(app, "Profile: south"), "the command")
            await pilot.press("enter")
            await wait_for(pilot, lambda: app.settings.profile == "south"
                           and app.screen.table.row_count, "south's rows", timeout=15)
            await settle(pilot, app)
            assert requests_to(south, COMPONENTS)
            assert len(server.api.requests) == asked_north  # north is not asked any more
            assert app.screen.table.rows[0].id != north_first
            assert app.client is not old and old.transport.http.is_closed
            assert screen_lines(app)[0].startswith(" south  1 Catalog ")
            assert app.theme == "itwin-light"
            assert "Profile south:" in " ".join(notices(app))
            await pilot.press("2")  # every screen is the new profile's
            await wait_for(pilot, lambda: isinstance(app.screen, BrandsScreen)
                           and requests_to(south, "/library/brands"), "south's brands")
            await settle(pilot, app)
            helps = {c.title for c in app.get_system_commands(app.screen)}
            assert "Profile: north" in helps and "Profile: south" not in helps
            app.switch_profile("north")  # back: north's theme (the default), north's server
            await wait_for(pilot, lambda: app.settings.profile == "north"
                           and requests_to(server, "/library/brands"), "north's brands")
            await settle(pilot, app)
            assert app.theme == "itwin-dark" and isinstance(app.screen, BrandsScreen)


async def test_no_profile_commands_without_profiles(server) -> None:
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert not any(t.startswith("Profile:") for t in titles)
        assert screen_lines(app)[0].startswith(" 1 Catalog ")  # no profile name, as before
        await settle(pilot, app)


def _palette_has(app, text: str) -> bool:
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return False
    options = found.first()
    return any(text in str(options.get_option_at_index(i).prompt)
               for i in range(options.option_count))


async def test_a_profile_without_a_sign_in_says_how_to_sign_in_to_it(server,
                                                                     monkeypatch) -> None:
    monkeypatch.delenv("ITWIN_ACCESS_TOKEN")
    write(f'[profiles.work]\nbase_url = "{server.base_url}"\n')
    app = cli_app("--profile", "work")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "You are not signed in." in screen_text(app), "notice")
        assert "Profile work keeps its own sign-in: itwin-tui --profile work login" in \
            screen_text(app)
        assert screen_lines(app)[0].startswith(" work  1 Catalog ")
