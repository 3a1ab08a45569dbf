"""The status line's words are a pure function of one ListingState (no app needed), and the
widget repaints only when they change."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult

from tui.core.errors import ApiError, ErrorKind
from tui.widgets.status_line import CacheMark, ListingState, StatusLine, status_text

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


class CountedStatusLine(StatusLine):
    """The status line, counting its paints."""

    paints = 0

    def render(self) -> Text:
        self.paints += 1
        return super().render()


class StatusApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CountedStatusLine(id="status")


async def test_the_line_is_repainted_only_when_its_words_change() -> None:
    """Over SSH a repaint of the same words still costs bytes: neither the ageing timer nor
    a new state that reads the same repaints the line."""
    app = StatusApp()
    async with app.run_test() as pilot:
        status = app.query_one(CountedStatusLine)
        status.state = LISTED._replace(rows=5)
        await pilot.pause()
        painted = status.paints
        status.state = LISTED._replace(rows=5, loading=True)  # "all 5 loaded" all the same
        await pilot.pause()
        status.update_text()  # what the ageing timer does every 30 s
        await pilot.pause()
        assert status.paints == painted
        status.state = LISTED._replace(rows=6)
        await pilot.pause()
        assert status.paints == painted + 1
        assert status.text == "brand Doors · all 6 loaded"
