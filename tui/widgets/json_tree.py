"""JSON as a Textual tree: :func:`add_json` (the detail pane's tree of an unknown resource,
and the JSON view's) and :class:`JsonTree`, whose labels are coloured by kind.

Bounded whatever the server sent: at most ``MAX_TREE_NODES`` nodes, ``MAX_DEPTH`` levels and
``MAX_SHOWN_CHARS`` of a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import orjson
from rich.style import Style
from rich.text import Text
from textual.binding import BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.core.jsonio import DEEPER_NOTE, MAX_DEPTH, more_characters
from tui.keys import bindings
from tui.widgets.detail_views import scalar
from tui.widgets.text import MAX_SHOWN_CHARS, clean

MAX_TREE_NODES = 2000


def add_json(node: TreeNode[Any], value: Any, budget: list[int],
             depth: int = MAX_DEPTH, leaf: Callable[[Any], str | None] = scalar) -> None:
    """Add ``value`` under ``node`` (labels are plain text), up to a node budget and
    ``depth`` levels. ``leaf`` gives a member's text (``None``: a branch); each node's data
    is its ``(key, value)``."""
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
        text = leaf(child) if not isinstance(child, list) or not child else None
        if text is not None:
            node.add_leaf(Text(f"{clean(key)}: {clean(text)}"), (key, child))
        else:
            size = f" ({len(child)})" if isinstance(child, list | dict) else ""
            add_json(node.add(Text(f"{clean(key)}{size}"), (key, child)), child, budget,
                     depth - 1, leaf)


def json_text(value: Any) -> str | None:
    """A JSON value as one line of JSON (``"text"``, ``12``, ``true``, ``null``, ``[]``);
    ``None`` for an object or list with members (a branch of the tree). Text beyond
    ``MAX_SHOWN_CHARS`` is cut, saying how much more there is."""
    if isinstance(value, str):
        head = orjson.dumps(value[:MAX_SHOWN_CHARS]).decode()
        more = len(value) - MAX_SHOWN_CHARS
        return f"{head} {more_characters(more)}" if more > 0 else head
    if value is None or isinstance(value, bool):
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict | list):
        return None if value else ("{}" if isinstance(value, dict) else "[]")
    return clean(value)


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return "literal"
    return "number" if isinstance(value, int | float) else ""


class JsonTree(Tree[Any]):
    """A tree of JSON nodes (``(key, value)`` as each node's data): keys and values take
    their colours from the theme (component classes), so they suit both themes, 16 colours
    and ``NO_COLOR``; the cursor's colours stay on top."""

    # the list's keys move in it too (j / k, g / G), as in the pane's page
    BINDINGS: ClassVar[list[BindingType]] = bindings(
        "cursor-up", "cursor-down", "first", "last", "page-up", "page-down")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "json-tree--key", "json-tree--string", "json-tree--number", "json-tree--literal",
        "json-tree--note",
    }
    DEFAULT_CSS = """
    JsonTree {
        & > .json-tree--key { color: $text-primary; text-style: bold; }
        & > .json-tree--string { color: $text-success; }
        & > .json-tree--number { color: $text-warning; }
        & > .json-tree--literal { color: $text-accent; text-style: italic; }
        & > .json-tree--note { color: $text-muted; text-style: italic; }
    }
    """

    def render_label(self, node: TreeNode[Any], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        start = len(text) - len(Text(node.label) if isinstance(node.label, str) else node.label)
        data = node.data
        if not isinstance(data, tuple):
            if node is not self.root:
                text.stylize_before(self.get_component_rich_style("json-tree--note"), start)
            return text
        key, value = data
        end = start + len(clean(key))
        text.stylize_before(self.get_component_rich_style("json-tree--key"), start, end)
        kind = _kind(value)
        if kind and not node.allow_expand:
            text.stylize_before(self.get_component_rich_style(f"json-tree--{kind}"), end + 2)
        return text

    def action_first(self) -> None:
        self.action_scroll_home()

    def action_last(self) -> None:
        self.action_scroll_end()

