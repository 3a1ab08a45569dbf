"""The "recent ids" picker of the brands screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Select

from tui.state import Recent
from tui.widgets.text import clean


def recent_options(entries: list[Recent]) -> list[tuple[Text, str]]:
    """Select options: the remembered name (if any) and the id, as plain text."""
    options: list[tuple[Text, str]] = []
    for entry in entries:
        label = Text(clean(entry.label) or clean(entry.id))
        if entry.label:
            label.append(f"  {clean(entry.id)}", style="dim")
        options.append((label, entry.id))
    return options


class RecentPicker(Select[str]):
    """A compact picker of remembered ids in the controls row, disabled while empty."""

    # Its styles are here, not in styles/app.tcss: they are parsed when a picker is first
    # mounted, not before every start's first frame (~0.05 % of it a rule).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #controls RecentPicker {
        width: 32;
        & SelectCurrent { border: none; }
        /* the prompt and arrow in the placeholders' colour (Textual's 50% foreground
           became white on white in a 16-colour light theme) */
        & SelectCurrent Static#label, & SelectCurrent .arrow { color: $text-disabled; }
        & SelectCurrent.-has-value Static#label { color: $foreground; }
        /* disabled: italic, not faded (faded, it vanished in 16 colours) */
        &:disabled { opacity: 1; text-style: italic; }
        /* the list: wider than the picker, one line per entry (name and id) */
        & > SelectOverlay {
            width: 76;
            max-width: 100vw;
            constrain: inside inside;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
    }
    Screen.-narrow #controls RecentPicker { width: 24; }
    """

    def __init__(self, *, prompt: str, id: str, **kwargs: Any) -> None:
        super().__init__([], prompt=prompt, id=id, compact=True, **kwargs)

    def fill(self, entries: list[Recent]) -> None:
        """Replace the options; the picker is disabled while there is nothing to pick."""
        self.set_options(recent_options(entries))
        self.disabled = not entries
