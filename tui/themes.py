"""The app's colour themes: a dark navy one in the spirit of Bentley's brand blue (the default)
and a light one. Both are registered next to Textual's built-in themes, so the palette's
"Theme" command offers all of them."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace

from textual.theme import Theme

ITWIN_DARK = Theme(
    name="itwin-dark",
    primary="#0072CE",
    secondary="#3D9BE9",
    accent="#F5A623",
    warning="#F5A623",
    error="#F0555D",
    success="#5DBB63",
    foreground="#DCE6F0",
    background="#0A1520",
    surface="#0F1F2F",
    panel="#173049",
    dark=True,
    variables={
        "footer-key-foreground": "#5CB2F5",
        "block-cursor-background": "#0072CE",
        "input-selection-background": "#0072CE 40%",
        "divider": "#3B516D",  # the line between the list and the detail pane
    },
)

ITWIN_LIGHT = Theme(
    name="itwin-light",
    primary="#0062B8",
    secondary="#0072CE",
    accent="#B25C00",
    warning="#A85D00",
    error="#C0282F",
    success="#2B7A32",
    foreground="#15222F",
    background="#F2F5F9",
    surface="#FFFFFF",
    panel="#DAE4EF",
    dark=False,
    variables={
        "footer-key-foreground": "#0062B8",
        "block-cursor-background": "#0062B8",
        "input-selection-background": "#0072CE 30%",
        # Placeholders: Textual's 38% grey (#9E9E9E) became white on white in 16 colours.
        "text-disabled": "#6E7781",
        # Textual's lightened panel was white on the white pane (and in 16 colours, and in
        # NO_COLOR's greys): a grey-blue that stays grey.
        "divider": "#6E7781",
    },
)

THEMES: tuple[Theme, ...] = (ITWIN_DARK, ITWIN_LIGHT)

#: The app's own theme variables, for the themes that do not set them (Textual's).
VARIABLE_DEFAULTS = {"divider": "#808080"}

#: In a 16-colour terminal every colour becomes the nearest of 16 (Rich's match): the brand
#: blues turn cyan, on which white text fades (2:1 in xterm's colours), and amber turns
#: yellow, which fades on white. There the themes use blues that stay blue (4) and, on the
#: light one, a red-brown accent (1). The current tab's words (``text-primary`` on
#: ``primary-muted``) were grey on grey there: white on blue, blue on light grey.
SIXTEEN_COLOURS: dict[str, dict[str, str]] = {
    ITWIN_DARK.name: {"primary": "#004EA4", "block-cursor-background": "#004EA4",
                      "text-primary": "#FFFFFF", "primary-muted": "#004EA4"},
    ITWIN_LIGHT.name: {"primary": "#004EA4", "block-cursor-background": "#004EA4",
                       "footer-key-foreground": "#004EA4", "accent": "#A02800",
                       "warning": "#A02800", "text-primary": "#004EA4"},
}
_FIELDS = {"primary", "accent", "warning"}  # Theme fields; the rest are variables


def themes_for(color_system: str | None) -> tuple[Theme, ...]:
    """The app's themes as registered for a terminal's colour system (Rich's name)."""
    if color_system != "standard":
        return THEMES
    out = []
    for theme in THEMES:
        changes = SIXTEEN_COLOURS.get(theme.name, {})
        fields = {k: v for k, v in changes.items() if k in _FIELDS}
        variables = {k: v for k, v in changes.items() if k not in _FIELDS}
        out.append(replace(theme, **fields, variables={**theme.variables, **variables}))
    return tuple(out)
DEFAULT_THEME = ITWIN_DARK.name
#: Short names accepted by ``--theme``.
ALIASES = {"dark": ITWIN_DARK.name, "light": ITWIN_LIGHT.name}


def start_theme(requested: str | None, available: Container[str]) -> tuple[str, str | None]:
    """The theme to start with, and a warning when ``requested`` is unknown.

    ``requested`` is the setting (``--theme``, the profile's or the file's ``theme``, where
    the palette's choice is saved); else :data:`DEFAULT_THEME`.
    """
    if not requested:
        return DEFAULT_THEME, None
    name = ALIASES.get(requested.strip().lower(), requested.strip())
    if name in available:
        return name, None
    return DEFAULT_THEME, (f"Unknown theme {requested!r}; try {ITWIN_DARK.name}, "
                           f"{ITWIN_LIGHT.name} or the palette's Theme command (ctrl+p).")
