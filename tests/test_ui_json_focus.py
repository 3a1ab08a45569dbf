"""The focus never stays on a hidden widget: after ``J`` (JSON / fields) or ``d`` (hide the
pane) from inside the detail pane, the keys reach something visible and highlighted."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from ui_pilot import SIZE, make_app, screen_lines, screen_text, settle, wait_for

from tui.fake import BIG_IMODEL_ID


def shown(widget: Widget | None) -> bool:
    """Whether ``widget`` and every container around it are displayed."""
    return widget is not None and all(w.display for w in widget.ancestors_with_self
                                      if isinstance(w, Widget))


async def _rows(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "the rows")
    await settle(pilot, app)


async def test_j_from_the_pane_focuses_the_json_tree(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        await pilot.press("enter")  # into the pane
        assert app.screen.pane in app.focused.ancestors_with_self
        await pilot.press("J")
        await wait_for(pilot, lambda: app.screen.pane.json_view is not None, "the JSON view")
        await pilot.pause()
        tree = app.screen.query_one("#json-tree")
        assert app.focused is tree and shown(tree)
        cursor = tree.cursor_line
        await pilot.press("down", "down")
        assert tree.cursor_line == cursor + 2  # the keys reach it
        await pilot.press("j", "j", "k")  # and the list's keys move in it too
        assert tree.cursor_line == cursor + 3
        await pilot.press("G")
        assert tree.cursor_line == tree.last_line
        await pilot.press("g")
        assert tree.cursor_line == 0
        await pilot.press("J")  # fields again: the page's content, shown
        await pilot.pause()
        assert shown(app.focused) and app.screen.pane in app.focused.ancestors_with_self


async def test_d_from_the_pane_focuses_the_list(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        table = app.screen.table
        await pilot.press("enter", "d")
        await pilot.pause()
        assert not app.screen.pane.display
        assert app.focused is table
        await pilot.press("down")
        assert table.cursor_row == 1


async def test_d_from_the_json_view_focuses_the_list(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        await pilot.press("J", "enter")
        await wait_for(pilot, lambda: app.screen.pane.json_view is not None, "the JSON view")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.focused is app.screen.table


async def test_j_from_a_connections_pane_focuses_the_json_tree(server, client) -> None:
    app = make_app(client, screen="connections", imodel_id=BIG_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.pane in app.focused.ancestors_with_self
        await pilot.press("J")
        await wait_for(pilot, lambda: app.screen.pane.json_view is not None, "the JSON view")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#json-tree")


def title_line(app: Any) -> str:
    return next(line.rstrip() for line in screen_lines(app) if "JSON as the API sent it" in line)


async def test_slash_searches_what_has_the_focus_and_the_hints_say_which(server, client) -> None:
    """The list focused: ``/`` is the list's search, and the JSON's title says how to reach
    its own; the tree focused: ``/`` searches the JSON, and the key bar says so."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        screen = app.screen
        await pilot.press("J")
        await wait_for(pilot, lambda: screen.pane.json_view is not None, "the JSON view")
        await pilot.pause()
        assert app.focused is screen.table
        assert "tab, then / searches" in title_line(app)
        assert screen_lines(app)[-1].startswith("/ Search r Refresh")
        await pilot.press("tab")  # into the JSON
        tree = screen.query_one("#json-tree")
        await wait_for(pilot, lambda: app.focused is tree, "the tree focused")
        await pilot.pause()
        assert title_line(app).endswith("/ search")
        assert screen_lines(app)[-1].startswith("/ Search JSON")
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is screen.query_one("#json-search")
        await pilot.press("escape", "shift+tab")  # back to the list
        await wait_for(pilot, lambda: app.focused is screen.table, "the list focused")
        await pilot.pause()
        assert "tab, then / searches" in title_line(app)
        await pilot.press("slash")
        await pilot.pause()
        assert app.focused is screen.search_box()


async def test_the_json_follows_a_list_search_and_says_when_nothing_is_highlighted(
        server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _rows(pilot, app)
        screen = app.screen
        await pilot.press("J", "slash", *"zzzz")
        await wait_for(pilot, lambda: "no components match" in screen_text(app), "no rows")
        await settle(pilot, app)
        text = screen_text(app)
        assert "Nothing highlighted." in text and "null" not in text and "▼" not in text
        assert "search" not in title_line(app)  # nothing to search
        await pilot.press(*["backspace"] * 4, *"Roof")
        await wait_for(pilot, lambda: screen.table.row_count, "the rows found")
        await settle(pilot, app)
        row = screen.table.current_item
        assert "Roof" in row.display_name
        assert screen.pane.json_view.data == screen.item_json(row)
        assert "Nothing highlighted." not in screen_text(app)
