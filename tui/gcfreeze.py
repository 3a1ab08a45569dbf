"""Keep long-lived objects out of the cyclic garbage collector's full passes (no textual).

A running app holds a few hundred thousand long-lived objects (Textual's DOM, styles and
caches, then the listed rows); every full collection walks all of them and stalls the UI for
50-300 ms at moments nobody chose: mid-keystroke, mid-scroll. Freezing them (after the first
screen is painted, and after each page of a big listing) moves them into CPython's permanent
generation, so collections only look at newer objects. Frozen objects are still freed by
reference counting as usual; :func:`release` hands them back to the collector at exit.

Start-up allocates most of those objects (imports, styles, the first screen) and triggers
collections that find almost nothing: ~15 young passes and a ~30 ms full one, in the middle
of the first frame. :func:`pause_until_frozen` turns collection off until the first freeze.
"""

from __future__ import annotations

import gc

_paused = False


def pause_until_frozen() -> None:
    """No cyclic collection until :func:`freeze_long_lived` (the app's start)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def freeze_long_lived(*, collect: bool = False) -> None:
    """Freeze everything alive now; ``collect`` first clears the garbage not frozen yet
    (cheap once most objects are frozen), so no garbage cycle is kept until :func:`release`.
    Collection paused by :func:`pause_until_frozen` resumes."""
    global _paused
    if collect:
        gc.collect()
    gc.freeze()
    if _paused:
        _paused = False
        gc.enable()


def release() -> None:
    """Give every frozen object back to the collector (the app is closing)."""
    gc.unfreeze()


def collect_at_rest() -> None:
    """The user paused: run now the collections the next key press would otherwise pay for
    mid-frame. The young generations always (a few ms), and everything once a full pass is
    two young passes away, so a keystroke after a pause seldom waits for the collector."""
    if gc.isenabled():
        gc.collect(2 if gc.get_count()[2] >= gc.get_threshold()[2] - 2 else 1)
