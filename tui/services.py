"""Build the core objects (client, token source, cache) for a set of settings. No textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.config import Settings
    from tui.core.cache import ResponseCache
    from tui.core.client import ItwinClient


def build_client(settings: Settings) -> ItwinClient:
    """The app's single API client: the embedded fake in demo mode, else the real API."""
    from tui.core.auth import StaticToken
    from tui.core.client import ItwinClient

    if settings.demo:
        from tui.config import DEMO_BASE_URL
        from tui.fake import DEMO_TOKEN, FakeApi, FakeTransport

        return ItwinClient(DEMO_BASE_URL, StaticToken(DEMO_TOKEN, "demo mode"),
                           transport=FakeTransport(FakeApi()), max_rows=settings.max_rows)
    from tui.core.sources import token_source

    return ItwinClient(settings.base_url, token_source(settings), cache=build_cache(settings),
                       deadline=settings.request_deadline,
                       download_deadline=settings.download_deadline, max_rows=settings.max_rows)


def build_cache(settings: Settings) -> ResponseCache | None:
    """The disk response cache, or ``None`` with ``--no-cache``. Nothing touches the disk
    until the first response is stored. Demo mode never calls this: its fake API is
    in-process, so a cache would save nothing and only make demo runs less repeatable."""
    from tui.core.cache import ResponseCache

    if settings.no_cache:
        return None
    return ResponseCache(settings.cache_dir, max_bytes=int(settings.cache_max_mb * 1024 * 1024),
                         ttl=settings.cache_ttl_hours * 3600.0)
