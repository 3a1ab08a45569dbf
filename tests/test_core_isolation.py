"""The core, the fake, config and services never import Textual (they run without a UI)."""

from __future__ import annotations

import subprocess
import sys

MODULES = ("tui.core.client", "tui.core.paging", "tui.core.models", "tui.core.errors",
           "tui.core.auth", "tui.fake", "tui.config", "tui.services", "tui.state")


def test_core_modules_do_not_import_textual() -> None:
    code = "\n".join([
        "import sys",
        *(f"import {name}" for name in MODULES),
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))",
        "print(','.join(loaded))",
    ])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"textual imported by the core: {done.stdout.strip()}"
