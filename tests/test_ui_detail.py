"""The detail pane: every field, links opened in place, foreign hosts refused, JSON trees."""

from __future__ import annotations

from typing import Any

from textual.widgets import Tree
from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.dialogs.open_link import OpenLinkDialog
from tui.fake.responses import json_response
from tui.widgets.detail_pane import short_href
from tui.widgets.page_view import PageView
from tui.widgets.text import long_date

EVIL = "https://evil.example.com/library/categories/x"


async def _loaded(pilot: Any, app: Any) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    await settle(pilot, app)


async def test_pane_shows_every_field_of_the_highlighted_component(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        component = app.screen.table.rows[0]
        fields = dict(app.screen.pane.top.fields)
        assert fields["Name"] == component.display_name
        assert fields["Id"] == component.id
        assert fields["State"] == component.state
        assert fields["Description"] == component.description
        assert fields["File types"] == ", ".join(component.file_types)
        assert fields["Hashtags"] == " ".join(f"#{t}" for t in component.hashtags)
        # dates: local time and the ISO original
        assert fields["Last modified"] == long_date(component.modified)
        assert component.modified in fields["Last modified"]
        text = screen_text(app)
        for shown in ("Description", component.state, f"#{component.hashtags[0]}", "Links",
                      "/library/categories/"):
            assert shown in text, shown
        # moving the cursor updates the pane
        await pilot.press("j")
        second = app.screen.table.rows[1].id
        await wait_for(pilot, lambda: dict(app.screen.pane.top.fields)["Id"] == second,
                       "the pane to follow the cursor")


async def test_enter_focuses_links_and_a_link_opens_in_the_pane(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        component = app.screen.table.rows[0]
        await pilot.press("enter")
        links = app.screen.query_one(PageView)
        assert app.focused is links
        labels = [label for label, _ in app.screen.pane.top.links]
        category_index = labels.index("category")
        links.highlight(category_index)
        await pilot.press("enter")
        pane = app.screen.pane
        await wait_for(pilot, lambda: pane.top.loading is None and len(pane.views) == 2,
                       "the linked category")
        await settle(pilot, app)
        category_path = component.links.category.split("127.0.0.1", 1)[1].split("/", 1)[1]
        assert requests_to(server, "/" + category_path)
        assert pane.top.title.startswith("category: ")
        fields = dict(pane.top.fields)
        assert fields["Id"] == category_path.rsplit("/", 1)[-1]
        assert fields["Name"]
        # breadcrumb: where we came from (shortened) › where we are
        assert f"{component.display_name[:15]}… › category: {fields['Name']}" in screen_text(app)
        await pilot.press("escape")
        assert len(pane.views) == 1 and pane.top.key == component.id
        await pilot.press("escape")
        assert app.focused is app.screen.table


def _hostile_routes(api: Any) -> None:
    def page(req: Any) -> Any:
        component = {
            "id": "c-foreign", "displayName": "Foreign links", "state": "Draft",
            "_links": {"category": {"href": EVIL},
                       "manufacturer": {"href": f"{req.base}/library/odd/1"}},
        }
        return json_response({"components": [component],
                              "_links": {"self": {"href": f"{req.base}/library/components"}}})

    def odd(req: Any) -> Any:
        return json_response({"odd": {"nested": {"a": [1, 2]}, "rows": [{"x": "[b]lit[/b]"}]}})

    api.route("GET", r"/library/components", page)
    api.route("GET", r"/library/odd/(?P<id>[^/]+)", odd)


async def test_link_to_another_host_is_refused_inline(server, client) -> None:
    _hostile_routes(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await pilot.press("enter")
        links = app.screen.query_one(PageView)
        links.highlight(0)  # category → evil.example.com
        await pilot.press("enter")
        pane = app.screen.pane
        await wait_for(pilot, lambda: pane.top.error is not None, "the refusal")
        await settle(pilot, app)
        assert pane.top.error.kind == "unsafe_link"
        assert "Refused to follow a link to another host" in screen_text(app)
        assert not [r for r in server.api.requests if "categories" in r.path]
        assert app.is_running


async def test_unknown_shapes_show_as_a_json_tree(server, client) -> None:
    _hostile_routes(server.api)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await pilot.press("enter")
        app.screen.query_one(PageView).highlight(1)  # manufacturer
        await pilot.press("enter")
        pane = app.screen.pane
        await wait_for(pilot, lambda: pane.top.tree is not None, "the JSON tree")
        await settle(pilot, app)
        tree = app.screen.query_one("#detail-tree", Tree)
        assert tree.display
        labels = [str(node.label) for node in tree.root.children]
        assert labels == ["nested (1)", "rows (1)"]
        tree.root.expand_all()
        await pilot.pause()
        assert "x: [b]lit[/b]" in screen_text(app)


def _link_on_screen(app: Any, links: PageView) -> bool:
    """The highlighted link's line is painted (its label and the start of its path)."""
    assert links.highlighted is not None, "no link is highlighted"
    label, href = app.screen.pane.top.links[links.highlighted]
    return f"{label}  {short_href(href, app.client.base_url)}"[:24] in screen_text(app)


async def test_focus_in_the_pane_lands_on_a_visible_highlighted_link(server, client) -> None:
    """At 80×24 (the pane under the table): enter highlights the first link, so a second
    enter opens it; esc back highlights the link we came from, scrolled into view."""
    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot, app)
        component = app.screen.table.rows[0]
        pane = app.screen.pane
        await pilot.press("enter")
        await settle(pilot, app)
        links = app.screen.query_one(PageView)
        assert app.focused is links
        assert links.highlighted == 0
        assert _link_on_screen(app, links)
        await pilot.press("down", "enter")  # the second link
        await wait_for(pilot, lambda: len(pane.views) == 2 and pane.top.loading is None,
                       "the linked resource")
        await settle(pilot, app)
        opened = pane.top.key
        assert opened == pane.views[0].links[1][1]
        await pilot.press("escape")
        await settle(pilot, app)
        assert len(pane.views) == 1 and pane.top.key == component.id
        assert app.focused is links
        assert links.highlighted == 1
        assert _link_on_screen(app, links)
        await pilot.press("enter")  # opens the link that is highlighted on screen
        await wait_for(pilot, lambda: len(pane.views) == 2, "the same link again")
        assert pane.top.key == opened
        await settle(pilot, app)


async def test_a_hidden_pane_is_left_behind_and_caught_up_when_shown(server, client) -> None:
    """Hidden (``d``), the pane is not redrawn for every row the cursor passes (bytes over
    SSH) and fetches nothing; shown again, it shows the highlighted row."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot, app)
        await pilot.press("m")  # minimal rows: the pane fetches the full component
        await wait_for(pilot, lambda: app.screen.table.row_count and not app.screen.full,
                       "minimal rows")
        await settle(pilot, app)
        screen, pane = app.screen, app.screen.pane
        await pilot.press("d", "j", "j")
        await pilot.pause(0.5)  # longer than the pane's rest and fetch delays
        await settle(pilot, app)
        assert not pane.display
        third = screen.table.rows[2]
        assert pane.top.key != third.id
        assert not requests_to(server, f"/library/components/{third.id}")
        await pilot.press("d")
        assert pane.display and pane.top.key == third.id
        await wait_for(pilot, lambda: requests_to(server, f"/library/components/{third.id}"),
                       "the full component of the row highlighted now")
        await wait_for(pilot, lambda: pane.top.links, "the full component's links")
        assert third.display_name in screen_text(app)


async def test_the_fields_are_reachable_by_keyboard_in_a_short_pane(server, client) -> None:
    """At 80×24 the pane is shorter than its fields and links. Enter on a row highlights the
    first link, shown with as many fields as fit above it; up past it and home scroll the
    page up to the name and id; down comes back to the links, and enter opens one."""
    app = make_app(client)
    async with app.run_test(size=(80, 24)) as pilot:
        await _loaded(pilot, app)
        component = app.screen.table.rows[0]
        await pilot.press("enter")
        await settle(pilot, app)
        page = app.screen.query_one(PageView)
        assert app.focused is page and page.highlighted == 0 and _link_on_screen(app, page)
        assert "Last modified" in screen_text(app)  # the fields just above the links
        await pilot.press("home")
        await pilot.pause()
        text = screen_text(app)
        assert f"Name          {component.display_name}" in text
        assert f"Id            {component.id}" in text
        assert page.highlighted is None  # the links are out of sight: enter opens nothing
        await pilot.press("enter")
        assert len(app.screen.pane.views) == 1
        for _ in range(page.first_link_line):
            await pilot.press("down")
            if page.highlighted is not None:
                break
        assert page.highlighted == 0 and _link_on_screen(app, page)
        await pilot.press("up")
        await pilot.press("pageup")
        assert f"Id            {component.id}" in screen_text(app)
        await pilot.press("end")  # the last row: after the links, the component's sections
        last = [e for e in app.screen.pane.top.entries if e.selectable][-1]
        assert app.screen.pane.highlighted_entry() == last and last.kind == "web"
        assert last.label in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenLinkDialog),
                       "the last row (a web link) opened")
        await settle(pilot, app)
