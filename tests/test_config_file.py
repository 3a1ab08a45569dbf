"""config.toml: read with tomllib and checked (every problem one line, with its place);
written with tomlkit (comments and order kept); the old config.json's theme taken over once."""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from pathlib import Path

import pytest

from tui import locations
from tui.config_file import key_lines, read_config
from tui.config_write import WriteError, example_text, migrate_json, write_example, write_value
from tui.keys import KEYS
from tui.options import OPTIONS


def config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def lines(path: Path) -> list[str]:
    return [str(p) for p in read_config(path).problems]


# -- reading ------------------------------------------------------------------------------------


def test_a_missing_file_is_an_empty_one(tmp_path) -> None:
    found = read_config(tmp_path / "nope.toml")
    assert not found.exists and not found.problems and not found.values


def test_values_profiles_keys_and_screens_are_read(tmp_path) -> None:
    path = config(tmp_path, """\
# mine
default_profile = "work"
max_rows = 5000
base_url = "https://api.example.com/"
cache_dir = "~/cache-here"

[profiles.work]
base_url = "https://work.example.com"
theme = "itwin-light"

[keys]
refresh = "f5"
screen.brands = "f2"
"screen.catalog" = "f1"

[screens.catalog]
columns = ["displayName", "id"]
""")
    found = read_config(path)
    assert found.problems == []
    assert found.values == {"profile": "work", "max_rows": 5000,
                            "base_url": "https://api.example.com",
                            "cache_dir": Path.home() / "cache-here"}
    assert found.profiles == {"work": {"base_url": "https://work.example.com",
                                       "theme": "itwin-light"}}
    assert found.keys == {"refresh": "f5", "screen.brands": "f2", "screen.catalog": "f1"}
    assert found.section("screens", "catalog") == {"columns": ["displayName", "id"]}
    assert found.section("screens", "brands") == {}


def test_a_syntax_error_says_path_line_and_column(tmp_path) -> None:
    path = config(tmp_path, 'theme = "itwin-light"\nmax_rows = = 3\n')
    found = read_config(path)
    assert found.unreadable and found.values == {}
    assert lines(path) == [f"{path}:2:12: not valid TOML: invalid value"]


def test_text_that_is_not_utf8_is_a_problem_not_a_crash(tmp_path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "\xff"\n')
    assert lines(path) == [f"{path}: cannot be read: not UTF-8 text"]


def test_wrong_types_name_the_key_its_line_and_what_it_takes(tmp_path) -> None:
    path = config(tmp_path, """\
max_rows = "many"
cache_max_mb = -1
no_cache = "yes"
base_url = "ftp://example.com"
clipboard = "maybe"

[profiles.work]
request_deadline = 0
""")
    found = read_config(path)
    assert found.values == {}
    assert lines(path) == [
        f'{path}:1: max_rows: expected a whole number above 0, got "many"',
        f"{path}:2: cache_max_mb: expected a number above 0, got -1",
        f'{path}:3: no_cache: expected true or false, got "yes"',
        f'{path}:4: base_url: expected an http(s) URL, got "ftp://example.com"',
        f'{path}:5: clipboard: expected one of auto, osc52, off, got "maybe"',
        f"{path}:8: profiles.work.request_deadline: expected a number above 0, got 0",
    ]
    assert all(p.error for p in found.problems)


def test_unknown_keys_are_warnings_and_the_rest_applies(tmp_path) -> None:
    path = config(tmp_path, 'theme = "nord"\ncolour = "blue"\n[profiles.a]\nfuture = 1\n'
                  '[someday]\nx = 1\n')
    found = read_config(path)
    assert found.values == {"theme": "nord"} and found.profiles == {"a": {}}
    assert lines(path) == [f"{path}:2: colour: unknown setting (ignored)",
                           f"{path}:4: profiles.a.future: unknown setting (ignored)",
                           f"{path}:5: someday: unknown setting (ignored)"]
    assert not any(p.error for p in found.problems)


def test_secrets_are_not_read_from_the_file(tmp_path) -> None:
    path = config(tmp_path, 'token = "eyJhbGciOi.x.y"\n[profiles.s]\nclient_secret = "s3"\n')
    found = read_config(path)
    assert found.values == {} and found.profiles == {"s": {}}
    text = lines(path)
    assert text[0] == f"{path}:1: token: not read from a file: set $ITWIN_ACCESS_TOKEN"
    assert text[1].startswith(f"{path}:3: profiles.s.client_secret: not read from a file: "
                              "set $ITWIN_CLIENT_SECRET") and "client_secret_env" in text[1]


def test_profile_tables_take_only_per_profile_settings_and_good_names(tmp_path) -> None:
    path = config(tmp_path, '[profiles.work]\nclipboard = "off"\ndefault_profile = "x"\n'
                  '[profiles."two words"]\n[profiles.ok]\nprofiles = 3\n')
    found = read_config(path)
    assert set(found.profiles) == {"work", "ok"}
    assert lines(path)[:3] == [
        f"{path}:2: profiles.work.clipboard: not a per-profile setting: set it at the top "
        "of the file",
        f"{path}:3: profiles.work.default_profile: not a per-profile setting: set it at the "
        "top of the file",
        f"{path}:4: profiles.two words: a profile name is letters, digits, '.', '_' and '-'"]


def test_keys_must_be_strings(tmp_path) -> None:
    path = config(tmp_path, "[keys]\nrefresh = 5\nsearch = ''\n")
    assert lines(path) == [
        f'{path}:2: keys.refresh: expected keys as a string, e.g. "f5" or "r,f5"',
        f'{path}:3: keys.search: expected keys as a string, e.g. "f5" or "r,f5"']


def test_key_lines_follow_tables_dotted_and_quoted_keys() -> None:
    found = key_lines('a = 1\n[profiles.work] # c\nb = 2\n  "c.d" = 3\n[ keys ]\ne.f = 4\n')
    assert found == {("a",): 1, ("profiles", "work"): 2, ("profiles", "work", "b"): 3,
                     ("profiles", "work", "c.d"): 4, ("keys",): 5, ("keys", "e", "f"): 6}


# -- the example of `config init` ---------------------------------------------------------------


def test_the_example_names_every_setting_and_binding_and_sets_nothing(tmp_path) -> None:
    text = example_text()
    assert tomllib.loads(text) == {"keys": {}}
    for option in OPTIONS:
        assert (f"# {option.key} = " in text) == option.in_file, option.name
    for binding_id in KEYS:
        assert f"{binding_id}" in text
    # uncommenting any line gives a valid file with no problem
    path = tmp_path / "config.toml"
    for line in text.splitlines():
        if re.match(r'# [\w".-]+ = ', line) and "client-a" not in line and \
                "service-app" not in line and "SCRIPTS" not in line:
            body = line[2:].split("  #")[0]
            table = "[keys]\n" if body.split(" = ")[0].strip('"') in KEYS else ""
            path.write_text(table + body + "\n")
            assert read_config(path).problems == [], body


def test_init_never_overwrites(tmp_path) -> None:
    path = tmp_path / "sub" / "config.toml"
    write_example(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("mine = 1\n")
    with pytest.raises(FileExistsError):
        write_example(path)
    assert path.read_text() == "mine = 1\n"


# -- writing ------------------------------------------------------------------------------------


def test_writing_keeps_comments_order_and_other_values(tmp_path) -> None:
    original = """\
# my settings
max_rows = 5000   # enough

[profiles.work]
# the office
base_url = "https://work.example.com"
"""
    path = config(tmp_path, original)
    write_value(path, ("theme",), "nord")
    write_value(path, ("profiles", "work", "theme"), "itwin-light")
    write_value(path, ("screens", "catalog", "columns"), ["displayName", "id"])
    text = path.read_text()
    assert text.startswith("# my settings\nmax_rows = 5000   # enough\ntheme = \"nord\"\n")
    assert '# the office\nbase_url = "https://work.example.com"\ntheme = "itwin-light"\n' in text
    found = read_config(path)
    assert found.problems == []
    assert found.values == {"max_rows": 5000, "theme": "nord"}
    assert found.profiles["work"]["theme"] == "itwin-light"
    assert found.section("screens", "catalog") == {"columns": ["displayName", "id"]}
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left


def test_a_new_file_starts_as_the_example(tmp_path) -> None:
    path = tmp_path / "new" / "config.toml"
    write_value(path, ("theme",), "nord")
    text = path.read_text()
    assert text.startswith("# itwin-tui configuration.") and "[keys]" in text
    assert read_config(path).values == {"theme": "nord"}


def test_a_file_with_a_syntax_error_is_left_alone(tmp_path) -> None:
    path = config(tmp_path, "theme = \n")
    with pytest.raises(WriteError, match="not valid TOML"):
        write_value(path, ("theme",), "nord")
    assert path.read_text() == "theme = \n"


def test_a_symlinked_file_stays_a_link(tmp_path) -> None:
    real = config(tmp_path, "max_rows = 10\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_value(link, ("theme",), "nord")
    assert link.is_symlink() and "theme" in real.read_text()


def test_an_unwritable_place_says_why(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(WriteError, match=r"cannot be (read|written): Not a directory"):
        write_value(blocker / "config.toml", ("theme",), "nord")


# -- config.json of earlier versions --------------------------------------------------------------


def _legacy(theme: object) -> Path:
    path = locations.legacy_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": theme, "other": 1}))
    return path


def test_the_old_theme_moves_over_once() -> None:
    legacy = _legacy("nord")
    target = locations.config_file()
    migrate_json(target, legacy)
    assert read_config(target).values == {"theme": "nord"}
    assert "# itwin-tui configuration." in target.read_text()  # the commented example
    assert not legacy.exists()
    kept = legacy.with_name("config.json.migrated")
    assert json.loads(kept.read_text()) == {"theme": "nord", "other": 1}
    write_value(target, ("theme",), "itwin-light")
    migrate_json(target, legacy)  # nothing left to take over
    assert read_config(target).values == {"theme": "itwin-light"}


def test_a_theme_already_in_the_toml_wins_over_the_old_one() -> None:
    legacy = _legacy("nord")
    target = locations.config_file()
    target.write_text('theme = "itwin-light"\n')
    migrate_json(target, legacy)
    assert read_config(target).values == {"theme": "itwin-light"}
    assert not legacy.exists()


def test_an_unwritable_toml_keeps_the_json_for_the_next_start() -> None:
    legacy = _legacy("nord")
    target = locations.config_file()
    target.write_text("broken = \n")
    migrate_json(target, legacy)
    assert legacy.exists() and target.read_text() == "broken = \n"


def test_the_cli_takes_the_old_theme_over_at_its_default_place(capsys) -> None:
    from tui.cli import main

    _legacy("itwin-light")
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    assert 'theme              "itwin-light"' in out and "config.toml:" in out
    assert os.path.exists(locations.config_file())
