"""The bottom line of key hints, painted by one widget.

Textual's ``Footer`` mounts a widget per key and composes them all again whenever the
bindings change (every focus move); at start-up that is ~30 ms of the first frame. This bar
renders the same hints (the screen's shown bindings, dimmed when disabled, the command
palette key on the right) as one line of text, and a click on a hint presses its key.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from tui.keys import FOCUS, FOOTER_PRIORITY, WORDS, character
from tui.widgets.text_box import TextBox

#: One hint: the key to press, how it is shown, what it does, whether it can run now.
Hint = tuple[str, str, str, bool]

#: Hints of bindings not ranked in ``FOOTER_PRIORITY`` (a focused widget's own, such as a
#: menu's) rank after ``back``.
_UNNAMED_RANK = FOOTER_PRIORITY.index("back") + 0.5


def _rank(binding_id: str) -> float:
    return FOOTER_PRIORITY.index(binding_id) if binding_id in FOOTER_PRIORITY else _UNNAMED_RANK


def _width(hint: Hint) -> int:
    return cell_len(hint[1]) + 1 + cell_len(hint[2])


def fit_hints(hints: list[tuple[Hint, str]], room: int) -> list[Hint]:
    """The hints (with their binding ids) that fit in ``room`` cells, one space apart, in
    their order: the most important first (``FOOTER_PRIORITY``), each whole or not at all."""
    keep: set[int] = set()
    used = -1
    for i in sorted(range(len(hints)), key=lambda i: (_rank(hints[i][1]), i)):
        width = 1 + _width(hints[i][0])
        if used + width <= room:
            keep.add(i)
            used += width
    return [hint for i, (hint, _action) in enumerate(hints) if i in keep]


def _join(hint: Hint, more: Hint, description: str) -> Hint:
    """One hint for the keys of a binding group: ``1–5 Presets`` for a run of characters,
    else ``a/b Words``; a click presses the first key."""
    key, shown, _words, enabled = hint
    first, _sep, last = shown.partition("–")
    last = last or first
    if len(last) == len(more[1]) == 1 and ord(more[1]) == ord(last) + 1:
        shown = f"{first}–{more[1]}"
    else:
        shown = f"{shown}/{more[1]}"
    return key, shown, description, enabled or more[3]


class KeyBar(Widget):
    """``/ Search r Refresh … q Quit            ▏^p palette``; click a hint to press it."""

    ALLOW_SELECT = False
    #: The descriptions are in the bar's own colours (each component class is styled
    #: whenever the bar is: ~2 M instructions of the first frame apiece).
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--separator"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-description-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--separator { color: $foreground 20%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []  # start, end, key, enabled

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def focus_hints(self) -> list[tuple[Hint, str]]:
        """What enter (and esc) do in the focused widget, whose own bindings are hidden: a
        button presses itself; in a text box enter does what it says and esc leaves."""
        focused = self.screen.focused
        enter = ("enter", "enter")
        if isinstance(focused, Button) and not focused.disabled:
            return [((*enter, str(focused.label), True), FOCUS)]
        if not isinstance(focused, TextBox):
            return []
        hints = [((*enter, focused.enter_hint, True), FOCUS)]
        escape = self.screen.active_bindings.get("escape")
        if escape is not None:
            binding = escape.binding
            hints.append(((binding.key, self.app.get_key_display(binding),
                           binding.description, escape.enabled), FOCUS))
        return hints

    def hints(self) -> tuple[list[tuple[Hint, str]], Hint | None]:
        """The focused widget's hints, then the shown bindings (one per action, in binding
        order, each with its id, else its action; none the focused widget types or shows
        already) and the command palette's key."""
        app = self.app
        hints = self.focus_hints()
        taken = {hint[0] for hint, _id in hints}
        seen: set[str] = set()
        palette: Hint | None = None
        group: Binding.Group | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            shown = WORDS.get(binding.key) or app.get_key_display(binding)
            hint = (binding.key, shown, binding.description, enabled)
            if binding.action in ("command_palette", "app.command_palette"):
                palette = hint
                continue
            if binding.action in seen:  # another key of a binding shown (``[`` of shift+↑)
                continue
            if not binding.show or self._typed(binding.key, taken):
                group = None
                continue
            seen.add(binding.action)
            if group is not None and binding.group == group:
                hints[-1] = (_join(hints[-1][0], hint, group.description), hints[-1][1])
            else:
                hints.append((hint, binding.id or binding.action))
            group = binding.group
        return hints, palette

    def _typed(self, key: str, taken: set[str]) -> bool:
        """Whether ``key`` is typed by the focused widget (a text box), or named by its
        hints already."""
        focused = self.screen.focused
        return key in taken or (focused is not None
                                and focused.check_consume_key(key, character(key)))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.rich_style
        dim = Style(dim=True)
        hints, palette = self.hints()
        width = self.size.width
        # the palette key is kept whole on the right (as Textual's footer does)
        room = width if palette is None else max(0, width - 2 - _width(palette))
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str, bool]] = []

        def add(hint: Hint) -> None:
            key, shown, description, enabled = hint
            start = len(line)
            line.append(shown, key_style + dim if not enabled else key_style)
            line.append(f" {description}", text_style + dim if not enabled else text_style)
            spans.append((start, len(line), key, enabled))

        for i, hint in enumerate(fit_hints(hints, room)):
            if i:
                line.append(" ")
            add(hint)
        if palette is not None:
            line.append(" " * max(1, room - len(line)))
            line.append("▏", self.get_component_rich_style("key-bar--separator"))
            add(palette)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
