"""The screens of the app, as data: one :class:`ScreenSpec` each.

Read by the app (modes, number keys, the palette's *Go to*), the top bar (tabs), the help
and the command line (a sub-command per screen, with its deep-link arguments). Imports no
screen module and nothing of Textual: a screen's module is imported when first shown.
Another screen is one entry here and its module.
"""

from importlib import import_module
from typing import Any, NamedTuple


class Arg(NamedTuple):
    """A deep-link argument of a screen's sub-command; it sets the Settings field of its
    name (``--project-id`` → ``project_id``)."""

    name: str  # "--search", or a positional such as "brand_id"
    help: str
    metavar: str | None = None  # None: a flag (store_true)

    @property
    def setting(self) -> str:
        return self.name.lstrip("-").replace("-", "_")


class ScreenSpec(NamedTuple):
    """One screen: its mode, number key, titles, module and command line."""

    mode: str
    key: str  # the number key that switches to it
    title: str  # its tab in the top bar
    long_title: str  # the palette's "Go to …" and the help
    factory: str  # "module:Class", imported when first shown
    command: str  # its sub-command (``itwin-tui brand``)
    command_help: str
    summary: str  # one line for the help and the palette
    args: tuple[Arg, ...] = ()

    def link(self, source: Any) -> dict[str, Any]:
        """The deep-link values ``source`` (Settings, or parsed arguments) holds for this
        screen, by setting name; those not given left out."""
        found = {arg.setting: getattr(source, arg.setting, None) for arg in self.args}
        return {name: value for name, value in found.items() if value not in (None, False, "")}

    def screen_class(self) -> Any:
        """The screen's class (its module imported now)."""
        module, _, name = self.factory.partition(":")
        return getattr(import_module(module), name)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "catalog", "1", "Catalog", "Catalog", "tui.screens.catalog:CatalogScreen", "catalog",
        "open the component catalog (default)",
        "your organisation's components: search by name or hashtag, filters, full or minimal",
        (Arg("--search", "start with this search term", "TEXT"),
         Arg("--project-id", "only this project's components", "ID"),
         Arg("--catalogs", "only these catalogs (comma-separated)", "IDS"),
         Arg("--minimal", "the minimal representation (id and name only)"))),
    ScreenSpec(
        "brands", "2", "Brands", "Brands", "tui.screens.brands:BrandsScreen", "brand",
        "open the brands screen",
        "brands, and a brand's components (searchable)",
        (Arg("brand_id", "open this brand", "BRAND_ID"),)),
    ScreenSpec(
        "connections", "3", "Connections", "Export connections",
        "tui.screens.connections:ConnectionsScreen", "connections", "open export connections",
        "an iModel's export connections; the detail pane adds each one's last run",
        (Arg("imodel_id", "list this iModel's export connections (default: type or pick one)",
             "IMODEL_ID"),)),
    ScreenSpec(
        "catalogs", "4", "Catalogs", "Catalogs", "tui.screens.catalogs:CatalogsScreen",
        "catalogs", "open the list of catalogs",
        "the library's catalogs; pick one to list its components on the catalog screen"),
)

BY_MODE: dict[str, ScreenSpec] = {spec.mode: spec for spec in SCREENS}
BY_COMMAND: dict[str, ScreenSpec] = {spec.command: spec for spec in SCREENS}
DEFAULT = SCREENS[0]


def spec_of(screen_class: type) -> ScreenSpec:
    """The entry of the screen class ``screen_class`` (or of the screen it extends)."""
    for cls in screen_class.__mro__:
        factory = f"{cls.__module__}:{cls.__qualname__}"
        for spec in SCREENS:
            if spec.factory == factory:
                return spec
    raise LookupError(f"{screen_class.__qualname__} is not a screen of tui.registry")
