"""Fitting a line of parts into a width (the status line): whole parts are dropped, least
important first; no word is ever cut, a part that may be shortened (an error's message) loses
whole words at its end, with "…"."""

from typing import NamedTuple

from rich.cells import cell_len

#: Parts of this rank or a more important one (lower) are shortened before they are dropped.
ESSENTIAL = 1
#: Parts of this rank or a more important one stay while the parts that may be shortened
#: are shortened down to what they ``keep`` (e.g. an error keeps its status and code).
FIRM = 5
#: Trailing characters a shortened part does not end on before its "…".
_DANGLING = " :;,·—-"


class Part(NamedTuple):
    """One part of a line."""

    text: str
    rank: int  # 0 is the most important; the highest rank is dropped first
    room: int = 0  # the cells it is given, at least its own (a countdown: its widest)
    shorten: bool = False  # may lose words at its end (an error's message)
    group: int = 0  # which of the returned strings it goes to
    keep: int = 0  # cells a shortening keeps before parts of rank ``FIRM`` or less go


def shorten_words(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells: whole words and "…"; ``""`` when no word fits."""
    if cell_len(text) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        head = " ".join(words).rstrip(_DANGLING)
        if head and cell_len(head) + 1 <= width:
            return f"{head}…"
    return ""


def _cells(parts: list[Part], separator: str) -> int:
    return (sum(max(p.room, cell_len(p.text)) for p in parts)
            + cell_len(separator) * max(0, len(parts) - 1))


def _least_important(parts: list[Part], *, below: int = -1) -> int | None:
    """The index of the part to drop next (of those ranked over ``below``): the highest
    rank, the last of equals."""
    ranked = [(p.rank, i) for i, p in enumerate(parts) if p.rank > below]
    return max(ranked)[1] if ranked else None


def _drop(parts: list[Part], width: int, separator: str, below: int) -> list[Part]:
    """``parts`` without the least important ones ranked over ``below``, until they fit;
    then those dropped that fit again after all are put back, the most important first."""
    def cells(indices: list[int]) -> int:
        return _cells([parts[i] for i in indices], separator)

    kept = list(range(len(parts)))
    while cells(kept) > width:
        victim = _least_important([parts[i] for i in kept], below=below)
        if victim is None:
            break
        del kept[victim]
    for dropped in sorted(set(range(len(parts))) - set(kept), key=lambda i: (parts[i].rank, i)):
        tried = sorted([*kept, dropped])
        if cells(tried) <= width:
            kept = tried
    return [parts[i] for i in kept]


def _shorten(parts: list[Part], width: int, separator: str) -> list[Part]:
    """``parts`` with those that may be shortened losing words at their end until they fit
    (the least important first); a part with no word left goes."""
    kept = list(parts)
    for i in sorted((i for i, p in enumerate(kept) if p.shorten),
                    key=lambda i: (kept[i].rank, i), reverse=True):
        excess = _cells(kept, separator) - width
        if excess <= 0:
            break
        text = kept[i].text
        kept[i] = kept[i]._replace(text=shorten_words(text, cell_len(text) - excess), room=0)
    return [p for p in kept if p.text]


def _kept_enough(before: list[Part], after: list[Part]) -> bool:
    """Whether shortening ``before`` into ``after`` kept every part's ``keep`` cells."""
    return len(before) == len(after) and all(
        a.text == b.text or cell_len(a.text) - 1 >= b.keep for b, a in zip(before, after,
                                                                          strict=True))


def fit(parts: list[Part], width: int, separator: str, groups: int = 1) -> list[str]:
    """The parts that fit in ``width`` cells, joined by ``separator``, one string per group:
    drop the least important (over rank :data:`FIRM`), shorten what may be to what it
    keeps, else drop what is not essential, shorten what may be, and drop essentials."""
    parts = [p for p in parts if p.text]
    kept = _drop(parts, width, separator, FIRM)
    firm = _shorten(kept, width, separator)
    if _cells(firm, separator) <= width and _kept_enough(kept, firm):
        kept = firm
    else:
        kept = _shorten(_drop(parts, width, separator, ESSENTIAL), width, separator)
    while kept and _cells(kept, separator) > width:
        del kept[_least_important(kept) or 0]
    return [separator.join(p.text for p in kept if p.group == g) for g in range(groups)]
