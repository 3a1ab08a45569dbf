"""``J``: the detail pane shows the highlighted row's JSON as the API sent it, objects fold
and unfold, ``/`` searches and ``n`` / ``N`` go from match to match; ``J`` again: fields."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input
from ui_pilot import SIZE, make_app, press_burst, screen_text, settle, wait_for

from tui.fake.responses import json_response
from tui.widgets.json_tree import JsonTree

ROWS = [
    {"id": "c-1", "displayName": "First [b]row[/b]", "state": None,
     "hashtags": ["door", "fire"], "extra": {"door": {"width": 1200, "fire": True}},
     "_links": {"self": {"href": "https://example.invalid/c-1"}}},
    {"id": "c-2", "displayName": "Second", "hashtags": [], "extra": {"door": "none"}},
]


def _two_rows(api: Any) -> None:
    def page(req: Any) -> Any:
        return json_response({"components": ROWS, "_links": {"self": {"href": req.url}}})

    api.route("GET", r"/library/components", page)


def tree_of(app: Any) -> JsonTree:
    return app.screen.query_one("#json-tree", JsonTree)


def labels(app: Any) -> list[str]:
    """The lines of the JSON tree that are shown (inside unfolded objects)."""
    tree = tree_of(app)
    return [tree.get_node_at_line(i).label.plain for i in range(tree.last_line + 1)]


async def _json_view(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count == len(ROWS), "the rows")
    await settle(pilot, app)
    await pilot.press("J")
    await wait_for(pilot, lambda: app.screen.pane.json_view is not None, "the JSON view")
    await pilot.pause()


async def test_j_shows_the_rows_json_and_follows_the_cursor(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _json_view(pilot, app)
        text = screen_text(app)
        assert "JSON as the API sent it" in text
        shown = labels(app)
        assert shown[0] == "First [b]row[/b]"  # markup-like text stays text
        assert 'id: "c-1"' in shown and "state: null" in shown
        assert "width: 1200" in shown and "fire: true" in shown  # two levels open
        assert app.screen.pane.json_view.data == ROWS[0]
        await pilot.press("j")  # the table keeps the focus; the view follows the row
        await wait_for(pilot, lambda: 'id: "c-2"' in labels(app), "the second row's JSON")
        assert "hashtags: []" in labels(app)
        await pilot.press("J")  # back to the fields
        await pilot.pause()
        assert app.screen.pane.json_view is None
        assert dict(app.screen.pane.top.fields)["Id"] == "c-2"
        assert "JSON as the API sent it" not in screen_text(app)


async def test_objects_fold_and_unfold(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _json_view(pilot, app)
        await pilot.press("enter")  # the pane: its JSON tree
        tree = tree_of(app)
        assert app.focused is tree
        extra = next(n for n in tree.root.children if n.label.plain.startswith("extra"))
        tree.move_cursor(extra)
        await pilot.pause()
        assert extra.is_expanded and "width: 1200" in labels(app)
        await pilot.press("space")
        await pilot.pause()
        assert not extra.is_expanded and "width: 1200" not in labels(app)
        await pilot.press("space")
        await pilot.pause()
        assert extra.is_expanded and "width: 1200" in labels(app)


async def test_slash_searches_and_n_shift_n_move_between_matches(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _json_view(pilot, app)
        await pilot.press("enter")
        tree = tree_of(app)
        extra = next(n for n in tree.root.children if n.label.plain.startswith("extra"))
        extra.collapse()  # a match inside a folded object unfolds it
        await pilot.press("slash")
        box = app.screen.query_one("#json-search", Input)
        assert app.focused is box
        await pilot.press(*"FIRE", "enter")
        await pilot.pause()
        assert app.focused is tree
        cursor = lambda: tree.cursor_node.label.plain  # noqa: E731
        # two lines hold "fire" (any case): hashtags > [1], extra > door > fire
        assert "match 1 of 2 for 'FIRE'" in screen_text(app)
        assert cursor() == '[1]: "fire"'
        await pilot.press("n")
        await pilot.pause()
        assert cursor() == "fire: true" and extra.is_expanded
        assert "match 2 of 2" in screen_text(app)
        await pilot.press("n")  # round to the first
        await pilot.pause()
        assert cursor() == '[1]: "fire"'
        await pilot.press("N")
        await pilot.pause()
        assert cursor() == "fire: true"
        await pilot.press("slash", *"nowhere", "enter")
        await pilot.pause()
        assert "no match for 'nowhere'" in screen_text(app)


async def test_the_search_box_goes_away_after_enter_or_escape(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _json_view(pilot, app)
        await pilot.press("enter")
        box = app.screen.query_one("#json-search", Input)
        tree = tree_of(app)
        height = tree.size.height
        await pilot.press("slash", *"fire", "enter")
        await pilot.pause()
        assert not box.display and app.focused is tree  # the title line says the matches
        assert "match 1 of 2 for 'fire'" in screen_text(app)
        assert tree.size.height == height  # the box takes no line
        await pilot.press("slash")  # the box again, with the term to change
        await pilot.pause()
        assert box.display and box.value == "fire"
        await pilot.press("escape")
        await pilot.pause()
        assert not box.display and app.focused is tree
        assert tree.size.height == height
        await pilot.press("n")  # the search still stands
        await pilot.pause()
        assert "match 2 of 2 for 'fire'" in screen_text(app)


async def test_keys_typed_right_after_slash_land_in_the_search_box(server, client) -> None:
    """``/`` then a word typed at once: every character reaches the box (none runs as a key
    of the list: f filters, r refresh, e export), a ``/`` in the word too."""
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _json_view(pilot, app)
        await pilot.press("enter")
        screen = app.screen
        box = screen.query_one("#json-search", Input)
        await press_burst(pilot, "slash", *"fire", "slash", "x")
        await settle(pilot, app)
        assert app.screen is screen  # no dialog opened
        assert box.value == "fire/x" and app.focused is box


def title_line(app: Any) -> str:
    return next(line.rstrip() for line in screen_text(app).splitlines()
                if "JSON as the API sent it" in line)


async def _search_fire(pilot: Any, app: Any) -> Input:
    """The first row's JSON, searched for 'fire' from its tree; the list focused again."""
    await _json_view(pilot, app)
    await pilot.press("enter", "slash", *"fire", "enter")
    await pilot.pause()
    assert "match 1 of 2 for 'fire'" in title_line(app)
    await pilot.press("escape")  # the tree: back to the list
    await pilot.pause()
    assert app.focused is app.screen.table
    return app.screen.query_one("#json-search", Input)


async def _fresh(pilot: Any, app: Any, box: Input) -> None:
    """The view shows no search: not in its title line, nor in its box."""
    assert "fire" not in title_line(app) and "tab, then / searches" in title_line(app)
    await pilot.press("tab", "slash")
    await pilot.pause()
    assert app.focused is box and box.value == ""


async def test_the_json_view_opened_again_starts_with_no_search(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        box = await _search_fire(pilot, app)
        await pilot.press("J", "J")  # the fields, then the JSON of the same row again
        await pilot.pause()
        await _fresh(pilot, app, box)


async def test_the_json_view_shown_again_with_the_pane_starts_with_no_search(
        server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        box = await _search_fire(pilot, app)
        await pilot.press("d", "d")  # the pane hidden, then shown
        await settle(pilot, app)
        await _fresh(pilot, app, box)


async def test_another_rows_json_starts_with_no_search(server, client) -> None:
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        box = await _search_fire(pilot, app)
        await pilot.press("j")
        await wait_for(pilot, lambda: 'id: "c-2"' in labels(app), "the second row's JSON")
        await _fresh(pilot, app, box)


async def test_the_same_row_sent_again_keeps_its_search(server, client) -> None:
    """A refresh sends the row's object again: the search stands, found in it again."""
    _two_rows(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _search_fire(pilot, app)
        shown = app.screen.pane.json_view.data
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.pane.json_view.data is not shown,
                       "the row sent again")
        await settle(pilot, app)
        assert "match 1 of 2 for 'fire'" in title_line(app)
