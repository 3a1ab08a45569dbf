"""The detail pane's JSON view (``J``): the highlighted row's object as the API sent it, as a
tree whose objects fold and unfold, coloured by kind, searchable with ``/``, ``n`` and ``N``.

Built with :func:`~tui.widgets.json_tree.add_json`, as the pane's tree of an unknown resource,
so it is bounded the same way: at most ``MAX_TREE_NODES`` nodes, ``MAX_DEPTH`` levels and
``MAX_SHOWN_CHARS`` of a value, whatever the server sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static
from textual.widgets.tree import TreeNode

from tui.keys import bindings, key_of
from tui.widgets.json_tree import MAX_TREE_NODES, JsonTree, add_json, json_text
from tui.widgets.text import clean
from tui.widgets.text_box import TextBox

#: Levels of the tree open when an object is shown (the root and its members' objects).
OPEN_LEVELS = 2
#: What the view says while no row is highlighted.
NOTHING = "Nothing highlighted."


def _walk(node: TreeNode[Any]) -> Iterator[TreeNode[Any]]:
    """``node``'s descendants in the order they are listed (folded ones too)."""
    for child in node.children:
        yield child
        yield from _walk(child)


class JsonView(Vertical):
    """A title line, the JSON tree and (after ``/``) a search box."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("json-search", "json-next", "json-previous"), *bindings("back", show=False)]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Any = None
        self.shown_title: str | None = ""
        self.term = ""
        self.matches: list[TreeNode[Any]] = []
        self.match = -1  # index in ``matches`` of the one the cursor is on

    def compose(self) -> ComposeResult:
        yield Static(id="json-title")
        yield JsonTree(Text("JSON"), id="json-tree")
        box = TextBox(placeholder="search the JSON (enter finds, n / N next / previous)",
                      id="json-search", compact=True, enter="Find")
        box.display = False
        yield box

    @property
    def json_tree(self) -> JsonTree:
        return self.query_one("#json-tree", JsonTree)

    def show(self, data: Any, title: str | None) -> None:
        """Show ``data`` (a row's object as sent; ``title`` None: no row is highlighted);
        the same object again changes nothing, so what is folded and where the cursor is
        stay. The search is the row's: another row's starts with none, the same row sent
        again (a refresh) keeps it."""
        if data is self.data and title == self.shown_title and self.is_mounted:
            return
        if _row(data, title) != _row(self.data, self.shown_title):
            self.clear_search()
        self.data, self.shown_title = data, title
        if self.is_mounted:
            self._build()

    def on_mount(self) -> None:
        self._build()

    def _build(self) -> None:
        data, title = self.data, self.shown_title
        self.matches, self.match = [], -1
        tree = self.json_tree
        if title is None:  # no row: words, not a tree of null
            tree.reset(Text(NOTHING, style="italic"), None)
        else:
            tree.reset(Text(clean(title) or "JSON"), None)
            _add(tree.root, data)
        tree.root.allow_expand = title is not None  # no arrow by the words
        tree.root.expand()
        tree.move_cursor(tree.root)
        if self.term:  # the same row sent again: its search, found in it again
            self.find(self.term)
        else:
            self._say()

    def focus_tree(self) -> None:
        """Focus the tree (a view mounted just now has it once composed: later, in its turn)."""
        self.call_later(lambda: self.json_tree.focus())

    # -- search ------------------------------------------------------------------------

    def clear_search(self) -> None:
        """No search (another row, or the view closed): no term, no matches, an empty box
        (unless it is being typed in)."""
        self.term, self.matches, self.match = "", [], -1
        if not self.is_mounted:
            return
        box = self.query_one("#json-search", Input)
        if self.screen.focused is not box:
            box.value = ""
            box.display = False
        self._say()

    def action_search(self) -> None:
        """Show the box and focus it now, not later: the next key typed goes to it. In the
        box, ``/`` is text (the binding is a priority one, so it comes here first)."""
        box = self.query_one("#json-search", Input)
        if self.screen.focused is box:
            raise SkipAction()
        box.display = True
        self.screen.set_focus(box)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape leaves the search box (elsewhere it is the pane's: back)."""
        if action == "back":
            return self.screen.focused is self.query_one("#json-search", Input)
        return True

    def action_back(self) -> None:
        self._leave_box()

    @on(Input.Submitted, "#json-search")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find(event.value)
        self._leave_box()

    def _leave_box(self) -> None:
        """Back to the tree; the box goes (the title line says where the search stands)."""
        self.query_one("#json-search", Input).display = False
        self.json_tree.focus()

    def find(self, term: str) -> None:
        """Every node whose line holds ``term`` (any case); the cursor goes to the first
        one from where it is (folded objects open to show it)."""
        self.term = term.strip()
        needle = self.term.lower()
        tree = self.json_tree
        nodes = list(_walk(tree.root))
        self.matches = [n for n in nodes if needle and needle in _plain(n.label).lower()]
        cursor = tree.cursor_node
        after = nodes.index(cursor) if cursor in nodes else -1
        order = {id(n): i for i, n in enumerate(nodes)}
        first = next((i for i, n in enumerate(self.matches) if order[id(n)] > after), 0)
        self._go(first if self.matches else -1)

    def action_next_match(self, step: int) -> None:
        if not self.matches:
            self._say()
            return
        self._go((self.match + step) % len(self.matches))

    def _go(self, index: int) -> None:
        self.match = index
        if index >= 0:
            node = self.matches[index]
            parent = node.parent
            while parent is not None:
                parent.expand()
                parent = parent.parent
            # the tree lays out its lines again before the node has its line
            self.call_after_refresh(self.json_tree.move_cursor, node)
        self._say()

    def on_descendant_focus(self) -> None:
        self._say()

    def on_descendant_blur(self) -> None:
        self._say()

    def _status(self) -> str:
        """Where the search stands, and its keys while they reach the view (the list
        focused, ``/`` is the list's search)."""
        search = key_of(self, "json-search")
        inside = self.has_focus_within
        if self.shown_title is None:
            return ""
        if not self.term:
            return f"{search} search" if inside else f"tab, then {search} searches"
        if not self.matches:
            return f"no match for {self.term!r}"
        keys = f"{key_of(self, 'json-next')} / {key_of(self, 'json-previous')}"
        return (f"match {self.match + 1} of {len(self.matches)} for {self.term!r}"
                + (f" · {keys}" if inside else ""))

    def _say(self) -> None:
        """The title line: what is shown, and where the search stands."""
        title = Text("JSON as the API sent it", style="bold")
        status = self._status()
        if status:
            title.append(f"  ·  {clean(status)}", style="italic")
        self.query_one("#json-title", Static).update(title)


def _add(root: TreeNode[Any], data: Any) -> None:
    """``data``'s members under ``root``, the first levels unfolded (a scalar: one line)."""
    if isinstance(data, dict | list):
        add_json(root, data, [MAX_TREE_NODES], leaf=json_text)
        _open(root, OPEN_LEVELS)
    else:
        root.add_leaf(Text(clean(json_text(data) or "")), ("value", data))


def _row(data: Any, title: str | None) -> tuple[str | None, Any]:
    """Which row ``data`` is (its title and id), to tell another row from the same sent
    again."""
    return title, data.get("id") if isinstance(data, dict) else None


def _plain(label: Any) -> str:
    return label.plain if isinstance(label, Text) else str(label)


def _open(node: TreeNode[Any], levels: int) -> None:
    """Unfold ``levels`` levels under ``node``."""
    if levels <= 0:
        return
    for child in node.children:
        if child.allow_expand:
            child.expand()
            _open(child, levels - 1)
