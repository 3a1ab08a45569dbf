"""One-line header: app title, the screens (``tui.registry``) as clickable tabs, who is signed
in where.

Painted by one widget (like the key bar): a row of five widgets cost their mounting and
styling in every screen's first frame.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widget import Widget

from tui.keys import key_of
from tui.registry import SCREENS
from tui.widgets.text import clean


def fit_parts(text: str, room: int, separator: str = " · ") -> str:
    """``text`` in ``room`` cells: its ``separator``-joined parts (most telling first) are
    dropped whole from the right, the first too when it does not fit: never cut mid-text."""
    parts = text.split(separator)
    while parts and cell_len(separator.join(parts)) > room:
        parts.pop()
    return separator.join(parts)


class TopBar(Widget):
    """``itwin-tui  1 Catalog  2 Brands  3 Connections  4 Catalogs  <auth> · <host>``; a
    click on a tab switches to that screen."""

    ALLOW_SELECT = False
    #: Unscoped, for the ``App:nocolor`` rule below (every other rule starts with ``TopBar``).
    SCOPED_CSS = False
    #: The tabs and the sub-title are in the bar's own colours (each component class is
    #: styled whenever the bar is: ~2 M instructions of the first frame apiece).
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "top-bar--title", "top-bar--tab-hover", "top-bar--tab-current"}
    DEFAULT_CSS = """
    TopBar {
        height: 1;
        background: $panel;
        color: $text-muted;
        & > .top-bar--title { background: $primary; color: auto 90%; text-style: bold; }
        & > .top-bar--tab-hover { background: $boost; color: $foreground; }
        & > .top-bar--tab-current {
            background: $primary-muted;
            color: $text-primary;
            text-style: bold;
        }
    }
    /* NO_COLOR paints every tab in greys, the current one no lighter: a cue in no colour */
    App:nocolor TopBar > .top-bar--tab-current { text-style: bold reverse; }
    """

    def __init__(self, current: str) -> None:
        super().__init__(id="top-bar")
        self.current = current
        self._tabs: list[tuple[int, int, str]] = []  # start, end, mode
        self._hover: str | None = None

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", lambda _: self.refresh(), init=False)
        self.watch(self.app, "profile_label", lambda _: self.refresh(), init=False)
        # a keymap may rebind the number keys the tabs name
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def render(self) -> Text:
        """Title, tabs, sub-title. Tabs are never cut; when the sub-title's first part
        (who is signed in, or "demo data") fits only without the app's title, the title
        makes way; parts that do not fit are left out whole. Where
        the config file has profiles, the active profile's name takes the title's place
        and stays (it says whose data this is)."""
        style = self.get_component_rich_style
        tabs = [(f" {key_of(self, f'screen.{spec.mode}')} {spec.title} ", spec.mode)
                for spec in SCREENS]
        profile = clean(getattr(self.app, "profile_label", ""))
        title = f" {profile or self.app.title} "
        sub_title = clean(self.app.sub_title)
        room = self.size.width - sum(cell_len(tab) for tab, _mode in tabs) - 2  # padding
        first = cell_len(sub_title.split(" · ")[0])
        if not profile and cell_len(title) + first > room >= first:
            title = ""
        line = Text(title, style("top-bar--title"), no_wrap=True, overflow="crop")
        self._tabs = []
        for tab, mode in tabs:
            start = line.cell_len
            kind = ("current" if mode == self.current else
                    "hover" if mode == self._hover else "")
            line.append(tab, style(f"top-bar--tab-{kind}") if kind else self.rich_style)
            self._tabs.append((start, line.cell_len, mode))
        room -= cell_len(title)
        sub_title = fit_parts(sub_title, room)
        if sub_title:
            line.append(" " * (1 + room - cell_len(sub_title)))
            line.append(sub_title, self.rich_style)
        return line

    def _tab_at(self, x: int) -> str | None:
        return next((mode for start, end, mode in self._tabs if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._tab_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, mode: str | None) -> None:
        if mode != self._hover:
            self._hover = mode
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        mode = self._tab_at(event.x)
        if mode is not None:
            event.stop()
            await self.app.run_action(f"switch_mode('{mode}')")
