"""The baseline for the bytes target: Textual's own ``DataTable`` holding catalog rows.

It reads a JSON file written by ``perf_bytes.py`` (the catalog's column labels and widths and
the first rows' cell texts, exactly as the app's table shows them) and shows them in one
``DataTable`` with a row cursor, filling the terminal: no top bar, pane, status or key bar.
"""

import json
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable


class Rows(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, path: str) -> None:
        super().__init__()
        with open(path, encoding="utf-8") as f:
            self.data = json.load(f)

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in self.data["columns"]:
            table.add_column(label, width=width)
        table.add_rows(self.data["rows"])
        table.focus()


if __name__ == "__main__":
    Rows(sys.argv[1]).run()
