"""Watching export runs (``w`` on the connections screen), against the fake over loopback
HTTP: its live runs move with a clock the tests advance by hand, and a short watch interval
(a setting) keeps the tests quick."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import orjson
import pytest
from ui_pilot import SIZE, screen_text, wait_for

from tui.app import ItwinApp
from tui.config import Settings
from tui.core.cache import ResponseCache
from tui.core.client import ItwinClient
from tui.dialogs.picker import PickerDialog
from tui.fake import BIG_IMODEL_ID, DEMO_TOKEN, FORBIDDEN_IMODEL_ID, FakeApi, FakeData, serve
from tui.fake.export_routes import get_run, list_connections
from tui.fake.responses import ApiRequest, FakeResponse, error_response, json_response
from tui.screens.watch import in_view
from tui.widgets.status_line import status_text

T0 = 1_800_000_000.0
CONNECTIONS = "/export/connections"


class Clock:
    """The fake's clock, moved by hand (epoch seconds)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class WatchedApp(ItwinApp):
    """The app, with the terminal bell counted where Textual rings it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bells = 0

    def bell(self) -> None:
        self.bells += 1


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def live(clock: Clock) -> Iterator[Any]:
    """A fake whose live export runs follow ``clock`` (they start at ``T0``)."""
    with serve(FakeApi(FakeData(n_components=50, clock=clock, t0=T0))) as running:
        yield running


@pytest.fixture
async def watch_client(live) -> AsyncIterator[ItwinClient]:
    """A 429 whose Retry-After is over half a second is not retried by the client itself."""
    async with ItwinClient(live.base_url, DEMO_TOKEN, max_retry_wait=0.5) as c:
        yield c


def watched_app(client: ItwinClient, **settings: Any) -> WatchedApp:
    settings.setdefault("watch_interval", 0.2)
    settings.setdefault("imodel_id", BIG_IMODEL_ID)
    return WatchedApp(Settings(token="demo-token", base_url=client.base_url,
                               screen="connections", **settings),
                      client=client)


def run_requests(server: Any, conn: Any = None) -> list[Any]:
    return [r for r in server.api.requests if "/runs/" in r.path
            and (conn is None or conn.links.last_run.endswith(r.path))]


def list_requests(server: Any) -> list[Any]:
    return [r for r in server.api.requests if r.path.lower().rstrip("/") == CONNECTIONS]


def toasts(app: ItwinApp) -> list[Any]:
    return list(app._notifications)


def status(app: ItwinApp) -> str:
    return screen_text(app).splitlines()[-2]


class ListRoute:
    """The connections list through a handler the test steers: ``fail`` answers instead
    (``None``: the fake's own answer); ``times`` records when each request came."""

    def __init__(self, api: FakeApi) -> None:
        self.fail: FakeResponse | None = None
        self.times: list[float] = []
        api.route("GET", CONNECTIONS, self._answer)
        self.data = api.data

    def _answer(self, req: ApiRequest) -> FakeResponse:
        self.times.append(time.monotonic())
        failure = self.fail
        return failure if failure is not None else list_connections(self.data, req)


async def start_watching(pilot: Any, app: WatchedApp, server: Any) -> list[Any]:
    """List the big iModel's connections, press w, and wait until the watcher has looked
    at the runs in view twice (what it first saw is known)."""
    await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
    conns = list(app.screen.table.rows)
    await pilot.press("w")
    await wait_for(pilot, lambda: len(run_requests(server, conns[1])) >= 2, "two checks")
    return conns


async def test_a_run_that_ends_while_watched_is_announced_and_rings_the_bell(
        live, watch_client, clock) -> None:
    clock.now = T0 + 40  # the live runs of rows 1 and 2 are executing
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        conns = await start_watching(pilot, app, live)
        assert toasts(app) == [] and app.bells == 0  # the first look is not news
        clock.now = T0 + 61  # row 1's run has finished
        await wait_for(pilot, lambda: any("finished" in t.message for t in toasts(app)),
                       "the notification")
        (done,) = toasts(app)
        assert (done.title, done.message, done.severity) == (
            conns[1].display_name, "Export run finished: success.", "information")
        assert app.bells == 1
        await wait_for(pilot, lambda: "Export run finished: success." in screen_text(app),
                       "the toast on screen")
        clock.now = T0 + 91  # row 2's run has failed
        await wait_for(pilot, lambda: len(toasts(app)) == 2, "the failure")
        failure = toasts(app)[1]
        run = live.api.data.exports.connections[conns[2].id].live.json()
        error = next(t["error"] for j in run["jobs"] for t in j["tasks"] if t["error"])
        assert failure.title == conns[2].display_name
        assert failure.message.startswith(
            f"Export run failed: {error['code']}: {error['message']}")
        assert failure.severity == "error"
        assert app.bells == 2
        await pilot.pause(0.5)  # nothing changes any more: nothing more is said
        assert len(toasts(app)) == 2 and app.bells == 2


async def test_the_highlighted_runs_detail_follows_and_the_bell_can_be_off(
        live, watch_client, clock) -> None:
    clock.now = T0 + 40
    app = watched_app(watch_client, watch_bell=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        app.screen.table.move_cursor(1)
        await pilot.press("enter")  # the detail pane has the focus: w still watches
        await pilot.press("w")
        await wait_for(pilot, lambda: "Executing" in screen_text(app), "the running run")
        clock.now = T0 + 61
        await wait_for(pilot, lambda: toasts(app), "the notification")
        await wait_for(pilot, lambda: dict(dict(app.screen.pane.top.sections)["Last run"])[
            "Result"] == "Success", "the pane to show the finished run")
        assert app.bells == 0


async def test_the_cursor_and_the_scroll_position_stay_when_rows_move(
        live, watch_client) -> None:
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot, app, live)
        table = app.screen.table
        table.move_cursor(40)
        table.move_cursor(30)  # in the middle of the view
        await pilot.pause()
        top, chosen, rows = table.scroll_offset.y, table.current_item.id, table.row_count
        assert top > 0

        def one_more_first(req: ApiRequest) -> FakeResponse:  # a new connection at the top
            body = orjson.loads(list_connections(live.api.data, req).body)
            body["connections"].insert(0, {"id": "new-connection", "displayName": "New"})
            return json_response(body)

        live.api.route("GET", CONNECTIONS, one_more_first)
        await wait_for(pilot, lambda: table.row_count == rows + 1, "the new row")
        await pilot.pause()
        assert table.current_item.id == chosen and table.cursor_row == 31
        assert table.scroll_offset.y == top
        assert table.rows[0].id == "new-connection"


async def test_retry_after_is_honoured(live, watch_client) -> None:
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot, app, live)
        route = ListRoute(live.api)
        route.fail = error_response(429, "TooManyRequests", headers=[("Retry-After", "2")])
        await wait_for(pilot, lambda: route.times, "the 429")
        route.fail = None
        await wait_for(pilot, lambda: "rate limited" in status(app), "the status")
        assert re.search(r"watching · rate limited · next try in [12] s", status(app))
        await wait_for(pilot, lambda: len(route.times) >= 2, "the next check")
        assert route.times[1] - route.times[0] >= 2.0
        await wait_for(pilot, lambda: "watching · next in 1 s" in status(app), "watching again")


async def test_errors_back_off_and_watching_recovers(live, watch_client) -> None:
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot, app, live)
        route = ListRoute(live.api)
        route.fail = error_response(503)
        await wait_for(pilot, lambda: len(route.times) >= 3, "three failed checks")
        gaps = [b - a for a, b in zip(route.times, route.times[1:], strict=False)]
        assert gaps[0] >= 0.4 and gaps[1] >= 0.8  # 0.2 s, doubling
        # the status line follows once a second (between checks: not while one is made)
        await wait_for(pilot, lambda: "watching · error 503 ServiceUnavailable · next try in "
                       in status(app), "the failure in the status line")
        route.fail = None
        await wait_for(pilot, lambda: "watching · next in 1 s" in status(app), "recovery",
                       timeout=20)
        assert app.screen.table.row_count == 100  # the rows stayed through it all


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


async def test_a_list_that_could_not_be_loaded_is_asked_again_less_often(
        live, watch_client) -> None:
    """The fake's Restricted Substation answers 403: each check asks for its list again,
    waiting twice as long after each failure, and the status line says why."""
    route = ListRoute(live.api)  # the fake's own answers, timed
    app = watched_app(watch_client, imodel_id=FORBIDDEN_IMODEL_ID)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.listing.error is not None, "the 403")
        await pilot.press("w")
        await wait_for(pilot, lambda: len(route.times) >= 4, "three failed checks")
        assert gaps(route.times)[1] >= 0.4 and gaps(route.times)[2] >= 0.8  # 0.2 s, doubling
        assert app.screen.listing.watch.problem == "error 403 InsufficientPermissions"
        await wait_for(pilot, lambda: "watching · next try in" in status(app), "the wait")
        assert "error: 403 InsufficientPermissions" in status(app)


async def test_a_list_asked_again_while_watched_shows_its_rows_once_it_answers(
        live, watch_client) -> None:
    route = ListRoute(live.api)
    route.fail = error_response(403, "InsufficientPermissions")
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.listing.error is not None, "the 403")
        await pilot.press("w")
        await wait_for(pilot, lambda: len(route.times) >= 3, "two failed checks")
        route.fail = None
        await wait_for(pilot, lambda: app.screen.table.row_count == 100, "the rows",
                       timeout=20)
        await wait_for(pilot, lambda: "watching · next in" in status(app), "watching on")
        assert "error" not in status(app)
        await wait_for(pilot, lambda: run_requests(live), "the runs in view")


async def test_a_run_that_cannot_be_had_backs_off_too(live, watch_client) -> None:
    """A 403 on a run is a failed check like any other: the wait doubles and the status
    line says why; the row says its run could not be had."""
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        conns = await start_watching(pilot, app, live)
        times: list[float] = []

        def forbidden(req: ApiRequest) -> FakeResponse:
            times.append(time.monotonic())
            return error_response(403, "InsufficientPermissions")

        run_path = "/export/" + conns[1].links.last_run.split("/export/", 1)[1]
        live.api.route("GET", re.escape(run_path), forbidden)
        await wait_for(pilot, lambda: len(times) >= 3, "three failed checks")
        assert gaps(times)[0] >= 0.4 and gaps(times)[1] >= 0.8
        await wait_for(pilot, lambda: "watching · error 403 InsufficientPermissions · next "
                       "try in" in status(app), "the failure in the status line")
        assert app.screen.runs.error(conns[1].id) is not None
        live.api.route("GET", r"/export/connections/(?P<id>[^/]+)/runs/(?P<run>[^/]+)",
                       lambda req: get_run(live.api.data, req))  # the fake's own again
        await wait_for(pilot, lambda: "watching · next in" in status(app), "recovery",
                       timeout=20)


async def test_watching_pauses_while_hidden(live, watch_client) -> None:
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        await start_watching(pilot, app, live)
        await pilot.press("1")  # the catalog screen: connections are hidden
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers
                                              if w.group == "watch"), "a check in flight")
        before = len(run_requests(live)), len(list_requests(live))
        await pilot.pause(1.0)
        assert (len(run_requests(live)), len(list_requests(live))) == before
        await pilot.press("3")  # shown again: a check at once
        await wait_for(pilot, lambda: len(list_requests(live)) > before[1], "a check",
                       timeout=5)
        assert "watching" in status(app)


async def test_watching_pauses_while_offline_and_resumes(live, tmp_path) -> None:
    async with ItwinClient(live.base_url, DEMO_TOKEN, max_retry_wait=0.5,
                           cache=ResponseCache(tmp_path)) as client:
        app = watched_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await start_watching(pilot, app, live)
            route = ListRoute(live.api)
            route.fail = error_response(503)  # the cache stands in: offline
            await wait_for(pilot, lambda: "watching paused: offline" in status(app),
                           "the pause")
            assert "offline — showing cache from" in status_text(app.screen.listing)
            runs = len(run_requests(live))
            await wait_for(pilot, lambda: len(route.times) >= 3, "tries while offline")
            assert len(run_requests(live)) == runs  # no run is asked while offline
            route.fail = None
            await wait_for(pilot, lambda: len(run_requests(live)) > runs, "runs again",
                           timeout=20)
            await wait_for(pilot, lambda: "watching · next in" in status(app), "resumed")
            assert "offline" not in status(app)


async def test_the_countdown_and_the_key_that_stops_watching(live, watch_client) -> None:
    app = watched_app(watch_client, watch_interval=10)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "connection rows")
        assert "w Watch" in screen_text(app)
        await pilot.press("w")
        await wait_for(pilot, lambda: "watching · next in 10 s" in status(app), "10 s")
        assert "w Stop watching" in screen_text(app)
        states = [app.screen.listing]
        until = time.monotonic() + 2.2
        while time.monotonic() < until:  # the status changes at most once a second
            await pilot.pause(0.02)
            if app.screen.listing is not states[-1]:
                states.append(app.screen.listing)
        assert 2 <= len(states) <= 4
        await wait_for(pilot, lambda: re.search(r"watching · next in [78] s", status(app)),
                       "the countdown to go on")
        await pilot.press("w")
        await pilot.pause()
        assert "watching" not in status(app)
        assert "w Watch" in screen_text(app)


async def test_nothing_to_watch_before_an_imodel_is_chosen(watch_client) -> None:
    app = WatchedApp(Settings(token="demo-token", base_url=watch_client.base_url,
                              screen="connections"), client=watch_client)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PickerDialog), "the picker")
        await pilot.press("escape")  # none picked
        await wait_for(pilot, lambda: not isinstance(app.screen, PickerDialog), "no picker")
        await pilot.press("w")
        await pilot.pause()
        assert any("choose an iModel" in t.message for t in toasts(app))
        assert "watching" not in status(app)


async def test_two_pages_in_view_are_both_checked_when_the_first_one_grows(
        live, watch_client) -> None:
    """A page that gains a row moves the rows of the next one: that page is still asked
    again, and the runs in view too, in the same check."""
    app = watched_app(watch_client, watch_interval=1.0)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.table
        await wait_for(pilot, lambda: table.row_count, "connection rows")
        first = table.row_count
        table.move_cursor(first - 1)  # near the end: the next page comes
        await wait_for(pilot, lambda: table.row_count > first, "the second page")
        table.move_cursor(first - 1)
        table.scroll_to(y=first - 3, animate=False, immediate=True)  # both pages in view
        await pilot.pause()
        shown = in_view(table)
        assert any(r is table.rows[first - 1] for r in shown)  # the first page's last row
        assert any(r is table.rows[first] for r in shown)  # and the second's first
        await pilot.press("w")
        await wait_for(pilot, lambda: "watching · next in" in status(app), "a first check")
        rows, skips = table.row_count, []

        def one_more_first(req: ApiRequest) -> FakeResponse:  # a new row atop each page
            skips.append(req.arg("$skip") or "0")
            body = orjson.loads(list_connections(live.api.data, req).body)
            body["connections"].insert(0, {"id": f"new-{skips[-1]}", "displayName": "New"})
            return json_response(body)

        runs = len(run_requests(live))
        live.api.route("GET", CONNECTIONS, one_more_first)
        await wait_for(pilot, lambda: table.row_count == rows + 2, "both pages' new rows")
        assert skips == ["0", str(first)]  # one check asked for both pages
        await wait_for(pilot, lambda: len(run_requests(live)) > runs, "the runs in view")
        assert skips == ["0", str(first)]  # ... and for the runs, in the same check


async def test_a_sorted_table_stays_sorted_and_on_its_row_while_watched(
        live, watch_client) -> None:
    """Sorted by name, a connection the API adds takes its sorted place and the
    highlighted connection stays highlighted."""
    app = watched_app(watch_client)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.table
        await wait_for(pilot, lambda: table.row_count, "connection rows")
        await pilot.press("s")  # by name
        await pilot.pause()
        table.move_cursor(10)
        chosen, rows = table.current_item.id, table.row_count
        await pilot.press("w")

        def one_more_first(req: ApiRequest) -> FakeResponse:
            body = orjson.loads(list_connections(live.api.data, req).body)
            if (req.arg("$skip") or "0") == "0":
                body["connections"].insert(0, {"id": "new-connection", "displayName": "0 new"})
            return json_response(body)

        live.api.route("GET", CONNECTIONS, one_more_first)
        await wait_for(pilot, lambda: table.row_count == rows + 1, "the new row")
        await pilot.pause()
        new = next(i for i, row in enumerate(table.rows) if row.id == "new-connection")
        assert new < table.cursor_row  # it came before the highlighted row
        assert table.rows == sorted(table.rows, key=lambda row: row.display_name.casefold())
        assert table.current_item.id == chosen
