"""The app shell: screens and keys, palette, help, analytics, title, styles, layouts, demo."""

from __future__ import annotations

from test_auth import jwt
from ui_pilot import SIZE, make_app, screen_lines, screen_text, settle, wait_for

from tui import locations
from tui.app import DIALOG_STYLES, ItwinApp
from tui.config import Settings
from tui.core.auth import TokenFile
from tui.core.client import ItwinClient
from tui.dialogs.analytics import AnalyticsDialog
from tui.dialogs.charts import ChartsScreen
from tui.dialogs.columns import ColumnsDialog
from tui.dialogs.export import ExportDialog
from tui.dialogs.help import HelpScreen
from tui.dialogs.open_link import OpenLinkDialog
from tui.dialogs.picker import PickerDialog
from tui.dialogs.save_file import SaveFileDialog
from tui.dialogs.saved_files import SavedFilesScreen
from tui.registry import SCREENS
from tui.screens.brands import BrandsScreen
from tui.screens.catalog import CatalogScreen
from tui.screens.connections import ConnectionsScreen
from tui.state import RecentIds
from tui.widgets.top_bar import TopBar


async def test_number_keys_switch_screens_and_keep_their_state(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("j", "j")
        await pilot.press("2")
        assert isinstance(app.screen, BrandsScreen)
        await wait_for(pilot, lambda: app.screen.table.row_count, "brand rows")
        await pilot.press("3")  # no iModel chosen yet: its picker opens over it
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
        assert isinstance(app.screen_stack[-2], ConnectionsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ConnectionsScreen)
        await pilot.press("1")
        assert isinstance(app.screen, CatalogScreen)
        assert app.screen.table.cursor_row == 2
        # the tabs in the top bar are clickable
        top = screen_lines(app)[0]
        await pilot.click(TopBar, offset=(top.index("2 Brands") + 3, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, BrandsScreen), "a tab click")
        await settle(pilot, app)


async def test_the_start_screen_is_one_of_the_three_and_switching_comes_back_to_it(
        server, client) -> None:
    """The start screen is Textual's default screen until mounted, then the mode of its
    key: switching away and back shows that same screen, not a second copy."""
    app = make_app(client, screen="brands")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.is_mounted and app.screen.table.row_count,
                       "brand rows")
        first = app.screen
        assert isinstance(first, BrandsScreen) and app.current_mode == "brands"
        await pilot.press("1")
        assert isinstance(app.screen, CatalogScreen)
        await pilot.press("2")
        assert app.screen is first
        await pilot.press("1")
        assert isinstance(app.screen, CatalogScreen)
        await settle(pilot, app)


async def test_top_bar_tabs_light_up_under_the_mouse(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        bar = app.screen.query_one(TopBar)
        hover = bar.get_component_rich_style("top-bar--tab-hover")
        x = screen_lines(app)[0].index("3 Connections")

        def lit() -> bool:
            return any(span.style == hover and span.start <= x < span.end
                       for span in bar.render().spans)

        assert not lit()
        await pilot.hover(TopBar, offset=(x + 2, 0))
        assert lit()
        await pilot.hover(TopBar, offset=(2, 0))  # the app title is not a tab
        assert not lit()
        await settle(pilot, app)


async def test_palette_has_every_action_and_runs_them(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for title in ("Go to Catalog", "Go to Brands", "Go to Export connections",
                      "Analytics: download CSV", "Keys: help", "Search", "Refresh", "Copy id",
                      "Toggle detail pane", "Open", "Back", "Catalog: filters",
                      "Catalog: full / minimal", "Quit"):
            assert title in titles, title
        await pilot.press("ctrl+p")
        await pilot.press(*"go to brands")
        await wait_for(pilot, lambda: "Go to Brands" in screen_text(app), "the palette match")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BrandsScreen), "the brands screen")
        await settle(pilot, app)


async def test_help_screen_lists_keys_and_closes(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for key in ("ctrl+p", "command palette", "copy the highlighted id", "refresh"):
            assert key in text, key
        await pilot.press("2")  # no screen switching underneath a dialog
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CatalogScreen)
        await settle(pilot, app)


async def test_analytics_key_and_deep_link_open_the_dialog(server, client) -> None:
    from tui.dialogs.analytics import AnalyticsDialog

    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await pilot.press("a")
        assert isinstance(app.screen, AnalyticsDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, CatalogScreen)
        await settle(pilot, app)
    app = make_app(client, screen="analytics")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AnalyticsDialog), "the dialog")
        assert app.current_mode == "catalog"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows underneath")
        await settle(pilot, app)


async def test_title_subtitle_and_styles(server, client) -> None:
    app = make_app(client)
    assert app.title == "itwin-tui"
    host = server.base_url.split("://", 1)[1]
    assert app.sub_title == f"{client.auth.describe()} · {host}"
    styles = sorted(locations.styles_dir().glob("*.tcss"))
    assert {"analytics.tcss", "app.tcss", "detail.tcss", "help.tcss"} <= {p.name for p in styles}
    # the dialogs' styles load with the dialogs; the app starts with the rest
    assert list(ItwinApp.CSS_PATH) == [p for p in styles if p.name not in DIALOG_STYLES]
    dialogs = (AnalyticsDialog, HelpScreen, ChartsScreen, SavedFilesScreen, PickerDialog,
               ColumnsDialog, ExportDialog, SaveFileDialog, OpenLinkDialog)
    assert {dialog.CSS_PATH.name for dialog in dialogs} == set(DIALOG_STYLES)


async def test_narrow_terminal_puts_details_below_and_d_hides_them(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        table, pane = app.screen.table, app.screen.pane
        assert pane.region.y > table.region.y
        assert pane.region.width == 80 and table.region.width == 80
        assert table.region.height >= 8
        await pilot.press("d")
        assert not pane.display
        await pilot.pause()
        assert table.region.height > 16
    app = make_app(client)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        await settle(pilot, app)
        table, pane = app.screen.table, app.screen.pane
        assert pane.region.x >= table.region.right - 1 and pane.region.y == table.region.y


async def test_the_layout_follows_the_width_on_every_screen(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        catalog = app.screen
        assert catalog.has_class("-wide") and not catalog.has_class("-side")
        await pilot.resize_terminal(150, 40)
        await settle(pilot, app)
        assert catalog.has_class("-side") and not catalog.has_class("-wide")
        table, pane = catalog.table, catalog.pane
        assert pane.region.x >= table.region.right - 1 and pane.region.y == table.region.y
        await pilot.press("2")  # resized while another screen shows: caught up on return
        await settle(pilot, app)
        await pilot.resize_terminal(80, 24)
        await settle(pilot, app)
        assert app.screen.has_class("-narrow")
        await pilot.press("1")
        await settle(pilot, app)
        assert catalog.has_class("-narrow") and not catalog.has_class("-side")
        assert catalog.pane.region.y > catalog.table.region.y


async def test_light_theme_renders(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        app.theme = "textual-light"
        await settle(pilot, app)
        assert "100 loaded · more available" in screen_text(app)
        assert app.screen.table.rows[0].display_name[:20] in screen_text(app)


async def test_demo_mode_runs_in_process() -> None:
    app = ItwinApp(Settings(demo=True))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "demo rows")
        assert app.sub_title == "demo data · no account, no network"
        await pilot.press("3")
        await settle(pilot, app)
        # the first demo iModel's connections are listed without typing an id, named
        await wait_for(pilot, lambda: app.screen.table.row_count, "demo connections")
        assert "connections" in screen_text(app).lower()
        assert "Riverside Hospital – Architecture · project Riverside Hospital Expansion" in (
            screen_text(app))
        # the picker lists the demo's projects and iModels
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog)
                       and app.screen.table.row_count, "the demo's projects")
        rows = [row.item.display_name for row in app.screen.table.rows]
        assert rows[:2] == ["Riverside Hospital – Architecture", "Riverside Hospital Expansion"]


async def test_a_demo_run_keeps_its_recent_ids_out_of_the_real_list() -> None:
    """Demo ids (a fake brand, "Riverside Hospital") must not be offered to a later real
    run, and real ids are not offered against the demo data."""
    from tui.fake import BRAND_IDS

    real = RecentIds()
    real.remember("brands", "real-brand-id", "A real brand")
    before = real.path.read_bytes()
    app = ItwinApp(Settings(demo=True, screen="brands"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "demo brands")
        await pilot.press("enter")  # opens a demo brand: remembered for this run only
        await wait_for(pilot, lambda: app.screen.brand_id, "the demo brand")
        await settle(pilot, app)
        assert [e.id for e in app.recent.get("brands")] == [BRAND_IDS[0]]
        await pilot.press("3")  # lists the first demo iModel's connections
        await wait_for(pilot, lambda: app.screen.table.row_count, "demo connections")
        await settle(pilot, app)
    assert real.path.read_bytes() == before
    assert [e.id for e in RecentIds().get("brands")] == ["real-brand-id"]
    assert RecentIds().get("imodels") == []


async def test_top_bar_follows_the_signed_in_identity(server, tmp_path) -> None:
    """A token file rewritten mid-session (a new user) shows in the top bar."""
    token_file = tmp_path / "token"
    token_file.write_text(jwt(sub="a", email="alice@example.com"))
    client = ItwinClient(server.base_url, TokenFile(token_file))
    app = make_app(client, token=None, token_file=token_file)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.refresh_identity()
        await pilot.pause()
        assert "alice@example.com" in screen_lines(app)[0]
        token_file.write_text(jwt(sub="b", email="bob@example.com"))
        await client.auth.token()
        app.refresh_identity()
        await pilot.pause()
        assert "bob@example.com" in screen_lines(app)[0]
        assert "alice" not in screen_lines(app)[0]


async def test_at_80_columns_the_title_makes_way_for_who_is_signed_in(server, client) -> None:
    """Every tab whole, and the sub-title's first part (who) whole: the app's title goes
    first when both do not fit."""
    app = make_app(client)
    for width, titled in ((80, False), (120, True)):
        async with app.run_test(size=(width, 24)) as pilot:
            await settle(pilot, app)
            top = screen_lines(app)[0]
            who = app.sub_title.split(" · ")[0]
            assert who in top and "…" not in top, top
            assert all(f" {spec.key} {spec.title} " in top for spec in SCREENS), top
            assert top.startswith(" itwin-tui ") == titled, top
        app = make_app(client)


async def test_palette_shows_and_clears_the_disk_cache(server, tmp_path) -> None:
    from tui.core.cache import ResponseCache

    cache = ResponseCache(tmp_path / "cache")
    async with ItwinClient(server.base_url, "demo-token", cache=cache) as client:
        app = make_app(client, cache_dir=tmp_path / "cache")
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
            await settle(pilot, app)
            await wait_for(pilot, lambda: cache.info().entries > 0, "the first page cached")

            def notes() -> str:
                return "\n".join(str(n.message) for n in app._notifications)

            for command, expect in (("cache: info", f"Location: {tmp_path / 'cache'}"),
                                    ("cache: clear", "Cleared the response cache (")):
                await pilot.press("ctrl+p", *command)
                await wait_for(pilot, lambda c=command: c.title() in screen_text(app).title(),
                               "the palette match")
                await pilot.press("enter")
                await wait_for(pilot, lambda e=expect: e in notes(), expect)
            assert cache.info().entries == 0


async def test_palette_cache_commands_say_when_the_cache_is_off(client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.cache_command("clear")
        await wait_for(pilot, lambda: any("cache is off" in str(n.message)
                                          for n in app._notifications), "the notice")


async def test_help_lists_every_key_of_the_analytics_dialog_and_the_charts(client) -> None:
    from tui.dialogs.help import section_rows
    from tui.keys import ANALYTICS, CHARTS

    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
        analytics = dict(section_rows(app.screen, ANALYTICS))
        for keys in ("1 / 2 / 3 / 4 / 5", "enter", "c", "y", "s", "esc", "tab / shift+tab",
                     "← / →"):
            assert keys in analytics, (keys, analytics)
        charts = dict(section_rows(app.screen, CHARTS))
        for keys in ("tab / shift+tab", "1 / 2 / 3", "g", "t", "esc"):
            assert keys in charts, (keys, charts)
        await settle(pilot, app)
