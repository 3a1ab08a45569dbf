"""Widths: ids are never wrapped or cut when there is room (after names and run states
have a useful width; else they are short, ``3e6d3e42…``), and a bigger terminal never gives
the list less room than 80×24 does."""

from __future__ import annotations

from typing import Any

import pytest
from ui_pilot import make_app, pane_key, screen_lines, settle, wait_for

from tui.fake import BIG_IMODEL_ID

SIZES = [(80, 24), (120, 40), (160, 50)]
#: Each screen with the settings that list something on it.
SCREENS = (("catalog", {}), ("brands", {}), ("connections", {"imodel_id": BIG_IMODEL_ID}))


async def _loaded(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    await settle(pilot, app)


def _visible_rows(app: Any) -> list[Any]:
    table = app.screen.table
    top = table.scroll_offset.y
    shown = table.scrollable_content_region.height - 1
    return list(table.rows[top:top + shown])


def _whole_on_one_line(app: Any, text: str) -> bool:
    return any(text in line for line in screen_lines(app))


def _name_width(app: Any) -> int:
    """The Name column's width, read off the header line."""
    header = screen_lines(app)[2]
    return header.index("State") - header.index("Name")


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize(("screen", "settings"), SCREENS, ids=[s for s, _ in SCREENS])
async def test_the_detail_pane_shows_ids_on_one_line(server, client, size, screen,
                                                     settings) -> None:
    app = make_app(client, screen=screen, **settings)
    async with app.run_test(size=size) as pilot:
        await _loaded(pilot, app)
        item = app.screen.table.current_item
        await wait_for(pilot, lambda: pane_key(app) == item.id, "the pane")
        await settle(pilot, app)
        assert _whole_on_one_line(app, item.id), screen_lines(app)


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_id_columns_are_whole_and_the_list_gets_no_less_room_than_at_80(
        server, client, size) -> None:
    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot, app)
        name_at_80 = _name_width(app)
    app = make_app(client)
    async with app.run_test(size=size) as pilot:
        await _loaded(pilot, app)
        assert _name_width(app) >= name_at_80
        await pilot.press("m")  # minimal: name and id
        await wait_for(pilot, lambda: not app.screen.full and app.screen.table.row_count,
                       "minimal rows")
        await settle(pilot, app)
        for row in _visible_rows(app):
            assert _whole_on_one_line(app, row.id), (size, row)
    for screen, settings in SCREENS[1:]:
        app = make_app(client, screen=screen, **settings)
        async with app.run_test(size=size) as pilot:
            await _loaded(pilot, app)
            # at 80, Connections' names and run states come first: the ids are short
            short = screen == "connections" and size[0] == 80
            for row in _visible_rows(app):
                shown = f"{row.id[:8]}… " if short else row.id
                assert _whole_on_one_line(app, shown), (screen, size, row)
