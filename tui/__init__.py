"""itwin-tui: a keyboard-first terminal browser for the iTwin Platform Library and Export APIs."""

from tui.core.version import __version__

__all__ = ["__version__"]
