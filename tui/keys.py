"""Every key binding of the app, by id: its default keys, action, hint, help and palette words.

Screens, widgets and dialogs build their ``BINDINGS`` with :func:`bindings`. A keymap
(``App.set_keymap({"refresh": "f5"})``) rebinds by id, and :func:`key_of` gives the key an
id is bound to now: the key bar, the help, the command palette and every "press X" hint
read it, so a rebinding shows everywhere.

A toggle is two bindings on one key that share one id (``toggle-detail``: *Hide details* /
*Show details*; ``toggle-minimal``: *Minimal* / *Full*; ``watch``: *Watch* / *Stop
watching*). The screen's ``check_action`` enables the one that acts now, so the key bar
names what the key will do; rebinding the id moves both.
"""

import unicodedata
from collections.abc import Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.app import SystemCommand
from textual.binding import Binding
from textual.keys import KEY_NAME_REPLACEMENTS, REPLACED_KEYS, Keys, key_to_character

from tui.registry import SCREENS

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen

EVERYWHERE, LISTS, DETAIL, ANALYTICS, EXPORT, CHARTS, PICKER, HELP, COLUMNS, SAVED, WEB_LINK = (
    "Everywhere", "Lists", "Detail pane", "Analytics dialog", "Export dialog", "Charts",
    "Picker dialog", "This help", "Columns chooser", "Saved files", "Web link dialog")


class Key(NamedTuple):
    """One binding id: default keys (Textual names, comma-separated), what it does and the
    words that describe it."""

    keys: str
    action: str
    description: str  # the key bar's hint (and the palette title without ``palette``)
    help: str  # the help dialog's words; rows of one section with equal words are merged
    section: str  # a help section: one of the above, or a screen's mode
    show: bool = True  # in the key bar
    priority: bool = False
    palette: str = ""  # the palette's help line; "" leaves the key out of the palette
    title: str = ""  # the palette title, when not ``description``
    toggle: tuple[str, str] | None = None  # the second binding of a toggle: action, hint
    group: str = ""  # the key bar shows the keys of one group as one hint (``1–5 Presets``)


def _screen_keys() -> dict[str, Key]:
    """The number keys, from the screen registry."""
    every = " / ".join(spec.long_title.lower() for spec in SCREENS)
    return {f"screen.{spec.mode}": Key(spec.key, f"switch_mode('{spec.mode}')", spec.title,
                                       every, EVERYWHERE, show=False)
            for spec in SCREENS}


KEYS: dict[str, Key] = {
    **_screen_keys(),
    "palette": Key("ctrl+p", "command_palette", "palette", "command palette (every action)",
                   EVERYWHERE, show=False, priority=True),
    "analytics": Key("a", "analytics", "Analytics", "analytics: download the components CSV",
                     EVERYWHERE, palette="Download the components-analytics CSV for a date "
                     "range", title="Analytics: download CSV"),
    "help": Key("question_mark", "app.help", "Keys", "this help", EVERYWHERE,
                palette="Show every key binding", title="Keys: help"),
    "quit": Key("q", "quit", "Quit", "quit", EVERYWHERE),
    # a list: the table's own keys
    "cursor-up": Key("up,k", "cursor_up", "Up", "move", LISTS, show=False),
    "cursor-down": Key("down,j", "cursor_down", "Down", "move", LISTS, show=False),
    "first": Key("home,g", "first", "First", "first / last loaded row (more load as you go)",
                 LISTS, show=False),
    "last": Key("end,G", "last", "Last", "first / last loaded row (more load as you go)",
                LISTS, show=False),
    "page-up": Key("pageup", "page_up", "Page up", "a screenful up / down", LISTS, show=False),
    "page-down": Key("pagedown", "page_down", "Page down", "a screenful up / down", LISTS,
                     show=False),
    "open": Key("enter", "select", "Open", "details (brands: the brand's components; catalogs: "
                "the catalog's components)", LISTS, show=False,
                palette="Details of the highlighted row (brands, catalogs: list its components)"),
    # a list: the screen's keys
    # priority: the box has the focus before the keys typed after / are handed out (they
    # would reach the list as its keys); in a box or the JSON view, / is theirs (see
    # BrowserScreen.check_action)
    "search": Key("slash", "focus_search", "Search", "search", LISTS, priority=True,
                  palette="Focus the search box"),
    "refresh": Key("r", "refresh", "Refresh", "refresh, bypassing the cache", LISTS,
                   palette="Reload from the API, bypassing the cache"),
    "copy-id": Key("y", "copy_id", "Copy id", "copy the highlighted id (OSC 52, works over SSH)",
                   LISTS, palette="Copy the highlighted id to the clipboard"),
    "copy-json": Key("Y", "copy_json", "Copy JSON", "copy the highlighted row as the JSON "
                     "object the API sent", LISTS, show=False,
                     palette="Copy the highlighted row as the JSON object the API sent",
                     title="Copy: row as JSON"),
    "copy-curl": Key("C", "copy_curl", "Copy curl", "copy a curl command that fetches the "
                     "highlighted row's page (from the detail pane: its item)", LISTS,
                     show=False, palette="A curl command for the highlighted row's page (in "
                     "the detail pane: for its item); the token stays in $ITWIN_ACCESS_TOKEN",
                     title="Copy: curl command"),
    "sort": Key("s", "sort_next", "Sort", "sort the loaded rows by the next column (after "
                "the last: the API's order again)", LISTS,
                palette="Sort the loaded rows by the next column", title="Sort: next column"),
    "sort-reverse": Key("S", "sort_reverse", "Reverse", "reverse the sort (▲ ascending, "
                        "▼ descending)", LISTS, show=False,
                        palette="Reverse the order of the sorted column",
                        title="Sort: reverse"),
    "columns": Key("c", "choose_columns", "Columns", "show, hide and reorder the columns",
                   LISTS, palette="Show, hide and reorder this list's columns",
                   title="Columns: choose"),
    "toggle-detail": Key("d", "hide_detail", "Hide details", "show / hide the detail pane",
                         LISTS, palette="Show or hide the detail pane",
                         title="Toggle detail pane", toggle=("show_detail", "Show details")),
    "toggle-json": Key("J", "show_json", "JSON", "detail pane: the row's JSON as sent / fields",
                       LISTS,
                       palette="Show the highlighted row's raw JSON in the detail pane, or its "
                       "fields", title="Detail pane: JSON / fields",
                       toggle=("show_fields", "Fields")),
    "export": Key("e", "export", "Export", "export rows: CSV, JSON, JSON Lines; all pages",
                  LISTS, palette="Save the loaded rows, or every page, as CSV, "
                  "JSON or JSON Lines", title="Export rows"),
    "back": Key("escape", "back", "Back", "back: leave a box, close a link in the pane, the "
                "API's order again, clear the search, all brands; close the charts or the "
                "saved files", LISTS, show=False, palette="Leave a box, close a link in the "
                "pane, the API's order again, clear the search, back to all brands"),
    # the detail pane's rows
    "save-file": Key("D", "save_file", "Save file", "save (download) the highlighted file "
                     "into the download folder", DETAIL,
                     palette="Save the highlighted file into the download folder",
                     title="Files: save file"),
    # the detail pane's JSON view
    # priority: the box has the focus before the keys typed after / are handed out (as a
    # binding that bubbles, they would already be on their way to the tree, then the list)
    "json-search": Key("slash", "search", "Search JSON", "JSON view: search", DETAIL,
                       priority=True),
    "json-next": Key("n", "next_match(1)", "Next", "JSON view: next / previous match", DETAIL),
    "json-previous": Key("N", "next_match(-1)", "Previous", "JSON view: next / previous match",
                         DETAIL),
    # the screens' own
    "filters": Key("f", "toggle_filters", "Filters", "projectId / catalogs filters: show and go "
                   "to them", "catalog", palette="Show or hide the projectId / catalogs filters",
                   title="Catalog: filters"),
    "toggle-minimal": Key("m", "minimal", "Minimal", "full or minimal representation",
                          "catalog", palette="Toggle the representation",
                          title="Catalog: full / minimal", toggle=("full", "Full")),
    "brand-id": Key("b", "focus_brand_id", "Brand id", "type a brand id", "brands",
                    palette="Type or paste a brand id", title="Brands: open brand id"),
    "pick-project": Key("p", "pick_project", "Project", "pick the projectId filter from your "
                        "projects (or paste its id)", "catalog",
                        palette="Pick a project for the projectId filter, or paste its id",
                        title="Catalog: pick project"),
    "imodel-id": Key("i", "pick_imodel", "iModel", "pick an iModel from your projects (or paste "
                     "its id)", "connections", palette="Pick an iModel from a project's list, "
                     "or paste its id", title="Connections: pick iModel"),
    "watch": Key("w", "watch", "Watch", "watch: check the connections and their runs on a "
                 "timer, and say when a run ends", "connections",
                 palette="Check the connections and the visible runs on a timer; say when "
                 "a run ends", title="Connections: watch / stop watching",
                 toggle=("stop_watching", "Stop watching")),
    # dialogs
    **{f"preset-{n}": Key(str(n), f"preset({n})", f"Preset {n}", "a preset range", ANALYTICS,
                          group="Presets") for n in range(1, 6)},
    "download": Key("enter", "download", "Download", "download the range's CSV (in a date box "
                    "too)", ANALYTICS),
    "charts": Key("c", "charts", "Charts", "charts of the file just saved (shown at once after "
                  "a download)", ANALYTICS),
    "copy-path": Key("y", "copy_path", "Copy path", "copy the saved file's path", ANALYTICS),
    "saved-files": Key("s", "app.saved_files", "Saved files", "the saved CSV files, newest "
                       "first; enter charts one", ANALYTICS),
    "cancel": Key("escape", "cancel", "Cancel", "cancel a download, or close", ANALYTICS,
                  toggle=("close", "Close")),
    "export-save": Key("enter", "save", "Export", "export (the default button)", EXPORT,
                       show=False),
    "export-csv": Key("c", "choose('csv')", "CSV", "CSV / JSON / JSON Lines", EXPORT,
                      group="Format"),
    "export-json": Key("j", "choose('json')", "JSON", "CSV / JSON / JSON Lines", EXPORT,
                       group="Format"),
    "export-jsonl": Key("l", "choose('jsonl')", "JSON Lines", "CSV / JSON / JSON Lines", EXPORT,
                        group="Format"),
    "export-all": Key("a", "all_pages", "All pages", "all pages: fetch the rest too", EXPORT),
    "export-cancel": Key("escape", "cancel", "Cancel", "cancel the export, or close", EXPORT,
                         toggle=("close", "Close")),
    "picker-up": Key("up", "move(-1)", "Up", "move in the list, also while typing", PICKER,
                     show=False),
    "picker-down": Key("down", "move(1)", "Down", "move in the list, also while typing", PICKER,
                       show=False),
    "picker-page-up": Key("pageup", "move_page(-1)", "Page up", "a screenful up / down",
                          PICKER, show=False),
    "picker-page-down": Key("pagedown", "move_page(1)", "Page down", "a screenful up / down",
                            PICKER, show=False),
    # priority: handled as it arrives, not after the box had it (a key typed next, such as
    # 2 for the brands, would go into the closing picker)
    "picker-back": Key("escape", "back", "Back", "back: from a project's iModels to the "
                       "projects, then close", PICKER, priority=True),
    "next-chart": Key("tab", "next_chart(1)", "Next chart", "the next / previous chart", CHARTS,
                      priority=True),
    "previous-chart": Key("shift+tab", "next_chart(-1)", "Previous chart",
                          "the next / previous chart", CHARTS, show=False, priority=True),
    "chart-1": Key("1", "show_chart('over-time')", "Over time",
                   "over time / top components / breakdown", CHARTS, show=False),
    "chart-2": Key("2", "show_chart('top')", "Top components",
                   "over time / top components / breakdown", CHARTS, show=False),
    "chart-3": Key("3", "show_chart('breakdown')", "Breakdown",
                   "over time / top components / breakdown", CHARTS, show=False),
    "group-by": Key("g", "group_by", "Group by", "breakdown, then group by the next column",
                    CHARTS),
    "time-unit": Key("t", "time_unit", "Day/week/month", "over time, then per day / week / "
                     "month", CHARTS),
    "close": Key("escape,q,question_mark,enter", "dismiss", "Close", "close", HELP),
    # the columns chooser
    # priority: the checklist's own space toggles only once its message is handled, so an
    # enter typed right after would apply the old ticks
    "column-toggle": Key("space,x", "toggle_column", "Show/hide", "show / hide the "
                         "highlighted column", COLUMNS, priority=True),
    "column-up": Key("shift+up,left_square_bracket", "move_column(-1)", "Move up",
                     "move the highlighted column up / down", COLUMNS, group="Move"),
    "column-down": Key("shift+down,right_square_bracket", "move_column(1)", "Move down",
                       "move the highlighted column up / down", COLUMNS, group="Move"),
    "column-apply": Key("enter", "apply", "Apply", "apply (and remember)", COLUMNS,
                        priority=True),  # over the checklist's own enter (a toggle)
    "column-cancel": Key("escape", "cancel", "Cancel", "cancel", COLUMNS),
    # the saved files; priority: over the table's own enter (hidden from the key bar)
    "saved-charts": Key("enter", "charts", "Charts", "the charts of the highlighted file",
                        SAVED, priority=True),
    "open-link": Key("o", "open_link", "Open", "open the link in your browser", WEB_LINK),
    "copy-url": Key("y", "copy_url", "Copy URL", "copy the link's address", WEB_LINK),
    "close-link": Key("escape", "dismiss", "Cancel", "close without opening", WEB_LINK),
}

#: Which hints the key bar keeps when the line is short, most important first (the rest
#: are dropped whole from the end; ids not named here rank after ``back``).
FOOTER_PRIORITY = ("focus", "help", "quit", "back", "picker-back", "cancel", "save-file",
                   "search", "filters", "toggle-minimal", "brand-id", "imodel-id", "watch",
                   "analytics", "refresh", "pick-project", "copy-id", "toggle-detail", "sort",
                   "columns", "export", "toggle-json")


#: The key bar's id for the hints of the focused widget (a button's or a text box's enter).
FOCUS = FOOTER_PRIORITY[0]


def character(key: str) -> str | None:
    """The character a key types (``slash`` → ``/``), or None; Textual's
    ``key_to_character`` misses the names it replaced (``slash``, ``minus``…)."""
    return key_to_character(REPLACED_KEYS.get(key, key))


#: Keys named in words rather than signs (Textual shows enter as ⏎); keys with a modifier
#: stay as they are bound (ctrl+p, not ^p).
WORDS = {"enter": "enter"}


def bindings(*ids: str, show: bool | None = None) -> list[Binding]:
    """The bindings of ``ids`` (a toggle gives two), for a ``BINDINGS`` list; ``show``
    overrides whether the key bar shows them (the detail pane shows its ``back``)."""
    out: list[Binding] = []
    for binding_id in ids:
        key = KEYS[binding_id]
        shown = key.show if show is None else show
        actions = [(key.action, key.description), *([key.toggle] if key.toggle else [])]
        group = Binding.Group(key.group) if key.group else None
        out += [Binding(key.keys, action, description, show=shown, priority=key.priority,
                        id=binding_id, group=group) for action, description in actions]
    return out


def keys_of(node: "DOMNode", binding_id: str) -> list[str]:
    """Each key ``binding_id`` is bound to now, as named in hints (``["r"]``, ``["↑", "k"]``,
    ``["ctrl+p"]``): the app's keymap (see ``ItwinApp.set_keymap``) over the default."""
    app = node.app
    keymap: dict[str, str] = getattr(app, "keymap", {})
    keys = [key.strip() for key in (keymap.get(binding_id) or KEYS[binding_id].keys).split(",")]
    return [WORDS.get(key) or (key if "+" in key else app.get_key_display(Binding(key, "")))
            for key in keys]


def key_of(node: "DOMNode", binding_id: str) -> str:
    """The key to press for ``binding_id`` now, as shown (the first, when it has several)."""
    return keys_of(node, binding_id)[0]


def hint(node: "DOMNode", binding_id: str) -> str:
    """``(r)``: the key of ``binding_id`` in brackets, for a palette or status line."""
    return f"({key_of(node, binding_id)})"


def key_commands(screen: "Screen[object]") -> Iterator[SystemCommand]:
    """The command palette's entries for the keys active on ``screen`` that have palette
    words, each running what its key runs there now (a toggle: what it will do)."""
    seen: set[str] = set()
    for node, binding, enabled, _tooltip in screen.active_bindings.values():
        key = KEYS.get(binding.id or "")
        if key is None or not key.palette or not enabled or binding.id in seen:
            continue
        seen.add(binding.id or "")
        yield SystemCommand(key.title or key.description,
                            f"{key.palette} {hint(screen, binding.id or '')}",
                            partial(screen.app.run_action, binding.action, node))


# -- a user's keymap (config.toml's [keys]) ---------------------------------------------

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
#: Sections whose keys are active only in their dialog, where they may reuse any other key.
DIALOGS = frozenset({ANALYTICS, EXPORT, PICKER, HELP, COLUMNS, SAVED, WEB_LINK})
_NAMED = frozenset(k.value for k in Keys if not k.value.startswith("<"))


def key_name(key: str) -> str | None:
    """``key`` as Textual names it (``?`` → ``question_mark``), or None: not a key."""
    *mods, base = key.strip().split("+")
    if not base or any(m.lower() not in MODIFIERS for m in mods):
        return None
    if len(base) == 1:
        if not base.isprintable() or base.isspace():
            return None
        name = base if base.isalnum() else unicodedata.name(base, base).lower()
        base = KEY_NAME_REPLACEMENTS.get(name.replace(" ", "_").replace("-", "_"), name
                                         ).replace(" ", "_").replace("-", "_")
    elif base not in _NAMED and base not in KEY_NAME_REPLACEMENTS.values() and \
            key_to_character(base) is None:
        return None
    return "+".join([*(m.lower() for m in mods), base])


def _together(first: str, second: str) -> bool:
    """Whether keys of help sections ``first`` and ``second`` can be active at once."""
    if first == second:
        return True
    if first in DIALOGS or second in DIALOGS:
        return False
    return bool({first, second} & {EVERYWHERE, LISTS, DETAIL})


def check_keymap(keymap: Mapping[str, str]) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """The usable part of a user's keymap (binding id → keys) and what is wrong with the
    rest, as (binding id, words): ids that are not bindings, names that are not keys, and
    a key bound to two ids active at the same time."""
    usable: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    _sort_keymap(keymap, usable, problems)
    clashes = _clashes(usable)
    for binding_id, _text in clashes:  # the one moved last keeps its default keys
        usable.pop(binding_id, None)
    return usable, problems + clashes


def _sort_keymap(keymap: Mapping[str, str], usable: dict[str, str],
                 problems: list[tuple[str, str]]) -> None:
    """Put each entry of ``keymap`` in ``usable``, or say in ``problems`` what is wrong."""
    for binding_id, keys in keymap.items():
        if binding_id not in KEYS:
            problems.append((binding_id, "no binding has this id (ignored); "
                             "itwin-tui config init lists them"))
            continue
        names = [key.strip() for key in keys.split(",")]
        bad = [key for key in names if key_name(key) is None]
        if bad:
            problems.append((binding_id, f"not a key: {', '.join(map(repr, bad))} (ignored)"))
            continue
        usable[binding_id] = ",".join(names)


def _bound(usable: dict[str, str]) -> dict[str, list[str]]:
    """Each key (as Textual names it) and the ids bound to it, with ``usable`` applied."""
    bound: dict[str, list[str]] = {}
    for binding_id, key in KEYS.items():
        for name in (usable.get(binding_id) or key.keys).split(","):
            bound.setdefault(key_name(name) or name, []).append(binding_id)
    return bound


def _clashes(usable: dict[str, str]) -> list[tuple[str, str]]:
    """Keys that ``usable`` binds to two ids active at the same time, as problems of the
    id the keymap moved (the later one in the keymap when it moved both)."""
    order = {binding_id: i for i, binding_id in enumerate(usable, start=1)}
    problems: list[tuple[str, str]] = []
    for name, ids in _bound(usable).items():
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]
                 if (a in usable or b in usable) and _together(KEYS[a].section, KEYS[b].section)]
        for first, second in pairs:
            moved = max(first, second, key=lambda binding_id: order.get(binding_id, 0))
            problems.append((moved, f"{name} is bound to both {first} and {second}; "
                                    f"{moved} keeps {KEYS[moved].keys} (ignored)"))
    return problems
