"""A component's files over real sockets: the bearer token goes to the API host and never to
the storage host; a storage URL is fetched only over https (plain http only on loopback),
never with a user name or password; redirects are followed one checked hop at a time; and
messages name the storage host, never the signature."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_data

from tui.core.component_parts import Document
from tui.core.errors import ApiError, ErrorKind
from tui.core.storage import MAX_HOPS, is_loopback, save_document, storage_host
from tui.fake import (
    BIG_DOCUMENT_BYTES,
    DEMO_TOKEN,
    DOCUMENTS_FORBIDDEN_INDEX,
    HOSTILE_MARKUP_COMPONENT_ID,
    RICH_COMPONENT_INDEX,
)
from tui.fake.storage import blob_bytes

BEARER = f"Bearer {DEMO_TOKEN}"


def org_id(index: int) -> str:
    return shared_data().org.ids[index]


async def documents(client, component_id: str) -> list[Document]:
    return await client.component_part(component_id, "files").all_items()


def assert_token_rule(server) -> None:
    """Every request to the API carried the token; none to storage carried any credential."""
    assert server.api.requests, "the API was not asked"
    assert all(r.headers.get("authorization") == BEARER for r in server.api.requests)
    assert server.api.storage.with_authorization() == []


async def read(client, url: str) -> bytes:
    async with client.file_download(url) as stream:
        return b"".join([chunk async for chunk in stream.chunks()])


async def test_a_file_on_storage_comes_without_the_token(client, server) -> None:
    docs = await documents(client, org_id(RICH_COMPONENT_INDEX))
    png = next(d for d in docs if d.extension == "png")
    assert png.file_url and png.file_url.startswith(server.storage_url)
    body = await read(client, png.file_url)
    assert len(body) == png.size and body == b"".join(blob_bytes(
        f"{org_id(RICH_COMPONENT_INDEX)}/{png.id}", png.size))
    assert len(server.api.storage.requests) == 1
    assert "sig" in server.api.storage.requests[0].query  # the signature is the credential
    assert_token_rule(server)


async def test_a_302_from_the_api_host_drops_the_token_on_the_way_to_storage(
        client, server) -> None:
    docs = await documents(client, org_id(RICH_COMPONENT_INDEX))
    pdf = next(d for d in docs if d.extension == "pdf")
    assert pdf.file_url and pdf.file_url.startswith(server.base_url)
    body = await read(client, pdf.file_url)
    assert len(body) == pdf.size
    hop = [r for r in server.api.requests if r.path.endswith("/file")]
    assert len(hop) == 1 and hop[0].headers["authorization"] == BEARER
    assert [r.path.rsplit(".", 1)[-1] for r in server.api.storage.requests] == ["pdf"]
    assert_token_rule(server)


async def test_saving_a_document_asks_a_fresh_address_and_sanitises_the_name(
        client, server, tmp_path: Path) -> None:
    docs = await documents(client, HOSTILE_MARKUP_COMPONENT_ID)
    hostile = next(d for d in docs if d.display_name.startswith("../"))
    saved = await save_document(client, HOSTILE_MARKUP_COMPONENT_ID, hostile, tmp_path)
    assert saved.path.parent == tmp_path and saved.size == hostile.size
    # the last path component, without its control characters: never outside tmp_path
    assert saved.path.name == "b][2J.rfa"
    assert [p.name for p in tmp_path.iterdir()] == [saved.path.name]
    fresh = [r for r in server.api.requests if r.path.endswith(f"/documents/{hostile.id}")]
    assert len(fresh) == 1
    again = await save_document(client, HOSTILE_MARKUP_COMPONENT_ID, hostile, tmp_path)
    assert again.path.name == "b][2J (1).rfa"  # never overwritten
    assert_token_rule(server)


async def test_a_big_file_streams_with_progress(client, server, tmp_path: Path) -> None:
    component = org_id(RICH_COMPONENT_INDEX)
    big = next(d for d in await documents(client, component) if d.size == BIG_DOCUMENT_BYTES)
    seen: list[tuple[int, int | None]] = []
    saved = await save_document(client, component, big, tmp_path,
                                on_progress=lambda got, total: seen.append((got, total)))
    assert saved.size == BIG_DOCUMENT_BYTES == saved.path.stat().st_size
    assert len(seen) > 10 and seen[-1] == (BIG_DOCUMENT_BYTES, BIG_DOCUMENT_BYTES)
    assert_token_rule(server)


SECRET = "sig=SeCrEtSiGnAtUrE%3D"


@pytest.mark.parametrize(("url", "words"), [
    (f"http://files.example.com/doc.rfa?{SECRET}", "plain http"),
    (f"https://user:pw@files.example.com/doc.rfa?{SECRET}", "user name or password"),
    (f"https://files.example.com:99999/doc.rfa?{SECRET}", "not a valid"),
    (f"ftp://files.example.com/doc.rfa?{SECRET}", "not a valid"),
    (f"javascript:alert(1)//?{SECRET}", "not a valid"),
])
async def test_unsafe_storage_addresses_are_refused_before_any_request(
        client, server, url: str, words: str) -> None:
    with pytest.raises(ApiError) as caught:
        await read(client, url)
    err = caught.value
    assert err.kind is ErrorKind.UNSAFE_LINK and words in err.message
    assert "SeCrEt" not in err.human() and "SeCrEt" not in str(err.url)
    assert "pw" not in err.message and "user" not in str(err.url)
    assert server.api.storage.requests == [] and server.api.requests == []


async def test_loopback_storage_with_userinfo_is_refused_and_sends_nothing(
        client, server) -> None:
    docs = await documents(client, org_id(RICH_COMPONENT_INDEX))
    href = next(d for d in docs if d.extension == "png").file_url
    assert href is not None
    with pytest.raises(ApiError, match="user name or password"):
        await read(client, href.replace("http://", "http://me:secret@"))
    assert server.api.storage.requests == []


async def test_storage_on_the_api_host_at_another_port_never_gets_the_token(
        client, server) -> None:
    """Same host, another port: another origin (the fake's storage is exactly that)."""
    api_host = server.base_url.split("//")[1].split(":")[0]
    assert server.storage_url.startswith(f"http://{api_host}:")
    docs = await documents(client, org_id(RICH_COMPONENT_INDEX))
    assert await read(client, next(d for d in docs if d.extension == "png").file_url or "")
    assert_token_rule(server)


async def test_a_refused_signature_names_the_host_only(client, server) -> None:
    docs = await documents(client, org_id(RICH_COMPONENT_INDEX))
    href = (next(d for d in docs if d.extension == "png").file_url or "").replace(
        "sig=", "sig=x")
    with pytest.raises(ApiError) as caught:
        await read(client, href)
    err = caught.value
    assert err.kind is ErrorKind.FORBIDDEN and err.status == 403
    assert err.code == "AuthenticationFailed" and err.url == server.storage_url
    assert "sig=" not in err.human() and "library-documents" not in err.human()
    assert "Server failed to authenticate" in err.message and "expired" in (err.hint or "")


async def test_a_redirect_to_plain_http_elsewhere_is_refused(client, server) -> None:
    path = f"/library/components/{org_id(0)}/documents/x/file"
    server.api.faults.add(path, status=302,
                          headers={"Location": f"http://evil.example.com/f?{SECRET}"})
    with pytest.raises(ApiError, match="plain http") as caught:
        await read(client, server.base_url + path)
    assert "SeCrEt" not in caught.value.human()
    assert_token_rule(server)


async def test_redirects_are_bounded(client, server) -> None:
    path = f"/library/components/{org_id(0)}/documents/x/file"
    server.api.faults.add(path, status=302, headers={"Location": path})
    with pytest.raises(ApiError, match="redirected more than") as caught:
        await read(client, path)
    assert caught.value.kind is ErrorKind.LINK_LOOP
    assert len(server.api.requests) == MAX_HOPS + 1


async def test_forbidden_documents_are_an_error_of_their_own(client) -> None:
    with pytest.raises(ApiError) as caught:
        await documents(client, org_id(DOCUMENTS_FORBIDDEN_INDEX))
    assert caught.value.kind is ErrorKind.FORBIDDEN
    variations = await client.component_part(org_id(DOCUMENTS_FORBIDDEN_INDEX),
                                             "variations").all_items()
    assert isinstance(variations, list)


def test_hosts_and_loopback() -> None:
    assert storage_host("https://acct.blob.core.windows.net/c/b.rfa?sig=x") == \
        "https://acct.blob.core.windows.net"
    assert storage_host("http://127.0.0.1:8123/a?sig=x") == "http://127.0.0.1:8123"
    assert storage_host("https://u:p@[::1]:443/a") == "https://[::1]"
    assert storage_host("javascript:alert(1)") == "an address that is not a valid URL"
    assert all(is_loopback(h) for h in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "LOCALHOST"))
    assert not any(is_loopback(h) for h in ("10.0.0.1", "localhost.example.com", "0.0.0.0",
                                            "example.com", ""))
