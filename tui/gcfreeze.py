"""Keep long-lived objects out of the cyclic garbage collector's full passes (no textual).

A running app holds a few hundred thousand long-lived objects (Textual's DOM, styles and
caches, then the listed rows); every full collection walks all of them and stalls the UI for
50-300 ms at moments nobody chose: mid-keystroke, mid-scroll. Freezing them (after the first
screen is painted, and after each page of a big listing) moves them into CPython's permanent
generation, so collections only look at newer objects. Frozen objects are still freed by
reference counting as usual; :func:`release` hands them back to the collector at exit.
"""

from __future__ import annotations

import gc


def freeze_long_lived(*, collect: bool = False) -> None:
    """Freeze everything alive now; ``collect`` first clears the garbage not frozen yet
    (cheap once most objects are frozen), so no garbage cycle is kept until :func:`release`."""
    if collect:
        gc.collect()
    gc.freeze()


def release() -> None:
    """Give every frozen object back to the collector (the app is closing)."""
    gc.unfreeze()
