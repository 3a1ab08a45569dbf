"""Where the refresh token is kept: keyring when usable, else a 0600 file; never both."""

from __future__ import annotations

import stat
from collections.abc import Iterator

import keyring
import keyring.backend
import pytest

from tui.commands.auth import logout
from tui.config import Settings
from tui.core.secrets import (
    KEYRING_ACCOUNT,
    KEYRING_SERVICE,
    FileStore,
    KeyringStore,
    StoredSignIn,
    keyring_backend,
    load_signin,
    save_signin,
    stores,
)
from tui.locations import credentials_file


class MemoryKeyring(keyring.backend.KeyringBackend):
    """An in-process keyring backend, so no test ever touches the developer's real keyring."""

    priority = 5.0

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.fail = False

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail:
            raise keyring.errors.PasswordSetError("the keyring is locked")
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


# Do not let keyring's own backend discovery ever pick the test class.
keyring.backend.KeyringBackend._classes.discard(MemoryKeyring)


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    """Install the memory backend process-wide (public ``keyring.set_keyring``), then restore."""
    monkeypatch.delenv("ITWIN_TUI_KEYRING", raising=False)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


def _signin(token: str = "rt-secret-1") -> StoredSignIn:
    return StoredSignIn(token, "native-app", "https://ims.example", "itwin-platform", "jane")


def test_file_store_is_owner_only_and_round_trips() -> None:
    store = FileStore(credentials_file())
    store.save(_signin())
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
    assert store.load() == _signin()
    store.save(_signin("rt-secret-2"))  # overwrite keeps the mode
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert store.load().refresh_token == "rt-secret-2"
    assert store.delete() and not store.path.exists() and not store.delete()


def test_corrupt_file_counts_as_no_sign_in() -> None:
    store = FileStore(credentials_file())
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text("{not json")
    assert store.load() is None


def test_keyring_can_be_switched_off(monkeypatch: pytest.MonkeyPatch,
                                     memory_keyring: MemoryKeyring) -> None:
    assert keyring_backend() is memory_keyring
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "0")
    assert keyring_backend() is None
    assert [type(s) for s in stores(credentials_file())] == [FileStore]


def test_a_fail_backend_is_not_a_usable_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    monkeypatch.delenv("ITWIN_TUI_KEYRING", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert keyring_backend() is None
    finally:
        keyring.set_keyring(previous)


def test_keyring_is_preferred_and_a_stale_file_copy_is_removed(
        memory_keyring: MemoryKeyring) -> None:
    FileStore(credentials_file()).save(_signin("old-file-token"))
    store, notes = save_signin(_signin(), stores(credentials_file()))
    assert isinstance(store, KeyringStore) and notes == []
    assert "system keyring (MemoryKeyring)" in store.where
    assert not FileStore(credentials_file()).path.exists()
    assert (KEYRING_SERVICE, KEYRING_ACCOUNT) in memory_keyring.entries
    found = load_signin(stores(credentials_file()))
    assert found is not None and found[0] == _signin()


def test_locked_keyring_falls_back_to_the_file_and_says_why(
        memory_keyring: MemoryKeyring) -> None:
    memory_keyring.fail = True
    store, notes = save_signin(_signin(), stores(credentials_file()))
    assert isinstance(store, FileStore)
    assert notes == ["Cannot write the system keyring: the keyring is locked"]
    assert load_signin(stores(credentials_file()))[0] == _signin()


def test_logout_clears_keyring_and_file(memory_keyring: MemoryKeyring,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    KeyringStore(memory_keyring).save(_signin())
    FileStore(credentials_file()).save(_signin("leftover"))
    assert logout(Settings.from_env()) == 0
    out = capsys.readouterr().out
    assert "Removed the stored sign-in from the system keyring (MemoryKeyring)." in out
    assert f"Removed the stored sign-in from {FileStore(credentials_file()).path}." in out
    assert memory_keyring.entries == {} and load_signin(stores(credentials_file())) is None


def test_reprs_never_show_the_refresh_token(memory_keyring: MemoryKeyring) -> None:
    signin = _signin()
    for obj in (signin, FileStore(credentials_file()), KeyringStore(memory_keyring)):
        assert "rt-secret-1" not in repr(obj)
