"""Injected failures and latency for tests: ``api.faults.add(path_prefix=..., status=...)``."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui.fake.responses import JSON_TYPE, FakeResponse, bytes_response, error_response


@dataclass
class FaultRule:
    """Answer requests under ``path_prefix`` with ``status`` (``times`` times; None = forever)."""

    path_prefix: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    times: int | None = None
    delay: float = 0.0
    method: str | None = None
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return path.lower().startswith(self.path_prefix.lower())

    def response(self) -> FakeResponse:
        """The rule's response; ``body=None`` is the standard error JSON for the status."""
        if self.body is None:
            resp = error_response(self.status)
        elif self.body.lstrip()[:1] == b"<":
            resp = bytes_response(self.status, self.body, "text/html; charset=utf-8")
        else:
            resp = bytes_response(self.status, self.body, JSON_TYPE)
        given = {k.lower() for k in self.headers}
        resp.headers = [(k, v) for k, v in resp.headers if k.lower() not in given]
        resp.headers.extend(self.headers.items())
        return resp


class Faults:
    """Thread-safe fault rules plus a fixed ``latency`` added to every response."""

    def __init__(self) -> None:
        self.latency: float = 0.0
        #: Pause between chunks of streamed bodies (slow downloads, cancellation tests).
        self.chunk_delay: float = 0.0
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()

    def add(self, path_prefix: str = "/", status: int = 500, *,
            headers: Mapping[str, str] | None = None, body: bytes | None = None,
            times: int | None = None, delay: float = 0.0, method: str | None = None) -> FaultRule:
        """Add a rule (checked in insertion order) and return it, for ``remove``."""
        rule = FaultRule(path_prefix, status, dict(headers or {}), body, times, delay, method)
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
