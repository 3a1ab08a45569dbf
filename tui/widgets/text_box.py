"""A text box that says what enter does in it (the key bar shows it while it has focus)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextBox(Input):
    """An :class:`Input` whose ``enter`` hint names what enter does there (``Search``,
    ``Open``…); the key bar shows it, and the esc binding of the screen, while typing."""

    def __init__(self, *args: Any, enter: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enter_hint = enter
