"""The floor of the print benchmark: ``python bare_print.py FIRST_URL LIMIT > file``.

A bare httpx + orjson loop, in its own process like ``itwin-tui``: GET a page, write each
object as a JSON line, follow ``_links.next.href``, until LIMIT objects. Nothing else (no
imports of the benchmark's helpers, so its start-up is as small as it can be).
"""

import sys

import httpx
import orjson

TOKEN = "demo-token"
HEADERS = {"Authorization": f"Bearer {TOKEN}",
           "Accept": "application/vnd.bentley.itwin-platform.v1+json",
           "Prefer": "return=representation"}


def main(first_url: str, limit: int) -> None:
    out = sys.stdout.buffer
    written = 0
    with httpx.Client(headers=HEADERS, timeout=60) as http:
        url = first_url
        while url and written < limit:
            response = http.get(url)
            response.raise_for_status()
            data = orjson.loads(response.content)
            items = data["components"][:limit - written]
            out.write(b"".join([orjson.dumps(x, option=orjson.OPT_APPEND_NEWLINE)
                                for x in items]))
            written += len(items)
            url = ((data.get("_links") or {}).get("next") or {}).get("href")
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
