"""A short status line drops whole parts, least important first, and never cuts a word; an
error's message may lose words at its end ("…"); a countdown does not move what is before it
(QA-2 item 7). The pure functions, at several widths."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.core.errors import ApiError, ErrorKind
from tui.widgets.fit_parts import shorten_words
from tui.widgets.status_line import (
    CacheMark,
    ListingState,
    WatchState,
    status_parts,
    status_split,
    status_text,
)

FORBIDDEN = ApiError(ErrorKind.FORBIDDEN, "The user has insufficient permissions for the "
                     "requested operation.", status=403, code="InsufficientPermissions")
#: The fake's Restricted Substation, watched after its list failed (QA-2's repro).
REFUSED = ListingState(prefix="iModel Restricted Substation", listing=True, error=FORBIDDEN,
                       watch=WatchState(20, "error 403 InsufficientPermissions"))
#: The demo's first iModel, watched (``3 w``).
WATCHED = ListingState(prefix="iModel Riverside Hospital – Architecture", listing=True,
                       rows=100, has_more=True, watch=WatchState(10))
NOW = 1_800_000_000.0


@pytest.mark.parametrize(("width", "text"), [
    (200, "iModel Riverside Hospital – Architecture · 100 loaded · more available · watching"
          " · next in 10 s"),
    (78, "100 loaded · more available · watching · next in 10 s"),  # 80 columns
    (40, "100 loaded · watching · next in 10 s"),
    (30, "watching · next in 10 s"),
    (12, "watching"),
    (5, ""),
])
def test_whole_parts_are_dropped_least_important_first(width: int, text: str) -> None:
    assert status_text(WATCHED, width=width) == text


@pytest.mark.parametrize(("width", "text"), [
    (120, "error: 403 InsufficientPermissions: The user has insufficient permissions for the…"
          " · watching · next try in 20 s"),
    (78, "error: 403 InsufficientPermissions: The user… · watching · next try in 20 s"),
    (60, "error: 403… · watching · next try in 20 s"),
    (30, "watching · next try in 20 s"),
])
def test_an_errors_message_loses_whole_words_at_its_end(width: int, text: str) -> None:
    assert status_text(REFUSED, width=width) == text


def test_a_watching_problem_is_said_when_the_rows_leave_room_for_it() -> None:
    state = WATCHED._replace(watch=WatchState(20, "error 403 InsufficientPermissions"))
    assert status_text(state, width=78) == (
        "100 loaded · watching · error 403 InsufficientPermissions · next try in 20 s")


def test_the_countdown_does_not_move_what_is_before_it() -> None:
    """From 10 s to 9 s, and while checking, the same parts are kept (QA: the cut jittered
    with the countdown)."""
    for width in range(20, 130):
        shown = {status_parts(WATCHED._replace(watch=WatchState(left)), width=width)[0]
                 for left in (*range(119, 0, -1), None)}
        assert len(shown) == 1, (width, shown)
        failing = {status_parts(REFUSED._replace(watch=REFUSED.watch._replace(next_in=left)),
                                width=width)[0] for left in (*range(119, 0, -1), None)}
        assert len(failing) == 1, (width, failing)


STATES = [
    REFUSED, WATCHED,
    WATCHED._replace(rows=12_345, error=ApiError(ErrorKind.SERVER, "Boom, then more words.",
                                                 status=503), watch=WatchState(None)),
    WATCHED._replace(marks=(CacheMark(0, NOW - 200, "offline"),),
                     watch=WatchState(40, "offline", offline=True)),
    WATCHED._replace(has_more=False, marks=(CacheMark(0, NOW - 200, None),), watch=None),
]


@pytest.mark.parametrize("state", STATES)
def test_no_word_is_ever_cut_at_any_width(state: ListingState) -> None:
    full = status_text(state, now=NOW)
    words = set(full.split())
    for width in range(121):
        text = status_text(state, now=NOW, width=width)
        assert cell_len(text) <= width, (width, text)
        for word in text.split():
            assert word in words or (word.endswith("…") and any(
                w.startswith(word[:-1]) for w in words)), (width, word, text)


def test_shortening_keeps_whole_words() -> None:
    assert shorten_words("403 Forbidden: no access here.", 40) == "403 Forbidden: no access here."
    assert shorten_words("403 Forbidden: no access here.", 20) == "403 Forbidden: no…"
    assert shorten_words("403 Forbidden: no access here.", 15) == "403 Forbidden…"
    assert shorten_words("403 Forbidden: no access here.", 4) == "403…"
    assert shorten_words("403 Forbidden: no access here.", 3) == ""
    assert shorten_words("Unsplittable", 5) == ""


def test_the_line_splits_before_the_countdown() -> None:
    """For a widget of its own that a tick alone repaints."""
    assert status_split(WATCHED, width=78) == (
        "100 loaded · more available · watching · ", "next in 10 s")
    assert status_split(REFUSED, width=30) == ("watching · ", "next try in 20 s")
    assert status_split(WATCHED._replace(watch=None), width=78) == (
        "iModel Riverside Hospital – Architecture · 100 loaded · more available", "")


def test_what_is_listed_stays_while_the_error_can_lose_words_instead() -> None:
    """An error keeps its status and code; its message goes before the listing's name."""
    state = ListingState(prefix="minimal · project Riverside Hospital Expansion · 2 catalogs",
                         listing=True, error=ApiError(
                             ErrorKind.INVALID, "Cannot perform operation.", status=422,
                             code="InvalidComponentsRequest"))
    assert status_text(state, width=118) == (
        "minimal · project Riverside Hospital Expansion · 2 catalogs · error: 422 "
        "InvalidComponentsRequest: Cannot perform…")
    assert status_text(state, width=60) == (
        "error: 422 InvalidComponentsRequest: Cannot perform…")
