"""The app states shown in the README's screenshots and checked by the snapshot tests.

Each :class:`Scene` builds an :class:`~tui.app.ItwinApp` on the demo data and drives it to
one state with a Pilot. Everything that could differ between runs is pinned: the data (the
fake API's fixed data set), the time zone (:func:`fixed_time_zone`), "today" in the
analytics dialog, the cache clock behind "offline — showing cache from …", and the cursor
(no blinking). Used by ``screenshots/make.py`` and ``tests/test_snapshots.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Button, Input

from tui.app import ItwinApp
from tui.config import DEMO_BASE_URL, Settings
from tui.core.auth import StaticToken
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.fake import BRAND_IDS, DEMO_TOKEN, FORBIDDEN_IMODEL_ID, IMODEL_IDS, FakeApi, FakeTransport
from tui.screens.browser import BrowserScreen
from tui.widgets.status_line import status_text

#: "Today" in every scene: the demo data's reference day.
TODAY = date(2026, 11, 1)
#: When the offline scene's cache entries were stored (epoch seconds, 09:00 UTC).
CACHED_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC).timestamp()
#: Shown as the download folder in the analytics dialog (nothing is written there; the
#: charts scene downloads to its scratch directory).
DOWNLOADS = Path("/home/you/Downloads")
SIZES = ((80, 24), (120, 40))
TIMEOUT = 15.0


@contextlib.contextmanager
def fixed_time_zone(name: str = "UTC") -> Iterator[None]:
    """Dates are shown in local time: pin the process's time zone (restored afterwards)."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def demo_app(**settings: Any) -> ItwinApp:
    """The app exactly as ``itwin-tui --demo`` starts it (plus deep-link settings)."""
    settings.setdefault("download_dir", DOWNLOADS)
    return ItwinApp(Settings(demo=True, **settings))


# -- waiting ------------------------------------------------------------------------------------


async def wait_until(pilot: Pilot[Any], predicate: Callable[[], object], what: str) -> None:
    """Let the app run until ``predicate()`` holds; fail clearly after :data:`TIMEOUT`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {TIMEOUT} s waiting for {what}")
        await pilot.pause(0.02)


def browser(app: ItwinApp) -> BrowserScreen:
    screen = app.screen
    assert isinstance(screen, BrowserScreen), f"expected a browser screen, got {screen!r}"
    return screen


def listing_done(app: ItwinApp) -> bool:
    """The list (or the message in its place) and the detail pane (a component's files, web
    links and variations too) have stopped loading."""
    screen = app.screen
    if not isinstance(screen, BrowserScreen) or not screen.is_mounted or screen.listing.loading:
        return False
    if screen.table.display and not screen.table.row_count:
        return False
    top = screen.pane.top
    pending = top is not None and (top.loading or any(
        value == "loading…" for _, fields in top.sections for _, value in fields) or any(
        entry.label == "loading…" for entry in top.entries))
    if screen.table.display and screen.details.parts.wants_fetch(screen.table.current_item):
        return False  # a component's files, web links and variations are still to come
    return not pending and not any(w.is_running for w in app.workers)


async def still(pilot: Pilot[Any]) -> None:
    """No blinking cursor, and every pending repaint done."""
    for box in pilot.app.screen.query(Input):
        box.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


# -- scenes -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scene:
    """One screenshot: how to build the app, and how to bring it to the state shown."""

    name: str
    caption: str
    build: Callable[[Path], ItwinApp]  # gets a scratch directory of its own
    drive: Callable[[Pilot[Any]], Awaitable[None]]


async def _listed(pilot: Pilot[Any]) -> None:
    await wait_until(pilot, lambda: listing_done(pilot.app), "the list and its details")


async def _brand_components(pilot: Pilot[Any]) -> None:
    """From the brands list, open the second brand (enter) to list its components."""
    app = pilot.app
    await _listed(pilot)
    await pilot.press("down", "enter")
    await wait_until(pilot, lambda: getattr(browser(app), "brand_id", None) == BRAND_IDS[1],
                     "the brand to open")
    await _listed(pilot)


async def _connection_with_run(pilot: Pilot[Any]) -> None:
    """The connections with the last runs of the rows in view (and in the pane)."""
    from tui.screens.watch import in_view

    app = pilot.app

    def runs_in_view() -> bool:
        screen = browser(app)
        table, runs = screen.table, getattr(screen, "runs", None)
        return runs is not None and bool(table.row_count) and not runs.busy and not any(
            runs.pending(conn) for conn in in_view(table))

    def last_run_shown() -> bool:  # the pane's page comes a frame after the rows
        return bool(getattr(browser(app).pane.top, "sections", ()))

    await wait_until(pilot, lambda: listing_done(app) and last_run_shown(),
                     "the connection's last run")
    await wait_until(pilot, runs_in_view, "the last runs of the rows in view")
    await _listed(pilot)


async def _export(pilot: Pilot[Any]) -> None:
    """The dialog as ``e`` opens it, but with today pinned for the file name."""
    from tui.dialogs.export import ExportDialog
    from tui.screens.data_views import export_source

    app = pilot.app
    await _listed(pilot)
    screen = browser(app)
    source = export_source(list(screen.table.rows), screen)
    await app.push_screen(ExportDialog(source, app.settings.download_dir, today=TODAY))
    await wait_until(pilot, lambda: isinstance(app.focused, Button), "the dialog's Export")


async def _json_view(pilot: Pilot[Any]) -> None:
    """``J``, then ``enter`` into the pane and a search for "href" (``n``: the second)."""
    await _listed(pilot)
    await pilot.press("J", "enter", "slash", *"href", "enter", "n")
    await wait_until(pilot, lambda: "match 2 of" in str(
        pilot.app.screen.query_one("#json-title").content), "the second match")


async def _analytics(pilot: Pilot[Any]) -> None:
    """The dialog as ``a`` opens it, but with today pinned for its date presets."""
    from tui.dialogs.analytics import AnalyticsDialog

    app = pilot.app
    await _listed(pilot)
    await app.push_screen(AnalyticsDialog(app.client, app.settings.download_dir, today=TODAY))
    await wait_until(pilot, lambda: isinstance(app.focused, Button), "the dialog's Download")


async def _charts(pilot: Pilot[Any]) -> None:
    """A "last 30 days" download from the dialog (today pinned): its charts come at once."""
    from tui.dialogs.analytics import AnalyticsDialog
    from tui.dialogs.charts import ChartsScreen

    app = pilot.app
    await _analytics(pilot)
    await pilot.press("enter")

    def charted() -> bool:
        screen = app.screen
        return (isinstance(screen, ChartsScreen) and screen.summary is not None
                and not screen.summary.pending and not any(w.is_running for w in app.workers))

    await wait_until(pilot, charted, "the charts of the download")
    assert isinstance(app.screen_stack[-2], AnalyticsDialog)


async def _offline(pilot: Pilot[Any]) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: "offline" in status_text(browser(app).listing),
                     "the offline notice")
    await _listed(pilot)


def _offline_app(scratch: Path) -> ItwinApp:
    """A catalog page in the disk cache, then the API answers 503: the cached rows stay, with
    the notice. The cache's clock is fixed, so the notice always names the same time."""
    api = FakeApi()

    def client() -> ItwinClient:
        cache = ResponseCache(scratch / "cache", clock=lambda: CACHED_AT)
        return ItwinClient(DEMO_BASE_URL, StaticToken(DEMO_TOKEN, "demo mode"),
                           transport=FakeTransport(api), cache=cache)

    async def warm() -> None:
        async with client() as warming:
            await warming.components(full=True).next_page()

    asyncio.run(warm())
    api.faults.add(path_prefix="/library", status=503)
    return ItwinApp(Settings(demo=True, download_dir=DOWNLOADS), client=client())


SCENES: tuple[Scene, ...] = (
    Scene("catalog", "The component catalog with the detail pane",
          lambda _: demo_app(), _listed),
    Scene("search", "Search results (itwin-tui catalog --search door)",
          lambda _: demo_app(search="door"), _listed),
    Scene("brands", "A brand's components",
          lambda _: demo_app(screen="brands"), _brand_components),
    Scene("connections", "An iModel's export connections, with the last run",
          lambda _: demo_app(screen="connections", imodel_id=IMODEL_IDS[0]),
          _connection_with_run),
    Scene("export", "Export the loaded rows as CSV, JSON or JSON Lines (e)",
          lambda _: demo_app(screen="connections", imodel_id=IMODEL_IDS[0]), _export),
    Scene("json-view", "The highlighted row's JSON, searched (J, /)",
          lambda _: demo_app(), _json_view),
    Scene("analytics", "The analytics CSV download dialog (a)",
          lambda _: demo_app(), _analytics),
    Scene("charts", "Usage charts of a \"last 30 days\" download (a, enter)",
          lambda scratch: demo_app(download_dir=scratch), _charts),
    Scene("offline", "Offline: cached pages stay readable",
          _offline_app, _offline),
    Scene("error", "An error explained in place (403 on an iModel)",
          lambda _: demo_app(screen="connections", imodel_id=FORBIDDEN_IMODEL_ID), _listed),
    Scene("catalog-light", "The light theme (--theme itwin-light)",
          lambda _: demo_app(theme="itwin-light"), _listed),
)
SCENES_BY_NAME = {scene.name: scene for scene in SCENES}


async def drive(scene: Scene, pilot: Pilot[Any]) -> None:
    """Bring the app to the scene's state, ready to be captured."""
    await scene.drive(pilot)
    await still(pilot)
