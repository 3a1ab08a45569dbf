"""The ``Accept`` header of every endpoint, as the fake API receives it over loopback HTTP.

It selects the API version: the iModels API answers only v2 (the fake answers 406 to v1, as
the real one does); Library, Export and iTwins want v1. One table decides
(``tui.core.transport.ACCEPT_BY_PATH``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from download_helpers import PATH

from tui.core.client import ItwinClient
from tui.core.transport import ACCEPT_V1, ACCEPT_V2, accept_for
from tui.fake import constants as K

Call = Callable[[ItwinClient], Awaitable[Any]]


async def _connection_imodel(client: ItwinClient) -> Any:
    """What the detail pane does with a connection's iModel link."""
    (connection,) = await client.export_connections(K.BIG_IMODEL_ID).all_items(1)
    return await client.resource(connection.raw["_links"]["iModel"]["href"])


async def _analytics(client: ItwinClient) -> bytes:
    async with client.analytics_download("2026-01-01T00:00:00.000Z",
                                         "2026-01-01T23:59:59.999Z") as stream:
        return b"".join([chunk async for chunk in stream.chunks()])


async def _first_catalog(client: ItwinClient) -> Any:
    (catalog,) = await client.catalogs().all_items(1)
    return await client.catalog(catalog.id)


ENDPOINTS: dict[str, tuple[str, Call]] = {
    "components": ("/library/components", lambda c: c.components().next_page()),
    "brands": ("/library/brands", lambda c: c.brands().next_page()),
    "brand components": (f"/library/brands/{K.BIG_BRAND_ID}/components",
                         lambda c: c.brand_components(K.BIG_BRAND_ID).next_page()),
    "brand": (f"/library/brands/{K.BIG_BRAND_ID}", lambda c: c.brand(K.BIG_BRAND_ID)),
    "catalog": ("/library/catalogs/", _first_catalog),
    "connections": ("/export/connections", lambda c: c.export_connections(K.BIG_IMODEL_ID)
                    .next_page()),
    "connection": (f"/export/connections/{K.NON_GUID_CONNECTION_ID}",
                   lambda c: c.export_connection(K.NON_GUID_CONNECTION_ID)),
    "iModel link": ("/imodels/", _connection_imodel),
    "iTwin link": (f"/itwins/{K.ITWIN_IDS[0]}",
                   lambda c: c.resource(f"/itwins/{K.ITWIN_IDS[0]}")),
    "analytics": (PATH, _analytics),
    "projects": ("/itwins", lambda c: c.projects("river").next_page()),
    "recent projects": ("/itwins/recents", lambda c: c.recent_projects().next_page()),
    "favourite projects": ("/itwins/favorites", lambda c: c.favorite_projects().next_page()),
    "project": (f"/itwins/{K.ITWIN_IDS[1]}", lambda c: c.project(K.ITWIN_IDS[1])),
    "imodels": ("/imodels", lambda c: c.imodels(K.ITWIN_IDS[0], "mep").next_page()),
    "imodel": (f"/imodels/{K.BIG_IMODEL_ID}", lambda c: c.imodel(K.BIG_IMODEL_ID)),
}


@pytest.mark.parametrize("name", list(ENDPOINTS))
async def test_each_endpoint_sends_the_version_its_api_wants(client: ItwinClient, server,
                                                             name: str) -> None:
    prefix, call = ENDPOINTS[name]
    assert await call(client)  # no 406: the API accepted the version asked for
    sent = [r for r in server.api.requests if r.path.startswith(prefix)]
    assert sent
    for request in sent:
        wanted = ACCEPT_V2 if request.path.startswith("/imodels") else ACCEPT_V1
        assert request.headers["accept"] == wanted, request.path


def test_the_fake_refuses_the_wrong_version(server) -> None:
    """The premise of the test above: a v1 ``Accept`` on the iModels API is a 406."""
    url = f"{server.base_url}/imodels/{K.BIG_IMODEL_ID}"
    headers = {"Authorization": f"Bearer {K.DEMO_TOKEN}"}
    assert httpx.get(url, headers={**headers, "Accept": ACCEPT_V1}).status_code == 406
    assert httpx.get(url, headers={**headers, "Accept": ACCEPT_V2}).status_code == 200


@pytest.mark.parametrize(("url", "wanted"), [
    ("https://api.bentley.com/imodels?iTwinId=x", ACCEPT_V2),
    ("https://api.bentley.com/iModels/abc", ACCEPT_V2),
    ("https://api.bentley.com/imodels-other/abc", ACCEPT_V1),
    ("https://api.bentley.com/library/components/x/imodels", ACCEPT_V1),
    ("https://api.bentley.com/Library/components", ACCEPT_V1),
    ("https://gateway.test/itwin/imodels/abc", ACCEPT_V2),
])
def test_the_table_reads_the_path_below_the_base(url: str, wanted: str) -> None:
    base = "https://gateway.test/itwin" if "gateway" in url else "https://api.bentley.com"
    assert accept_for(url, base) == wanted
