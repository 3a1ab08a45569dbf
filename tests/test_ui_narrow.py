"""At 80x24 nothing is cut mid-text: the top bar drops whole parts of who is signed in
where, and each box's placeholder is whole."""

from __future__ import annotations

import base64

import orjson
import pytest
from textual.widgets import Input
from ui_pilot import make_app, screen_lines, settle, wait_for

from tui.app import ItwinApp
from tui.config import Settings
from tui.core.client import ItwinClient
from tui.widgets.top_bar import fit_parts

NARROW = (80, 24)


def jwt(**claims: object) -> str:
    body = base64.urlsafe_b64encode(orjson.dumps(claims)).rstrip(b"=").decode()
    return f"e30.{body}.sig"


def test_fit_parts_drops_whole_parts_and_never_cuts() -> None:
    text = "signed in as jane@example.com · expires 14:32 · api.bentley.com"
    assert fit_parts(text, 80) == text
    assert fit_parts(text, 50) == "signed in as jane@example.com · expires 14:32"
    assert fit_parts(text, 30) == "signed in as jane@example.com"
    assert fit_parts(text, 26) == ""  # not "signed in as jane@example.c…"


async def test_the_top_bar_keeps_whole_parts_at_80_columns(server) -> None:
    token = jwt(email="jane.doe@example-company.com", org_name="Example Company")
    async with ItwinClient(server.base_url, token) as client:
        app = make_app(client, token=token)
        async with app.run_test(size=NARROW) as pilot:
            await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
            top = screen_lines(app)[0]
            assert "…" not in top and "jane.doe" not in top, top
            assert top.startswith(" itwin-tui ") and "4 Catalogs" in top
        app = make_app(client, token=token)
        async with app.run_test(size=(160, 40)) as pilot:  # room: who it is, whole
            await wait_for(pilot, lambda: app.screen.table.row_count, "rows")
            assert "jane.doe@example-company.com (Example Company)" in screen_lines(app)[0]


@pytest.mark.parametrize(("screen", "keys"), [("catalog", ()), ("catalog", ("f",)),
                                              ("brands", ()), ("connections", ())])
async def test_every_placeholder_is_whole_at_80_columns(screen: str,
                                                        keys: tuple[str, ...]) -> None:
    app = ItwinApp(Settings(demo=True, screen=screen))
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot, app)
        await pilot.press(*keys)
        for box in app.screen.query(Input):
            box.clear()  # the demo fills in its first iModel
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for box in app.screen.query(Input):
            if box.display and not box.value and box.placeholder:
                assert box.placeholder in shown, (screen, box.placeholder)
