"""Contrast where colours are scarce: a 16-colour terminal (Rich maps each colour to the
nearest of 16, which the terminal paints from its palette, here xterm's) and ``NO_COLOR``
(Textual paints in greys). Every text on the main screens stays readable (3:1 or more)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from rich.color import Color, ColorSystem
from ui_pilot import settle, wait_for

from tui.app import ItwinApp
from tui.config import Settings
from tui.themes import ITWIN_DARK, ITWIN_LIGHT, themes_for

#: xterm's 16 colours (what ``TEXTUAL_COLOR_SYSTEM=standard`` text looks like there).
XTERM = ((0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205),
         (0, 205, 205), (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0),
         (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255))
#: Each screen with what opens its boxes, pickers and panes.
SCENES = (("catalog", ()), ("catalog", ("f",)), ("catalog", ("enter",)), ("brands", ()),
          ("brands", ("enter",)), ("connections", ()))
SCENE_IDS = [f"{screen}{'-' if keys else ''}{'-'.join(keys)}" for screen, keys in SCENES]
THEMES = (ITWIN_DARK.name, ITWIN_LIGHT.name)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def sixteen(color: Color) -> tuple[int, int, int]:
    return XTERM[color.downgrade(ColorSystem.STANDARD).number or 0]


def truecolor(color: Color) -> tuple[int, int, int]:
    triplet = color.get_truecolor()
    return triplet.red, triplet.green, triplet.blue


def faint_texts(app: ItwinApp, paint: Any) -> list[tuple[int, str, float]]:
    """(line, text, contrast) of every text under 3:1 once painted by ``paint``; borders,
    scrollbars and other drawing characters aside."""
    faint = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        for segment in strip:
            text, style = segment.text.strip(), segment.style
            if not text or style is None or all(0x2500 <= ord(c) <= 0x259F for c in text):
                continue
            fg, bg = (style.bgcolor, style.color) if style.reverse else (style.color,
                                                                         style.bgcolor)
            if fg is None or bg is None or fg.is_default or bg.is_default:
                continue
            ratio = contrast(paint(fg), paint(bg))
            if ratio < 3.0:
                faint.append((y, text, round(ratio, 2)))
    return faint


async def _scene(app: ItwinApp, pilot: Any, keys: tuple[str, ...]) -> None:
    await wait_for(pilot, lambda: app.screen.is_mounted, "the screen")
    await settle(pilot, app)
    await pilot.press(*keys)
    await settle(pilot, app)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("screen", "keys"), SCENES, ids=SCENE_IDS)
async def test_text_is_readable_in_16_colours(theme: str, screen: str,
                                              keys: tuple[str, ...]) -> None:
    app = ItwinApp(Settings(demo=True, screen=screen))
    async with app.run_test(size=(80, 24)) as pilot:
        # What the app registers when the terminal has 16 colours, under a name of its own.
        sixteen_theme = next(t for t in themes_for("standard") if t.name == theme)
        app.register_theme(replace(sixteen_theme, name=f"{theme}-16"))
        app.theme = f"{theme}-16"
        await _scene(app, pilot, keys)
        assert faint_texts(app, sixteen) == []


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("screen", "keys"), SCENES, ids=SCENE_IDS)
async def test_text_is_readable_with_no_color(monkeypatch: pytest.MonkeyPatch, theme: str,
                                              screen: str, keys: tuple[str, ...]) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ItwinApp(Settings(demo=True, screen=screen, theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await _scene(app, pilot, keys)
        assert app.no_color
        assert faint_texts(app, truecolor) == []


def _divider_and_tab(app: ItwinApp, paint: Any) -> tuple[float, float]:
    """The contrast of the list/detail divider with the pane under it, and of the current
    tab's words with its background."""
    strips = app.screen._compositor.render_strips()
    y = app.screen.query_one("#detail").region.y
    rule = next(s for s in strips[y] if s.text.strip() and s.style is not None)
    current = next(s for s in strips[0] if s.text.strip().startswith("1 "))
    ratios = []
    for segment in (rule, current):
        style = segment.style
        fg, bg = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
        ratios.append(round(contrast(paint(fg), paint(bg)), 2))
    return ratios[0], ratios[1]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("colours", ["16", "NO_COLOR", "true"])
async def test_the_divider_and_the_current_tab_stand_out(monkeypatch: pytest.MonkeyPatch,
                                                         theme: str, colours: str) -> None:
    """The list/detail divider was white on white (light theme), the current tab grey on
    grey (light theme, 16 colours)."""
    if colours == "NO_COLOR":
        monkeypatch.setenv("NO_COLOR", "1")
    app = ItwinApp(Settings(demo=True, screen="catalog", theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        paint = truecolor
        if colours == "16":
            sixteen_theme = next(t for t in themes_for("standard") if t.name == theme)
            app.register_theme(replace(sixteen_theme, name=f"{theme}-16"))
            app.theme = f"{theme}-16"
            paint = sixteen
        await _scene(app, pilot, ())
        divider, tab = _divider_and_tab(app, paint)
        assert divider >= 1.5 and tab >= 4.5, (divider, tab)


@pytest.mark.parametrize("theme", ["textual-light", "textual-dark", "nord"])
async def test_textual_themes_draw_the_divider_too(theme: str) -> None:
    """``$divider`` is the app's variable: Textual's themes get a grey one."""
    app = ItwinApp(Settings(demo=True, screen="catalog"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await _scene(app, pilot, ())
        divider, _tab = _divider_and_tab(app, truecolor)
        assert divider >= 1.5


def _tab_looks(app: ItwinApp) -> dict[str, tuple[bool, ...]]:
    """Each tab's label with what its style does besides colour (bold, reverse, underline,
    italic, strike, overline)."""
    looks = {}
    for segment in app.screen._compositor.render_strips()[0]:
        style, words = segment.style, segment.text.strip()
        if style is not None and words[:1].isdigit():
            looks[words] = (bool(style.bold), bool(style.reverse), bool(style.underline),
                            bool(style.italic), bool(style.strike), bool(style.overline))
    return looks


@pytest.mark.parametrize("theme", [*THEMES, "textual-dark", "textual-light", "nord"])
async def test_the_current_tab_stands_out_without_colour(monkeypatch: pytest.MonkeyPatch,
                                                         theme: str) -> None:
    """NO_COLOR paints the tabs in greys, the current one no lighter than the others: it
    needs a cue that is not a colour (QA 2, item 4)."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ItwinApp(Settings(demo=True, screen="brands", theme=theme))
    async with app.run_test(size=(80, 24)) as pilot:
        await _scene(app, pilot, ())
        app.theme = theme
        await settle(pilot, app)
        looks = _tab_looks(app)
        current = looks.pop("2 Brands")
        assert len(looks) == 3 and all(look != current for look in looks.values()), (
            current, looks)
