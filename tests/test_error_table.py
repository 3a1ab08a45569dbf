"""The one error table (``tui.core.errors``): every kind has its words and a ``retryable``
flag, the core names no key, and print mode and the analytics download speak from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.errors import (
    ANALYTICS,
    ERRORS,
    FOR_OPERATION,
    FORBIDDEN_HELP,
    ApiError,
    ErrorKind,
    error_from_response,
)
from tui.fake import DEMO_TOKEN

CORE = Path(__file__).resolve().parents[1] / "tui" / "core"
#: "press r", "Press Enter": a key is the UI's to name (it may be rebound).
KEY_WORDS = re.compile(r"\bpress\s+\S+", re.IGNORECASE)
TRANSIENT = {ErrorKind.SERVER, ErrorKind.RATE_LIMITED, ErrorKind.TIMEOUT, ErrorKind.CONNECTION,
             ErrorKind.OFFLINE, ErrorKind.HTTP, ErrorKind.BAD_RESPONSE}


def test_every_kind_has_an_entry_and_only_transient_ones_are_retryable() -> None:
    assert set(ERRORS) == set(ErrorKind)
    assert {kind for kind, text in ERRORS.items() if text.retryable} == TRANSIENT
    for kind in ErrorKind:
        assert ApiError(kind, "x").retryable is (kind in TRANSIENT)


def test_no_text_of_the_core_names_a_key() -> None:
    texts = [t for entry in (*ERRORS.values(), *FOR_OPERATION.values())
             for t in (entry.hint, entry.lead) if t]
    assert texts and not [t for t in texts if KEY_WORDS.search(t)]
    for path in sorted(CORE.glob("*.py")):
        found = KEY_WORDS.findall(path.read_text(encoding="utf-8"))
        assert found == [], f"{path.name}: {found}"


def test_the_analytics_download_has_its_own_words_for_403_and_422() -> None:
    forbidden = error_from_response(403, b'{"error": {"code": "InsufficientPermissions", '
                                    b'"message": "Not allowed."}}').during(ANALYTICS)
    assert forbidden.human() == ("Permission denied (403 InsufficientPermissions: Not allowed.)."
                                 f"\n{FORBIDDEN_HELP}")
    invalid = error_from_response(422, b'{"error": {"code": "Invalid", "message": "No.", '
                                  b'"details": [{"code": "InvalidValue", "message": "Bad.", '
                                  b'"target": "endDate"}]}}').during(ANALYTICS)
    assert invalid.human() == ("The server rejected endDate (422 Invalid: No.).\n"
                               "  • endDate: Bad.")
    elsewhere = error_from_response(403, b'{"error": {"message": "Not allowed."}}')
    assert elsewhere.human().startswith("403: Not allowed.")
    assert FORBIDDEN_HELP not in elsewhere.human()


def test_print_mode_reports_a_rate_limit_without_naming_a_key(
        server, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    server.api.faults.add(path_prefix="/library/brands", status=429,
                          headers={"Retry-After": "600"})
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)
    code = main(["--base-url", server.base_url, "--no-cache", "brand", "--format", "jsonl"])
    err = capsys.readouterr().err
    assert code == 1 and "rate limit" in err and "Traceback" not in err
    assert not KEY_WORDS.search(err)
