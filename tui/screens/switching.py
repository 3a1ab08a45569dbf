"""The screen shown while the screens are built for another profile (``ctrl+p`` Profile)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

#: The mode shown while the screens are built for another profile.
SWITCHING = "switching-profile"


class SwitchingScreen(Screen[None]):
    """``Switching to profile NAME…``, for the moment it takes."""

    def __init__(self, profile: str) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        yield Static(f"Switching to profile {self.profile}…", markup=False)
