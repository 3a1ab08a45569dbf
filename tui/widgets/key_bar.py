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
from textual.screen import Screen
from textual.widget import Widget

#: One hint: the key to press, how it is shown, what it does, whether it can run now.
Hint = tuple[str, str, str, bool]

#: Which hints stay when the line is short, most important first. The rest are dropped
#: whole from the end of this list; actions not named here (the focused widget's own, such
#: as a menu's) rank after ``back``. The 1 2 3 keys are the top bar's tabs.
PRIORITY = ("help", "quit", "back", "focus_search", "toggle_filters", "minimal", "full",
            "focus_brand_id", "focus_imodel", "analytics", "refresh", "copy_id",
            "hide_detail", "show_detail")
_UNNAMED_RANK = PRIORITY.index("back") + 0.5


def _rank(action: str) -> float:
    return PRIORITY.index(action) if action in PRIORITY else _UNNAMED_RANK


def _width(hint: Hint) -> int:
    return cell_len(hint[1]) + 1 + cell_len(hint[2])


def fit_hints(hints: list[tuple[Hint, str]], room: int) -> list[Hint]:
    """The hints (with their actions) that fit in ``room`` cells, one space apart, in their
    order: the most important first, each whole or not at all."""
    keep: set[int] = set()
    used = -1
    for i in sorted(range(len(hints)), key=lambda i: (_rank(hints[i][1]), i)):
        width = 1 + _width(hints[i][0])
        if used + width <= room:
            keep.add(i)
            used += width
    return [hint for i, (hint, _action) in enumerate(hints) if i in keep]


class KeyBar(Widget):
    """``/ Search r Refresh … q Quit            ▏^p palette``; click a hint to press it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key", "key-bar--description", "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
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

    def hints(self) -> tuple[list[tuple[Hint, str]], Hint | None]:
        """The shown bindings (one per action, in binding order, each with its action) and
        the palette key."""
        app = self.app
        hints: list[tuple[Hint, str]] = []
        seen: set[str] = set()
        palette: Hint | None = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                hints.append(((binding.key, app.get_key_display(binding),
                               binding.description, enabled), binding.action))
        if app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = (binding.key, app.get_key_display(binding), binding.description,
                           enabled)
        return hints, palette

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
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
