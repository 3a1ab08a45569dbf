"""A text box that says what enter does in it (the key bar shows it while it has focus)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


class TextBox(Input):
    """An :class:`Input` whose ``enter`` hint names what enter does there (``Search``,
    ``Open``…); the key bar shows it, and the esc binding of the screen, while typing."""

    # The controls rows' boxes are styled here, not in styles/app.tcss: parsed when a box
    # is first mounted, a frame after the start's first one (~0.05 % of it a rule).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #controls TextBox, #filters TextBox { width: 1fr; min-width: 12; }
    Screen.-narrow #controls TextBox, Screen.-narrow #filters TextBox { padding: 0 1; }
    /* disabled: italic, not faded (faded, it vanished in 16 colours) */
    #controls TextBox:disabled { opacity: 1; text-style: italic; }
    """

    def __init__(self, *args: Any, enter: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enter_hint = enter
