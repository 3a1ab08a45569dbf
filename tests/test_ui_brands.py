"""Brands screen: the list, a brand's components with search, typed ids, 422 inline, recents."""

from __future__ import annotations

from ui_pilot import SIZE, make_app, requests_to, screen_lines, screen_text, settle, wait_for

from tui.fake import BIG_BRAND_ID, BRAND_IDS, EMPTY_BRAND_ID
from tui.fake.constants import BRAND_SIZES
from tui.state import RecentIds
from tui.widgets.status_line import StatusLine


def components_path(brand_id: str) -> str:
    return f"/library/brands/{brand_id}/components"


async def test_brand_list_then_a_brands_components(server, client) -> None:
    app = make_app(client, screen="brands")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "brand rows")
        await settle(pilot, app)
        screen = app.screen
        assert [b.id for b in screen.table.rows] == list(BRAND_IDS)
        text = screen_text(app)
        for name, _ in BRAND_SIZES:
            assert name in text
        assert "all 7 loaded" in text
        # highlighting a brand fetches its full record for the pane
        await wait_for(pilot, lambda: requests_to(server, f"/library/brands/{BIG_BRAND_ID}"),
                       "the brand's details")
        await settle(pilot, app)
        assert dict(screen.pane.top.fields)["Available"] == "yes"
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.brand_id and screen.table.row_count,
                       "the brand's components")
        await settle(pilot, app)
        assert requests_to(server, components_path(BIG_BRAND_ID))
        assert screen.table.row_count == 100
        assert "brand Grundfos" in screen_text(app)
        assert "100 loaded · more available" in screen_text(app)
        assert [r.id for r in RecentIds().get("brands")] == [BIG_BRAND_ID]
        assert RecentIds().get("brands")[0].label == "Grundfos"
        # search within the brand goes to the server
        await pilot.press("slash", *"booster", "enter")
        await settle(pilot, app)
        last = requests_to(server, components_path(BIG_BRAND_ID))[-1]
        assert last.query.get("$search") == "booster"
        assert 0 < screen.table.row_count < 100
        assert all("booster" in (c.display_name + " ".join(c.hashtags)).lower()
                   for c in screen.table.rows)
        # escape goes back to all brands, cursor on the brand we came from
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.brand_id is None and screen.table.row_count == 7,
                       "the brand list again")
        await settle(pilot, app)
        assert screen.table.current_item.id == BIG_BRAND_ID


async def test_invalid_brand_id_shows_the_422_inline_with_its_target(server, client) -> None:
    app = make_app(client, screen="brands")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "brand rows")
        await settle(pilot, app)
        await pilot.press("b", *"nope", "enter")
        await settle(pilot, app)
        await wait_for(pilot, lambda: "422" in screen_text(app), "the 422 message")
        text = screen_text(app)
        assert "422 InvalidBrandComponentsRequest: Cannot perform operation." in text
        assert "• brandId: Provided brandId value is not valid." in text
        assert not app.screen.table.display
        assert RecentIds().get("brands") == []


async def test_deep_link_opens_the_brand_and_empty_brands_say_so(server, client) -> None:
    app = make_app(client, screen="brands", brand_id=EMPTY_BRAND_ID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "this brand has no components" in screen_text(app),
                       "the empty-brand text")
        assert requests_to(server, components_path(EMPTY_BRAND_ID))
        assert not requests_to(server, "/library/brands"), "deep link skips the brand list"


async def test_recent_brands_are_offered(server, client) -> None:
    RecentIds().remember("brands", BRAND_IDS[3], "Velux")
    app = make_app(client, screen="brands")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "brand rows")
        await settle(pilot, app)
        recent = app.screen.query_one("#recent")
        assert not recent.disabled
        recent.value = BRAND_IDS[3]
        await wait_for(pilot, lambda: app.screen.brand_id == BRAND_IDS[3], "the recent brand")
        await settle(pilot, app)
        assert requests_to(server, components_path(BRAND_IDS[3]))
        assert "brand Velux" in screen_text(app)


async def test_back_to_all_brands_empties_the_search_box(server, client) -> None:
    app = make_app(client, screen="brands", brand_id=BIG_BRAND_ID)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "the brand's components")
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("slash", *"booster", "enter")
        await settle(pilot, app)
        assert screen.term == "booster"
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.brand_id is None and screen.table.row_count == 7,
                       "all brands")
        await settle(pilot, app)
        assert screen.query_one("#search").value == "" and screen.term == ""
        assert "booster" not in screen_text(app)
        await pilot.press("enter")  # another brand starts without the old term
        await wait_for(pilot, lambda: screen.brand_id and screen.table.row_count, "a brand")
        await settle(pilot, app)
        assert "$search" not in requests_to(server, components_path(BIG_BRAND_ID))[-1].query


async def test_recent_picker_shows_each_entry_on_one_readable_line(server, client) -> None:
    """At 80×24 the picker is narrow; its list opens wide enough for a name and an id."""
    for i in (0, 2, 5):
        RecentIds().remember("brands", BRAND_IDS[i], BRAND_SIZES[i][0])
    app = make_app(client, screen="brands")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "brand rows")
        await settle(pilot, app)
        app.screen.query_one("#recent").focus()
        await pilot.press("enter")
        await settle(pilot, app)
        lines = screen_lines(app)
        for i in (0, 2, 5):
            name, brand_id = BRAND_SIZES[i][0], BRAND_IDS[i]
            assert any(name in line and brand_id in line for line in lines), (name, lines)


async def test_a_deep_linked_or_typed_brand_is_named_in_the_status_line(server, client) -> None:
    """Its name is looked up (GET /library/brands/{id}): the status line names the brand,
    not its GUID, and the recent brands remember the name."""
    app = make_app(client, screen="brands", brand_id=BIG_BRAND_ID)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        name = (await client.brand(BIG_BRAND_ID)).display_name
        status = app.screen.query_one(StatusLine).text
        assert f"brand {name} (" in status and BIG_BRAND_ID not in status, status
        assert RecentIds().get("brands")[0].label == name
        await pilot.press("b", *BRAND_IDS[2], "enter")  # typed in this brand: not listed
        await settle(pilot, app)
        other = (await client.brand(BRAND_IDS[2])).display_name
        await wait_for(pilot, lambda: f"brand {other} (" in app.screen.query_one(StatusLine).text,
                       "the typed brand's name")
