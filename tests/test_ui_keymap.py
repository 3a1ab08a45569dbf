"""A keymap rebinds keys by binding id (``tui.keys``), and every place that names a key
follows: the key bar, the help, the command palette and the "press X" hints."""

from __future__ import annotations

from ui_pilot import SIZE, make_app, requests_to, screen_lines, screen_text, settle, wait_for

from tui.dialogs.help import HelpScreen
from tui.keys import KEYS
from tui.registry import SCREENS
from tui.screens.brands import BrandsScreen
from tui.widgets.status_line import StatusLine

COMPONENTS = "/library/components"


def _help_keys(text: str, words: str) -> str:
    """The keys on the help dialog's row of ``words`` (inside the dialog's border)."""
    row = next(line for line in text.splitlines() if words in line)
    return row.split("│")[1].split()[0]


async def test_a_rebound_key_works_and_shows_everywhere(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=(SIZE[0], 50)) as pilot:  # the help's catalog rows in view
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        app.set_keymap({"refresh": "f5", "toggle-minimal": "x"})
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert "f5 Refresh" in footer and "r Refresh" not in footer
        assert "x Minimal" in footer and "m Minimal" not in footer

        # the old keys do nothing any more
        asked = len(requests_to(server, COMPONENTS))
        await pilot.press("r", "m")
        await settle(pilot, app)
        assert app.screen.full and len(requests_to(server, COMPONENTS)) == asked
        # the new ones do what the old did; both bindings of a toggle moved
        await pilot.press("f5")
        await wait_for(pilot, lambda: "refreshed" in screen_lines(app)[-2], "the refresh")
        assert len(requests_to(server, COMPONENTS)) > asked
        await pilot.press("x")
        await wait_for(pilot, lambda: not app.screen.full, "minimal mode")
        await settle(pilot, app)
        assert "x Full" in screen_lines(app)[-1]
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.full, "full mode")
        await settle(pilot, app)

        # the palette says which key runs a command
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert helps["Refresh"].endswith("(f5)")
        assert helps["Catalog: full / minimal"].endswith("(x)")

        # the help lists the keys as bound now
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert _help_keys(text, KEYS["refresh"].help) == "f5"
        words = KEYS["toggle-minimal"].help
        for _ in range(5):  # the screens' keys are further down
            if words in screen_text(app):
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert _help_keys(screen_text(app), words) == "x"
        await pilot.press("escape")

        # hints: a paging error in the status line, an error in place of a list
        server.api.faults.add(path_prefix=COMPONENTS, status=503, times=1)
        await pilot.press("G")
        status = app.screen.query_one(StatusLine)  # its whole text: the line cuts it here
        await wait_for(pilot, lambda: status.text.endswith("(f5 retries)"),
                       "the paging error's hint")
        server.api.faults.add(path_prefix="/library/brands", status=503, times=1)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, BrandsScreen)
                       and "Press f5 to retry." in screen_text(app), "the error's hint")
        assert "Press r to retry." not in screen_text(app)
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.screen.table.row_count, "brands after the retry")
        await settle(pilot, app)


async def test_number_keys_and_tabs_follow_the_keymap(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        app.set_keymap({f"screen.{SCREENS[1].mode}": "f2"})
        await pilot.pause()
        assert f" f2 {SCREENS[1].title} " in screen_lines(app)[0]
        await pilot.press("2")
        assert app.current_mode != SCREENS[1].mode
        await pilot.press("f2")
        assert app.current_mode == SCREENS[1].mode
        await settle(pilot, app)
