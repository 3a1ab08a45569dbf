"""Dataclasses without a generated ``__init__``.

A dataclass's generated methods are compiled from source when its class is made: for the
few dataclasses every start imports, ~0.1 ms per generated method and ~0.5 ms for
``Settings``'s 40-argument ``__init__`` (python tests/benchmarks/bench_perf.py --only start).
Those declare ``init=False`` and take their ``__init__`` from :class:`Record` (or call
:func:`set_fields` in their own), which does what the generated one would.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any


def set_fields(obj: Any, args: tuple[Any, ...], given: dict[str, Any]) -> None:
    """Set the dataclass fields of ``obj``: ``args`` in field order, then ``given`` by name,
    else their defaults; a ``TypeError`` for too many, unknown, repeated or missing ones."""
    name = type(obj).__name__
    specs = fields(obj)
    if len(args) > len(specs):
        raise TypeError(f"{name}() takes at most {len(specs)} arguments ({len(args)} given)")
    for i, spec in enumerate(specs):
        if i < len(args):
            if spec.name in given:
                raise TypeError(f"{name}() got multiple values for {spec.name!r}")
            value = args[i]
        elif spec.name in given:
            value = given.pop(spec.name)
        elif spec.default is not MISSING:
            value = spec.default
        elif spec.default_factory is not MISSING:
            value = spec.default_factory()
        else:
            raise TypeError(f"{name}() missing the argument {spec.name!r}")
        object.__setattr__(obj, spec.name, value)
    if given:
        raise TypeError(f"{name}() got unexpected arguments: {', '.join(given)}")


class Record:
    """The base of a dataclass declared with ``init=False``: its ``__init__`` is
    :func:`set_fields`."""

    __slots__ = ()

    def __init__(self, *args: Any, **given: Any) -> None:
        set_fields(self, args, given)
