"""The client's iTwins and iModels endpoints, a chain of collections and the names cache,
against the fake API over real HTTP on 127.0.0.1."""

from __future__ import annotations

import pytest
from ui_pilot import requests_to

from tui.core.chain import Chain, Listed
from tui.core.client import ItwinClient
from tui.core.errors import ApiError, ErrorKind
from tui.core.twin_models import IModel, Project, looks_like_id
from tui.core.twin_names import TwinNames
from tui.fake import (
    BIG_IMODEL_ID,
    EMPTY_PROJECT_ID,
    FORBIDDEN_PROJECT_ID,
    IMODEL_IDS,
    ITWIN_IDS,
    PROJECT_COUNT,
)

UNKNOWN = "0f0f0f0f-0000-4000-8000-000000000000"


async def test_projects_page_lazily_and_search(client: ItwinClient, server) -> None:
    pager = client.projects()
    first = await pager.next_page()
    assert first is not None and len(first.items) == 100 and pager.has_more
    assert [p.id for p in first.items[:3]] == list(ITWIN_IDS)
    assert first.items[0].display_name == "Riverside Hospital Expansion"
    assert first.items[0].number == "RHX-2024-001" and first.items[0].sub_class == "Project"
    rest = await pager.all_items()
    assert len(first.items) + len(rest) == PROJECT_COUNT
    (request, *_) = requests_to(server, "/itwins")
    assert request.query == {"subClass": "Project", "$top": "100"}
    found = await client.projects("northern").all_items()
    assert [p.display_name for p in found] == ["Northern Process Plant"]
    assert requests_to(server, "/itwins")[-1].query["$search"] == "northern"


async def test_recent_and_favorite_projects(client: ItwinClient, server) -> None:
    recent = await client.recent_projects().all_items()
    favorite = await client.favorite_projects().all_items()
    assert recent[0].id == ITWIN_IDS[0] and len(recent) == 10
    assert [p.id for p in favorite[:2]] == [ITWIN_IDS[1], ITWIN_IDS[0]]
    assert requests_to(server, "/itwins/recents")[0].query["subClass"] == "Project"
    assert requests_to(server, "/itwins/favorites")[0].query["subClass"] == "Project"


async def test_one_project_and_one_imodel(client: ItwinClient) -> None:
    project = await client.project(ITWIN_IDS[1])
    assert isinstance(project, Project) and project.display_name == "Northern Process Plant"
    imodel = await client.imodel(BIG_IMODEL_ID)
    assert isinstance(imodel, IModel)
    assert imodel.display_name == "Riverside Hospital – Architecture"
    assert imodel.itwin_id == ITWIN_IDS[0]
    with pytest.raises(ApiError) as caught:
        await client.project(UNKNOWN)
    assert caught.value.kind is ErrorKind.NOT_FOUND
    with pytest.raises(ApiError) as caught:
        await client.imodel(UNKNOWN)
    assert caught.value.kind is ErrorKind.NOT_FOUND


async def test_imodels_of_a_project(client: ItwinClient, server) -> None:
    pager = client.imodels(ITWIN_IDS[0])
    first = await pager.next_page()
    assert first is not None and first.items[0].id == BIG_IMODEL_ID and pager.has_more
    assert len(first.items) + len(await pager.all_items()) == 140
    assert requests_to(server, "/imodels")[0].headers["prefer"] == "return=minimal"
    found = await client.imodels(ITWIN_IDS[0], "level 03 mep", full=True).all_items()
    assert found and all("level 03 mep" in m.display_name.lower() for m in found)
    assert {m.itwin_id for m in found} == {ITWIN_IDS[0]}
    assert await client.imodels(EMPTY_PROJECT_ID).all_items() == []
    with pytest.raises(ApiError) as caught:
        await client.imodels(FORBIDDEN_PROJECT_ID).next_page()
    assert caught.value.kind is ErrorKind.FORBIDDEN
    with pytest.raises(ApiError) as caught:
        await client.imodels("riverside").next_page()
    assert caught.value.kind is ErrorKind.INVALID
    assert "iTwinId" in caught.value.human()


def test_tolerant_models() -> None:
    assert Project.from_json(None) == Project("", "")
    odd = Project.from_json({"id": 5, "displayName": ["x"], "number": "N-1"})
    assert (odd.id, odd.display_name, odd.number) == ("", "", "N-1")
    assert IModel.from_json({"id": "m", "name": "Old name"}).display_name == "Old name"


@pytest.mark.parametrize(("text", "is_id"), [
    (BIG_IMODEL_ID, True), (f"  {BIG_IMODEL_ID.upper()}\n", True),
    (BIG_IMODEL_ID.replace("-", ""), False), ("riverside", False), ("", False),
])
def test_what_looks_like_an_id(text: str, is_id: bool) -> None:
    assert looks_like_id(text) is is_id


async def test_a_chain_lists_its_sources_in_turn_without_repeats(client: ItwinClient,
                                                               server) -> None:
    mine = [Project(ITWIN_IDS[2], "A14 (as remembered)")]
    chain: Chain[Project] = Chain([("picked", mine), ("recent", client.recent_projects()),
                                   ("favourite", client.favorite_projects()),
                                   ("", client.projects())])
    first = chain.peek_first()  # the items at hand: no request
    assert first is not None and first.items == [Listed(mine[0], "picked")]
    assert not server.api.requests
    rows = list(first.items)
    while chain.has_more:
        page = await chain.next_page()
        assert page is not None
        rows += page.items
    ids = [row.item.id for row in rows]
    assert len(ids) == len(set(ids)) == PROJECT_COUNT
    assert [row.source for row in rows[:2]] == ["picked", "recent"]
    favourites = [row.item.id for row in rows if row.source == "favourite"]
    assert favourites and ITWIN_IDS[0] not in favourites  # already a recent one
    assert await chain.next_page() is None


async def test_a_chain_pages_lazily(client: ItwinClient, server) -> None:
    chain: Chain[Project] = Chain([("recent", client.recent_projects()),
                                   ("", client.projects())])
    assert chain.peek_first() is None  # nothing cached, nothing at hand
    await chain.next_page()
    assert [r.path for r in server.api.requests] == ["/itwins/recents"]
    await chain.next_page()
    await chain.next_page()
    assert [r.path for r in server.api.requests] == ["/itwins/recents", "/itwins", "/itwins"]


async def test_names_are_asked_once(client: ItwinClient, server) -> None:
    names = TwinNames(client)
    for _ in range(2):
        imodel = await names.imodel(IMODEL_IDS[1])
        project = await names.project(imodel.itwin_id or "")
    assert (imodel.display_name, project.display_name) == (
        "North Plant Process Model", "Northern Process Plant")
    assert len(requests_to(server, f"/imodels/{IMODEL_IDS[1]}")) == 1
    assert len(requests_to(server, f"/itwins/{ITWIN_IDS[1]}")) == 1
    names.know(IModel(IMODEL_IDS[2], "Bridge A14 Structural"))  # a minimal row: no project
    assert names.known_imodel(IMODEL_IDS[2]) is not None
    await names.imodel(IMODEL_IDS[2])  # asked, for its project
    assert names.known_imodel(IMODEL_IDS[2]).itwin_id == ITWIN_IDS[2]
    names.know(Project("no-name", ""))
    assert names.known_project("no-name") is None
