"""Toasts: every ``notify()`` in the app goes through ``notify_plain`` (a ``str``, no markup)."""

from __future__ import annotations

import ast
from pathlib import Path

from rich.text import Text
from textual.app import App
from ui_pilot import screen_text

import tui
from tui.widgets.text import notify_plain

HELPER = Path(tui.__file__).parent / "widgets" / "text.py"


def _notify_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "notify"]


def test_no_notify_call_but_the_helper() -> None:
    """A rich ``Text`` handed to Textual's ``notify`` killed the app when the toast rendered;
    markup in a server string would style it. Only ``notify_plain`` may call it."""
    stray = [f"{path.relative_to(HELPER.parents[2])}:{line}"
             for path in sorted(Path(tui.__file__).parent.rglob("*.py")) if path != HELPER
             for line in _notify_calls(path)]
    assert stray == [], f"call tui.widgets.text.notify_plain instead of notify(): {stray}"
    assert len(_notify_calls(HELPER)) == 1


async def test_a_text_or_markup_becomes_a_literal_toast() -> None:
    app: App[None] = App()
    async with app.run_test(notifications=True) as pilot:
        notify_plain(app, Text("Saved [bold]x[/]"), title="A\x1b[31m title")  # type: ignore[arg-type]
        notify_plain(app, "[red]server text[/red]\x07")
        await pilot.pause(0.1)
        text = screen_text(app)
    assert "Saved [bold]x[/]" in text and "[red]server text[/red]" in text
    assert "\x1b" not in text and "\x07" not in text
