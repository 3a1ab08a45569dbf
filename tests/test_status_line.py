"""The status line's words are a pure function of one ListingState (no app needed), and the
widget repaints only when they change."""

from __future__ import annotations

import re
import time

import pytest
from terminal_bytes import recording
from textual.app import App, ComposeResult
from ui_pilot import screen_text

from tui.core.errors import ApiError, ErrorKind
from tui.widgets.status_line import (
    CacheMark,
    ListingState,
    StatusLine,
    WatchState,
    status_text,
)

NOW = 1_800_000_000.0
LISTED = ListingState(prefix="brand Doors", listing=True, empty_text="no components")
FAILED = ApiError(ErrorKind.SERVER, "Boom.", status=503)


@pytest.mark.parametrize(("state", "text"), [
    (ListingState(idle_text="no iModel chosen"), "no iModel chosen"),
    (LISTED._replace(loading=True), "brand Doors · loading…"),
    (LISTED, "brand Doors · no components"),
    (LISTED._replace(rows=100, has_more=True), "brand Doors · 100 loaded · more available"),
    (LISTED._replace(rows=100, has_more=True, loading=True),
     "brand Doors · 100 loaded · loading more…"),
    (LISTED._replace(rows=100, loading=True, refreshing=True),
     "brand Doors · 100 shown · refreshing…"),
    (LISTED._replace(rows=1234), "brand Doors · all 1,234 loaded"),
    (LISTED._replace(rows=5, stop_reason="stopped at the 5-row limit"),
     "brand Doors · 5 loaded · stopped at the 5-row limit"),
    (LISTED._replace(rows=100, error=FAILED),
     "brand Doors · 100 loaded · could not load more: 503: Boom. (f5 retries)"),
    (LISTED._replace(error=FAILED), "brand Doors · error: 503: Boom."),
    (LISTED._replace(rows=3, refreshed=True), "brand Doors · all 3 loaded · refreshed"),
    (LISTED._replace(rows=3, marks=(CacheMark(0, NOW - 180, None),)),
     "brand Doors · all 3 loaded · cached 3 min ago"),
])
def test_each_state_reads_as(state: ListingState, text: str) -> None:
    assert status_text(state, "f5", now=NOW) == text


def test_a_stale_page_says_why_the_cache_is_shown() -> None:
    marks = (CacheMark(0, NOW - 60, None), CacheMark(100, NOW - 7200, "timed out"))
    text = status_text(LISTED._replace(rows=200, marks=marks), "r", now=NOW)
    assert "timed out — showing cache from " in text and "cached" not in text


class StatusApp(App[None]):
    """A status line on a terminal that keeps what is written to it."""

    def __init__(self) -> None:
        self.written: list[str] = []
        super().__init__(driver_class=recording(self.written))

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")

    def sent(self) -> str:
        """What was written since the last call, escape sequences and all."""
        out = "".join(self.written)
        self.written.clear()
        return out


async def test_the_line_is_repainted_only_when_its_words_change() -> None:
    """Over SSH a repaint of the same words still costs bytes: neither the ageing timer nor
    a new state that reads the same repaints the line."""
    app = StatusApp()
    async with app.run_test(headless=False, size=(120, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.state = LISTED._replace(rows=5)
        await pilot.pause()
        app.sent()
        status.state = LISTED._replace(rows=5, loading=True)  # "all 5 loaded" all the same
        await pilot.pause()
        status.update_text()  # what the ageing timer does every 30 s
        await pilot.pause()
        assert app.sent() == ""
        status.state = LISTED._replace(rows=6)
        await pilot.pause()
        assert "6" in app.sent()
        assert status.text == "brand Doors · all 6 loaded"


async def test_a_countdown_tick_sends_only_the_countdown() -> None:
    """Watching, the countdown changes once a second: only its cells are sent, not the
    words before it (Textual writes a refreshed widget from its left edge)."""
    app = StatusApp()
    watching = LISTED._replace(rows=1234, marks=(CacheMark(0, time.time(), None),))
    async with app.run_test(headless=False, size=(120, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.state = watching._replace(watch=WatchState(7))
        await pilot.pause()
        assert status.text.endswith("all 1,234 loaded · cached just now · watching · next in 7 s")
        app.sent()
        status.state = watching._replace(watch=WatchState(6))
        await pilot.pause()
        tick = app.sent()
        assert visible(tick) == "next in 6", visible(tick)  # up to its last changed cell
        assert len(tick.encode()) <= 60, tick  # as the benchmark (truecolor codes are longer)
        assert pictured(app)[0].endswith("cached just now · watching · next in 6 s")


async def test_the_countdown_is_kept_whole_on_a_short_line() -> None:
    app = StatusApp()
    async with app.run_test(headless=False, size=(40, 3)) as pilot:
        status = app.query_one(StatusLine)
        status.state = LISTED._replace(rows=1234, watch=WatchState(12))
        await pilot.pause()
        assert pictured(app)[0] == "brand Doors · watching · next in 12 s"  # whole parts
        app.sent()
        status.state = LISTED._replace(rows=1234, watch=WatchState(9))  # one cell shorter
        await pilot.pause()
        assert visible(app.sent()) == "next in 9 s ", "only the countdown, no layout"
        status.state = LISTED._replace(rows=1234)
        await pilot.pause()
        assert pictured(app)[0] == "brand Doors · all 1,234 loaded"


def visible(sent: str) -> str:
    """``sent`` without escape sequences."""
    return re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", sent)


def pictured(app: App[None]) -> list[str]:
    return [line.rstrip() for line in screen_text(app).splitlines()]
