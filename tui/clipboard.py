"""Copying to the clipboard: the one helper behind every copy key (``y``, ``Y``, ``C``, the
analytics dialog's saved path, web links…).

Copying is Textual's ``App.copy_to_clipboard`` (an OSC 52 sequence, which works over SSH
and, under ``serve``, in the browser page). Where OSC 52 is known not to work, or the
``clipboard`` setting is ``off``, nothing is sent: the notification says so and shows the
value, to be selected with the mouse.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tui.widgets.text import notify_plain, shown

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

#: Most characters of a value a notification shows when it could not be copied.
PREVIEW_CHARS = 600
#: Terminals that ignore OSC 52, by ``$TERM_PROGRAM``.
NO_OSC52_PROGRAMS = {"Apple_Terminal": "macOS Terminal"}


def copy_problem(setting: str, environ: Mapping[str, str], web: bool) -> str | None:
    """Why copying cannot work here, in words, or ``None``. ``setting`` is the
    ``clipboard`` setting (``auto`` detects the terminal from ``environ``); under ``serve``
    (``web``) the browser page does the copying, whatever terminal started the server."""
    if setting == "off":
        return "Copying is off (clipboard = off in the config file)"
    if setting == "osc52" or web:
        return None
    program = NO_OSC52_PROGRAMS.get(environ.get("TERM_PROGRAM", ""))
    if program:
        return f"{program} does not let apps copy (OSC 52)"
    if environ.get("VTE_VERSION"):
        return ("This terminal (GNOME Terminal or another VTE one) does not let apps copy "
                "(OSC 52)")
    return None


def copy_text(node: Widget | App[Any], text: str, what: str, *,
              title: str = "Copied to clipboard") -> bool:
    """Copy ``text`` and say so (``what``: the notification's words, "Copied {what}"); where
    copying cannot work, show ``text`` (cut when long) and say why. True when it was sent."""
    app = node.app if hasattr(node, "app") else node
    setting = getattr(getattr(app, "settings", None), "clipboard", "auto")
    problem = copy_problem(setting, os.environ, app.is_web)
    if problem is None:
        app.copy_to_clipboard(text)
        notify_plain(node, f"Copied {what}", title=title)
        return True
    notify_plain(node, f"{problem}. Select it here instead (shift + drag in most "
                 f"terminals):\n{shown(text, PREVIEW_CHARS)}",
                 title=f"Not copied: {what}", severity="warning", timeout=30)
    return False
