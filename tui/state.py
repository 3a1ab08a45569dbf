"""Small persistent UI state: recently used brand and iModel ids (JSON, atomic writes).

No textual here; the file lives in :func:`tui.locations.state_dir`.
"""

from pathlib import Path
from typing import NamedTuple

from tui import locations
from tui.core.atomic import write_atomic
from tui.core.jsonio import loads

MAX_RECENT = 10
KINDS = ("brands", "imodels")


class Recent(NamedTuple):
    """One remembered id and the name it had when last opened (may be empty)."""

    id: str
    label: str = ""


class RecentIds:
    """Recently opened ids per kind (``brands``, ``imodels``), newest first."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or locations.recent_file()

    def _read(self) -> dict[str, list[Recent]]:
        try:
            raw = loads(self.path.read_bytes())
        except (OSError, ValueError):
            return {}
        out: dict[str, list[Recent]] = {}
        if not isinstance(raw, dict):
            return out
        for kind, entries in raw.items():
            if not isinstance(entries, list):
                continue
            out[kind] = [
                Recent(str(e["id"]), str(e.get("label") or ""))
                for e in entries
                if isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"]
            ][:MAX_RECENT]
        return out

    def get(self, kind: str) -> list[Recent]:
        """Remembered entries of ``kind``, newest first (empty when none or unreadable)."""
        return self._read().get(kind, [])

    def remember(self, kind: str, item_id: str, label: str = "") -> list[Recent]:
        """Put ``item_id`` first (keeping an earlier label if none is given) and save."""
        item_id = item_id.strip()
        data = self._read()
        entries = data.get(kind, [])
        old = next((e for e in entries if e.id == item_id), None)
        if not label and old is not None:
            label = old.label
        entries = [Recent(item_id, label), *(e for e in entries if e.id != item_id)]
        data[kind] = entries[:MAX_RECENT]
        self._write(data)
        return data[kind]

    def _write(self, data: dict[str, list[Recent]]) -> None:
        """Write atomically (temp file + rename), owner-readable only; failures are ignored."""
        payload = {k: [{"id": e.id, "label": e.label} for e in v] for k, v in data.items()}
        import json  # the stdlib's, for its readable layout; loaded only to write

        try:
            locations.ensure_private_dir(self.path.parent)
            write_atomic(self.path, json.dumps(payload, ensure_ascii=False, indent=1).encode())
        except OSError:
            pass


class RunRecentIds(RecentIds):
    """Recent ids of this run only, never read from or written to disk: the demo's, so that
    demo ids stay out of the real list (and real ids are not offered against demo data)."""

    def __init__(self) -> None:
        super().__init__()
        self._data: dict[str, list[Recent]] = {}

    def _read(self) -> dict[str, list[Recent]]:
        return dict(self._data)

    def _write(self, data: dict[str, list[Recent]]) -> None:
        self._data = dict(data)
