"""The analytics charts: usage over time (a plotext line chart, via textual-plotext) and
ranked values (horizontal bars drawn with Rich, one line per value, each with its number).

Both redraw from their data on every render, so what they show fits the size they have:
the number of bars, label widths and axis ticks follow the terminal. CSV text is shown
literally (control characters replaced), never as markup or escape codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget
from textual_plotext import PlotextPlot

from tui.core.analytics_series import (
    Ranking,
    bucket_label,
    nice_ticks,
    share,
    short_number,
)
from tui.widgets.text import clean

_EIGHTHS = " ▏▎▍▌▋▊▉"
MAX_BARS = 15
_LABEL_MIN, _LABEL_MAX = 10, 36


def shorten(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


@dataclass(frozen=True, slots=True)
class TimeSeries:
    """Totals per bucket (``day``, ``week`` or ``month``) and what they count."""

    points: list[tuple[date, float]]
    unit: str
    noun: str  # uses | rows


class TimeChart(PlotextPlot):
    """Usage over time: a line with the totals on the y axis and dates on the x axis."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"time-chart--line"}
    DEFAULT_CSS = """
    TimeChart {
        & > .time-chart--line { color: $primary; }
        &:nocolor > .time-chart--line { color: $foreground; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: TimeSeries | None = None

    def show(self, data: TimeSeries | None) -> None:
        """Draw ``data`` (None: nothing); unchanged data is not drawn again."""
        if data != self.data:
            self.data = data
            self.refresh()

    def render(self) -> RenderResult:
        plt = self.plt
        plt.clear_figure()
        if self.data is not None and self.data.points:
            try:
                self._draw(self.data)
                return super().render()
            except Exception as exc:  # a third-party drawing library: never crash the app
                return Text(f"The chart could not be drawn: {type(exc).__name__}: {exc}")
        return super().render()

    def _draw(self, data: TimeSeries) -> None:
        plt, width = self.plt, self.size.width
        xs = list(range(len(data.points)))
        ys = [value for _, value in data.points]
        line = self.get_component_rich_style("time-chart--line").color
        color = tuple(line.get_truecolor()) if line is not None else "blue"
        if len(xs) == 1:  # a line needs two points
            plt.bar(xs, ys, width=0.2, color=color)
        else:
            plt.plot(xs, ys, marker="braille", color=color)
        ticks = nice_ticks(max(ys), count=max(3, min(6, self.size.height // 4)))
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [short_number(t) for t in ticks])
        labels = [bucket_label(start, data.unit) for start, _ in data.points]
        room = max(1, (width - 8) // (len(labels[0]) + 4))
        step = max(1, -(-(len(xs) - 1) // max(1, room - 1))) if len(xs) > 1 else 1
        shown = xs[::step]
        plt.xticks(shown, [labels[i] for i in shown])
        plt.xlim(-0.5, len(xs) - 0.5)
        plt.title(f"{data.noun.capitalize()} per {data.unit}")


@dataclass(frozen=True, slots=True)
class Bars:
    """Ranked values to draw: the title's words, and the total the shares are taken of."""

    ranking: Ranking
    total: float
    noun: str  # uses | rows
    what: str  # "components", "values of Action"


class BarList(Widget):
    """A title, one bar per value (label, bar, number and share), an axis with numbers
    and a line for the values that did not fit."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-list--title", "bar-list--bar", "bar-list--value", "bar-list--axis",
        "bar-list--rest",
    }
    DEFAULT_CSS = """
    BarList {
        height: 1fr;
        & > .bar-list--title { text-style: bold; }
        & > .bar-list--bar { color: $primary; }
        &:nocolor > .bar-list--bar { color: $foreground; }
        & > .bar-list--value { color: $text-muted; }
        & > .bar-list--axis { color: $text-muted; }
        & > .bar-list--rest { color: $text-muted; text-style: italic; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: Bars | None = None

    def show(self, data: Bars | None) -> None:
        """Draw ``data`` (None: nothing); unchanged data is not drawn again."""
        if data != self.data:
            self.data = data
            self.refresh()

    def render(self) -> RenderResult:
        data = self.data
        if data is None or not data.ranking.items:
            return Text("")
        width, height = self.size.width, self.size.height
        fit = max(1, height - 4)  # title, axis, its numbers, the rest line
        items = data.ranking.items[:min(fit, MAX_BARS)]
        gap = len(items) * 2 - 1 <= fit
        style = self.get_component_rich_style
        label_width = min(max(len(clean(label)) for label, _ in items),
                          max(_LABEL_MIN, min(_LABEL_MAX, width // 3)))
        values = [self._value(value, data) for _, value in items]
        value_width = max(map(len, values))
        bar_width = max(4, width - label_width - value_width - 3)
        ticks = nice_ticks(max(value for _, value in items), count=max(2, min(6, bar_width // 10)))
        lines = Text(no_wrap=True, overflow="crop")
        lines.append(self._title(data, len(items)) + "\n", style("bar-list--title"))
        for n, ((label, value), shown) in enumerate(zip(items, values, strict=True)):
            if n and gap:
                lines.append(" " * label_width + " │\n", style("bar-list--axis"))
            lines.append(shorten(clean(label), label_width).rjust(label_width) + " ")
            lines.append("│", style("bar-list--axis"))
            lines.append(_bar(value / ticks[-1] * bar_width), style("bar-list--bar"))
            lines.append(" " + shown + "\n", style("bar-list--value"))
        lines.append_text(_axis(label_width, bar_width, ticks, style("bar-list--axis")))
        rest = self._rest(data, len(items))
        if rest:
            lines.append("\n" + rest, style("bar-list--rest"))
        return lines

    @staticmethod
    def _value(value: float, data: Bars) -> str:
        part = share(value, data.total)
        return f"{short_number(value)} ({part})" if part else short_number(value)

    @staticmethod
    def _title(data: Bars, shown: int) -> str:
        count = len(data.ranking.items) + data.ranking.rest_values
        plus = "+" if data.ranking.capped else ""
        values = "value" if count == 1 else "values"
        if shown >= count and not data.ranking.capped:
            return f"{data.noun.capitalize()} by {data.what} ({count:,} {values})"
        return f"Top {shown} of {count:,}{plus} {data.what}, by {data.noun}"

    @staticmethod
    def _rest(data: Bars, shown: int) -> str:
        left = len(data.ranking.items) - shown + data.ranking.rest_values
        if left <= 0 and not data.ranking.capped:
            return ""
        rest = data.total - sum(value for _, value in data.ranking.items[:shown])
        part = share(rest, data.total)
        plus = "+" if data.ranking.capped else ""
        return (f"The other {left:,}{plus}: {short_number(rest)} {data.noun}"
                + (f" ({part})" if part else ""))


def _bar(cells: float) -> str:
    """A bar ``cells`` long, in eighths of a cell."""
    eighths = max(0, round(cells * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _axis(label_width: int, bar_width: int, ticks: list[float], style: Style) -> Text:
    """``└──┬───┬──`` under the bars, and the tick numbers under their marks."""
    marks = ["─"] * bar_width
    numbers = [" "] * (bar_width + 8)
    for tick in ticks:
        at = min(bar_width - 1, round(tick / ticks[-1] * bar_width))
        marks[at] = "┬"
        label = short_number(tick)
        start = max(0, min(at - len(label) // 2, len(numbers) - len(label)))
        if all(c == " " for c in numbers[max(0, start - 1):start + len(label) + 1]):
            numbers[start:start + len(label)] = label
    pad = " " * (label_width + 1)
    return Text(f"{pad}└{''.join(marks)}\n{pad} {''.join(numbers).rstrip()}", style=style)
