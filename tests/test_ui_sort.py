"""Sorting the loaded rows (issue 16 item 2): ``s`` cycles the columns, ``S`` reverses, a
click on a header sorts by it; the header shows the column and direction, the status says
only the loaded rows are sorted, and the next page keeps the order."""

from __future__ import annotations

from ui_pilot import SIZE, make_app, requests_to, screen_lines, settle, wait_for

from tui.widgets.row_order import RowOrder

COMPONENTS = "/library/components"


def names(app) -> list[str]:
    return [row.display_name.casefold() for row in app.screen.table.rows]


def header(app) -> str:
    return app.screen.table.render_line(0).text


def status(app) -> str:
    return screen_lines(app)[-2]


async def _listed(pilot, app) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
    await settle(pilot, app)


async def test_s_cycles_the_columns_and_S_reverses(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        table = app.screen.table
        api_order = list(table.rows)
        await pilot.press("s")
        await pilot.pause()
        assert names(app) == sorted(names(app))
        assert names(app) != [r.display_name.casefold() for r in api_order]
        assert "Name ▲" in header(app)
        assert "sorted 100 loaded rows by Name ▲" in status(app)
        assert "more available" in status(app)

        await pilot.press("S")
        await pilot.pause()
        assert names(app) == sorted(names(app), reverse=True)
        assert "Name ▼" in header(app) and "by Name ▼" in status(app)

        await pilot.press("s")  # the next column, ascending
        await pilot.pause()
        states = [row.state or "" for row in table.rows]
        filled = [s for s in states if s]
        assert filled == sorted(filled, key=str.casefold) and "State ▲" in header(app)
        assert "▼" not in header(app)

        for _ in range(len(table.columns) - 1):  # past the last column: the API's order
            await pilot.press("s")
        await pilot.pause()
        assert table.sort is None and table.rows == api_order
        assert "▲" not in header(app) and "sorted" not in status(app)


async def test_esc_puts_the_api_order_back(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        api_order = list(app.screen.table.rows)
        await pilot.press("s", "escape")
        await pilot.pause()
        assert app.screen.table.rows == api_order and "sorted" not in status(app)


async def test_a_click_on_a_header_sorts_then_reverses_then_unsorts(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        table = app.screen.table
        api_order = list(table.rows)
        x = header(app).index("Last modified") + 2
        await pilot.click("#table", offset=(x, 0))
        await pilot.pause()
        times = [row.modified for row in table.rows]
        assert times == sorted(times) and "Last modified ▲" in header(app)
        assert "sorted 100 loaded rows by Last modified ▲" in status(app)
        await pilot.click("#table", offset=(x, 0))
        await pilot.pause()
        assert [row.modified for row in table.rows] == sorted(times, reverse=True)
        assert "Last modified ▼" in header(app)
        await pilot.click("#table", offset=(x, 0))
        await pilot.pause()
        assert table.sort is None and table.rows == api_order


async def test_the_next_page_keeps_the_sort(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        table = app.screen.table
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("G")  # the end: the next page is fetched
        await wait_for(pilot, lambda: table.row_count == 200, "the second page")
        await settle(pilot, app)
        assert len(requests_to(server, COMPONENTS)) == 2
        assert names(app) == sorted(names(app))
        assert "sorted 200 loaded rows by Name ▲" in status(app)
        assert "Name ▲" in header(app)


def test_row_order_puts_later_rows_in_place_and_blanks_last() -> None:
    order = RowOrder()
    order.set(["b1", "", "a1", "c1"])
    order.sort(lambda r: r[:1] or None)
    assert order.shown == ["a1", "b1", "c1", ""]
    order.extend(["b2"])  # one new row: put in place; ties keep the API's order
    assert order.shown == ["a1", "b1", "b2", "c1", ""]
    order.sort(lambda r: r[:1] or None, descending=True)
    assert order.shown == ["c1", "b1", "b2", "a1", ""]  # blanks last, ties in API order
    order.extend(["a2", "", "d1", "b3"])  # many: sorted again
    assert order.shown == ["d1", "c1", "b1", "b2", "b3", "a1", "a2", "", ""]
    assert order.index_of("b2") == 3 and order.index_of("zz") is None
    order.sort(None)
    assert order.shown == ["b1", "", "a1", "c1", "b2", "a2", "", "d1", "b3"]
