"""How a list screen lays out at a width, and the detail pane's ``d`` and readiness. A mixin of
:class:`~tui.screens.browser.BrowserScreen`.

The screen carries one layout class, styled in ``styles/app.tcss``: ``-narrow`` (compact
controls, the pane below the list), ``-wide`` (the pane below) or ``-side`` (the pane
beside the list). It is set when the screen composes, from the terminal's width, so its
widgets are styled once at start; Textual's ``HORIZONTAL_BREAKPOINTS`` add theirs on the
first resize, after the widgets are styled, and every widget is styled again (~1 % of the
start: python tests/benchmarks/bench_perf.py --only start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from tui.screens.browser import BrowserScreen
    from tui.widgets.detail_pane import DetailPane

    _Screen = BrowserScreen
else:
    _Screen = object

#: (least width, class), widest first: the pane goes beside the list once the list keeps
#: 80 columns next to a 54-column pane (an id on one line).
LAYOUTS = ((134, "-side"), (110, "-wide"), (0, "-narrow"))


def layout_class(width: int) -> str:
    """The layout class of a screen ``width`` cells wide."""
    return next(name for least, name in LAYOUTS if width >= least)


class Layout(_Screen):
    """The layout class, kept to the terminal's width; ``d`` shows and hides the pane."""

    def fit_layout(self) -> None:
        """Take the layout class of the terminal's width now (a no-op when it has it)."""
        name = layout_class(self.app.size.width)
        if not self.has_class(name):
            self.update_classes({other: other == name for _least, other in LAYOUTS})

    def on_resize(self, event: events.Resize) -> None:
        self.fit_layout()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self.fit_layout()  # the terminal may have been resized while another screen showed

    def on_detail_pane_ready(self, event: DetailPane.Ready) -> None:
        """The pane's parts are mounted (a frame after the rows): it shows the row now."""
        event.stop()
        self.details.flush()

    def watch_detail_wanted(self, wanted: bool) -> None:
        in_pane = self.pane.has_focus_within
        if self.table.display:
            self.pane.display = wanted
        if in_pane and not wanted:  # the keys must reach something shown
            self.focus_list()
        if not wanted:
            self.pane.json_closed()
        self.details.flush()
        self.refresh_bindings()

    def action_hide_detail(self) -> None:
        self.detail_wanted = False

    def action_show_detail(self) -> None:
        self.detail_wanted = True
