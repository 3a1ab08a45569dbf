"""Copy keys on a list (issue 16 item 1): ``y`` the id, ``Y`` the row as the JSON object the
API sent, ``C`` a curl command that makes the app's request with the token left in
``$ITWIN_ACCESS_TOKEN``; where copying cannot work, the notice says why and shows the value."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess

import pytest
from ui_pilot import SIZE, make_app, settle, wait_for

from tui.clipboard import copy_problem
from tui.core.curl import curl_command
from tui.fake import DEMO_TOKEN

TOKEN = "secret-token-never-copied"


def notices(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def run_curl(command: str, token: str) -> dict:
    """Run a copied command in a POSIX shell, the token in the environment only."""
    env = {"PATH": os.environ.get("PATH", ""), "ITWIN_ACCESS_TOKEN": token}
    done = subprocess.run(["sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=20, check=True)
    return json.loads(done.stdout)


async def _listed(pilot, app) -> None:
    await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
    await settle(pilot, app)


async def test_y_copies_the_highlighted_id(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("j", "y")
        assert app.clipboard == app.screen.table.rows[1].id
        assert f"Copied {app.clipboard}" in notices(app)


async def test_Y_copies_the_row_as_the_json_the_api_sent(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("j", "j", "Y")
        await pilot.pause()
        copied = json.loads(app.clipboard)
        row = app.screen.table.rows[2]
        assert copied == row.raw and copied["id"] == row.id
        # what the API sent, not our model: its field names, its _links
        assert "displayName" in copied and "_links" in copied
        assert "display_name" not in copied
        assert any(n.startswith(f"Copied {row.display_name} as JSON") for n in notices(app))


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
async def test_C_copies_a_curl_command_that_fetches_the_same_page(server) -> None:
    from tui.core.client import ItwinClient

    async with ItwinClient(server.base_url, TOKEN, max_retry_wait=5) as client:
        app = make_app(client, token=TOKEN)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "catalog rows")
            await settle(pilot, app)
            await pilot.press("C")
            await pilot.pause()
            command = app.clipboard
            shown = app.screen.table.rows[0]
            await pilot.press("Y")
            await pilot.pause()
            first_row = json.loads(app.clipboard)
    assert command.startswith("curl ")
    assert TOKEN not in command and '"Authorization: Bearer $ITWIN_ACCESS_TOKEN"' in command
    assert "Prefer: return=representation" in command  # the app's own headers
    assert "Accept: application/vnd.bentley.itwin-platform.v1+json" in command
    assert any("a curl command for the page of the highlighted row" in n for n in notices(app))
    assert all(TOKEN not in n for n in notices(app))
    # run as the user would, with the token in the environment: the page the app listed
    page = run_curl(command, DEMO_TOKEN)
    assert page["components"][0]["id"] == shown.id
    assert page["components"][0] == first_row


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
async def test_C_fetches_the_page_the_highlighted_row_came_in(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        table = app.screen.table
        await pilot.press("G")  # row 100, and the second page comes
        await wait_for(pilot, lambda: table.row_count == 200, "the second page")
        await settle(pilot, app)
        await pilot.press("j", "C")  # row 101: the second page
        await pilot.pause()
        second, on_second = app.clipboard, table.current_item
        await pilot.press("s")  # sorted: still the page each row came in
        await pilot.pause()
        await pilot.press("g", "C")
        await pilot.pause()
        top, on_top = app.clipboard, table.current_item
        from_first = table.order.api.index(on_top) < 100
    assert "skip=100" in shlex.split(second)[-1]
    assert on_second.id in [c["id"] for c in run_curl(second, DEMO_TOKEN)["components"]]
    assert on_top.id in [c["id"] for c in run_curl(top, DEMO_TOKEN)["components"]]
    assert ("skip=100" in top) is not from_first


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
async def test_C_in_the_detail_pane_copies_the_item_request(server, client) -> None:
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        row = app.screen.table.current_item
        pane = app.screen.pane
        await pilot.press("enter")  # into the pane's links
        await settle(pilot, app)
        await pilot.press("C")
        await pilot.pause()
        command = app.clipboard
        await pilot.press("enter")  # a link opens in the pane: C copies its request
        await wait_for(pilot, lambda: len(pane.views) == 2 and pane.top.loading is None,
                       "the linked resource")
        await settle(pilot, app)
        await pilot.press("C")
        await pilot.pause()
        linked, href = app.clipboard, pane.top.key
    assert shlex.split(command)[-1] == client.url(f"/library/components/{row.id}")
    assert DEMO_TOKEN not in command
    assert shlex.split(linked)[-1] == href and DEMO_TOKEN not in linked
    assert run_curl(linked, DEMO_TOKEN)
    assert run_curl(command, DEMO_TOKEN)["component"]["id"] == row.id


async def test_clipboard_off_shows_the_value_and_copies_nothing(server, client) -> None:
    app = make_app(client, clipboard="off")
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        row_id = app.screen.table.current_item.id
        said = notices(app)[-1]
        assert said.startswith("Copying is off (clipboard = off in the config file)")
        assert said.endswith(row_id)  # shown, to be selected with the mouse


async def test_where_osc52_is_known_not_to_work_the_notice_says_so(
        server, client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM_PROGRAM", "Apple_Terminal")
    app = make_app(client)
    async with app.run_test(size=SIZE) as pilot:
        await _listed(pilot, app)
        await pilot.press("Y")
        await pilot.pause()
        assert app.clipboard == ""
        said = notices(app)[-1]
        assert "macOS Terminal does not let apps copy (OSC 52)" in said
        assert '"displayName"' in said
        app.settings.clipboard = "osc52"  # the user says their terminal can
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == app.screen.table.current_item.id


def test_copy_problem_by_setting_and_terminal() -> None:
    assert copy_problem("auto", {}, web=False) is None
    assert "VTE" in copy_problem("auto", {"VTE_VERSION": "7600"}, web=False)
    assert copy_problem("osc52", {"VTE_VERSION": "7600"}, web=False) is None
    assert copy_problem("auto", {"TERM_PROGRAM": "Apple_Terminal"}, web=True) is None
    assert "off" in copy_problem("off", {}, web=True)


def test_curl_command_quotes_everything_but_the_token_variable() -> None:
    command = curl_command("https://api.example/x?a=1&b='2'", {"Accept": "a/b"}, "TOKEN_VAR")
    assert command == ("curl -sS -H 'Accept: a/b' -H \"Authorization: Bearer $TOKEN_VAR\" "
                       "'https://api.example/x?a=1&b='\"'\"'2'\"'\"''")
    with pytest.raises(ValueError):
        curl_command("https://api.example/", {}, "$(rm -rf /)")
