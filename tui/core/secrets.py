"""Where the refresh token of ``itwin-tui login`` is kept.

The OS keyring when the optional ``keyring`` package is importable and has a real backend
(``$ITWIN_TUI_KEYRING=0`` turns it off), otherwise a file readable only by the owner (its
path is the caller's: ``Settings.credentials_file``). The caller tells the user which one was
used (:attr:`where`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.core.atomic import write_atomic
from tui.core.dirs import make_private_dir
from tui.core.jsonio import dumps, loads_or_none

log = logging.getLogger(__name__)

KEYRING_SERVICE = "itwin-tui"
KEYRING_ACCOUNT = "sign-in"
KEYRING_ENV = "ITWIN_TUI_KEYRING"
_OFF = {"0", "false", "no", "off"}


class SecretStoreError(Exception):
    """A store could not be read or written; the message is safe to show."""


@dataclass(slots=True)
class StoredSignIn:
    """What ``itwin-tui login`` keeps: enough to get new access tokens later."""

    refresh_token: str
    client_id: str
    authority: str
    scope: str
    user: str | None = None  # "jane@example.com (Acme)", for display before the first refresh
    #: The cache identity of the last access token (a hash of its user claims, not a secret),
    #: so cached pages stay readable when an offline start cannot refresh the token.
    identity: str | None = None

    def to_json(self) -> bytes:
        return dumps({"refresh_token": self.refresh_token, "client_id": self.client_id,
                      "authority": self.authority, "scope": self.scope, "user": self.user,
                      "identity": self.identity})

    @classmethod
    def from_json(cls, raw: bytes | str | None) -> StoredSignIn | None:
        data = loads_or_none(raw) if raw else None
        if not isinstance(data, dict):
            return None
        fields = ("refresh_token", "client_id", "authority", "scope")
        if not all(isinstance(data.get(k), str) and data[k] for k in fields):
            return None
        user, identity = data.get("user"), data.get("identity")
        return cls(*(data[k] for k in fields), user=user if isinstance(user, str) else None,
                   identity=identity if isinstance(identity, str) else None)

    def __repr__(self) -> str:  # never show the refresh token
        return f"StoredSignIn(client_id={self.client_id!r}, authority={self.authority!r})"


class SecretStore(Protocol):
    @property
    def label(self) -> str:
        """Short name: the file path or the keyring."""

    @property
    def where(self) -> str:
        """Where the secret is kept, for telling the user."""

    def load(self) -> StoredSignIn | None: ...

    def save(self, signin: StoredSignIn) -> None: ...

    def delete(self) -> bool:
        """Remove the stored sign-in; ``True`` when there was one."""


class FileStore:
    """A JSON file with mode 0600 in a 0700 directory."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def label(self) -> str:
        return str(self.path)

    @property
    def where(self) -> str:
        return f"{self.path} (readable only by you)"

    def load(self) -> StoredSignIn | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SecretStoreError(f"Cannot read {self.path}: {exc.strerror or exc}") from None
        return StoredSignIn.from_json(raw)

    def save(self, signin: StoredSignIn) -> None:
        try:
            make_private_dir(self.path.parent)
            write_atomic(self.path, signin.to_json())
        except OSError as exc:
            raise SecretStoreError(f"Cannot write {self.path}: {exc.strerror or exc}") from None

    def delete(self) -> bool:
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise SecretStoreError(f"Cannot remove {self.path}: {exc.strerror or exc}") from None
        return True

    def __repr__(self) -> str:
        return f"FileStore({self.path})"


class KeyringStore:
    """One entry in the OS keyring (any object with keyring's get/set/delete_password)."""

    def __init__(self, backend: Any, account: str = KEYRING_ACCOUNT) -> None:
        self.backend = backend
        self.account = account  # one entry per profile: "sign-in", "sign-in:work"

    @property
    def label(self) -> str:
        entry = "" if self.account == KEYRING_ACCOUNT else f", entry {self.account}"
        return f"the system keyring ({type(self.backend).__name__}{entry})"

    @property
    def where(self) -> str:
        return self.label

    def load(self) -> StoredSignIn | None:
        try:
            raw = self.backend.get_password(KEYRING_SERVICE, self.account)
        except Exception as exc:  # any backend failure: locked, no D-Bus, …
            raise SecretStoreError(f"Cannot read the system keyring: {_reason(exc)}") from None
        return StoredSignIn.from_json(raw)

    def save(self, signin: StoredSignIn) -> None:
        try:
            self.backend.set_password(KEYRING_SERVICE, self.account,
                                      signin.to_json().decode())
        except Exception as exc:
            raise SecretStoreError(f"Cannot write the system keyring: {_reason(exc)}") from None

    def delete(self) -> bool:
        try:
            if self.backend.get_password(KEYRING_SERVICE, self.account) is None:
                return False
            self.backend.delete_password(KEYRING_SERVICE, self.account)
        except Exception as exc:
            raise SecretStoreError(f"Cannot update the system keyring: {_reason(exc)}") from None
        return True

    def __repr__(self) -> str:
        return f"KeyringStore({type(self.backend).__name__})"


def _reason(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def keyring_disabled() -> bool:
    return os.environ.get(KEYRING_ENV, "").strip().lower() in _OFF


def keyring_backend() -> Any | None:
    """The OS keyring backend, or ``None`` (not installed, disabled, or no real backend)."""
    if keyring_disabled():
        return None
    try:
        import keyring
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
        priority = float(backend.priority)
    except Exception:  # a broken backend is no backend
        return None
    # fail/null backends have priority <= 0; keyrings.alt's plaintext ones stay below 1.
    return backend if priority >= 1 else None


def stores(credentials_file: Path, account: str = KEYRING_ACCOUNT) -> list[SecretStore]:
    """Every store in order of preference: the keyring's entry ``account`` (when usable),
    then the file."""
    backend = keyring_backend()
    found: list[SecretStore] = [KeyringStore(backend, account)] if backend is not None else []
    found.append(FileStore(credentials_file))
    return found


def load_signin(candidates: list[SecretStore]) -> tuple[StoredSignIn, SecretStore] | None:
    """The stored sign-in and the store holding it; unreadable stores are skipped (logged)."""
    for store in candidates:
        try:
            found = store.load()
        except SecretStoreError as exc:
            log.warning("%s", exc)
            continue
        if found is not None:
            return found, store
    return None


def save_signin(signin: StoredSignIn, candidates: list[SecretStore]
                ) -> tuple[SecretStore, list[str]]:
    """Save in the first store of ``candidates`` that works; returns it and notes about
    stores that failed. After a keyring save, a leftover file copy is removed so only one
    copy exists.
    """
    notes: list[str] = []
    for index, store in enumerate(candidates):
        try:
            store.save(signin)
        except SecretStoreError as exc:
            notes.append(str(exc))
            continue
        for other in candidates[index + 1:]:
            with contextlib.suppress(SecretStoreError):
                other.delete()
        return store, notes
    raise SecretStoreError("; ".join(notes) or "No place to store the sign-in.")
