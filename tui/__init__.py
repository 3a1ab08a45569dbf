"""itwin-tui: a keyboard-first terminal browser for the iTwin Platform Library and Export APIs."""

__version__ = "0.1.0"
