"""A floor for the start target: the smallest Textual app that paints a screen of catalog rows.

It reads the same first page as the app (a JSON file saved by the benchmark) with the
standard library and paints its names, states and dates as one ``Static``: no client, cache,
models, top bar, detail pane or key bar. What it takes beyond ``hello_app.py`` is Textual's
own cost of a screen full of text.
"""

import json
import sys

from textual.app import App, ComposeResult
from textual.widgets import Static


class Rows(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, path: str) -> None:
        super().__init__()
        with open(path, encoding="utf-8") as f:
            self.rows = json.load(f)["components"]

    def compose(self) -> ComposeResult:
        lines = [f"{c.get('displayName', '')[:40]:<42}{c.get('state', ''):<12}"
                 f"{c.get('lastModifiedDateTime', '')[:16]}" for c in self.rows]
        yield Static("\n".join(lines), markup=False)


if __name__ == "__main__":
    Rows(sys.argv[1]).run()
