"""``itwin-tui completion bash|zsh|fish``: a completion script generated from the parser."""

from __future__ import annotations

import argparse
import sys


def print_completion(parser: argparse.ArgumentParser, shell: str) -> int:
    """Write the completion script for ``shell`` on stdout (shtab reads the whole parser, so
    new commands and options complete without editing a script by hand)."""
    import shtab

    from tui.commands.output import silence_stdout

    try:
        sys.stdout.write(shtab.complete(parser, shell=shell))
        sys.stdout.flush()
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        silence_stdout()
    return 0
