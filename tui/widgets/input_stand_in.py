"""A stand-in that paints like an empty compact ``Input`` until the box is first used.

An ``Input`` is the costliest widget of the catalog's first frame (its style sheet, its
reactive state and cursor), and most starts never type into the search box. The stand-in
shows the same placeholder on the same background; focusing it (``/``, tab, a click) or
asking for :meth:`InputStandIn.real` mounts the real ``Input`` right after it, hides the
stand-in and, when it was focused, moves the focus on.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Input, Static


class InputStandIn(Static, can_focus=True):
    """Stands in for ``Input(placeholder=…, id=input_id, compact=True)``."""

    DEFAULT_CSS = """
    InputStandIn {
        width: 1fr;
        height: 1;
        background: $surface;
        color: $text-disabled;
        pointer: text;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, placeholder: str, *, input_id: str) -> None:
        super().__init__(Text(placeholder), id=f"{input_id}-stand-in")
        self.placeholder = placeholder
        self.input_id = input_id

    def real(self) -> Input:
        """The ``Input`` (mounted now if it is not yet)."""
        parent = self.parent
        assert parent is not None, "the stand-in is not mounted"
        box = parent.query_one_optional(f"#{self.input_id}", Input)
        if box is not None:
            return box
        box = Input(placeholder=self.placeholder, id=self.input_id, compact=True)
        parent.mount(box, after=self)
        self.display = False
        return box

    def on_focus(self, event: events.Focus) -> None:
        self.real().focus()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.real().focus()
