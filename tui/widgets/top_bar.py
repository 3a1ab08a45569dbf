"""One-line header: app title, the three screens as clickable tabs, who is signed in where."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui.widgets.text import clean

TABS: tuple[tuple[str, str, str], ...] = (
    ("1", "catalog", "Catalog"),
    ("2", "brands", "Brands"),
    ("3", "connections", "Connections"),
)


class Tab(Static):
    """A screen tab; clicking it switches to that screen."""

    def __init__(self, key: str, mode: str, label: str, *, current: bool) -> None:
        super().__init__(Text(f" {key} {label} "), classes="tab -current" if current else "tab")
        self.mode = mode

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.app.run_action(f"switch_mode('{self.mode}')")


class TopBar(Horizontal):
    """``itwin-tui  1 Catalog  2 Brands  3 Connections      <auth> · <host>``."""

    def __init__(self, current: str) -> None:
        super().__init__(id="top-bar")
        self.current = current

    def compose(self) -> ComposeResult:
        yield Static(Text(self.app.title), id="app-title")
        for key, mode, label in TABS:
            yield Tab(key, mode, label, current=mode == self.current)
        yield Static(Text(clean(self.app.sub_title)), id="sub-title")

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show_sub_title, init=False)

    def _show_sub_title(self, sub_title: str) -> None:
        """Who is signed in changes (token refreshed, expiry moves): keep it current."""
        self.query_one("#sub-title", Static).update(Text(clean(sub_title)))
