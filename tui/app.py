"""The Textual application: the screens of ``tui.registry`` as modes, and the dialogs."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import BindingType, Keymap
from textual.reactive import Initialize, Reactive, reactive
from textual.screen import ModalScreen, Screen, SystemModalScreen

from tui import locations
from tui.gcfreeze import freeze_long_lived, release
from tui.keys import bindings, check_keymap, hint, key_commands
from tui.profiles import other_profiles, profile_label, remember_theme
from tui.registry import BY_MODE, DEFAULT, SCREENS, ScreenSpec
from tui.signals import exit_status, on_stop_signals
from tui.state import RecentIds, RunRecentIds
from tui.themes import THEMES, VARIABLE_DEFAULTS, start_theme, themes_for
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from tui.config import Config, Settings
    from tui.config_file import Problem
    from tui.core.client import ItwinClient
    from tui.core.twin_names import TwinNames
    from tui.dialogs.show_charts import ShowCharts

DEMO_SUB_TITLE = "demo data · no account, no network"
#: Config problems shown as notifications at start; ``config check`` lists the rest.
MAX_CONFIG_NOTICES = 5


def _mode_screen(spec: ScreenSpec) -> Callable[[], Screen[None]]:
    """How ``spec``'s screen is built (its module imported when first shown)."""
    return lambda: spec.screen_class()()


#: Each screen's mode (the number keys switch) and how to build it.
MODE_SCREENS: dict[str, Callable[[], Screen[None]]] = {
    spec.mode: _mode_screen(spec) for spec in SCREENS}


#: Styles of the dialogs, loaded with them (``CSS_PATH`` of their screens): every style
#: file the app loads is parsed three times before its first frame.
DIALOG_STYLES = ("analytics.tcss", "charts.tcss", "columns.tcss", "export.tcss", "help.tcss",
                 "picker.tcss", "files.tcss")


def style_files() -> list[Path]:
    """The ``.tcss`` files of the main screens (every shipped one but the dialogs')."""
    return sorted(p for p in locations.styles_dir().glob("*.tcss")
                  if p.name not in DIALOG_STYLES)


class ItwinApp(App[None]):
    """Keyboard-first browser for the iTwin Library and Export APIs."""

    TITLE = "itwin-tui"
    CSS_PATH: ClassVar = style_files()
    #: The app's own copy leaves out the start screen until it is mounted (see ``__init__``).
    MODES: ClassVar = MODE_SCREENS

    BINDINGS: ClassVar[list[BindingType]] = bindings(
        *(f"screen.{spec.mode}" for spec in SCREENS), "analytics", "help", "quit", "palette")

    def _start_theme(self) -> str:
        """Register the app's themes; the theme to start with: ``--theme``, else the
        remembered one (an unknown one is said once mounted)."""
        for theme in THEMES:
            self.register_theme(theme)
        name, self._theme_warning = start_theme(self.settings.theme, self.available_themes)
        return name

    #: The start theme is the reactive's first value, read while ``App.__init__`` sets up
    #: the styles: no watcher runs, so the styles are parsed once, in its colours (setting
    #: ``theme`` in ``__init__`` queued a second parse and a restyle, ~3 % of the start).
    theme: Reactive[str] = Reactive(Initialize(_start_theme))
    _theme_ready = False  # True once the start theme is applied: later changes are remembered
    #: The active profile's name in the top bar, where the config file has profiles.
    profile_label: reactive[str] = reactive("")

    def __init__(self, settings: Settings, client: ItwinClient | None = None, *,
                 config: Config | None = None, problems: Iterable[Problem] = ()) -> None:
        start = settings.screen if settings.screen in MODE_SCREENS else DEFAULT.mode
        # The start screen is Textual's *default* screen, and becomes a mode once mounted:
        # the app's compose awaits the mounting of a mode's screen inside its update batch,
        # so that screen's first frame was rendered, thrown away, and the rows painted a
        # frame-timer tick later. Kept (issue 14) over the App's normal modes, both tried:
        # MODES and DEFAULT_MODE = "catalog" as class attributes (1.55-1.59x a bare Textual
        # app), or a blank default screen and switch_mode(start) in on_mount, which masks
        # the change with delay_update(0.05) (1.50-1.63x), against 1.20-1.34x with this:
        # python tests/benchmarks/bench_perf.py --only start (3 rounds each, 2 CPUs).
        self.DEFAULT_MODE = start  # read by App.__init__
        self.MODES = {m: screen for m, screen in MODE_SCREENS.items() if m != start}
        self.settings = settings  # read by App.__init__ for the start theme
        super().__init__()
        #: The config file and this run's command line (profiles are resolved from it).
        self.config = config
        self._problems = [(str(p), p.error) for p in problems]
        self.set_reactive(ItwinApp.profile_label, profile_label(config, settings.profile))
        self._owns_client = client is None
        if client is None:
            from tui.services import build_client

            client = build_client(settings)
        self.client = client
        self.recent = RunRecentIds() if settings.demo else RecentIds(settings.recent_file)
        #: The keymap given to :meth:`set_keymap` (binding id → keys), read by ``tui.keys``.
        self.keymap: dict[str, str] = {}
        if config is not None:
            keymap, key_problems = check_keymap(config.file.keys)
            self.set_keymap(keymap)
            self._problems += [(f"{config.file.path.name}: [keys] {binding_id}: {text}",
                                not text.startswith("no binding"))
                               for binding_id, text in key_problems]
        #: Deep links waiting for their screen to mount, by mode: the command line's first.
        self._links: dict[str, dict[str, Any]] = {start: BY_MODE[start].link(settings)
                                                   } if start in BY_MODE else {}
        self._identify()

    @property
    def names(self) -> TwinNames:
        """Names of projects and iModels by id, over the client in use (a profile switch
        starts afresh)."""
        from tui.core.twin_names import TwinNames

        names: TwinNames | None = getattr(self, "_names", None)
        if names is None or names.client is not self.client:
            names = self._names = TwinNames(self.client)
        return names

    def _identify(self) -> None:
        """Who is signed in where (the top bar), and whether anyone is."""
        self._host = urlsplit(self.client.base_url).netloc or self.client.base_url
        self.refresh_identity()
        self.signed_out = (not self.settings.demo and not self.settings.token
                           and "not signed in" in self.sub_title.lower())

    def refresh_identity(self) -> None:
        """``<who is signed in, until when> · <host>``; tokens refresh, so this is re-read."""
        if self.settings.demo:
            self.sub_title = DEMO_SUB_TITLE
        else:
            self.sub_title = f"{self.client.auth.describe()} · {self._host}"

    def get_default_screen(self) -> Screen[None]:
        return MODE_SCREENS[self.DEFAULT_MODE]()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The app's own theme variables (``$divider``) for Textual's themes too."""
        return {**super().get_theme_variable_defaults(), **VARIABLE_DEFAULTS}

    def on_mount(self) -> None:
        self.add_mode(self.DEFAULT_MODE, MODE_SCREENS[self.DEFAULT_MODE])  # 1/2/3 come back
        self._theme_ready = True
        if not self.is_headless and self.console.color_system == "standard":
            # Painted in 16 colours (known once running: tests and screenshots are headless)
            for theme in themes_for("standard"):
                self.register_theme(theme)
            self.refresh_css(animate=False)
        if self._theme_warning:
            notify_plain(self, self._theme_warning, title="Theme", severity="warning")
        self._report_config()
        self.set_interval(20, self.refresh_identity)
        on_stop_signals(self._stop)
        if self.settings.screen == "analytics":
            self.call_after_refresh(self.action_analytics)
        # Once the first screen is up, its objects stop costing full GC passes (stalls).
        self.call_after_refresh(freeze_long_lived)
        self.call_after_refresh(self._warn_about_cache)

    def _report_config(self) -> None:
        """Say what is wrong in the config file (or the environment), one line each: the
        app started without it."""
        for text, error in self._problems[:MAX_CONFIG_NOTICES]:
            title = "Environment" if text.startswith("$") else "Config file"  # "$VAR: …"
            notify_plain(self, text, title=title, timeout=12,
                         severity="error" if error else "warning")
        more = len(self._problems) - MAX_CONFIG_NOTICES
        if more > 0:
            notify_plain(self, f"{more} more; itwin-tui config check lists them all.",
                         title="Config file", severity="warning", timeout=12)

    def _warn_about_cache(self) -> None:
        """Say once if the disk cache is read-only or readable by other users."""
        if self.client.cache is not None:
            for warning in self.client.cache.warnings():
                notify_plain(self, warning, title="Cache", severity="warning")

    def _stop(self, signum: int) -> None:
        """SIGTERM/SIGHUP: exit as ``q`` does, so a download in progress removes its temp
        file, with the status a shell expects of a process that signal stopped."""
        self.exit(return_code=exit_status(signum))

    def watch_theme(self, name: str) -> None:
        """Remember a theme picked while running (the palette) for the next start: in the
        active profile's table when it sets one, else at the top of the config file."""
        if not self._theme_ready:
            return
        self.settings.theme = name
        warning = remember_theme(self.config, self.settings.profile, name)
        if warning:
            notify_plain(self, warning, title="Theme", severity="warning")

    async def on_unmount(self) -> None:
        release()
        if self._owns_client:
            await self.client.aclose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No screen switching or analytics from inside a dialog (the command palette, a
        system dialog, offers them)."""
        screen = self.screen
        in_dialog = isinstance(screen, ModalScreen) and not isinstance(screen, SystemModalScreen)
        return not (in_dialog and action in ("switch_mode", "analytics"))

    # -- actions ------------------------------------------------------------------------------

    def action_analytics(self) -> None:
        """Open the analytics CSV download dialog (another feature; optional at run time)."""
        try:
            from tui.dialogs.analytics import AnalyticsDialog
        except ImportError:
            notify_plain(self, "The analytics download dialog is not available in this build.",
                         title="Analytics", severity="warning")
            return
        self.push_screen(AnalyticsDialog(self.client, self.settings.download_dir,
                                         dir_chosen=self.download_dir_chosen))

    @property
    def download_dir_chosen(self) -> bool:
        """Whether the download folder was named (``--download-dir`` or the config file):
        under ``serve``, downloads then also stay on the server."""
        return self.settings.download_dir != locations.download_dir()

    @on(events.DeliveryFailed)
    def _delivery_failed(self, event: events.DeliveryFailed) -> None:
        """Under ``serve``: the browser did not get the analytics CSV, an export or a
        component's file (it says so)."""
        from tui.dialogs.analytics import DELIVERY_NAME
        from tui.dialogs.export import DELIVERY_NAME as EXPORT_DELIVERY
        from tui.dialogs.save_file import DELIVERY_NAME as FILE_DELIVERY

        failed = {DELIVERY_NAME: ("The CSV", "Analytics"),
                  EXPORT_DELIVERY: ("The export", "Export"),
                  FILE_DELIVERY: ("The file", "Files")}.get(event.name or "")
        if failed is not None:
            notify_plain(self, f"{failed[0]} could not be sent to your browser; try again.",
                         title=failed[1], severity="error")

    def on_show_charts(self, message: ShowCharts) -> None:
        """The analytics dialog saved a file (or c asked): its charts (esc goes back)."""
        from tui.dialogs.charts import ChartsScreen

        self.push_screen(ChartsScreen(message.path, summary=message.summary))

    def action_saved_files(self) -> None:
        """The saved analytics CSV files, newest first, to chart any of them."""
        from tui.dialogs.saved_files import SavedFilesScreen

        self.push_screen(SavedFilesScreen(self.settings.download_dir,
                                          dir_chosen=self.download_dir_chosen))

    def action_help(self) -> None:
        from tui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    @work(exclusive=True, group="cache", exit_on_error=False)
    async def cache_command(self, what: str) -> None:
        """``info`` or ``clear`` the disk cache (as ``itwin-tui cache …`` does), off the UI."""
        from tui.core.cache import CacheError

        cache = self.client.cache
        if cache is None:
            notify_plain(self, "The disk cache is off (demo mode or --no-cache).", title="Cache")
            return
        try:
            if what == "clear":
                removed = await asyncio.to_thread(cache.clear)
                text = f"Cleared the response cache ({removed} entries removed)."
            else:
                text = "\n".join((await asyncio.to_thread(cache.info)).lines())
        except CacheError as exc:
            notify_plain(self, str(exc), title="Cache", severity="error")
            return
        notify_plain(self, text, title="Cache")

    # -- screens and keys -----------------------------------------------------------------

    def open_screen(self, mode: str, **link: Any) -> None:
        """Switch to ``mode``'s screen and have it follow ``link`` (deep-link settings of
        its :class:`~tui.registry.ScreenSpec`, e.g. ``catalogs="…"``)."""
        self._links[mode] = link
        self.switch_mode(mode)
        screen = self.screen
        if screen.is_mounted:  # it was open before: it follows the link now
            screen.follow_link(self.take_link(mode))  # type: ignore[attr-defined]

    def take_link(self, mode: str) -> dict[str, Any]:
        """The deep link waiting for ``mode``'s screen (once), or ``{}``."""
        return self._links.pop(mode, {})

    def set_keymap(self, keymap: Keymap) -> None:
        """Rebind keys by binding id (see ``tui.keys``); every hint follows."""
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        self.keymap = {**self.keymap, **keymap}
        super().update_keymap(keymap)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for spec in SCREENS:
            summary = spec.summary[:1].upper() + spec.summary[1:]
            yield SystemCommand(f"Go to {spec.long_title}",
                                f"{summary} {hint(self, f'screen.{spec.mode}')}",
                                partial(self.switch_mode, spec.mode))
        yield from key_commands(screen)
        for name in other_profiles(self.config, self.settings.profile):
            yield SystemCommand(f"Profile: {name}", f"Switch to profile {name}: its API, "
                                "sign-in, cache and recent ids", partial(self.switch_profile,
                                                                         name))
        yield SystemCommand("Analytics: charts of a saved file",
                            "The CSV files in the download folder, newest first; charts of "
                            "the one picked", self.action_saved_files)
        yield SystemCommand("Cache: info", "Where the response cache is and how big",
                            lambda: self.cache_command("info"))
        yield SystemCommand("Cache: clear", "Delete every cached response",
                            lambda: self.cache_command("clear"))
        yield from super().get_system_commands(screen)

    # -- profiles -----------------------------------------------------------------------

    @work(exclusive=True, group="profile", exit_on_error=False)
    async def switch_profile(self, name: str) -> None:
        """Use profile ``name`` now (the config file read again): a new client, its recent
        ids and theme, every screen built afresh on it; the old client is closed."""
        from tui.config import ProfileError
        from tui.profiles import reload
        from tui.services import build_client

        assert self.config is not None  # the palette offers profiles only with a config
        try:
            config, resolved = reload(self.config, name)
        except ProfileError as exc:
            notify_plain(self, str(exc), title="Profile", severity="error")
            return
        old, owned = self.client, self._owns_client
        self.config, self.settings = config, resolved.settings
        self.client, self._owns_client = build_client(self.settings), True
        self.recent = RunRecentIds() if self.settings.demo else RecentIds(
            self.settings.recent_file)
        self._identify()
        self.profile_label = profile_label(config, name)
        self._theme_ready = False  # the theme the profile starts with: nothing to remember
        self.theme, _ = start_theme(self.settings.theme, self.available_themes)
        self._theme_ready = True
        await self._rebuild_screens(name)
        if owned:
            await old.aclose()
        notify_plain(self, f"Profile {name}: {self.sub_title}", title="Profile")

    async def _rebuild_screens(self, profile: str) -> None:
        """Every screen anew (they read the app's client when they load), on the mode shown
        now; dialogs over it are closed. A mode's first screen cannot be replaced in place,
        so a plain one holds the fort meanwhile."""
        from tui.screens.switching import SWITCHING, SwitchingScreen

        current = self.current_mode
        self.add_mode(SWITCHING, partial(SwitchingScreen, profile))
        await self.switch_mode(SWITCHING)
        for mode, make in MODE_SCREENS.items():
            await self.remove_mode(mode)
            self.add_mode(mode, make)
        await self.switch_mode(current)
        await self.remove_mode(SWITCHING)
