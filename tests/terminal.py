"""Running a command with a real terminal (a pseudo-terminal) on stdout and/or stderr."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time


def run_on_a_terminal(argv: list[str], env: dict[str, str], *, stdout_too: bool = True,
                      timeout: float = 60) -> tuple[int, str, str]:
    """Run ``argv`` with stderr (and stdout unless ``stdout_too`` is false) on a terminal;
    ``(status, what the terminal showed, stdout when piped)``."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave if stdout_too else subprocess.PIPE,
                            stderr=slave, env=env, close_fds=True)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    piped = proc.stdout.read().decode() if proc.stdout is not None else ""
    return proc.wait(timeout=10), shown.decode("utf-8", "replace"), piped
