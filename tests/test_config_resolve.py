"""Which value a setting takes: command line > environment > profile > top of the file >
default, each level shown as the source; which profile is used; where a profile keeps its
things."""

from __future__ import annotations

from dataclasses import astuple
from pathlib import Path

import pytest

from tui import locations
from tui.config import Config, ProfileError, Settings, config_path
from tui.config_file import read_config
from tui.options import BY_NAME, DEFAULT_PROFILE, OPTIONS

FILE = """\
default_profile = "work"
base_url = "https://top.example.com"
max_rows = 1000

[profiles.work]
base_url = "https://work.example.com"
max_rows = 2000
theme = "itwin-light"

[profiles.other]
client_id = "other-app"
"""


def make(tmp_path: Path, text: str = FILE, flags: dict | None = None,
         env: dict | None = None) -> Config:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return Config(read_config(path), flags or {}, env or {})


@pytest.mark.parametrize(("flags", "env", "text", "expected", "source"), [
    ({}, {}, "", "https://api.bentley.com", None),
    ({}, {}, 'base_url = "https://top.example.com"', "https://top.example.com",
     "config.toml:1"),
    ({}, {}, FILE, "https://work.example.com", "profile work, config.toml:6"),
    ({}, {"ITP_API_URL": "https://itp.example.com"}, FILE, "https://itp.example.com",
     "$ITP_API_URL"),
    ({}, {"ITWIN_API_URL": "https://env.example.com", "ITP_API_URL": "https://itp.example.com"},
     FILE, "https://env.example.com", "$ITWIN_API_URL"),
    ({"base_url": "https://flag.example.com"}, {"ITWIN_API_URL": "https://env.example.com"},
     FILE, "https://flag.example.com", "--base-url"),
])
def test_each_level_beats_the_ones_below(tmp_path, flags, env, text, expected, source) -> None:
    resolved = make(tmp_path, text, flags, env).resolve()
    assert resolved.settings.base_url == expected
    assert resolved.sources.get("base_url") == source


def test_numbers_from_each_level(tmp_path) -> None:
    assert make(tmp_path, "").resolve().settings.max_rows == BY_NAME["max_rows"].default
    assert make(tmp_path, FILE.replace('default_profile = "work"', "")
                ).resolve().settings.max_rows == 1000
    assert make(tmp_path).resolve().settings.max_rows == 2000
    env = make(tmp_path, env={"ITWIN_TUI_MAX_ROWS": "3000"}).resolve()
    assert env.settings.max_rows == 3000 and env.sources["max_rows"] == "$ITWIN_TUI_MAX_ROWS"


def test_an_unusable_environment_value_is_a_warning_and_the_file_applies(tmp_path) -> None:
    resolved = make(tmp_path, env={"ITWIN_TUI_MAX_ROWS": "lots"}).resolve()
    assert resolved.settings.max_rows == 2000
    assert [str(p) for p in resolved.problems] == [
        '$ITWIN_TUI_MAX_ROWS: expected a whole number above 0, got "lots"; not used']
    assert not resolved.problems[0].error


def test_the_profile_comes_from_flag_then_environment_then_file(tmp_path) -> None:
    assert make(tmp_path).resolve().settings.profile == "work"
    assert make(tmp_path).resolve().sources["profile"] == "config.toml:1"
    by_env = make(tmp_path, env={"ITWIN_PROFILE": "other"}).resolve()
    assert by_env.settings.profile == "other" and by_env.sources["profile"] == "$ITWIN_PROFILE"
    by_flag = make(tmp_path, flags={"profile": "default"}, env={"ITWIN_PROFILE": "other"})
    resolved = by_flag.resolve()
    assert resolved.settings.profile == DEFAULT_PROFILE
    assert resolved.settings.base_url == "https://top.example.com"  # the top level only
    assert make(tmp_path, "").resolve().settings.profile == DEFAULT_PROFILE


def test_a_profile_asked_for_by_name_must_exist(tmp_path) -> None:
    with pytest.raises(ProfileError, match=r"no profile 'nope' \(command line\) in .*"
                       r"config.toml \(profiles: work, other\)"):
        make(tmp_path, flags={"profile": "nope"}).resolve()
    with pytest.raises(ProfileError, match=r"no profile 'gone' \(\$ITWIN_PROFILE\)"):
        make(tmp_path, env={"ITWIN_PROFILE": "gone"}).resolve()
    with pytest.raises(ProfileError, match="could not be read"):
        make(tmp_path, "x = = 1", flags={"profile": "work"}).resolve()


def test_a_missing_default_profile_is_a_problem_of_the_file(tmp_path) -> None:
    resolved = make(tmp_path, 'default_profile = "gone"\n').resolve()
    assert resolved.settings.profile == DEFAULT_PROFILE
    assert [str(p) for p in resolved.problems] == [
        f"{tmp_path / 'config.toml'}:1: default_profile: no profile 'gone' in "
        f"{tmp_path / 'config.toml'} (profiles: none yet)"]


def test_the_default_profile_keeps_todays_places(tmp_path) -> None:
    settings = make(tmp_path, "").resolve().settings
    assert settings.cache_dir == locations.cache_dir()
    assert settings.recent_file == locations.state_dir() / "recent.json"
    assert settings.credentials_file == locations.config_dir() / "credentials.json"
    assert settings.keyring_account == "sign-in"
    assert astuple(Settings()) == astuple(Settings.from_env())  # the same defaults either way


def test_a_named_profile_keeps_its_things_apart(tmp_path) -> None:
    settings = make(tmp_path).resolve().settings
    assert settings.cache_dir == locations.cache_dir() / "profiles" / "work"
    assert settings.recent_file == locations.state_dir() / "profiles" / "work" / "recent.json"
    assert settings.credentials_file == (locations.config_dir() / "profiles" / "work"
                                         / "credentials.json")
    assert settings.keyring_account == "sign-in:work"
    # a cache directory at the top of the file is the root of every profile's cache
    top = make(tmp_path, 'cache_dir = "/tmp/c"\n' + FILE)
    assert top.resolve().settings.cache_dir == Path("/tmp/c/profiles/work")
    assert top.resolve(DEFAULT_PROFILE).settings.cache_dir == Path("/tmp/c")
    # one in the profile's table, or on the command line, is used as it is
    own = make(tmp_path, FILE + 'cache_dir = "/tmp/mine"\n')  # in [profiles.other]
    assert own.resolve("other").settings.cache_dir == Path("/tmp/mine")
    assert own.resolve("work").settings.cache_dir == locations.cache_dir() / "profiles/work"
    flag = make(tmp_path, flags={"cache_dir": Path("/tmp/f")})
    assert flag.resolve().settings.cache_dir == Path("/tmp/f")


def test_client_id_and_secret_from_the_environment_go_in_pairs(tmp_path) -> None:
    both = {"ITP_SERVICE_CLIENT_ID": "itp", "ITP_SERVICE_CLIENT_SECRET": "s1",
            "ITWIN_CLIENT_ID": "mine"}
    settings = make(tmp_path, "", env=both).resolve().settings
    assert (settings.client_id, settings.client_secret) == ("itp", "s1")
    lone_secret = make(tmp_path, env={"ITWIN_CLIENT_SECRET": "s2"}).resolve("other").settings
    assert (lone_secret.client_id, lone_secret.client_secret) == ("other-app", None)


def test_a_profile_names_the_variable_holding_its_secret(tmp_path) -> None:
    text = '[profiles.svc]\nclient_id = "svc"\nclient_secret_env = "SVC_SECRET"\n'
    resolved = make(tmp_path, text, env={"SVC_SECRET": "hush"}).resolve("svc")
    assert (resolved.settings.client_id, resolved.settings.client_secret) == ("svc", "hush")
    assert resolved.sources["client_secret"] == "$SVC_SECRET"
    unset = make(tmp_path, text).resolve("svc")
    assert unset.settings.client_secret is None
    assert "$SVC_SECRET: not set" in str(unset.problems[0])


def test_wrong_values_in_the_file_fall_back_to_the_level_below(tmp_path) -> None:
    resolved = make(tmp_path, 'max_rows = 7\n[profiles.p]\nmax_rows = "x"\n').resolve("p")
    assert resolved.settings.max_rows == 7 and len(resolved.problems) == 1


def test_the_config_file_path(tmp_path) -> None:
    assert config_path(None, {}) == (locations.config_file(), "default")
    assert config_path(None, {"ITWIN_TUI_CONFIG": "~/x.toml"}) == (
        Path.home() / "x.toml", "$ITWIN_TUI_CONFIG")
    assert config_path("/etc/i.toml", {"ITWIN_TUI_CONFIG": "/x"}) == (Path("/etc/i.toml"),
                                                                       "--config")


def test_every_option_is_a_settings_field_with_the_same_default() -> None:
    settings = Settings()
    for option in OPTIONS:
        assert hasattr(settings, option.name), option.name
        if option.default is not None:
            assert getattr(settings, option.name) == option.default, option.name
