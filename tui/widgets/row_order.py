"""A table's rows in the API's order and, once sorted, in a column's order (no widgets here).

Sorting computes each row's key once and uses Python's sort; rows that arrive later (the
next page) are put in place by binary search, so paging on keeps the order. Rows without a
value (key ``""`` or ``None``) come last in both directions, and rows with equal keys keep
the API's order in both directions. Only references to the rows are kept: a sorted listing
holds one more list of them, not another copy of the data.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any

Key = Callable[[Any], Any]
#: Beyond this many new rows for each row held, the whole order is computed again (one
#: sort) rather than each new row inserted (a binary search and a list insert each).
RESORT_SHARE = 0.25


def _blank(value: Any) -> bool:
    return value is None or value == ""


class RowOrder:
    """The rows as listed (:attr:`api`) and as shown (:attr:`shown`: the same list until
    :meth:`sort` is called)."""

    def __init__(self) -> None:
        self.api: list[Any] = []
        self.shown: list[Any] = self.api
        self._key: Key | None = None
        self._descending = False
        # sorted: rows with a value, ascending by key; ties in the API's order (ascending)
        # or in its reverse (descending, so that the reversed list has them in API order)
        self._ordered: list[Any] = []
        self._blank: list[Any] = []  # rows without a value, in the API's order

    @property
    def sorted(self) -> bool:
        return self._key is not None

    def set(self, items: Iterable[Any]) -> None:
        """Every row anew (in the API's order)."""
        self.api = list(items)
        self._arrange()

    def extend(self, items: Iterable[Any]) -> None:
        """Rows listed after the others (the next page): put in place when sorted."""
        new = list(items)
        self.api.extend(new)
        if self._key is None:
            return
        if len(new) > RESORT_SHARE * max(1, len(self._ordered)):
            self._arrange()
            return
        insert = bisect_left if self._descending else bisect_right
        key = self._key
        for row in new:
            value = key(row)
            if _blank(value):
                self._blank.append(row)
            else:
                self._ordered.insert(insert(self._ordered, value, key=key), row)
        self._show()

    def replace(self, start: int, count: int, items: Iterable[Any]) -> None:
        """Rows ``start … start+count`` of the API's order replaced by ``items``."""
        self.api[start:start + count] = list(items)
        if self._key is not None:
            self._arrange()

    def sort(self, key: Key | None, descending: bool = False) -> None:
        """Shown by ``key`` (ascending or ``descending``), or in the API's order (None)."""
        self._key, self._descending = key, descending
        self._arrange()

    def index_of(self, row: Any) -> int | None:
        """Where ``row`` (this very object) is shown, or None."""
        key = self._key
        if key is not None:
            value = key(row)
            if not _blank(value):
                found = _find(self._ordered, row, bisect_left(self._ordered, value, key=key))
                if found is None:
                    return None
                return len(self._ordered) - 1 - found if self._descending else found
        return _find(self.shown, row, len(self._ordered))

    def _arrange(self) -> None:
        key = self._key
        if key is None:
            self._ordered, self._blank = [], []
            self.shown = self.api
            return
        api = self.api
        keys = list(map(key, api))
        filled = [i for i, value in enumerate(keys) if not _blank(value)]
        order = sorted(reversed(filled) if self._descending else filled,
                       key=keys.__getitem__)
        self._ordered = [api[i] for i in order]
        self._blank = [api[i] for i, value in enumerate(keys) if _blank(value)] \
            if len(filled) < len(api) else []
        self._show()

    def _show(self) -> None:
        ordered = self._ordered[::-1] if self._descending else self._ordered
        self.shown = ordered + self._blank


def _find(rows: list[Any], row: Any, start: int) -> int | None:
    """The index of ``row`` itself in ``rows``, looking from ``start`` on."""
    for index in range(start, len(rows)):
        if rows[index] is row:
            return index
    return None
