"""Charts of a saved analytics CSV: usage over time, the top components, a breakdown.

The file is summarised in a thread worker (:mod:`tui.core.analytics_summary`), so a
million-row file never freezes the UI; the other groupings are added up by a second pass
afterwards. Each chart that the file's columns do not allow says so in words.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import ProgressBar, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from tui import locations
from tui.core.analytics_series import default_unit, ranking, series, units_for
from tui.core.analytics_summary import Cancelled, Summary, Tally, summarise, tally_columns
from tui.dialogs.charts_text import (
    breakdown_message,
    describe,
    fit_notes,
    notes,
    time_message,
    top_message,
)
from tui.keys import bindings, key_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.text import clean
from tui.widgets.usage_charts import BarList, Bars, TimeChart, TimeSeries, shorten

#: The charts, in tab order: pane id, tab label (after its key: ``chart-1``…) and key id.
CHARTS: tuple[tuple[str, str, str], ...] = (
    ("over-time", "Over time", "chart-1"), ("top", "Top components", "chart-2"),
    ("breakdown", "Breakdown", "chart-3"))
RANKED = 50  # values ranked per bar chart; the bars shown are those that fit
UNIT_WORDS = {"day": "per day", "week": "per week", "month": "per month"}


class NotesLine(Widget):
    """The status line: its parts that fit the width, each whole (:func:`fit_notes`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[str] = []

    def show(self, parts: list[str]) -> None:
        self.parts = parts
        self.refresh()

    def render(self) -> Text:
        return Text(fit_notes(self.parts, self.content_size.width))


class ChartsScreen(ModalScreen[None]):
    """Charts of one analytics CSV; ``tab`` / ``1``–``3`` switch charts, ``g`` the grouping,
    ``t`` days, weeks or months."""

    CSS_PATH = locations.styles_dir() / "charts.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        *bindings("back", show=True),
        *bindings("next-chart", "previous-chart", *(key for _pane, _label, key in CHARTS),
                  "group-by", "time-unit", "help"),
    ]

    def __init__(self, path: Path, *, summary: Summary | None = None) -> None:
        """``summary``: already made (every grouping), when the file may be gone."""
        super().__init__()
        self.path = path
        self._ready = summary
        self.summary: Summary | None = None
        self.grouping: int | None = None  # the breakdown's column (an index into the header)
        self.unit: str | None = None  # None: the default for the file's range
        self._messages: dict[str, str | None] = {}  # pane → why its chart is not drawn
        self._read = (0, 0)  # bytes read, size: written by the worker, shown by a timer

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble((" Usage charts ", "bold"), " ", clean(self.path.name)),
                     id="charts-title")
        yield Static("Reading the file…", id="charts-info")
        yield ProgressBar(id="charts-progress", show_eta=False)
        with TabbedContent(id="charts-tabs"):
            for pane, label, key in CHARTS:
                tab = TabPane(f"{key_of(self, key)} {label}", id=pane)
                with tab, Vertical(classes="chart-body"):
                    if pane == "over-time":
                        yield TimeChart(id="time-chart")
                    else:
                        yield BarList(id=f"{pane}-bars")
                    yield Static("", classes="chart-message")
        yield NotesLine(id="charts-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self._progress_timer = self.set_interval(0.1, self._show_progress,
                                                 name="charts-progress")
        if self._ready is not None:
            self._summarised(self._ready)
        else:
            self._summarise()

    # -- actions ------------------------------------------------------------------------

    @property
    def chart(self) -> str:
        return self.query_one(TabbedContent).active or CHARTS[0][0]

    def action_show_chart(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane

    def action_next_chart(self, step: int) -> None:
        panes = [pane for pane, _label, _key in CHARTS]
        self.action_show_chart(panes[(panes.index(self.chart) + step) % len(panes)])

    def action_group_by(self) -> None:
        """Show the breakdown; once shown, by the next text column."""
        groupings = self.summary.layout.groupings if self.summary else ()
        if self.chart == "breakdown" and groupings and self.grouping in groupings:
            self.grouping = groupings[(groupings.index(self.grouping) + 1) % len(groupings)]
            self._draw()
        self.action_show_chart("breakdown")
        self._show_notes()

    def action_time_unit(self) -> None:
        """Show usage over time; once shown, per day → week → month."""
        days = self.summary.per_day if self.summary is not None else {}
        if self.chart == "over-time" and days:
            units = units_for(min(days), max(days))
            self.unit = units[(units.index(self._unit(self.summary)) + 1) % len(units)]
            self._draw()
        self.action_show_chart("over-time")

    def action_back(self) -> None:
        self.dismiss(None)

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()
        self._show_notes()

    # -- workers --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="charts", exit_on_error=False)
    def _summarise(self) -> Summary:
        worker = get_current_worker()
        return summarise(self.path, stop=lambda: worker.is_cancelled, progress=self._progress)

    @work(thread=True, exclusive=True, group="charts-more", exit_on_error=False)
    def _tally_rest(self, summary: Summary) -> dict[int, Tally]:
        worker = get_current_worker()
        return tally_columns(self.path, summary.layout, summary.pending,
                             stop=lambda: worker.is_cancelled)

    def _progress(self, done: int, size: int) -> None:
        self._read = (done, size)

    def _show_progress(self) -> None:
        done, size = self._read
        if self.summary is None and size:
            self.query_one(ProgressBar).update(total=size, progress=done)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, state = event.worker, event.state
        if state == WorkerState.ERROR:
            self._failed(worker.error)
        elif state == WorkerState.SUCCESS and worker.group == "charts":
            self._summarised(worker.result)
        elif (state == WorkerState.SUCCESS and worker.group == "charts-more"
              and self.summary is not None):
            self.summary.tallies.update(worker.result)
            self._draw()

    def _failed(self, error: BaseException | None) -> None:
        if isinstance(error, Cancelled):  # the screen is closing
            return
        self._progress_timer.stop()
        if isinstance(error, OSError):
            text = f"Could not read {self.path}: {error.strerror or error}"
        elif isinstance(error, ValueError) and self.summary is not None:
            text = f"Could not add up the other columns: {error}"
        else:
            text = f"Could not summarise the file: {type(error).__name__}: {error}"
        self.query_one(ProgressBar).display = False
        self._set_info(text, error=True)
        if self.summary is None:
            for message in self.query(".chart-message").results(Static):
                message.update(Text(text))
                message.display = True

    def _summarised(self, summary: Summary) -> None:
        self.summary = summary
        self._progress_timer.stop()
        self.query_one(ProgressBar).display = False
        groupings = summary.layout.groupings
        self.grouping = groupings[0] if groupings else None
        self._set_info(describe(summary))
        self._draw()
        drawn = [pane for pane, _label, _key in CHARTS if not self._messages.get(pane)]
        if drawn and self.chart not in drawn:
            self.action_show_chart(drawn[0])  # the first chart the file's columns allow
        self._show_notes()
        if summary.pending and not summary.problem and summary.rows:
            self._tally_rest(summary)

    # -- drawing --------------------------------------------------------------------------

    def _unit(self, summary: Summary) -> str:
        if self.unit is not None:
            return self.unit
        days = summary.per_day
        return default_unit(min(days), max(days)) if days else "day"

    def _draw(self) -> None:
        summary = self.summary
        if summary is None:
            return
        unit = self._unit(summary)
        time_chart = self.query_one(TimeChart)
        message = time_message(summary)
        time_chart.show(None if message else TimeSeries(series(summary.per_day, unit), unit,
                                                       summary.unit))
        self._message("over-time", message)
        tab = self.query_one(TabbedContent).get_tab("over-time")
        over_time = f"{key_of(self, 'chart-1')} {CHARTS[0][1]}"
        tab.label = f"{over_time} ({UNIT_WORDS[unit]})" if not message else over_time
        layout = summary.layout
        top = layout.component
        message = top_message(summary, breakdown_key=key_of(self, "chart-3"))
        self.query_one("#top-bars", BarList).show(
            None if message or top is None else self._bars(summary, top, "components"))
        self._message("top", message)
        grouping = self.grouping
        message = breakdown_message(summary, grouping)
        name = layout.name(grouping)
        self.query_one("#breakdown-bars", BarList).show(
            None if message or grouping is None
            else self._bars(summary, grouping, clean(name)))
        self._message("breakdown", message)
        key = key_of(self, "chart-3")
        label = (f"{key} By {shorten(clean(name), 24)}" if grouping is not None
                 else f"{key} {CHARTS[2][1]}")
        self.query_one(TabbedContent).get_tab("breakdown").label = label

    @staticmethod
    def _bars(summary: Summary, column: int, what: str) -> Bars:
        return Bars(ranking(summary.tallies[column], RANKED), summary.total, summary.unit, what)

    def _message(self, pane: str, message: str | None) -> None:
        """Say why ``pane``'s chart is not drawn (None: it is), in its place."""
        self._messages[pane] = message
        static = self.query_one(f"#{pane} .chart-message", Static)
        static.update(Text(message or ""))
        static.display = bool(message)
        self.query_one(f"#{pane} .chart-body").children[0].display = not message

    def _show_notes(self) -> None:
        """The status line: what was left out, else the columns' parts and what ``g``
        groups by next (from the breakdown: the next column; elsewhere: the one shown)."""
        summary = self.summary
        if summary is None:
            return
        groupings = list(summary.layout.groupings)
        if self.grouping in groupings:
            start = groupings.index(self.grouping) + (self.chart == "breakdown")
            groupings = groupings[start:] + groupings[:start]
        self.query_one(NotesLine).show(
            notes(summary, groupings, group_key=key_of(self, "group-by")))

    def _set_info(self, text: str, *, error: bool = False) -> None:
        info = self.query_one("#charts-info", Static)
        info.update(Text(text))
        info.set_class(error, "-error")
