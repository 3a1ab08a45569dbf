"""Profiles keep their data apart: one profile's cached pages, recent ids and stored sign-in
never appear in another's (real files in the isolated directories of conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_auth_secrets import MemoryKeyring, memory_keyring  # noqa: F401 (a fixture)

from tui import locations
from tui.cli import main
from tui.config import Config, Settings
from tui.config_file import read_config
from tui.core.secrets import StoredSignIn, load_signin, save_signin, stores
from tui.fake import DEMO_TOKEN
from tui.state import RecentIds


def write(text: str) -> Path:
    path = locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def settings(profile: str) -> Settings:
    return Config(read_config(locations.config_file())).resolve(profile).settings


@pytest.fixture
def profiles(server) -> None:
    write(f'base_url = "{server.base_url}"\n[profiles.work]\n[profiles.client]\n')


def test_cached_pages_stay_in_their_profile(server, profiles, monkeypatch, capsysbinary) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)
    assert main(["--profile", "work", "catalog", "--limit", "5", "--format", "jsonl"]) == 0
    online = capsysbinary.readouterr().out
    assert main(["--profile", "work", "catalog", "--limit", "5", "--offline"]) == 0
    assert capsysbinary.readouterr().out == online  # work has it
    for other in ([], ["--profile", "client"]):
        code = main([*other, "catalog", "--limit", "5", "--offline"])
        out, err = capsysbinary.readouterr()
        assert (code, out) == (1, b"") and b"not in the cache" in err, other
    assert settings("work").cache_dir == locations.cache_dir() / "profiles" / "work"
    assert main(["--profile", "work", "cache", "info"]) == 0
    assert b"profiles/work" in capsysbinary.readouterr().out


def test_clearing_one_profiles_cache_leaves_the_others(server, profiles, monkeypatch,
                                                       capsysbinary) -> None:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", DEMO_TOKEN)
    for profile in ("work", "client"):
        assert main(["--profile", profile, "catalog", "--limit", "5", "--format", "jsonl"]) == 0
    assert main(["--profile", "client", "cache", "clear"]) == 0
    capsysbinary.readouterr()
    assert main(["--profile", "work", "catalog", "--limit", "5", "--offline"]) == 0


def test_recent_ids_stay_in_their_profile(profiles) -> None:
    work, client, default = (RecentIds(settings(p).recent_file)
                             for p in ("work", "client", "default"))
    work.remember("brands", "brand-of-work", "Work brand")
    assert [r.id for r in RecentIds(settings("work").recent_file).get("brands")] == [
        "brand-of-work"]
    assert client.get("brands") == [] and default.get("brands") == []
    default.remember("imodels", "imodel-1")
    assert default.path == locations.state_dir() / "recent.json"  # today's file
    assert work.get("imodels") == []


def _signin(user: str) -> StoredSignIn:
    return StoredSignIn(f"refresh-{user}", "client-id", "https://ims.example.com",
                        "itwin-platform offline_access", user)


def _stored(profile: str) -> StoredSignIn | None:
    s = settings(profile)
    found = load_signin(stores(s.credentials_file, s.keyring_account))
    return found[0] if found else None


def test_a_sign_in_file_stays_in_its_profile(profiles) -> None:
    s = settings("work")
    save_signin(_signin("jane@work"), stores(s.credentials_file, s.keyring_account))
    assert s.credentials_file.is_file()
    assert _stored("work") == _signin("jane@work")
    assert _stored("client") is None and _stored("default") is None
    d = settings("default")
    save_signin(_signin("me"), stores(d.credentials_file, d.keyring_account))
    assert d.credentials_file == locations.config_dir() / "credentials.json"  # today's
    assert _stored("work") == _signin("jane@work") and _stored("default") == _signin("me")


def test_a_keyring_sign_in_stays_in_its_profile(profiles, monkeypatch,
                                                memory_keyring: MemoryKeyring) -> None:  # noqa: F811
    monkeypatch.setenv("ITWIN_TUI_KEYRING", "1")
    s = settings("work")
    store, _notes = save_signin(_signin("jane@work"), stores(s.credentials_file,
                                                             s.keyring_account))
    assert "entry sign-in:work" in store.where
    assert set(memory_keyring.entries) == {("itwin-tui", "sign-in:work")}
    assert _stored("work") == _signin("jane@work")
    assert _stored("client") is None and _stored("default") is None


def test_logout_of_one_profile_keeps_the_others(server, profiles, capsys) -> None:
    for profile in ("work", "default"):
        s = settings(profile)
        save_signin(_signin(profile), stores(s.credentials_file, s.keyring_account))
    write(f'base_url = "{server.base_url}"\nauthority = "{server.base_url}"\n'
          "[profiles.work]\n[profiles.client]\n")
    assert main(["--profile", "work", "logout"]) == 0
    assert _stored("work") is None and _stored("default") == _signin("default")
