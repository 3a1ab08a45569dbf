"""The columns chooser (issue 16 item 3): ``c`` or the palette opens it; space shows / hides,
shift+↑/↓ moves, enter applies; the choice is remembered per screen (and per set of
columns) in config.toml and used at the next start. Columns use the terminal's width: Name
widens first, ids are not cut while there is room."""

from __future__ import annotations

import tomllib

import pytest
from textual import events
from ui_pilot import SIZE, cli_app, make_app, screen_lines, screen_text, settle, wait_for

from tui import locations
from tui.dialogs.columns import ColumnsDialog
from tui.fake import DEMO_TOKEN, IMODEL_IDS
from tui.screens.columns import component_columns, connection_columns
from tui.widgets.table_layout import column_id, layout_widths


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)


def shown(app) -> list[str]:
    return [column_id(c) for c in app.screen.table.columns]


def remembered() -> dict:
    return tomllib.loads(locations.config_file().read_text(encoding="utf-8"))["screens"]


async def _listed(pilot, app) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
    await settle(pilot, app)


async def test_c_hides_shows_and_moves_columns_and_remembers_them(server) -> None:
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        assert shown(app) == ["displayName", "state", "supportedFileTypes", "hashtags",
                              "lastModifiedDateTime"]
        row = app.screen.table.rows[3]
        await pilot.press("j", "j", "j", "c")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnsDialog), "the chooser")
        await pilot.press("down", "space")  # hide State
        await pilot.press("end", "up", "up", "space")  # show Id (the hidden ones follow)
        await pilot.press("shift+up", "shift+up", "shift+up")
        await pilot.press("left_square_bracket")  # [ moves up too: Id second
        await pilot.press("enter")
        await settle(pilot, app)
        assert not isinstance(app.screen, ColumnsDialog)
        assert shown(app) == ["displayName", "id", "supportedFileTypes", "hashtags",
                              "lastModifiedDateTime"]
        assert app.screen.table.current_item is row  # the same rows, the cursor on its row
        header = screen_lines(app)[2]
        assert "Id" in header and "State" not in header
        assert row.id in app.screen.table.render_line(4).text  # an id is never cut here
    assert remembered() == {"catalog": {"columns": [
        "displayName", "id", "supportedFileTypes", "hashtags", "lastModifiedDateTime"]}}

    again = cli_app("--base-url", server.base_url, "--no-cache")  # the next start
    async with again.run_test(size=SIZE) as pilot:
        await _listed(pilot, again)
        assert shown(again) == ["displayName", "id", "supportedFileTypes", "hashtags",
                                "lastModifiedDateTime"]
        await pilot.press("m")  # the minimal representation is a set of its own
        await wait_for(pilot, lambda: not again.screen.full, "minimal mode")
        await settle(pilot, again)
        assert shown(again) == ["displayName", "id"]


async def test_esc_cancels_and_the_palette_opens_the_chooser(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        before = shown(app)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert commands["Columns: choose"].help.endswith("(c)")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Columns: choose", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnsDialog), "the chooser")
        await pilot.press("space", "escape")
        await settle(pilot, app)
        assert shown(app) == before
        assert not locations.config_file().exists()


async def test_the_last_column_cannot_be_hidden(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnsDialog), "the chooser")
        for _ in range(5):
            await pilot.press("space", "down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ColumnsDialog)
        assert "Keep at least one column." in [str(n.message) for n in app._notifications]


async def test_a_wrong_choice_in_the_file_is_named_and_the_list_still_shows(server) -> None:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[screens.catalog]\ncolumns = ["state", "nope"]\n', encoding="utf-8")
    app = cli_app("--base-url", server.base_url, "--no-cache")
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        assert shown(app) == ["state"]
        said = [str(n.message) for n in app._notifications]
        assert any("[screens.catalog] columns: not a column here: 'nope'" in s for s in said)


def test_name_widens_first_and_ids_are_whole_or_short() -> None:
    columns = component_columns()
    natural = [60, 9, 20, 30, 16]
    shown = [c for c in columns if not c.hidden]
    widths = layout_widths(natural, shown, 100)
    assert widths[0] == 100 - sum(widths[1:]) and widths[0] > 40  # Name first
    assert widths[2] < natural[2] or widths[3] < natural[3]  # the others give way
    conn = [c for c in connection_columns(lambda _: ("", "", ""))
            if c.label in ("Name", "Auth type", "Id")]  # the Id: a GUID, 36
    widths = layout_widths([40, 12, 36], conn, 72)
    assert widths == [24, 12, 36]  # room for the id after a useful name: it is whole
    widths = layout_widths([40, 12, 36], conn, 60)
    assert widths == [39, 12, 9]  # no room: the id is short (8 and "…"), never cut halfway
    widths = layout_widths([40, 12, 36], conn, 25)
    assert widths == [12, 5, 9]  # narrower still: the others down to their minimum


async def test_at_80_columns_connections_show_names_and_states_before_whole_ids(
        server, client) -> None:
    """QA 2 item 8: names were cut to 12 (``IFC export …`` twice) and run states to
    ``WaitingToExe…`` while the 36-cell id stayed whole; the end time showed as ``20…``."""
    app = make_app(client, screen="connections", imodel_id=IMODEL_IDS[0])
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.table
        await wait_for(pilot, lambda: "WaitingToExecute" in screen_text(app)
                       or "WaitingToExe" in screen_text(app), "the last runs")
        await settle(pilot, app)
        lines = [table.render_line(y).text for y in range(1, 11)]
        assert "WaitingToExecute" in "".join(lines)
        for row, line in zip(table.rows, lines, strict=False):
            assert row.display_name[:23] in line and f" {row.id[:8]}… " in f"{line} "
        assert " 20…" not in "".join(lines)  # a stub of the end time: whole or left out


async def test_space_then_enter_at_once_applies_the_toggle(server, client) -> None:
    """Typed fast (one write to the terminal): the toggle is not lost behind the enter."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnsDialog), "the chooser")
        await pilot.press("down")
        for key, character in (("space", " "), ("enter", "\r")):  # no pause in between
            app.post_message(events.Key(key, character))
        await settle(pilot, app)
        assert "state" not in shown(app)


async def test_hidden_columns_say_so_in_words_not_only_in_colour(server, client) -> None:
    """NO_COLOR and 16 colours: a shown and a hidden column's ticks look alike."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ColumnsDialog), "the chooser")
        text = "\n".join(screen_lines(app))
        assert "Id · hidden" in text and "Name · hidden" not in text
        await pilot.press("space")  # the first one, Name: hidden now
        await pilot.pause()
        assert "Name · hidden" in "\n".join(screen_lines(app))
        await pilot.press("space")
        await pilot.pause()
        assert "Name · hidden" not in "\n".join(screen_lines(app))
