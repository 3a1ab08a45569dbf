"""Which of a list's columns are shown, and in which order: the user's choice from the
columns chooser, remembered in ``config.toml`` as ``[screens.<mode>] columns = [...]``.

A screen may show more than one set of columns (the catalog's full and minimal
representations, the brands and a brand's components): each set is a *view* with its own
key in the screen's table (``columns``, ``minimal_columns``, ``components_columns``). The
choice is the same whatever the profile (it is about the terminal and the person, not the
organisation). A name the file gives that is not a column of the list is left out, with a
warning; nothing in the file can stop the list from showing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from tui import locations
from tui.config_file import SCREENS as SCREENS_TABLE
from tui.widgets.table_layout import Column, column_id
from tui.widgets.text import notify_plain

if TYPE_CHECKING:
    from tui.screens.browser import BrowserScreen

#: The view a screen shows first (its only one, for most).
MAIN_VIEW = "columns"


def default_columns(available: Sequence[Column]) -> list[Column]:
    return [column for column in available if not column.hidden]


def choose(available: Sequence[Column], names: Any) -> tuple[list[Column], list[str]]:
    """The columns ``names`` (a config value: a list of column names) picks from
    ``available``, in its order, and what is wrong with ``names`` (each ignored)."""
    if names is None:
        return default_columns(available), []
    known = {column_id(column): column for column in available}
    if not isinstance(names, list):
        return default_columns(available), [
            f"expected a list of column names such as {list(known)[:2]}; the default "
            "columns are shown"]
    chosen: list[Column] = []
    unknown: list[str] = []
    for name in names:
        column = known.get(name) if isinstance(name, str) else None
        if column is None:
            unknown.append(repr(name))
        elif column not in chosen:
            chosen.append(column)
    problems = [f"not a column here: {', '.join(unknown)} (ignored; the columns are "
                f"{', '.join(known)})"] if unknown else []
    if not chosen:
        return default_columns(available), [*problems, "no column left: the default columns "
                                            "are shown"]
    return chosen, problems


class ColumnChoice:
    """One screen's columns: the view shown, its columns, and the user's choice."""

    def __init__(self, screen: BrowserScreen) -> None:
        self.screen = screen
        self.view = MAIN_VIEW
        self.available: list[Column] = []
        self._chosen: dict[str, list[str]] = {}  # chosen during this run, by view
        self._warned: set[str] = set()

    @property
    def place(self) -> str:
        """Where the choice is kept, as config.toml names it: ``[screens.catalog] columns``."""
        return f"[{SCREENS_TABLE}.{self.screen.spec.mode}] {self.view}"

    def pick(self, available: Iterable[Column], view: str = MAIN_VIEW) -> list[Column]:
        """The columns to show of ``available`` (the set ``view`` of this screen): the
        remembered choice, else those not hidden by default."""
        self.view, self.available = view, list(available)
        chosen, problems = choose(self.available, self._remembered())
        if problems and view not in self._warned:
            self._warned.add(view)
            for problem in problems:
                notify_plain(self.screen.app, f"{self.place}: {problem}",
                             title="Config file", severity="warning", timeout=12)
        return chosen

    def show(self, available: Iterable[Column], view: str = MAIN_VIEW,
             rows: Iterable[Any] = ()) -> None:
        """Show the chosen columns of ``available`` in the table, with ``rows``."""
        self.screen.table.set_columns(self.pick(available, view), rows)

    def apply(self, names: list[str]) -> None:
        """The chooser's choice: shown now (the same rows, the cursor on its row) and
        remembered for the next start."""
        self._chosen[self.view] = names
        self.screen.table.set_columns(choose(self.available, names)[0], None)
        self.screen.lister.sorted()  # a hidden sorted column drops the sort
        problem = self._remember(names)
        if problem:
            notify_plain(self.screen, problem, title="Columns", severity="warning")

    def _remembered(self) -> Any:
        if self.view in self._chosen:
            return self._chosen[self.view]
        config = self.screen.itwin.config
        if config is None:
            return None
        return config.file.section(SCREENS_TABLE, self.screen.spec.mode).get(self.view)

    def _remember(self, names: list[str]) -> str | None:
        """Write the choice to config.toml (comments kept); why not, or None."""
        from tui.config_write import WriteError, write_value

        config = self.screen.itwin.config
        mode = self.screen.spec.mode
        path = config.file.path if config is not None else locations.config_file()
        try:
            write_value(path, (SCREENS_TABLE, mode, self.view), names)
        except WriteError as exc:
            return f"The columns are shown, but could not be remembered: {exc}"
        return None  # this screen keeps it in _chosen; a new one reads the file again
