"""What each print-mode command fetches: a collection (a pager of the API's objects) or one
item, and the fields ``csv`` and ``table`` show when ``--fields`` names none."""

from __future__ import annotations

import argparse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.core.client import api_search, split_ids
from tui.core.fields import (
    BRAND_FIELDS,
    BRAND_LIST_FIELDS,
    CATALOG_FIELDS,
    COMPONENT_FIELDS,
    CONNECTION_FIELDS,
    CONNECTION_RUN_FIELDS,
    IMODEL_FIELDS,
    MINIMAL_FIELDS,
    PROJECT_FIELDS,
)

if TYPE_CHECKING:
    from tui.core.client import ItwinClient
    from tui.core.paging import Pager

Json = dict[str, Any]

class UsageError(Exception):
    """A command line that cannot be carried out as given (exit 2, nothing was sent)."""


@dataclass(frozen=True)
class Listing:
    """One command's data: ``pager`` (a collection) or ``item`` (fetches one object)."""

    what: str  # for messages: "components", "brand 1234…"
    fields: tuple[str, ...]
    pager: Pager[Json] | None = None
    item: Callable[[], Awaitable[Json]] | None = None


def check_args(args: argparse.Namespace) -> None:
    """:class:`UsageError` when ``args`` lacks an id the command needs to print, or asks
    ``--with`` for something a component does not have."""
    with_parts(getattr(args, "with_parts", None))
    if args.command == "connections" and not args.imodel_id:
        raise UsageError("connections needs an IMODEL_ID to print")
    if args.command == "brand" and args.item and not args.brand_id:
        raise UsageError("--item needs a BRAND_ID")


def listing_for(args: argparse.Namespace, client: ItwinClient, top: int, rows: int
                ) -> Listing:
    """The data ``args`` asks for, in pages of ``top``, stopping after ``rows``."""
    command = args.command
    if command == "catalog":
        return _catalog(args, client, top, rows)
    if command == "brand":
        return _brand(args, client, top, rows)
    if command == "connections":
        return Listing(f"export connections of iModel {args.imodel_id}", CONNECTION_FIELDS,
                       client.export_connections(args.imodel_id, top=top).raw(max_items=rows))
    if command in ("projects", "imodels", "catalogs"):
        return _lists(args, client, top, rows)
    if command == "component":
        return _component(args.component_id, with_parts(args.with_parts), client)
    if command == "connection":
        return _connection(args.connection_id, client)
    raise UsageError(f"{command} cannot print")


def _catalog(args: argparse.Namespace, client: ItwinClient, top: int, rows: int) -> Listing:
    full = not args.minimal
    pager = client.components(search=api_search(args.search or ""),
                              project_id=args.project_id or None,
                              catalogs=split_ids(args.catalogs or "") or None, full=full, top=top)
    return Listing("components", COMPONENT_FIELDS if full else MINIMAL_FIELDS,
                   pager.raw(max_items=rows))


def with_parts(text: str | None) -> tuple[str, ...]:
    """``--with files,weblinks`` → ``("files", "weblinks")``; :class:`UsageError` for a
    name that is not one of :data:`~tui.commands.print_args.PARTS`."""
    from tui.commands.print_args import PARTS

    if text is None:
        return ()
    names = tuple(dict.fromkeys(n.strip().lower() for n in text.split(",") if n.strip()))
    wrong = [n for n in names if n not in PARTS]
    if wrong or not names:
        raise UsageError(f"--with takes {', '.join(PARTS)} (comma-separated), not "
                         f"{', '.join(map(repr, wrong)) or 'nothing'}")
    return names


def _component(component_id: str, parts: tuple[str, ...], client: ItwinClient) -> Listing:
    """One component; with ``parts``, each one's whole list under the API's key for it."""
    from tui.core.component_parts import PARTS

    async def component() -> Json:
        out = dict((await client.component(component_id)).raw)
        for part in parts:
            out[PARTS[part][1]] = await _all_of(client, component_id, part)
        return out

    keys = tuple(PARTS[part][1] for part in parts)
    return Listing(f"component {component_id}", COMPONENT_FIELDS + keys, item=component)


async def _all_of(client: ItwinClient, component_id: str, part: str) -> list[Json]:
    """Every page of a component's ``part``, as sent; a failure names the part."""
    from dataclasses import replace

    from tui.core.client import MAX_PAGE_SIZE
    from tui.core.component_parts import PARTS
    from tui.core.errors import ApiError, ErrorKind

    key = PARTS[part][1]
    pager = client.component_part(component_id, part, top=MAX_PAGE_SIZE).raw()
    try:
        items = await pager.all_items()
    except ApiError as err:
        raise replace(err, message=f"the component's {key}: {err.message}") from None
    if pager.stop_reason is not None:
        raise ApiError(ErrorKind.BAD_RESPONSE, f"The component has more than "
                       f"{pager.max_items:,} {key}; stopped (ITWIN_TUI_MAX_ROWS sets the "
                       "limit).")
    return items


def _brand(args: argparse.Namespace, client: ItwinClient, top: int, rows: int) -> Listing:
    brand_id = args.brand_id
    if args.item:
        async def brand() -> Json:
            return (await client.brand(brand_id)).raw

        return Listing(f"brand {brand_id}", BRAND_FIELDS, item=brand)
    if brand_id:
        return Listing(f"components of brand {brand_id}", COMPONENT_FIELDS,
                       client.brand_components(brand_id, full=True, top=top).raw(
                           max_items=rows))
    return Listing("brands", BRAND_LIST_FIELDS, client.brands().raw(max_items=rows))


def _lists(args: argparse.Namespace, client: ItwinClient, top: int, rows: int) -> Listing:
    """``catalogs``, ``projects`` or a project's ``imodels`` (the iModels in full)."""
    if args.command == "catalogs":
        return Listing("catalogs", CATALOG_FIELDS, client.catalogs(top=top).raw(max_items=rows))
    search = (args.search or "").strip() or None
    if args.command == "projects":
        return Listing("projects", PROJECT_FIELDS,
                       client.projects(search, top=top).raw(max_items=rows))
    return Listing(f"iModels of project {args.project_id}", IMODEL_FIELDS,
                   client.imodels(args.project_id, search, full=True, top=top).raw(
                       max_items=rows))


def _connection(connection_id: str, client: ItwinClient) -> Listing:
    async def connection() -> Json:
        conn = await client.export_connection(connection_id)
        run = await client.run_at(conn.links.last_run) if conn.links.last_run else None
        return {"connection": conn.raw, "lastRun": run.raw if run is not None else None}

    return Listing(f"export connection {connection_id}", CONNECTION_RUN_FIELDS,
                   item=connection)
