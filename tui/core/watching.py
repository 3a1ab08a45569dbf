"""Watching export runs, without Textual: when to check next, what a failed check means, and
what a run's change of state says (issue 18).

The connections screen's watcher (``tui.screens.watch``) asks the API again on a timer; these
pure functions decide how long it waits and the words of its notifications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, NamedTuple

from tui.core.errors import ApiError, ErrorKind

if TYPE_CHECKING:
    from tui.core.export_models import ExportRun

#: Longest wait after failures in a row (the wait doubles from the interval up to this);
#: a server's ``Retry-After`` may ask for longer.
MAX_BACKOFF = 300.0
#: Failures that mean the API cannot be reached: watching pauses until it answers again.
OFFLINE_KINDS = frozenset({ErrorKind.CONNECTION, ErrorKind.TIMEOUT, ErrorKind.OFFLINE})
#: A run in this state has ended; its ``result`` says how.
FINISHED = "Completed"
#: Longest words of a failure in the status line (whole words; the rest is cut).
MAX_PROBLEM = 40
#: A notification's severity (Textual's words).
Severity = Literal["information", "warning", "error"]
UNDETERMINED = "Undetermined"


class Outcome(NamedTuple):
    """How one check went: ``problem`` is empty when all went well, else its words."""

    problem: str = ""
    offline: bool = False  # the API could not be reached (or answered from the cache)
    retry_after: float | None = None  # seconds the server asked to wait (429)


OK = Outcome()


def offline_outcome(why: str = "offline") -> Outcome:
    return Outcome(why, offline=True)


def failed(err: ApiError) -> Outcome:
    """What a failed request of a check means for watching."""
    if err.kind in OFFLINE_KINDS:
        return offline_outcome("timed out" if err.kind is ErrorKind.TIMEOUT else "offline")
    if err.kind is ErrorKind.RATE_LIMITED:
        return Outcome("rate limited", retry_after=err.retry_after)
    if err.status is not None:
        return Outcome(" ".join(("error", str(err.status), err.code or "")).strip())
    words = whole_words(err.message, MAX_PROBLEM)
    return Outcome(f"error: {words}" if words else "error")


def whole_words(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut after a whole word with "…" (``""``
    when its first word is longer)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    cut = head.rsplit(" ", 1)[0].rstrip(" :;,.") if " " in head else ""
    return f"{cut}…" if cut else ""


def next_delay(interval: float, failures: int, retry_after: float | None = None) -> float:
    """Seconds until the next check: ``interval`` while all goes well; after ``failures``
    failed checks in a row, doubling up to :data:`MAX_BACKOFF` (never below ``interval``);
    at least what the server's ``Retry-After`` asks."""
    delay = interval
    if failures > 0:
        delay = max(interval, min(MAX_BACKOFF, interval * 2.0 ** min(failures, 32)))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


def seconds_text(seconds: float) -> str:
    """``7 s``, ``4 min``, ``2 h``: a wait in whole units, rounded up."""
    whole = max(0, -int(-seconds // 1))
    if whole < 120:
        return f"{whole} s"
    if whole < 7200:
        return f"{-(-whole // 60)} min"
    return f"{-(-whole // 3600)} h"


# -- runs ------------------------------------------------------------------------------------


class RunSeen(NamedTuple):
    """What a run looked like when last seen."""

    run_id: str
    state: str | None
    result: str | None


class RunNews(NamedTuple):
    """A notification about a connection's run."""

    text: str
    severity: Severity
    finished: bool  # the run ended (the bell rings)


def seen(run: ExportRun) -> RunSeen:
    return RunSeen(run.id, run.state, run.result)


def finished(run: ExportRun) -> bool:
    """Whether ``run`` has ended (its state is Completed, or it has a result)."""
    return run.state == FINISHED or run.result not in (None, "", UNDETERMINED)


def _error(run: ExportRun) -> str:
    """The first error of the run's jobs and tasks, with how many more there are."""
    errors = run.errors
    if not errors:
        return ""
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f": {errors[0]}{more}"


#: How a finished run ended, by result: the words and the severity.
ENDINGS: dict[str, tuple[str, Severity]] = {
    "Success": ("finished: success", "information"),
    "Error": ("failed", "error"),
    "PartialSuccess": ("finished with partial success", "warning"),
    "Cancelled": ("was cancelled", "warning"),
    "TimedOut": ("timed out", "error"),
    "Skipped": ("was skipped", "warning"),
}


def ending(run: ExportRun) -> RunNews:
    """How a finished run ended, in words (with its first error, when it has one)."""
    words, severity = ENDINGS.get(run.result or "", (f"finished: {run.result or 'no result'}",
                                                     "information"))
    text = f"Export run {words}{_error(run)}"
    return RunNews(text if text.endswith((".", "!", "?")) else f"{text}.", severity,
                   finished=True)


def _state(value: str | None) -> str:
    return value or "no state"


def run_news(before: RunSeen | None, run: ExportRun) -> RunNews | None:
    """What to say about ``run`` seen after ``before`` (the connection's run when last
    seen); ``None`` when nothing changed or it is the first look (``before`` is None)."""
    if before is None or seen(run) == before:
        return None
    was_finished = before.state == FINISHED or before.result not in (None, "", UNDETERMINED)
    if finished(run) and (before.run_id != run.id or not was_finished):
        return ending(run)
    if before.run_id != run.id:
        return RunNews(f"A new export run started: {_state(run.state)}.", "information", False)
    return RunNews(f"Export run {_state(run.state)} (was {_state(before.state)}).",
                   "information", False)
