"""The one-line key bar at the bottom: the screen's shown keys, clickable, palette on the right."""

from __future__ import annotations

from ui_pilot import make_app, screen_lines, settle, wait_for

from tui.app import ItwinApp
from tui.config import Settings
from tui.dialogs.help import HelpScreen
from tui.widgets.key_bar import KeyBar


async def test_key_bar_lists_the_screen_keys_and_a_click_presses_one(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        bottom = screen_lines(app)[-1]
        for hint in ("/ Search", "r Refresh", "f Filters", "a Analytics", "? Keys", "q Quit"):
            assert hint in bottom
        assert bottom.rstrip().endswith("▏^p palette")
        assert "Back" not in bottom  # bindings with show=False stay out
        await pilot.click(KeyBar, offset=(bottom.index("? Keys") + 2, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the keys dialog")


async def test_key_bar_keeps_the_palette_key_when_narrow_and_follows_focus(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        bottom = screen_lines(app)[-1]
        assert len(bottom) == 80 and bottom.startswith("/ Search r Refresh")
        assert bottom.rstrip().endswith("▏^p palette")
        await pilot.press("slash")  # the search box takes the focus: its keys, not the table's
        await pilot.pause()
        assert "r Refresh" not in screen_lines(app)[-1]
        await pilot.click(KeyBar, offset=(bottom.index("^p"), 0))  # opens the command palette
        await wait_for(pilot, lambda: type(app.screen).__name__ == "CommandPalette",
                       "the command palette")


async def test_a_toggle_hint_names_what_the_key_does_now(client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert "m Minimal" in screen_lines(app)[-1]
        await pilot.press("m")
        await wait_for(pilot, lambda: not app.screen.full, "minimal mode")
        await settle(pilot, app)
        bottom = screen_lines(app)[-1]
        assert "m Full" in bottom and "Minimal" not in bottom
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.full, "full mode")
        await settle(pilot, app)
        assert "m Minimal" in screen_lines(app)[-1]
        assert "d Hide details" in screen_lines(app)[-1]
        await pilot.press("d")
        await pilot.pause()
        assert not app.screen.pane.display
        assert "d Show details" in screen_lines(app)[-1]
        await pilot.press("d")
        await pilot.pause()
        assert app.screen.pane.display and "d Hide details" in screen_lines(app)[-1]


SCREENS = ("catalog", "brands", "connections")


async def test_at_80x24_the_bars_keep_what_matters_and_cut_nothing_mid_word() -> None:
    """The footer keeps ? q / and the screen's own keys, and drops lesser hints whole;
    the top bar drops the less telling parts of who/where whole ("no net…" was cut)."""
    for screen in SCREENS:
        app = ItwinApp(Settings(demo=True, screen=screen))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot, app)
            bar = app.screen.query_one(KeyBar)
            bottom = screen_lines(app)[-1]
            hints, _palette = bar.hints()
            for hint, _action in hints:
                whole = f"{hint[1]} {hint[2]}"
                assert whole in bottom or hint[2] not in bottom, (screen, bottom)
            for essential in ("? Keys", "q Quit", "/ Search", "a Analytics"):
                assert essential in bottom, (screen, bottom)
            own = {"catalog": ("f Filters", "m Minimal"), "brands": ("b Brand id",),
                   "connections": ("i iModel",)}[screen]
            for hint_text in own:
                assert hint_text in bottom, (screen, bottom)
            top = screen_lines(app)[0]
            assert "…" not in top, top
            assert top.rstrip().endswith("demo data"), top


async def test_in_a_text_box_the_bar_says_what_enter_and_esc_do(client) -> None:
    """Not "/ Search" (it types a slash there), nor the letters the box types."""
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("slash")
        await wait_for(pilot, lambda: app.focused is app.screen.search_box(), "the box")
        bar = screen_lines(app)[-1]
        assert bar.startswith("enter Search esc Back "), bar
        assert "/ Search" not in bar and "r Refresh" not in bar and "Keys" not in bar
        await pilot.press("escape")
        bar = screen_lines(app)[-1]
        assert bar.startswith("/ Search") and "enter" not in bar, bar
        await pilot.press("2", "b")
        await wait_for(pilot, lambda: app.current_mode == "brands"
                       and app.focused is app.screen.query_one("#brand-id"), "the id box")
        assert screen_lines(app)[-1].startswith("enter Open esc Back ")
        await settle(pilot, app)
