"""``python -m tui.fake --port N``: serve the fake iTwin API until Ctrl+C."""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading

from tui.fake import constants as K
from tui.fake.api import FakeApi
from tui.fake.data import FakeData
from tui.fake.hostile import COMPONENTS, HOSTILE
from tui.fake.server import serve


def known_ids(data: FakeData, storage_url: str) -> list[str]:
    """One line per kind of id worth knowing (the first line printed is the base URL)."""
    org = data.org.ids
    live = ", ".join(f"{c.id} ({c.live.timeline.result} after {c.live.timeline.completed:g} s)"
                     for c in data.exports.live if c.live)
    return [
        f"iModels (Accept v2): {', '.join(K.IMODEL_IDS)}  forbidden: {K.FORBIDDEN_IMODEL_ID}",
        f"brands: {', '.join(K.BRAND_IDS)}",
        f"projects: {', '.join(K.PROJECT_IDS)}  empty: {K.EMPTY_PROJECT_ID}"
        f"  iModels forbidden: {K.FORBIDDEN_PROJECT_ID}  ({len(data.twins.itwins)} iTwins)",
        f"catalogs: {', '.join(c.id for c in data.catalogs)}",
        f"components: rich {org[K.RICH_COMPONENT_INDEX]}"
        f"  documents 403 {org[K.DOCUMENTS_FORBIDDEN_INDEX]}"
        f"  250 variations {org[K.MANY_VARIATIONS_INDEX]}  bare {org[K.BARE_COMPONENT_INDEX]}",
        f"live export runs: {live}",
        f"storage (document files): {storage_url}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tui.fake", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default loopback)")
    parser.add_argument("--components", type=int, default=5000, help="org component count")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    parser.add_argument("--token", default=None,
                        help="accept only this bearer token (default: any non-empty token)")
    parser.add_argument("--analytics-bytes", type=int, default=None,
                        help="stream an analytics CSV of about this many bytes")
    parser.add_argument("--fault", action="append", default=[], choices=sorted(HOSTILE),
                        help="answer like a hostile server (see tui/fake/hostile.py; repeatable: "
                        "the first that matches a request answers it)")
    parser.add_argument("--fault-path", default=COMPONENTS, metavar="PATH",
                        help="the API path the faults bend (default %(default)s; e.g. "
                        "/library/catalogs, /library/brands, /itwins)")
    args = parser.parse_args(argv)
    data = FakeData(args.components, analytics_bytes=args.analytics_bytes)
    api = FakeApi(data, valid_tokens={args.token} if args.token else None)
    api.faults.latency = args.latency
    for name in args.fault:
        HOSTILE[name](api, args.fault_path)
    with serve(api, args.host, args.port) as running:
        print(running.base_url, flush=True)
        print(f"  token: {args.token or K.DEMO_TOKEN + ' (any non-empty token works)'}")
        for line in known_ids(data, running.storage_url):
            print(f"  {line}")
        sys.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
