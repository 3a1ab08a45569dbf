"""The virtual table on its own: virtualisation, strip cache, keys, mouse, messages, safety."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui.widgets.virtual_table import SAMPLE_ROWS, Column, VirtualTable, fit, layout_widths


@dataclass
class Row:
    name: str
    state: str = "Draft"


class Counter:
    """A column getter that counts how often it is asked for a cell."""

    def __init__(self, attr: str) -> None:
        self.attr = attr
        self.calls = 0

    def __call__(self, row: Row) -> str:
        self.calls += 1
        return getattr(row, self.attr)


class TableApp(App[None]):
    def __init__(self, rows: list[Row], columns: list[Column]) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns
        self.messages: list[Any] = []

    def compose(self) -> ComposeResult:
        yield VirtualTable(self.columns, id="t")

    def on_mount(self) -> None:
        self.query_one(VirtualTable).set_rows(self.rows)

    def on_virtual_table_highlighted(self, event: VirtualTable.Highlighted) -> None:
        self.messages.append(("highlighted", event.row_index, event.item))

    def on_virtual_table_selected(self, event: VirtualTable.Selected) -> None:
        self.messages.append(("selected", event.row_index, event.item))

    def on_virtual_table_near_end(self, event: VirtualTable.NearEnd) -> None:
        self.messages.append(("near_end",))


def simple_columns() -> list[Column]:
    return [Column("Name", lambda r: r.name, flex=1), Column("State", lambda r: r.state)]


def lines(table: VirtualTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_100k_rows_only_visible_rows_become_text() -> None:
    name, state = Counter("name"), Counter("state")
    rows = [Row(f"component {i}") for i in range(100_000)]
    app = TableApp(rows, [Column("Name", name, flex=1), Column("State", state)])
    async with app.run_test(size=(60, 22)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        visible = table.size.height
        assert name.calls <= SAMPLE_ROWS + 3 * visible, name.calls
        before = name.calls
        table.append_rows(Row(f"extra {i}") for i in range(1000))  # a page, off screen
        await pilot.pause()
        assert table.row_count == 101_000
        assert name.calls - before <= visible, "appending must not touch every row"
        before = name.calls
        await pilot.press("G")
        await pilot.pause()
        assert table.cursor_row == 100_999
        assert "extra 999" in lines(table)[-1]
        assert name.calls - before <= 3 * visible


async def test_cursor_move_reuses_cached_strips_of_unchanged_rows() -> None:
    app = TableApp([Row(f"row {i}") for i in range(50)], simple_columns())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        before = [table.render_line(y) for y in range(table.size.height)]
        await pilot.press("j")
        after = [table.render_line(y) for y in range(table.size.height)]
        # line 0 is the header, line 1 row 0 (old cursor), line 2 row 1 (new cursor)
        changed = [y for y in range(len(before)) if before[y] is not after[y]]
        assert changed == [1, 2]
        assert before[1].text == after[1].text  # same text, different (cursor) style
        assert before[3] is after[3]


async def test_keys_move_the_cursor_and_post_messages() -> None:
    rows = [Row(f"row {i}") for i in range(50)]
    app = TableApp(rows, simple_columns())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        page = table.size.height - 1
        assert app.messages == [("highlighted", 0, rows[0])]
        await pilot.press("down", "j")
        assert table.cursor_row == 2
        await pilot.press("k", "up")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row == page
        await pilot.press("pageup")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == 49
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("G")
        assert table.cursor_row == 49
        assert "row 49" in lines(table)[-1]
        await pilot.press("home", "enter")
        assert app.messages[-1] == ("selected", 0, rows[0])
        assert ("highlighted", 49, rows[49]) in app.messages


async def test_mouse_click_highlights_and_double_click_selects() -> None:
    rows = [Row(f"row {i}") for i in range(50)]
    app = TableApp(rows, simple_columns())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        await pilot.click(VirtualTable, offset=(3, 4))  # line 4 = row 3 (line 0 is the header)
        assert table.cursor_row == 3
        await pilot.double_click(VirtualTable, offset=(3, 4))
        assert app.messages[-1] == ("selected", 3, rows[3])
        await pilot.click(VirtualTable, offset=(3, 0))  # the header does nothing
        assert table.cursor_row == 3
        await pilot.mouse_down(VirtualTable)
        table.scroll_to(y=10, animate=False, immediate=True)
        await pilot.pause()
        assert "row 10" in lines(table)[1]


async def test_near_end_only_within_a_screenful_of_the_last_row() -> None:
    app = TableApp([Row(f"row {i}") for i in range(60)], simple_columns())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        page = table.size.height - 1
        assert ("near_end",) not in app.messages
        await pilot.press("pagedown")
        assert ("near_end",) not in app.messages
        table.move_cursor(60 - 1 - page - 1)  # one row more than a screenful from the end
        await pilot.pause()
        assert ("near_end",) not in app.messages
        await pilot.press("pagedown")
        assert ("near_end",) in app.messages
        # scrolling (wheel, scrollbar) counts too
        app.messages.clear()
        await pilot.press("g")
        table.scroll_to(y=60, animate=False, immediate=True)
        await pilot.pause()
        assert ("near_end",) in app.messages


async def test_server_strings_render_literally() -> None:
    rows = [Row("[bold red]Not bold[/] Valve"), Row("Pump \x1b[31mred\x1b[0m"),
            Row("tab\there\nnewline"), Row("\u202eevil"), Row("Ventilátor 風量 超高効率")]
    app = TableApp(rows, simple_columns())
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        shown = lines(table)
        assert "[bold red]Not bold[/] Valve" in shown[1]
        assert "Pump �[31mred�[0m" in shown[2]
        assert "tab here newline" in shown[3]
        assert "�evil" in shown[4]
        assert "Ventilátor 風量" in shown[5]
        await pilot.press("G")  # the cursor row is bold by design; look at a plain row
        for y in range(table.size.height):
            strip = table.render_line(y)
            assert strip.cell_length == table.scrollable_content_region.width
            assert "\x1b" not in strip.text
            assert all(not (seg.style and seg.style.bold) for seg in strip
                       if "Not bold" in seg.text)


async def test_empty_table_says_so() -> None:
    app = TableApp([], simple_columns())
    async with app.run_test(size=(40, 8)) as pilot:
        table = app.query_one(VirtualTable)
        table.empty_text = "no components match '[b]x'"
        table.refresh()
        await pilot.pause()
        assert "no components match '[b]x'" in lines(table)[2]
        assert app.messages == [("highlighted", -1, None)]


def test_fit_pads_and_cuts_by_cells() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abcdef", 4) == "abc…"
    assert cell_len(fit("風量風量", 5)) == 5
    assert fit("x", 0) == ""


def test_layout_widths_fill_and_shrink() -> None:
    cols = [Column("Name", str, flex=3, min_width=12), Column("State", str),
            Column("Tags", str, flex=1, min_width=6), Column("Date", str)]
    natural = [60, 9, 30, 16]
    for available in (200, 115, 80, 60, 43):
        widths = layout_widths(natural, cols, available)
        assert sum(widths) == available, (available, widths)
        assert all(w >= c.min_width for w, c in zip(widths, cols, strict=True))
    wide = layout_widths(natural, cols, 200)
    assert wide[1] == 9 and wide[3] == 16  # fixed columns keep their width
    assert wide[0] > 60 and wide[2] > 30  # flex columns share the spare room
    narrow = layout_widths(natural, cols, 60)
    assert narrow[1] == 9 and narrow[3] == 16
    assert narrow[0] > narrow[2]  # the heavier flex column keeps more


async def test_each_line_is_written_as_one_segment_per_style() -> None:
    """Every segment costs its own style codes on the terminal (bytes over SSH): a line
    never holds two neighbouring segments of one style."""
    columns = [*simple_columns(), Column("Date", lambda r: "2024-01-02", dim=True)]
    app = TableApp([Row(f"row {i}") for i in range(20)], columns)
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        for y in range(table.size.height):
            styles = [segment.style for segment in table.render_line(y)]
            assert all(a != b for a, b in pairwise(styles)), (y, styles)
        assert len(list(table.render_line(2))) <= 3  # plain, the dim date, plain


async def test_appended_rows_are_painted_below_the_rows_shown() -> None:
    app = TableApp([Row(f"row {i}") for i in range(3)], simple_columns())
    async with app.run_test(size=(40, 12)) as pilot:
        table = app.query_one(VirtualTable)
        await pilot.pause()
        table.append_rows([Row("row 3"), Row("row 4")])
        await pilot.pause()
        assert [line.split()[:2] for line in lines(table)[1:6]] == [
            ["row", str(i)] for i in range(5)]
        assert table.virtual_size.height == 6
