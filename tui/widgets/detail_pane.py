"""The detail side pane: fields of the highlighted item and its links, followable in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.message import Message

from tui.core.urls import is_valid, redact, resolve, same_origin
from tui.keys import bindings
from tui.widgets.detail_views import (
    ERROR,
    FILE,
    HEADING,
    LINKS_HEADING,
    DetailView,
    Entry,
    scalar,
)
from tui.widgets.diff_line import DiffLine
from tui.widgets.notices import error_text
from tui.widgets.text import MAX_SHOWN_CHARS, clean, literal

if TYPE_CHECKING:
    from tui.widgets.json_view import JsonView
    from tui.widgets.page_view import PageView

#: Most links listed in the pane.
MAX_LINKS = 100
#: Most characters of values the pane renders for one view (each value is also cut at
#: MAX_SHOWN_CHARS): whatever the data, the pane follows the cursor at once.
MAX_PANE_CHARS = 10_000


def fields_table(fields: list[tuple[str, str]], budget: list[int]) -> Table:
    """Label/value grid; values wrap, and are shown literally, cut to the characters left
    in ``budget`` (spent as they are shown)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", no_wrap=True, max_width=16, overflow="ellipsis")
    grid.add_column(ratio=1, overflow="fold")
    for n, (label, value) in enumerate(fields):
        if budget[0] <= 0:
            rest = len(fields) - n
            grid.add_row(Text("…"), Text(f"{rest:,} more field{'s' if rest != 1 else ''} "
                                         "not shown", style="italic"))
            break
        limit = min(MAX_SHOWN_CHARS, budget[0])
        budget[0] -= min(len(value), limit)
        grid.add_row(Text(clean(label)), literal(value, limit=limit))
    return grid


class DetailPane(Vertical):
    """A stack of :class:`DetailView` pages; following a link pushes one, escape pops."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("back", show=True)

    class LinkChosen(Message):
        """The user opened a link of the current view."""

        def __init__(self, pane: DetailPane, label: str, href: str) -> None:
            super().__init__()
            self.pane = pane
            self.label = label
            self.href = href

    class EntryChosen(Message):
        """The user chose a row of the view's entries (a file, a web link…)."""

        def __init__(self, pane: DetailPane, entry: Entry) -> None:
            super().__init__()
            self.pane = pane
            self.entry = entry

    class Closed(Message):
        """Escape on the first page: the screen should move focus back to its table."""

    class Ready(Message):
        """The pane's title and page are mounted: it can show the highlighted row."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._stack: list[DetailView] = []
        self._opened: dict[int, int] = {}  # depth → index of the row chosen from there
        self._entry_at: dict[int, Entry] = {}  # the page's rows that are entries
        self._on_file = False  # whether a file's row is highlighted (D saves it)
        self.base_url = ""

    def compose(self) -> ComposeResult:
        yield from ()  # the pane's parts come a frame after the rows: see on_mount

    def on_mount(self) -> None:
        # The pane is in the first frame (its place and border: the table does not change
        # width), its title and page one frame later, with the first row's page: mounted
        # with the rows, they and that page cost the first cached rows ~4 % of their time
        # (python tests/benchmarks/bench_perf.py --only start).
        self.call_after_refresh(self._mount_parts)

    async def _mount_parts(self) -> None:
        # The fields and the links in one fixed-size view: a row move repaints only the lines
        # that changed and never lays out (bytes over SSH). The JSON tree is mounted when
        # first needed.
        from tui.widgets.page_view import PageView  # not needed by the first frame

        await self.mount(DiffLine(id="detail-title"), PageView(id="detail-scroll"))
        self._redraw()
        self.post_message(self.Ready())

    @property
    def ready(self) -> bool:
        """Whether the title and the page are mounted (a frame after the pane)."""
        return self._page is not None

    @property
    def _page(self) -> PageView | None:
        """The page, once mounted."""
        return self.query_one_optional("#detail-scroll")  # type: ignore[return-value]

    # -- stack ------------------------------------------------------------------------

    @property
    def views(self) -> list[DetailView]:
        return list(self._stack)

    @property
    def top(self) -> DetailView | None:
        return self._stack[-1] if self._stack else None

    def show(self, view: DetailView) -> None:
        """Start over with ``view`` (a newly highlighted row)."""
        self._stack = [view]
        self._opened.clear()
        self._redraw()

    def push(self, view: DetailView) -> None:
        self._stack.append(view)
        self._redraw()

    def update_view(self, key: str, view: DetailView, *, depth: int | None = None) -> bool:
        """Replace the newest page about ``key`` (at ``depth`` if given); redraw if on top."""
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i].key == key and (depth is None or depth == i):
                self._stack[i] = view
                if i == len(self._stack) - 1:
                    self._redraw(keep=True)
                return True
        return False

    def action_back(self) -> None:
        if len(self._stack) > 1:
            self._stack.pop()
            self._redraw()
            self.focus_content(link=self._opened.pop(len(self._stack) - 1, 0))
        else:
            self.post_message(self.Closed())

    # -- focus --------------------------------------------------------------------------

    def focus_content(self, link: int = 0) -> None:
        """Focus what the page offers, always something visible: its links (``link``
        highlighted and scrolled into view), else its tree, else the text."""
        page = self._page
        if page is None:  # not mounted yet
            return
        tree = self.query_one_optional("#detail-tree")
        if self.json_view is not None:
            self.json_view.focus_tree()
            return
        if not page.link_count and tree is not None and tree.display:
            tree.focus()
            return
        page.focus()
        page.highlight(link if page.link_count else None)
        # a page shown just now is painted (and measured) on the next refresh
        self.call_after_refresh(page.scroll_to_highlight)

    # -- the JSON view (J) ------------------------------------------------------------

    @property
    def json_view(self) -> JsonView | None:
        """The JSON view while it is shown (in place of the pages), else None."""
        view = self.query_one_optional("#detail-json")
        return view if view is not None and view.display else None  # type: ignore[return-value]

    def show_json(self, data: Any, title: str | None) -> None:
        """Show ``data`` (the highlighted row's object; ``title`` None: no row) as JSON in
        place of the pages; the view is made on first use."""
        from tui.widgets.json_view import JsonView

        view = self.query_one_optional("#detail-json", JsonView)
        if view is None:
            view = JsonView(id="detail-json")
            self.mount(view)
        for child in self.children:
            child.display = child is view
        view.show(data, title)

    def hide_json(self) -> None:
        """Back to the pages (the JSON view stays, hidden, for the next time)."""
        for child in self.children:
            child.display = child.id != "detail-json" and (
                child.id != "detail-tree" or self.has_class("-tree"))
        self.json_closed()

    def json_closed(self) -> None:
        """The JSON view is closed (``J``, or the pane hidden): opened again, it starts with
        no search."""
        from tui.widgets.json_view import JsonView

        view = self.query_one_optional("#detail-json", JsonView)
        if view is not None:
            view.clear_search()

    # -- rendering ------------------------------------------------------------------------

    def _redraw(self, *, keep: bool = False) -> None:
        """Draw the top page; ``keep``: the same page, updated (a section arrived), keeps
        its scroll offset and highlighted row."""
        page = self._page
        if page is None:  # not mounted yet: drawn when it is
            return
        view = self.top
        title = breadcrumb([v.title for v in self._stack])
        self.query_one(DiffLine).update(Text(title))
        rows, inert, self._entry_at = self._rows(view)
        page.show(self._body(view), rows, inert=inert, keep=keep,
                  heading=LINKS_HEADING if view and view.links else None,
                  settled=not (view and view.pending))
        self._render_tree(view)

    def _rows(self, view: DetailView | None
              ) -> tuple[list[Text], list[int], dict[int, Entry]]:
        """The page's rows (its links, then its entries), the numbers of those that cannot
        be chosen (headings, notes, errors) and the entries by row."""
        items = view.links if view else []
        rows = [_link_label(label, short_href(href, self.base_url))
                for label, href in items[:MAX_LINKS]]
        inert: list[int] = []
        if len(items) > MAX_LINKS:
            inert.append(len(rows))
            rows.append(Text(f"… {len(items) - MAX_LINKS:,} more links not shown",
                             style="italic"))
        entry_at: dict[int, Entry] = {}
        for entry in view.entries if view else []:
            if entry.selectable:
                entry_at[len(rows)] = entry
            else:
                inert += range(len(rows), len(rows) + len(self._entry_rows(entry)))
            rows += self._entry_rows(entry)
        return rows, inert, entry_at

    def _entry_rows(self, entry: Entry) -> list[Text]:
        """An entry as rows: a section's heading, a note, an error (a row a line), or a
        row to act on."""
        if entry.kind == HEADING:
            return [Text(clean(entry.label), style="bold underline")]
        if entry.kind == ERROR:
            return list(error_text(entry.value, self).split())
        if not entry.selectable:
            return [Text(clean(entry.label), style="italic")]
        return [_link_label(entry.label, entry.detail)]

    def _body(self, view: DetailView | None) -> RenderableType:
        if view is None:
            return Text("Nothing highlighted.", style="italic")
        parts: list[RenderableType] = []
        if view.loading:
            parts.append(Text(clean(view.loading), style="italic"))
        if view.error is not None:
            parts.append(error_text(view.error, self))
        if view.note:
            parts.append(Text(clean(view.note), style="italic"))
        budget = [MAX_PANE_CHARS]
        if view.fields:
            parts.append(fields_table(view.fields, budget))
        for heading, fields in view.sections:
            parts.append(Text(""))
            parts.append(Text(clean(heading), style="bold underline"))
            parts.append(fields_table(fields, budget))
        return Group(*parts)

    def _render_tree(self, view: DetailView | None) -> None:
        """The JSON tree of an unknown shape, below the page (shown and hidden on push and
        pop; a row move, with no tree, touches nothing)."""
        data = view.tree if view else None
        tree = self.query_one_optional("#detail-tree")
        if data is None:
            if tree is not None and tree.display:
                tree.display = False
                self.remove_class("-tree")
            return
        # Imported when first needed: the tree widget costs the first frame ~2 %.
        from textual.widgets import Tree

        from tui.widgets.json_tree import MAX_TREE_NODES, add_json

        if not isinstance(tree, Tree):
            tree = Tree(Text("response"), id="detail-tree")
            self.mount(tree)
        tree.clear()
        tree.display = True
        self.add_class("-tree")
        if isinstance(data, dict | list):
            add_json(tree.root, data, [MAX_TREE_NODES])
        else:
            tree.root.add_leaf(Text(clean(scalar(data) or repr(data))))
        tree.root.expand()

    def highlighted_entry(self) -> Entry | None:
        """The entry highlighted in the page, if the highlight is on one."""
        page = self._page
        index = None if page is None else page.highlighted
        return None if index is None else self._entry_at.get(index)

    def on_page_view_highlighted(self, event: PageView.Highlighted) -> None:
        """A row's own keys (D on a file) follow the highlight."""
        event.stop()
        entry = self.highlighted_entry()
        on_file = entry is not None and entry.kind == FILE
        if on_file != self._on_file:
            self._on_file = on_file
            self.screen.refresh_bindings()

    def on_page_view_chosen(self, event: PageView.Chosen) -> None:
        event.stop()
        view = self.top
        if view is None:
            return
        self._opened[len(self._stack) - 1] = event.index
        if event.index in self._entry_at:
            self.post_message(self.EntryChosen(self, self._entry_at[event.index]))
        elif event.index < len(view.links):
            label, href = view.links[event.index]
            self.post_message(self.LinkChosen(self, label, href))


def breadcrumb(titles: list[str], head: int = 16) -> str:
    """``Roof Window 600x… › category: Windows``: earlier pages shortened, the last in full."""
    if not titles:
        return "details"
    short = [clean(t) if len(t) <= head else clean(t)[: head - 1] + "…" for t in titles[:-1]]
    return " › ".join([*short, clean(titles[-1])])


def _link_label(label: str, shown: str) -> Text:
    text = Text.assemble((clean(label), "bold"), "  ", clean(shown))
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def short_href(href: str, base_url: str) -> str:
    """A link as shown: its path on the API host, the whole (redacted) URL on another host,
    and what is not a valid URL marked as such."""
    absolute = resolve(href, base_url) if base_url else href
    if base_url and same_origin(absolute, base_url):
        return urlsplit(absolute).path
    if base_url and not is_valid(absolute):
        return f"{redact(absolute)} (not a valid URL)"
    return f"{redact(absolute)} (another host)" if "://" in absolute else href
