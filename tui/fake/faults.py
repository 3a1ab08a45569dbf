"""Injected failures and latency for tests: ``api.faults.add(path_prefix=..., status=...)``.

A rule either answers on its own (``status``) or lets the route answer (``status=None``) and
then bends that answer: ``transform`` rewrites its JSON, ``query`` overrides what the request
asked for (a server that ignores ``$top``), ``trickle`` sends it a byte at a time. Ready-made
hostile rules are in :mod:`tui.fake.hostile`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from tui.fake.responses import JSON_TYPE, FakeResponse, bytes_response, error_response

if TYPE_CHECKING:
    from tui.fake.responses import ApiRequest

#: Rewrites a route's decoded JSON answer; returning ``bytes`` sends them as the raw body
#: (for JSON orjson cannot write, e.g. nested deeper than 254 levels).
Transform = Callable[[Any, "ApiRequest"], Any]


@dataclass
class FaultRule:
    """Answer requests under ``path_prefix`` (``times`` times; None = forever).

    ``status`` answers with that status (``body``, ``headers``); ``None`` lets the route
    answer, with ``headers`` added. ``trickle`` sends the body one byte every that many
    seconds (over HTTP; ``trickle_head`` the status line and headers too).
    """

    path_prefix: str
    status: int | None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    times: int | None = None
    delay: float = 0.0
    method: str | None = None
    transform: Transform | None = None
    query: dict[str, str] = field(default_factory=dict)
    trickle: float = 0.0
    trickle_head: bool = False
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return path.lower().startswith(self.path_prefix.lower())

    def response(self) -> FakeResponse:
        """The rule's own response; ``body=None`` is the standard error JSON for the status."""
        assert self.status is not None
        if self.body is None:
            resp = error_response(self.status)
        elif self.body.lstrip()[:1] == b"<":
            resp = bytes_response(self.status, self.body, "text/html; charset=utf-8")
        else:
            resp = bytes_response(self.status, self.body, JSON_TYPE)
        return self._with_headers(resp)

    def bend(self, resp: FakeResponse, req: ApiRequest) -> FakeResponse:
        """The route's answer ``resp`` with this rule's transform, headers and trickle."""
        json = (resp.header("Content-Type") or "").startswith("application/json")
        if self.transform is not None and json and isinstance(resp.body, bytes):
            out = self.transform(orjson.loads(resp.body), req)
            body = out if isinstance(out, bytes) else orjson.dumps(out)
            kept = [(k, v) for k, v in resp.headers if k.lower() != "content-length"]
            resp = FakeResponse(resp.status, [*kept, ("Content-Length", str(len(body)))], body)
        return self._with_headers(resp)

    def _with_headers(self, resp: FakeResponse) -> FakeResponse:
        given = {k.lower() for k in self.headers}
        resp.headers = [(k, v) for k, v in resp.headers if k.lower() not in given]
        resp.headers.extend(self.headers.items())
        resp.delay += self.delay
        resp.trickle = self.trickle
        resp.trickle_head = self.trickle_head
        return resp


class Faults:
    """Thread-safe fault rules plus a fixed ``latency`` added to every response."""

    def __init__(self) -> None:
        self.latency: float = 0.0
        #: Pause between chunks of streamed bodies (slow downloads, cancellation tests).
        self.chunk_delay: float = 0.0
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, path_prefix: str = "/", status: int | None = 500, *,
            headers: Mapping[str, str] | None = None, body: bytes | None = None,
            times: int | None = None, delay: float = 0.0, method: str | None = None,
            transform: Transform | None = None, query: Mapping[str, str] | None = None,
            trickle: float = 0.0, trickle_head: bool = False) -> FaultRule:
        """Add a rule (checked in insertion order) and return it, for ``remove``."""
        rule = FaultRule(path_prefix, status, dict(headers or {}), body, times, delay, method,
                         transform, dict(query or {}), trickle, trickle_head)
        with self._lock:
            self._rules.append(rule)
        return rule

    def remove(self, rule: FaultRule) -> None:
        with self._lock:
            if rule in self._rules:
                self._rules.remove(rule)

    def clear(self) -> None:
        """Drop every rule and reset latency and chunk delay."""
        with self._lock:
            self._rules.clear()
            self.latency = 0.0
            self.chunk_delay = 0.0

    @property
    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def take(self, method: str, path: str) -> FaultRule | None:
        """The first live rule matching the request, counting the use (and expiring it)."""
        with self._lock:
            for rule in self._rules:
                if rule.matches(method, path):
                    rule.hits += 1
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule
        return None
