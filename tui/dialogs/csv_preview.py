"""The analytics dialog's preview of a saved CSV: its first rows in a table, as inert text."""

from __future__ import annotations

import unicodedata

from rich.text import Text
from textual.widgets import DataTable

from tui.core.analytics import CsvPreview

CELL_WIDTH = 60


def literal(value: str, width: int | None = None) -> Text:
    """Server text as inert display text: no markup, control characters made visible."""
    shown = "".join(
        f"\\x{ord(ch):02x}" if unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in value
    )
    if width and len(shown) > width:
        shown = shown[: width - 1] + "…"
    return Text(shown)


def row_count_text(preview: CsvPreview) -> str:
    """``57 data rows; the first 10 below``."""
    return (f"{preview.row_count:,} data rows"
            + (f"; the first {len(preview.rows)} below" if preview.rows else ""))


def fill_preview(table: DataTable[Text], preview: CsvPreview) -> None:
    """The header and rows of ``preview`` in ``table`` (emptied first); short rows padded."""
    table.clear(columns=True)
    width = max([len(preview.header), *(len(r) for r in preview.rows)], default=0)
    headers = preview.header + [""] * (width - len(preview.header))
    for n, heading in enumerate(headers):
        table.add_column(literal(heading, CELL_WIDTH), key=f"c{n}")
    for row in preview.rows:
        cells = row + [""] * (width - len(row))
        table.add_row(*(literal(cell, CELL_WIDTH) for cell in cells))
