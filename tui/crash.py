"""When the terminal app dies on an unexpected error: exit 1, say so in words, keep a log.

Textual prints a traceback (with local variables) when an exception ends an app. Here it
goes to a buffer instead of the terminal, then, with every known secret masked, to
``crash.log`` in the log directory; the terminal gets one line that says what happened and
where the log is.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console

from tui import __version__, locations
from tui.core.redact import mask_secrets
from tui.widgets.text import clean

if TYPE_CHECKING:
    from textual.app import App

    from tui.config import Settings

EXIT_CRASHED = 1
LOG_NAME = "crash.log"
#: A report is one traceback; a huge exception message is cut to keep the log small.
MAX_REPORT_CHARS = 1_000_000
#: Compiled when first used (re keeps it): not at every start.
_EXCEPTION_LINE = r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Failure)\b.*"


def capture_errors(app: App[Any]) -> io.StringIO:
    """Send Textual's report of an unhandled exception to a buffer, not the terminal."""
    buffer = io.StringIO()
    app.error_console = Console(file=buffer, width=120, color_system=None, markup=False,
                                highlight=False)
    return buffer


def run_app(make_app: Callable[[], App[Any]], settings: Settings) -> int:
    """Build and run the terminal app; 0 when it ends normally, else a crash report and 1."""
    try:
        app = make_app()
        buffer = capture_errors(app)
        app.run()
    except Exception:  # outside Textual's own handling (e.g. while building the app)
        return report_crash(traceback.format_exc(), settings)
    if not app.return_code:
        return 0
    if not buffer.getvalue().strip():  # an exit chosen by the app (a stop signal), no crash
        return app.return_code
    return report_crash(buffer.getvalue(), settings, app.return_code)


def report_crash(report: str, settings: Settings, code: int = EXIT_CRASHED) -> int:
    """Write the log, print one line in words on stderr, return the exit status (never 0)."""
    summary = _summary(report)
    try:
        where = f"The details are in {write_log(report, settings)}"
    except OSError as exc:
        where = f"No log was written ({exc.strerror or exc})"
    print(f"itwin-tui stopped on an unexpected error ({summary}). This is a bug. {where}.",
          file=sys.stderr)
    return code or EXIT_CRASHED


def write_log(report: str, settings: Settings) -> Path:
    """``crash.log`` (owner-only, replaced by each crash) with the masked report."""
    path = locations.ensure_private_dir(locations.log_dir()) / LOG_NAME
    import textual

    header = (f"itwin-tui {__version__} stopped on an unexpected error at "
              f"{datetime.now(UTC).isoformat(timespec='seconds')}\n"
              f"Python {sys.version.split()[0]}, Textual {textual.__version__}, {sys.platform}\n"
              f"Command: itwin-tui {' '.join(sys.argv[1:])}\n\n")
    text = mask_secrets(header + report[:MAX_REPORT_CHARS], known_secrets(settings))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as log:
        log.write(text)
    return path


def known_secrets(settings: Settings) -> list[str]:
    """Every secret this run may hold (access tokens are JWTs, masked on sight as well)."""
    found = [s for s in (settings.token, settings.client_secret) if s]
    if settings.token_file is not None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            found.append(settings.token_file.read_text(encoding="utf-8").strip())
    try:
        from tui.core.secrets import load_signin, stores

        signin = load_signin(stores(settings.credentials_file, settings.keyring_account))
    except Exception:  # a store that cannot be read now holds nothing to mask
        signin = None
    if signin is not None:
        found.append(signin[0].refresh_token)
    return found


def _summary(report: str) -> str:
    """The exception's own line (``AttributeError: …``), from the end of the report."""
    for line in reversed(report.strip().splitlines()):
        if re.match(_EXCEPTION_LINE, line.strip()):
            text = clean(line.strip())
            return text if len(text) <= 200 else text[:199] + "…"
    return "see the log"
