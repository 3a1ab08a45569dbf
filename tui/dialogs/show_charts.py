"""How the analytics dialog asks for charts: a message the app answers by showing them, and
the summary made at once of a file that is not kept (under ``serve``)."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.worker import Worker

from tui.core.analytics_summary import Cancelled, Summary, summarise

__all__ = ["ShowCharts", "Summary", "summary_or_none"]


class ShowCharts(Message):
    """Show the charts of ``path`` (``summary``: already made, the file may be gone)."""

    def __init__(self, path: Path, summary: Summary | None = None) -> None:
        super().__init__()
        self.path = path
        self.summary = summary


def summary_or_none(path: Path, worker: Worker[object] | None) -> Summary | None:
    """Every chart's summary of ``path``, now, unless ``worker`` is cancelled (None if it
    cannot be read: the charts will say so when they read the file)."""
    try:
        return summarise(path, every_grouping=True,
                         stop=lambda: worker is not None and worker.is_cancelled)
    except (OSError, ValueError, Cancelled):
        return None
