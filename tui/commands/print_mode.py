"""Print mode: a listing or an item as jsonl, json, csv or a table, on stdout or in a file.

Data goes to stdout (or ``-o FILE``) and nothing else does; messages and the progress line
go to stderr. Rows are written as pages arrive. Exit codes: 0 done (also when the reader of
a pipe stops early, as ``| head`` does), 1 API, network or disk failure, 2 usage, 130 Ctrl+C,
143 SIGTERM (129 SIGHUP).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands.analytics import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE
from tui.commands.listings import Listing, UsageError, check_args, listing_for
from tui.commands.output import FileOutput, Output, Progress, silence_stdout
from tui.commands.print_args import EXTENSIONS, ITEM_COMMANDS, stdout_is_terminal
from tui.core.client import MAX_PAGE_SIZE
from tui.core.errors import ApiError, ErrorKind

if TYPE_CHECKING:
    from tui.commands.formats import Writer
    from tui.config import Settings

PROG = "itwin-tui"
#: Print mode holds no rows (each page is written and dropped): no row limit but --limit.
ALL_ROWS = sys.maxsize


@dataclass(frozen=True)
class PrintRequest:
    """What to print and how, checked before anything is sent."""

    format: str
    output: Path | None  # None: stdout
    fields: tuple[str, ...] | None
    limit: int | None
    single: bool  # one item by id

    @property
    def page_size(self) -> int:
        return min(self.limit or MAX_PAGE_SIZE, MAX_PAGE_SIZE)


def request_from_args(args: argparse.Namespace, settings: Settings, *,
                      stdout_is_terminal: bool) -> PrintRequest:
    """The print request of ``args``, or :class:`UsageError` saying what is wrong."""
    check_args(args)
    if args.offline and (settings.no_cache or settings.demo):
        raise UsageError("--offline reads the response cache, which "
                         + ("--no-cache turns off" if settings.no_cache else "demo mode has not"))
    single = args.command in ITEM_COMMANDS or bool(getattr(args, "item", False))
    output = None if args.output in (None, "-") else Path(args.output).expanduser()
    if output is not None and output.is_dir():
        raise UsageError(f"-o {args.output} is a directory; give a file name")
    fmt = args.format or _format_for(output, single, stdout_is_terminal)
    return PrintRequest(fmt, output, _fields(args.fields), args.limit, single)


def _format_for(output: Path | None, single: bool, stdout_is_terminal: bool) -> str:
    """Without ``--format``: from ``-o``'s extension, else json for an item, else a table
    for a person at a terminal and JSON Lines for a pipe."""
    if output is None:
        return "json" if single else ("table" if stdout_is_terminal else "jsonl")
    fmt = EXTENSIONS.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(f"cannot tell the format from {output.name!r}: use --format, or a "
                         f"file name ending in {', '.join(EXTENSIONS)}")
    return fmt


def _fields(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    fields = tuple(f.strip() for f in text.split(",") if f.strip())
    if not fields:
        raise UsageError("--fields names no field")
    return fields


def run_print_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print what ``args`` asks for; the exit code."""
    try:
        request = request_from_args(args, settings, stdout_is_terminal=stdout_is_terminal())
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    run = PrintRun(args, settings, request)
    try:
        with _terminate_on_hangup():
            run.open()
            asyncio.run(run.main())
            run.output.commit()
    except BaseException as exc:
        run.output.discard()
        return run.failed(exc)
    finally:
        run.progress.clear()
    return 0


class PrintRun:
    """One print-mode run: fetch, write batch by batch, report progress."""

    def __init__(self, args: argparse.Namespace, settings: Settings, request: PrintRequest
                 ) -> None:
        self.args = args
        self.settings = settings
        self.request = request
        self.output = Output()  # until :meth:`open` makes the file
        self.progress = Progress(enabled=False)
        self.listing: Listing | None = None
        self._head = b""
        self.pages = 0
        self.rows = 0

    def open(self) -> None:
        """Create the ``-o`` temp file (before any request: a bad path fails fast)."""
        if self.request.output is not None:
            self.output = FileOutput(self.request.output)
            self.output.open()
        self.progress = Progress.for_output(self.output)

    async def main(self) -> None:
        from tui.services import build_client

        # Online: always ask the API (a script wants today's data, not a copy up to a week
        # old) and keep the answers for --offline, which reads only the cache.
        mode = "only" if self.args.offline else "store"
        async with build_client(self.settings, cache_mode=mode) as client:
            if client.cache is not None:  # read-only, or readable by others: as the app says
                for warning in client.cache.warnings():
                    print(f"{PROG}: {warning}", file=sys.stderr)
            listing = self.listing = listing_for(self.args, client, self.request.page_size,
                                                 self.request.limit or ALL_ROWS)
            writer = self._writer(listing)
            self._head = writer.begin()  # written with the first rows: no header, then an error
            if listing.item is not None:
                await self._write_item(listing, writer)
            elif listing.pager is not None:
                await self._write_pages(listing, writer)
            self._write(writer.end())

    def _write(self, data: bytes) -> None:
        self.output.write(self._head + data if self._head else data)
        self._head = b""

    def _writer(self, listing: Listing) -> Writer:
        from tui.commands.formats import make_writer
        from tui.commands.table import terminal_width

        request = self.request
        width = terminal_width() if request.format == "table" else 0
        return make_writer(request.format, request.fields, listing.fields,
                           single=request.single, width=width)

    async def _write_item(self, listing: Listing, writer: Writer) -> None:
        assert listing.item is not None
        item = await listing.item()
        self._write(writer.rows([item]))
        self.rows = 1

    async def _write_pages(self, listing: Listing, writer: Writer) -> None:
        """Every page as it arrives; the pager stops at ``--limit`` rows (its ``max_items``)."""
        assert listing.pager is not None
        async with contextlib.aclosing(listing.pager.pages()) as pages:
            async for page in pages:
                self._write(writer.rows(page.items))
                self.output.flush()
                self.pages += 1
                self.rows += len(page.items)
                self.progress.update(self.pages, self.rows)

    def describe(self, err: ApiError) -> str:
        """The error in words, saying what was missing offline and what was written."""
        what = self.listing.what if self.listing is not None else "the request"
        if err.kind is ErrorKind.OFFLINE and self.args.offline:
            where = (f"page {self.pages + 1} of the {what}" if self.listing is not None
                     and self.listing.pager is not None else f"the {what}")
            text = (f"offline: {where} is not in the cache ({err.url}). Run the same "
                    "command online once to cache it.")
        else:
            text = err.human()
        return text

    def failed(self, exc: BaseException) -> int:
        """Say why the run stopped; its exit code. Never a traceback."""
        if isinstance(exc, BrokenPipeError):  # the reader stopped early (`| head`): done
            silence_stdout()
            return 0
        if isinstance(exc, KeyboardInterrupt):
            return self.fail("interrupted", EXIT_INTERRUPTED)
        if isinstance(exc, _Terminated):
            return self.fail("terminated", exc.code)
        if isinstance(exc, ApiError):
            return self.fail(self.describe(exc), EXIT_FAILED)
        if isinstance(exc, OSError):  # writing to stdout failed (disk full behind `>`…)
            return self.fail(f"could not write the output: {exc.strerror or exc}", EXIT_FAILED)
        if isinstance(exc, Exception):
            return self.fail(f"unexpected error: {type(exc).__name__}: {exc}", EXIT_FAILED)
        raise exc  # SystemExit and the like: not ours to swallow

    def fail(self, message: str, code: int) -> int:
        self.progress.clear()
        if self.request.output is not None:
            message += f"\n{self.request.output} was not written."
        elif self.rows:
            noun = "row was" if self.rows == 1 else "rows were"
            message += f"\n{self.rows:,} {noun} written before this."
        return _fail(message, code)


def _fail(message: str, code: int) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return code


class _Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl+C, so a ``-o`` temp file is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.code = 128 + signum


def _raise_terminated(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


@contextlib.contextmanager
def _terminate_on_hangup() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`_Terminated` while print mode runs."""
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {}
    for name in names:
        signum = getattr(signal, name)
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
