"""Shared by the print-mode tests: a signed-in environment and the real CLI against the fake."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.fake import DEMO_TOKEN


@pytest.fixture(autouse=True)
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)


def run(server, capsysbinary, *args: str) -> tuple[int, bytes, str]:
    """``itwin-tui --base-url <fake> ARGS``: exit code, stdout bytes, stderr text."""
    code = main(["--base-url", server.base_url, *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()
