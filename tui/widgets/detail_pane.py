"""The detail side pane: fields of the highlighted item and its links, followable in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.jsonio import DEEPER_NOTE, MAX_DEPTH
from tui.core.urls import is_valid, redact, resolve, same_origin
from tui.keys import bindings
from tui.widgets.detail_views import ERROR, HEADING, DetailView, Entry, scalar
from tui.widgets.notices import error_text
from tui.widgets.text import MAX_SHOWN_CHARS, clean, literal

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

MAX_TREE_NODES = 2000
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


def add_json(node: TreeNode[Any], value: Any, budget: list[int],
             depth: int = MAX_DEPTH) -> None:
    """Add ``value`` under ``node`` (labels are plain text), up to a node budget and
    ``depth`` levels."""
    if not isinstance(value, dict | list):
        return
    if depth <= 0:
        node.add_leaf(Text(DEEPER_NOTE))
        return
    items = value.items() if isinstance(value, dict) else (
        (f"[{i}]", v) for i, v in enumerate(value))
    for key, child in items:
        if budget[0] <= 0:
            node.add_leaf(Text("… (truncated)"))
            return
        budget[0] -= 1
        text = scalar(child) if not isinstance(child, list) or not child else None
        if text is not None:
            node.add_leaf(Text(f"{clean(key)}: {clean(text)}"))
        else:
            size = f" ({len(child)})" if isinstance(child, list | dict) else ""
            add_json(node.add(Text(f"{clean(key)}{size}")), child, budget, depth - 1)


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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._stack: list[DetailView] = []
        self._opened: dict[int, int] = {}  # depth → index of the link followed from there
        self._drawn_key: str | None = None  # the key of the view drawn last
        self.base_url = ""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title")
        # The links, the loading indicator and the JSON tree are mounted when first needed:
        # the first frame shows none of them, and every widget composed adds to the start.
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail-body")

    def on_mount(self) -> None:
        self._redraw()

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
                    self._redraw()
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
        """Focus what the page offers, always something visible and highlighted: its
        links (``link`` highlighted and scrolled into view), else its tree, else the text."""
        links = self.query_one_optional("#detail-links", OptionList)
        tree = self.query_one_optional("#detail-tree")
        if links is not None and links.display and links.option_count:
            links.highlighted = _enabled(links, link)
            links.focus()
            self.call_after_refresh(self._reveal, links)
        elif tree is not None and tree.display:
            tree.focus()
        else:
            self.query_one("#detail-scroll").focus()

    def _reveal(self, links: OptionList) -> None:
        """Scroll the pane so that the highlighted row is in view, with the rows around it
        that cannot be chosen (its section's heading; a last section's ``none``)."""
        index = links.highlighted
        if index is None:
            return
        start, end = index, index + 1
        while start > 0 and links.get_option_at_index(start - 1).disabled:
            start -= 1
        while end < links.option_count and links.get_option_at_index(end).disabled:
            end += 1
        links.scroll_to_region(Region(0, start, 1, end - start), animate=False,
                               immediate=True)
        line = links.virtual_region.y + start - round(links.scroll_offset.y)
        self.query_one("#detail-scroll").scroll_to_region(
            Region(0, line, 1, end - start), animate=False, immediate=True)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A links list focused otherwise (tab, a click) highlights its first link, so
        that enter acts at once."""
        links = event.widget
        if isinstance(links, OptionList) and links.highlighted is None and links.option_count:
            links.highlighted = _enabled(links, 0)

    # -- rendering ------------------------------------------------------------------------

    def _redraw(self) -> None:
        if not self.is_mounted:
            return
        view = self.top
        key = view.key if view else None
        same, self._drawn_key = key == self._drawn_key, key  # the same page, updated
        title = breadcrumb([v.title for v in self._stack])
        self.query_one("#detail-title", Static).update(Text(title))
        self._show_loading(bool(view and view.loading))
        self.query_one("#detail-body", Static).update(self._body(view))
        self._render_links(view, keep=same)
        self._render_tree(view)
        if not same:
            self.query_one("#detail-scroll").scroll_home(animate=False)

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

    def _render_links(self, view: DetailView | None, *, keep: bool = False) -> None:
        """The links, then the view's entries; ``keep``: the highlighted row stays (the
        same page, updated)."""
        items = view.links if view else []
        options = [Option(_link_label(label, short_href(href, self.base_url)), id=str(i))
                   for i, (label, href) in enumerate(items[:MAX_LINKS])]
        if len(items) > MAX_LINKS:
            more = len(items) - MAX_LINKS
            options.append(Option(Text(f"… {more:,} more links not shown"), disabled=True))
        options += [self._entry_option(n, entry)
                    for n, entry in enumerate(view.entries if view else [])]
        links = self.query_one_optional("#detail-links", OptionList)
        if links is None:
            if not options:
                return
            links = OptionList(id="detail-links")
            title = Static("Links  (enter opens)", id="detail-links-title", classes="heading")
            self.query_one("#detail-scroll").mount(title, links, after="#detail-body")
        highlighted = links.highlighted if keep else None
        links.clear_options()
        links.add_options(options)
        links.display = bool(options)
        if highlighted is not None and options:
            links.highlighted = min(highlighted, len(options) - 1)
        # Not query_one: while the screen is being torn down the title may already be gone
        # (a redraw then raised NoMatches, about one exit in ten).
        for title in self.query("#detail-links-title"):
            title.display = bool(items)

    def _entry_option(self, n: int, entry: Entry) -> Option:
        """An entry as a row of the list: a section heading, a note or an error (none can
        be chosen), or a row to act on."""
        if entry.kind == HEADING:
            return Option(Text(clean(entry.label), style="bold underline"), disabled=True)
        if entry.kind == ERROR:
            return Option(error_text(entry.value, self), disabled=True)
        if not entry.selectable:
            return Option(Text(clean(entry.label), style="italic"), disabled=True)
        return Option(_link_label(entry.label, entry.detail), id=f"e{n}")

    def highlighted_entry(self) -> Entry | None:
        """The entry highlighted in the list, if the highlight is on one."""
        links = self.query_one_optional("#detail-links", OptionList)
        view = self.top
        if view is None or links is None or links.highlighted is None:
            return None
        option_id = links.get_option_at_index(links.highlighted).id or ""
        return view.entries[int(option_id[1:])] if option_id.startswith("e") else None

    def _show_loading(self, loading: bool) -> None:
        indicator = self.query_one_optional("#detail-loading")
        if indicator is None and loading:
            from textual.widgets import LoadingIndicator

            indicator = LoadingIndicator(id="detail-loading")
            self.query_one("#detail-scroll").mount(indicator, before=0)
        if indicator is not None:
            indicator.display = loading

    def _render_tree(self, view: DetailView | None) -> None:
        data = view.tree if view else None
        tree = self.query_one_optional("#detail-tree")
        if tree is None and data is None:
            return
        from textual.widgets import Tree

        if not isinstance(tree, Tree):
            tree = Tree(Text("response"), id="detail-tree")
            self.query_one("#detail-scroll").mount(tree)
        tree.clear()
        tree.display = data is not None
        if data is None:
            return
        if isinstance(data, dict | list):
            add_json(tree.root, data, [MAX_TREE_NODES])
        else:
            tree.root.add_leaf(Text(clean(scalar(data) or repr(data))))
        tree.root.expand()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The pane scrolls to the highlighted row; a row's own keys (s on a file) follow."""
        self.call_after_refresh(self._reveal, event.option_list)
        self.screen.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        view = self.top
        if view is None or event.option_id is None:
            return
        self._opened[len(self._stack) - 1] = event.option_index
        if event.option_id.startswith("e"):
            self.post_message(self.EntryChosen(self, view.entries[int(event.option_id[1:])]))
            return
        label, href = view.links[int(event.option_id)]
        self.post_message(self.LinkChosen(self, label, href))


def _enabled(links: OptionList, index: int) -> int:
    """``index`` (within the list), or the nearest option after it that can be chosen
    (headings and notes cannot), else before it."""
    index = min(max(0, index), links.option_count - 1)
    after = range(index, links.option_count)
    before = range(index - 1, -1, -1)
    return next((i for i in (*after, *before) if not links.get_option_at_index(i).disabled),
                index)


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
