"""Opening a component's web link: its full address first, then the browser on request."""

from __future__ import annotations

from typing import ClassVar
from urllib.parse import urlsplit

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui import locations
from tui.commands.table import escape
from tui.core.urls import is_valid
from tui.keys import bindings, key_of
from tui.widgets.text import clean, notify_plain

#: Schemes a web link may have to be opened (anything else could run code or a program).
WEB_SCHEMES = ("http", "https")


def refusal(url: str) -> str | None:
    """Why ``url`` is not opened (``javascript:``, ``file:``, control characters…), or None."""
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    if scheme not in WEB_SCHEMES:
        named = f"a {escape(scheme)}: link" if scheme.isalnum() else "not a web address"
        return f"Not opened: only http and https links open in your browser; this is {named}."
    if not is_valid(url) or not urlsplit(url).hostname:
        return ("Not opened: this is not a valid web address (it holds control characters, "
                "or no host).")
    return None


class OpenLinkDialog(ModalScreen[None]):
    """A web link's title and its whole address, exactly as the server sent it (control
    characters shown escaped); ``o`` (or the Open button) opens it with ``App.open_url``,
    which works in a terminal and under ``serve`` alike; ``y`` copies it."""

    CSS_PATH = locations.styles_dir() / "files.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings("open-link", "copy-url", "close-link")

    def __init__(self, title: str, url: str) -> None:
        super().__init__()
        self.link_title = title
        self.url = url
        self.refused = refusal(url)

    def compose(self) -> ComposeResult:
        with Vertical(classes="file-box"):
            yield Static(Text(f"Web link: {clean(self.link_title) or 'untitled'}"),
                         classes="title")
            with VerticalScroll(id="link-url-box"):
                yield Static(Text(escape(self.url)), id="link-url")
            if self.refused:
                yield Static(Text(self.refused), id="link-refused", classes="-error")
            else:
                yield Static(Text(f"{key_of(self, 'open-link')} opens it in your browser, "
                                  f"{key_of(self, 'copy-url')} copies it."), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Open", id="open", variant="primary", disabled=bool(self.refused),
                             compact=True)
                yield Button("Copy", id="copy", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.refused else "#open", Button).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "open_link" and self.refused)

    def action_open_link(self) -> None:
        if self.refused:
            return
        self.app.open_url(self.url)
        where = "a new tab of your browser" if self.app.is_web else "your browser"
        notify_plain(self.app, f"Opened {urlsplit(self.url).hostname} in {where}.",
                     title="Web link")
        self.dismiss()

    def action_copy_url(self) -> None:
        self.app.copy_to_clipboard(self.url)
        notify_plain(self.app, f"Copied {self.url}", title="Copied to clipboard")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "open":
            self.action_open_link()
        elif event.button.id == "copy":
            self.action_copy_url()
        else:
            self.dismiss()
