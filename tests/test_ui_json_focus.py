"""The focus never stays on a hidden widget: after ``J`` (JSON / fields) or ``d`` (hide the
pane) from inside the detail pane, the keys reach something visible and highlighted."""

from __future__ import annotations

from typing import Any

from textual.widget import Widget
from ui_pilot import SIZE, make_app, settle, wait_for

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
