"""A component's Files, Web links and Variations in the detail pane, over real loopback HTTP:
loaded once the row rests, "none" when empty, each section's error in place; a web link's
address shown as text before the browser opens it."""

from __future__ import annotations

from typing import Any

from conftest import shared_data
from ui_pilot import make_app, pane_key, requests_to, screen_text, settle, wait_for

from tui.dialogs.open_link import OpenLinkDialog
from tui.fake import (
    BARE_COMPONENT_INDEX,
    DEMO_TOKEN,
    DOCUMENTS_FORBIDDEN_INDEX,
    HOSTILE_MARKUP_COMPONENT_ID,
    MANY_VARIATIONS_INDEX,
    RICH_COMPONENT_INDEX,
)
from tui.widgets.detail_views import Entry
from tui.widgets.page_view import PageView

BEARER = f"Bearer {DEMO_TOKEN}"
TALL = (120, 70)  # the pane holds the sections without scrolling


def org_id(index: int) -> str:
    return shared_data().org.ids[index]


def sections(app: Any) -> dict[str, list[Entry]]:
    """The pane's sections by title (the heading's first word(s)), each its rows."""
    out: dict[str, list[Entry]] = {}
    rows: list[Entry] = []
    for entry in app.screen.pane.top.entries:
        if entry.kind == "heading":
            rows = out.setdefault(entry.label.split(" · ")[0].split("  (")[0], [])
        else:
            rows.append(entry)
    return out


def loaded(app: Any) -> bool:
    found = sections(app)
    return len(found) == 3 and not any(e.label == "loading…" for rows in found.values()
                                       for e in rows)


async def at_component(pilot: Any, app: Any, component_id: str) -> None:
    """The catalog's row of ``component_id`` highlighted, its sections loaded."""
    await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
    ids = [row.id for row in app.screen.table.rows]
    app.screen.table.move_cursor(ids.index(component_id))
    await wait_for(pilot, lambda: pane_key(app) == component_id and loaded(app),
                   "the component's sections")
    await settle(pilot, app)


async def highlight(pilot: Any, app: Any, entry: Entry) -> PageView:
    """Focus the pane's page with ``entry`` highlighted."""
    await pilot.press("enter")
    page = app.screen.query_one(PageView)
    assert app.focused is page
    await pilot.press("home")
    for _ in range(page.first_link_line + page.link_count):
        if app.screen.pane.highlighted_entry() == entry:
            break
        await pilot.press("down")
    assert app.screen.pane.highlighted_entry() == entry
    return page


def assert_token_rule(server: Any) -> None:
    """The API got the token every time; the storage host never did."""
    assert server.api.requests
    assert all(r.headers.get("authorization") == BEARER for r in server.api.requests)
    assert server.api.storage.with_authorization() == []


async def test_the_sections_load_once_the_row_rests(server, client) -> None:
    app = make_app(client)
    rich = org_id(RICH_COMPONENT_INDEX)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, rich)
        found = sections(app)
        assert [e.kind for e in found["Files"]] == ["file"] * len(found["Files"])
        assert {e.value.extension for e in found["Files"]} >= {"ifc", "pdf", "png"}
        assert found["Web links"] and all(e.kind == "web" for e in found["Web links"])
        text = screen_text(app)
        for shown in ("Files · ", "(D saves)", "Web links · ", found["Files"][0].label[:30]):
            assert shown in text, shown
        for part in ("documents", "variations", "weblinks"):
            assert len(requests_to(server, f"/library/components/{rich}/{part}")) == 1
        # moving away and back asks nothing again
        await pilot.press("j")
        await wait_for(pilot, lambda: pane_key(app) != rich and loaded(app), "next")
        await pilot.press("k")
        await wait_for(pilot, lambda: pane_key(app) == rich and loaded(app), "back")
        await settle(pilot, app)
        assert len(requests_to(server, f"/library/components/{rich}/documents")) == 1
    assert server.api.storage.requests == []  # listing files never touches storage
    assert_token_rule(server)


async def test_a_held_cursor_fetches_only_where_it_stops(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, org_id(RICH_COMPONENT_INDEX))
        before = len([r for r in server.api.requests if "/documents" in r.path])
        for _ in range(6):  # a held key: moves faster than the pane's rest
            app.screen.table.action_cursor_down()
        stop = app.screen.table.current_item.id
        await wait_for(pilot, lambda: pane_key(app) == stop and loaded(app), "stop")
        await settle(pilot, app)
        asked = [r.path for r in server.api.requests if "/documents" in r.path][before:]
        assert asked == [f"/library/components/{stop}/documents"]


async def test_empty_sections_say_none_and_a_failing_one_keeps_the_rest(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, org_id(BARE_COMPONENT_INDEX))
        found = sections(app)
        assert {title: [e.label for e in rows] for title, rows in found.items()} == {
            "Files": ["none"], "Web links": ["none"], "Variations": ["none"]}
        await at_component(pilot, app, org_id(DOCUMENTS_FORBIDDEN_INDEX))
        found = sections(app)
        [error] = found["Files"]
        assert error.kind == "error" and error.value.status == 403
        assert found["Variations"] and found["Variations"][0].kind in ("variation", "note")
        text = screen_text(app)
        assert "Files" in text and "Web links" in text and "Variations" in text
        assert "Traceback" not in text


async def test_a_section_error_is_shown_in_place_and_r_asks_again(server, client) -> None:
    rich = org_id(RICH_COMPONENT_INDEX)
    rule = server.api.faults.add(f"/library/components/{rich}/weblinks", status=403)
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, rich)
        found = sections(app)
        assert found["Web links"][0].kind == "error"
        assert found["Files"][0].kind == "file"  # the other sections stay
        assert "Web links" in screen_text(app) and "403" not in sections(app)["Web links"][0].label
        server.api.faults.remove(rule)
        app.screen.table.focus()
        await pilot.press("r")
        await wait_for(pilot, lambda: loaded(app) and sections(app)["Web links"][0].kind
                       == "web", "the web links after r")


async def test_enter_on_a_file_or_a_variation_opens_its_page(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, org_id(RICH_COMPONENT_INDEX))
        png = next(e for e in sections(app)["Files"] if e.value.extension == "png")
        await highlight(pilot, app, png)
        await pilot.press("enter")
        pane = app.screen.pane
        assert len(pane.views) == 2 and pane.top.key == f"file:{png.value.id}"
        fields = dict(pane.top.fields)
        assert fields["File from"] == server.storage_url  # the host, never the signature
        assert "sig=" not in screen_text(app)
        assert fields["Size"].endswith(f"({png.value.size:,} bytes)")


async def test_a_web_link_shows_its_address_then_opens_in_the_browser(
        server, client, monkeypatch) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, org_id(RICH_COMPONENT_INDEX))
        link = sections(app)["Web links"][0]
        await highlight(pilot, app, link)
        await pilot.press("y")  # y on a web link copies its address
        assert app.clipboard == link.value.uri
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenLinkDialog), "the dialog")
        assert link.value.uri in "".join(screen_text(app).split()).replace("│", "")
        assert opened == []  # nothing opens before the user says so
        app.copy_to_clipboard("")
        await pilot.press("y")  # the dialog's y copies it too
        assert app.clipboard == link.value.uri and isinstance(app.screen, OpenLinkDialog)
        await pilot.press("o")
        await wait_for(pilot, lambda: opened, "the browser")
        assert opened == [link.value.uri]
        assert not isinstance(app.screen, OpenLinkDialog)


async def test_hostile_web_links_are_text_and_a_script_link_never_opens(
        server, client, monkeypatch) -> None:
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, HOSTILE_MARKUP_COMPONENT_ID)
        links = sections(app)["Web links"]
        script = next(e for e in links if e.value.uri.startswith("javascript:"))
        marked = [e for e in links if "[" in e.label + e.value.uri]
        assert marked, "the fake's markup link"
        for entry in marked:  # markup shown as typed, not applied
            assert entry.label in screen_text(app)
        await highlight(pilot, app, script)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OpenLinkDialog), "the dialog")
        assert "only http and https links open" in screen_text(app)
        await pilot.press("o")
        await pilot.press("enter")  # the focused button is Cancel
        await pilot.pause()
        assert opened == [] and not isinstance(app.screen, OpenLinkDialog)


async def test_the_last_row_shows_the_notes_after_it(server, client) -> None:
    """End on the last web link also brings the Variations heading and its "none" in view
    (the list scrolls inside a short pane)."""
    from ui_pilot import SIZE

    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await at_component(pilot, app, org_id(RICH_COMPONENT_INDEX))
        assert [e.label for e in sections(app)["Variations"]] == ["none"]
        await pilot.press("enter", "end")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert any(line.strip() == "Variations" for line in lines)
        assert any(line.strip() == "none" for line in lines)


async def test_sections_come_from_the_disk_cache_on_the_next_run(server, tmp_path) -> None:
    """Like any response: a second run shows the sections without asking the API."""
    from tui.core.cache import ResponseCache
    from tui.core.client import ItwinClient

    rich = org_id(RICH_COMPONENT_INDEX)
    path = f"/library/components/{rich}/documents"
    shown = []
    for _ in range(2):
        async with ItwinClient(server.base_url, DEMO_TOKEN, max_retry_wait=5,
                               cache=ResponseCache(tmp_path)) as run_client:
            app = make_app(run_client)
            async with app.run_test(size=TALL) as pilot:
                await at_component(pilot, app, rich)
                shown.append([e.label for e in sections(app)["Files"]])
    assert shown[0] == shown[1] and len(shown[0]) > 1
    assert len(requests_to(server, path)) == 1


async def test_a_section_is_paged_through_its_next_links(server, client) -> None:
    many = org_id(MANY_VARIATIONS_INDEX)
    app = make_app(client)
    async with app.run_test(size=TALL) as pilot:
        await at_component(pilot, app, many)
        rows = sections(app)["Variations"]
        assert len(rows) == 250 == len({e.value.id for e in rows})
        assert rows[-1].label.endswith("variant 250")
        assert "Variations · 250" in [e.label for e in app.screen.pane.top.entries]
        assert len(requests_to(server, f"/library/components/{many}/variations")) == 3
        # its page: every property
        await highlight(pilot, app, rows[0])
        await pilot.press("enter")
        fields = dict(app.screen.pane.top.fields)
        assert fields["Name"] == rows[0].value.display_name
        assert all(p.name in fields for p in rows[0].value.properties)


async def test_the_highlight_keeps_its_place_when_a_section_arrives(server, client) -> None:
    """A file highlighted (the pane scrolled to it) while the variations still load: when
    they arrive the same file stays highlighted, in the same place, and D still saves it."""
    from ui_pilot import SIZE

    rich = org_id(RICH_COMPONENT_INDEX)
    server.api.faults.add(f"/library/components/{rich}/variations", status=None, delay=1.5)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
        app.screen.table.move_cursor([row.id for row in app.screen.table.rows].index(rich))
        await wait_for(pilot, lambda: pane_key(app) == rich and sections(app)
                       .get("Files", [None])[0] is not None and sections(app)["Files"][0]
                       .kind == "file", "the files")
        assert [e.label for e in sections(app)["Variations"]] == ["loading…"]
        last_file = sections(app)["Files"][-1]
        page = await highlight(pilot, app, last_file)
        offset, row = page.scroll_offset.y, page.highlighted
        assert offset > 0 and app.screen.check_action("save_file", ()) is True
        await wait_for(pilot, lambda: loaded(app), "the variations")
        await pilot.pause()
        assert app.screen.pane.highlighted_entry() == last_file
        assert (page.highlighted, page.scroll_offset.y) == (row, offset)
        assert last_file.label[:20] in screen_text(app)
        assert app.screen.check_action("save_file", ()) is True
