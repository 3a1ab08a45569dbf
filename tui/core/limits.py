"""Default limits that keep the app responsive and its memory bounded whatever a server
sends; ``tui.config`` reads the settable ones from the environment."""

#: Overall seconds for one request and its whole answer (headers and body), however slowly
#: they trickle in; the per-read timeout alone never ends a server sending a byte a second.
REQUEST_DEADLINE = 60.0
#: Overall seconds for the analytics CSV download (it may be hundreds of megabytes).
DOWNLOAD_DEADLINE = 30 * 60.0
#: Most rows one list holds; paging stops there (a server that ignores ``$top``).
MAX_ROWS = 200_000
#: Empty pages in a row, each with a next link, after which paging stops.
MAX_EMPTY_PAGES = 3
#: Longest search term sent (a paste can be any length; URLs cannot).
MAX_SEARCH_LENGTH = 256
#: Seconds before retrying a 429 that gives no usable ``Retry-After``.
RETRY_BACKOFF = 1.0
