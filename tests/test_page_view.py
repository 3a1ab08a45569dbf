"""The detail pane's page view: a new page repaints only the lines that changed and lays
nothing out (bytes over SSH), and every line is reachable by keyboard."""

from __future__ import annotations

from rich.console import Group
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Static

from tui.widgets.diff_line import DiffLine, changed_end
from tui.widgets.page_view import PageView


class Probe(Static):
    """An auto-height widget: Textual asks its height on every layout pass."""

    layouts = 0

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self.layouts += 1
        return super().get_content_height(container, viewport, width)


class CountedPage(PageView):
    """The page view, noting which lines it paints."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[int] = []

    def render_line(self, y: int) -> Strip:
        self.painted.append(y)
        return super().render_line(y)


class PageApp(App[None]):
    CSS = "PageView { height: 8; }"

    def compose(self) -> ComposeResult:
        yield Probe("probe")
        yield CountedPage()


def fields(*values: str) -> Group:
    return Group(*(Text(f"Field {i}   {value}") for i, value in enumerate(values)))


def links(n: int) -> list[Text]:
    return [Text(f"link{i}  /library/things/{i}") for i in range(n)]


def lines(page: PageView) -> list[str]:
    return [page.render_line(y).text.rstrip() for y in range(page.size.height)]


def test_changed_end_is_one_past_the_last_changed_cell() -> None:
    assert changed_end(Strip.blank(5), Strip.blank(5)) == 0
    old, new = Strip([Segment("ab"), Segment("cde")]), Strip([Segment("abXde")])
    assert changed_end(old, new) == 3
    # a bold or coloured space looks like a plain one: not worth a byte over SSH
    bold = Strip([Segment("Links", Style(bold=True)), Segment("   ", Style(bold=True))])
    plain = Strip([Segment("Links", Style(bold=True)), Segment("   ")])
    assert changed_end(bold, plain) == 0
    assert changed_end(plain, Strip([Segment("Links", Style(bold=True)),
                                     Segment("   ", Style(bgcolor="red"))])) == 8


async def test_a_new_page_repaints_only_its_changed_lines_without_a_layout() -> None:
    app = PageApp()
    async with app.run_test(size=(40, 12)) as pilot:
        page, probe = app.query_one(CountedPage), app.query_one(Probe)
        page.show(fields("a", "b", "c", "d"), [])
        await pilot.pause()
        page.painted.clear()
        layouts = probe.layouts
        page.show(fields("a", "b", "X", "d"), [])
        await pilot.pause()
        assert set(page.painted) == {2}
        assert lines(page)[:4] == ["Field 0   a", "Field 1   b", "Field 2   X", "Field 3   d"]
        page.painted.clear()
        page.show(fields("a", "b"), [])  # fewer lines: the two below are blanked, no more
        await pilot.pause()
        assert set(page.painted) == {2, 3}
        assert lines(page)[:3] == ["Field 0   a", "Field 1   b", ""]
        assert probe.layouts == layouts, "a new page laid the screen out"


async def test_up_and_home_reach_the_fields_above_the_links() -> None:
    """Links below more fields than fit: the first link highlighted shows as many fields as
    fit; up past it and home scroll to the fields, and down comes back to the links."""
    app = PageApp()
    async with app.run_test(size=(40, 12)) as pilot:
        page = app.query_one(CountedPage)
        page.show(fields(*"abcdefghij"), links(3))  # 10 fields, a blank, heading, 3 links
        await pilot.pause()
        page.focus()
        page.highlight(0)
        await pilot.pause()
        assert page.scroll_offset.y == 5 and lines(page)[-1] == "link0  /library/things/0"
        await pilot.press("up")  # the link leaves the view, and so does the highlight
        assert page.scroll_offset.y == 4 and page.highlighted is None
        await pilot.press("down", "up", "home")
        assert page.scroll_offset.y == 0 and lines(page)[0] == "Field 0   a"
        assert page.highlighted is None  # never a highlighted link out of sight
        await pilot.press("enter")
        assert page.highlighted is None
        for _ in range(5):
            await pilot.press("down")
        assert page.highlighted == 0 and page.scroll_offset.y == 5
        await pilot.press("down", "down", "down")
        assert page.highlighted == 2 and page.scroll_offset.y == 7
        await pilot.press("end")
        assert page.highlighted == 2


class TitleApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Probe("probe")
        yield DiffLine()


async def test_a_new_title_is_painted_without_a_layout() -> None:
    app = TitleApp()
    async with app.run_test(size=(40, 6)) as pilot:
        title, probe = app.query_one(DiffLine), app.query_one(Probe)
        title.update(Text("Roof Window 600x1200 Triple Glazed Type H2"))
        await pilot.pause()
        layouts = probe.layouts
        title.update(Text("Door"))
        await pilot.pause()
        assert title.render_line(0).text.rstrip() == "Door"
        assert probe.layouts == layouts
        title.update(Text("A very long name " * 5))
        await pilot.pause()
        assert title.render_line(0).text.endswith("…")


async def test_a_new_page_drops_the_highlight_it_painted() -> None:
    """The same link on the same line in the next page: its line is repainted unhighlighted
    (the comparison is with the page's lines, which never hold the highlight)."""
    app = PageApp()
    async with app.run_test(size=(40, 12)) as pilot:
        page = app.query_one(CountedPage)
        page.show(fields("a"), links(2))
        await pilot.pause()
        page.focus()
        page.highlight(1)
        await pilot.pause()
        page.painted.clear()
        page.show(fields("a"), links(2))
        await pilot.pause()
        assert page.highlighted is None
        assert page.first_link_line + 1 in page.painted


def sectioned(files: int) -> tuple[list[Text], list[int]]:
    """Two links, then a section: its heading, ``files`` rows (or "none"), and a last
    section with a heading and "none"; the headings and notes cannot be chosen."""
    rows = [*links(2), Text("Files")]
    rows += [Text(f"file{i}.ifc") for i in range(files)] or [Text("none")]
    rows += [Text("Variations"), Text("none")]
    inert = [2, *([] if files else [3]), len(rows) - 2, len(rows) - 1]
    return rows, inert


async def test_rows_that_cannot_be_chosen_are_passed_over() -> None:
    """Headings and notes among the links: the highlight never lands on one (keys, a click,
    a highlight asked for), and a highlighted row comes into view with its heading above
    it and the notes after it."""
    app = PageApp()
    async with app.run_test(size=(40, 12)) as pilot:
        page = app.query_one(CountedPage)
        rows, inert = sectioned(3)  # lines: 0 fields, 1 blank, 2 heading, 3-4 links,
        page.show(fields("a"), rows, inert=inert)  # 5 Files, 6-8 files, 9 Variations, 10 none
        await pilot.pause()
        page.focus()
        page.highlight(1)
        await pilot.press("down")
        assert page.highlighted == 3  # past the heading, to the first file
        assert "Files" in lines(page)
        page.highlight(2)  # the heading: the nearest row after it
        assert page.highlighted == 3
        await pilot.press("up")
        assert page.highlighted == 1
        await pilot.press("end")
        assert page.highlighted == 5
        assert lines(page)[-2:] == ["Variations", "none"]  # the notes after it
        await pilot.press("home")
        await pilot.click(CountedPage, offset=(2, 5))  # the Files heading
        assert page.highlighted != 2
        rows, inert = sectioned(0)
        page.show(fields("a"), rows, inert=inert)
        page.highlight(3)  # "none": the nearest row before it (none after)
        assert page.highlighted == 1


async def test_an_updated_page_keeps_its_highlight_and_repaints_what_changed() -> None:
    """A section arriving (``keep``): the highlighted row and the scroll offset stay, only
    the changed lines repaint, nothing lays out; the scrollbar waits while the page is not
    settled."""
    app = PageApp()
    async with app.run_test(size=(40, 12)) as pilot:
        page, probe = app.query_one(CountedPage), app.query_one(Probe)
        rows, inert = sectioned(0)
        page.show(fields(*"abcd"), rows, inert=inert, settled=False)
        await pilot.pause()
        page.focus()
        page.highlight(1)
        await pilot.pause()
        offset, layouts = page.scroll_offset.y, probe.layouts
        bar = page.vertical_scrollbar.window_virtual_size
        page.painted.clear()
        rows, inert = sectioned(4)
        page.show(fields(*"abcd"), rows, inert=inert, keep=True, settled=False)
        await pilot.pause()
        assert page.highlighted == 1 and page.scroll_offset.y == offset
        assert page.vertical_scrollbar.window_virtual_size == bar
        changed = {y - offset for y in range(page.first_link_line + 3, page.first_link_line + 8)}
        assert page.painted
        assert set(page.painted) <= {y for y in changed if 0 <= y < page.size.height}
        page.show(fields(*"abcd"), rows, inert=inert, keep=True)
        await pilot.pause()
        assert page.vertical_scrollbar.window_virtual_size == len(fields(*"abcd").renderables) \
            + 2 + 2 + 1 + 4 + 2
        assert probe.layouts == layouts
        page.show(fields(*"abcd"), rows, inert=inert)  # a new page: from its top, no highlight
        assert page.highlighted is None
