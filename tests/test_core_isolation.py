"""The core, the fake, config and services never import Textual (they run without a UI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "tui" / "core"
#: Every module of the core (new ones included by themselves), and the other UI-free parts.
MODULES = (*(f"tui.core.{p.stem}" for p in sorted(CORE.glob("*.py")) if p.stem != "__init__"),
           "tui.fake", "tui.config", "tui.services", "tui.state")


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
