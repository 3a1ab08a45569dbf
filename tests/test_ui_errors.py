"""Errors are shown where they happen, with the API's code, message, targets and a hint."""

from __future__ import annotations

from pathlib import Path

from ui_pilot import SIZE, make_app, requests_to, screen_text, settle, wait_for

from tui.core.auth import TokenFile
from tui.core.client import ItwinClient
from tui.core.signin import SIGN_IN_WAYS
from tui.dialogs.analytics import AnalyticsDialog

COMPONENTS = "/library/components"


async def test_server_error_inline_then_refresh_recovers(server, client) -> None:
    server.api.faults.add(path_prefix=COMPONENTS, status=500, times=1)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "500" in screen_text(app), "the 500 message")
        text = screen_text(app)
        assert "Could not load this list:" in text
        assert "Press r to retry." in text
        assert not app.screen.table.display
        await pilot.press("r")
        await wait_for(pilot, lambda: app.screen.table.row_count == 100, "rows after retry")
        assert app.screen.table.display


async def test_rate_limit_after_retries_is_explained(server) -> None:
    server.api.faults.add(path_prefix=COMPONENTS, status=429, headers={"Retry-After": "0"})
    async with ItwinClient(server.base_url, "demo-token", max_retries=2) as client:
        app = make_app(client)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await wait_for(pilot, lambda: "429" in screen_text(app), "the 429 message")
            assert "rate limit" in screen_text(app)
            assert len(requests_to(server, COMPONENTS)) == 3  # first try + 2 retries
            text = screen_text(app).lower()  # how to retry is said once, with the key
            assert text.count("to retry") == 1 and "press r to retry." in text


async def test_failed_next_page_keeps_rows_and_does_not_hammer(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
        await settle(pilot, app)
        server.api.faults.add(path_prefix=COMPONENTS, status=503, times=1)
        await pilot.press("G")
        await wait_for(pilot, lambda: "could not load more" in screen_text(app),
                       "the paging error in the status line")
        assert app.screen.table.row_count == 100
        assert any("503" in n.message for n in app._notifications)
        # moving around near the end does not retry on its own
        await pilot.press("k", "k", "G")
        await settle(pilot, app)
        assert len(requests_to(server, COMPONENTS)) == 2
        await pilot.press("r")
        await wait_for(pilot, lambda: "100 loaded · more available" in screen_text(app),
                       "the refreshed list")


async def test_unauthorized_says_how_to_fix_the_token(server, client) -> None:
    server.api.faults.add(path_prefix=COMPONENTS, status=401)
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "401" in screen_text(app), "the 401 message")
        assert "itwin-tui login" in screen_text(app)
        assert "ITWIN_ACCESS_TOKEN" in screen_text(app)
        # the same request again would fail the same way: no retry is offered
        assert "to retry" not in screen_text(app)


async def test_malformed_json_is_a_clear_message(server, client) -> None:
    server.api.faults.add(path_prefix=COMPONENTS, status=200, body=b'{"components": [')
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await wait_for(pilot, lambda: "malformed JSON" in screen_text(app), "the message")
        assert app.is_running


async def test_no_token_start_explains_how_to_sign_in(server) -> None:
    async with ItwinClient(server.base_url, None) as client:
        app = make_app(client, token=None)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "You are not signed in." in text
            for way in (*(w.command for w in SIGN_IN_WAYS), "itwin-tui --demo"):
                assert way in text, way
            assert "ITWIN_CLIENT_SECRET" in text  # the service app: the README's way 2
            assert "not signed in" in app.sub_title
            assert not server.api.requests, "nothing is sent without a token"
            await pilot.press("2")
            await pilot.pause()
            assert app.current_mode == "brands"
            assert "You are not signed in." in screen_text(app)
            await pilot.press("q")
        assert app.return_code == 0


async def test_expired_token_on_refresh_keeps_the_screen(server, client) -> None:
    """A 401 mid-session (token expired, no refresh possible) must not wipe what is shown."""
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        table = app.screen.table
        await pilot.press("j", "j", "j")
        assert table.row_count == 100 and table.cursor_row == 3
        server.api.faults.add(path_prefix=COMPONENTS, status=401)
        await pilot.press("r")
        await settle(pilot, app)
        await wait_for(pilot, lambda: "401" in screen_text(app), "the 401 in the status line")
        assert table.display and table.row_count == 100 and table.cursor_row == 3
        assert "itwin-tui login" in "\n".join(str(n.message) for n in app._notifications)
        server.api.faults.clear()
        await pilot.press("r")
        await wait_for(pilot, lambda: "401" not in screen_text(app), "a successful refresh")
        assert table.row_count == 100


async def test_an_unusable_token_file_is_named_on_the_sign_in_screen(server, tmp_path) -> None:
    empty = tmp_path / "token"
    empty.write_text("\n")
    async with ItwinClient(server.base_url, TokenFile(empty)) as client:
        app = make_app(client, token=None, token_file=empty)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for(pilot, lambda: "You are not signed in" in screen_text(app),
                           "the sign-in text")
            text = " ".join(screen_text(app).split())
    assert "The token file" in text and "is empty." in text  # why, not only what to do
    assert "itwin-tui login" in text


async def test_not_signed_in_in_the_analytics_dialog_reads_as_words(server,
                                                                    tmp_path: Path) -> None:
    """The commands are named as typed: no Markdown backticks around them."""
    async with ItwinClient(server.base_url, None) as client:
        app = make_app(client, token=None, download_dir=tmp_path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("a")
            await wait_for(pilot, lambda: isinstance(app.screen, AnalyticsDialog), "dialog")
            await pilot.press("enter")
            await wait_for(pilot, lambda: "To sign in" in screen_text(app), "the message")
            text = " ".join(screen_text(app).split())
            assert "itwin-tui login" in text and "itwin-tui --demo" in text
            assert "`" not in text
            await settle(pilot, app)
