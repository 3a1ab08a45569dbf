"""``itwin-tui config path|show|check|init``, and what a broken config file does to the
other commands (exit 2 with the place and the reason; warnings do not stop them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui import locations
from tui.cli import main
from tui.options import readme_table

README = Path(__file__).resolve().parents[1] / "README.md"
SECRET = "s3cr3t-client-value-0123456789"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"


def write(text: str, path: Path | None = None) -> Path:
    path = path or locations.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_path_prints_the_default_or_the_chosen_file(capsys, monkeypatch, tmp_path) -> None:
    assert run(capsys, "config", "path") == (0, f"{locations.config_file()}\n", "")
    monkeypatch.setenv("ITWIN_TUI_CONFIG", str(tmp_path / "env.toml"))
    assert run(capsys, "config", "path")[1] == f"{tmp_path / 'env.toml'}\n"
    assert run(capsys, "--config", str(tmp_path / "flag.toml"), "config", "path")[1] == (
        f"{tmp_path / 'flag.toml'}\n")


def test_config_without_an_action_says_which(capsys) -> None:
    code, _out, err = run(capsys, "config")
    assert code == 2 and "path, show, check or init" in err


def test_init_writes_the_example_and_refuses_to_overwrite(capsys) -> None:
    code, out, _err = run(capsys, "config", "init")
    assert code == 0 and f"Wrote {locations.config_file()}" in out
    first = locations.config_file().read_text()
    write(first + 'theme = "nord"\n')
    code, _out, err = run(capsys, "config", "init")
    assert code == 1 and "exists; not overwritten" in err
    assert locations.config_file().read_text() == first + 'theme = "nord"\n'


def test_show_gives_each_value_and_where_it_came_from(capsys, monkeypatch) -> None:
    write('max_rows = 500\n[profiles.work]\nbase_url = "https://work.example.com"\n')
    monkeypatch.setenv("ITWIN_PROFILE", "work")
    monkeypatch.setenv("ITWIN_TUI_CACHE_TTL_HOURS", "2")
    code, out, err = run(capsys, "--theme", "itwin-light", "config", "show")
    assert code == 0 and err == ""
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert rows["profile"].endswith("$ITWIN_PROFILE")
    assert '"https://work.example.com"' in rows["base_url"]
    assert rows["base_url"].endswith("profile work, config.toml:3")
    assert rows["max_rows"].split()[1:] == ["500", "config.toml:1"]
    assert rows["cache_ttl_hours"].split()[1:] == ["2.0", "$ITWIN_TUI_CACHE_TTL_HOURS"]
    assert rows["theme"].split()[1:] == ['"itwin-light"', "--theme"]
    assert rows["cache_dir"].endswith("default for profile work")
    assert "profiles/work" in rows["cache_dir"]


def test_show_never_prints_a_secret(capsys, monkeypatch) -> None:
    write('[profiles.svc]\nclient_id = "svc"\nclient_secret_env = "SVC_SECRET"\n')
    monkeypatch.setenv("SVC_SECRET", SECRET)
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", TOKEN)
    code, out, err = run(capsys, "--profile", "svc", "config", "show")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()[2:] if line.strip()}
    assert rows["client_secret"].split()[1:] == ["set", "(hidden)", "$SVC_SECRET"]
    assert rows["token"].split()[1:] == ["set", "(hidden)", "$ITWIN_ACCESS_TOKEN"]
    assert SECRET not in out + err and TOKEN not in out + err and "eyJ" not in out + err
    monkeypatch.setenv("ITWIN_CLIENT_ID", "app")
    monkeypatch.setenv("ITWIN_CLIENT_SECRET", SECRET)
    out = run(capsys, "config", "show")[1]
    assert SECRET not in out and "$ITWIN_CLIENT_SECRET" in out


def test_check_lists_every_problem_and_exits_1(capsys) -> None:
    path = write("""\
max_rows = "many"
colour = "blue"

[keys]
refresh = "f5"
search = "f5"
nope = "x"
help = "F99"
""")
    code, out, _err = run(capsys, "config", "check")
    assert code == 1
    assert out.splitlines() == [
        f'{path}:1: max_rows: expected a whole number above 0, got "many"',
        f"{path}:2: colour: unknown setting (ignored)",
        f"{path}:7: keys.nope: no binding has this id (ignored); itwin-tui config init "
        "lists them",
        f"{path}:8: keys.help: not a key: 'F99' (ignored)",
        f"{path}:6: keys.search: f5 is bound to both search and refresh; search keeps slash "
        "(ignored)",
    ]


def test_check_passes_a_good_file_and_warnings_alone(capsys) -> None:
    assert run(capsys, "config", "check")[0] == 0  # no file: nothing wrong
    run(capsys, "config", "init")
    code, out, _err = run(capsys, "config", "check")
    assert (code, out) == (0, f"{locations.config_file()}: no problems\n")
    write('future_setting = 1\n[keys]\nnot-yet = "x"\n')
    code, out, _err = run(capsys, "config", "check")
    assert code == 0 and len(out.splitlines()) == 2


def test_check_reports_a_syntax_error_with_line_and_column(capsys) -> None:
    path = write('theme = "nord"\n[profiles.work\n')
    code, out, _err = run(capsys, "config", "check")
    assert code == 1 and out.startswith(f"{path}:2:") and "not valid TOML" in out


@pytest.mark.parametrize(("text", "where"), [
    ('theme = "nord"\nmax_rows = [\n', ":3:1: not valid TOML"),
    ("max_rows = 1.5\n", ":1: max_rows: expected a whole number above 0, got 1.5"),
])
def test_other_commands_exit_2_on_an_error_in_the_file(capsys, text, where) -> None:
    path = write(text)
    code, out, err = run(capsys, "cache", "info")
    assert code == 2 and out == ""
    assert err.splitlines()[0].startswith(f"{path}{where}")
    assert "nothing done" in err and "Traceback" not in err


def test_warnings_do_not_stop_a_command(capsys) -> None:
    path = write("colour = 1\n")
    code, out, err = run(capsys, "cache", "info")
    assert code == 0 and "Entries" in out
    assert err == f"{path}:1: colour: unknown setting (ignored)\n"


def test_a_profile_that_is_not_there_exits_2(capsys, monkeypatch) -> None:
    write("[profiles.work]\n")
    code, _out, err = run(capsys, "--profile", "nope", "cache", "info")
    assert code == 2
    assert err == (f"itwin-tui: no profile 'nope' (command line) in {locations.config_file()} "
                   "(profiles: work)\n")
    monkeypatch.setenv("ITWIN_PROFILE", "gone")
    assert run(capsys, "cache", "info")[0] == 2
    assert run(capsys, "config", "check")[0] == 1


def test_the_other_file_of_config_is_used(capsys, tmp_path) -> None:
    other = write("max_rows = 42\n", tmp_path / "other.toml")
    out = run(capsys, "--config", str(other), "config", "show")[1]
    assert out.startswith(f"Config file: {other}, chosen by --config")
    assert "42" in out


def test_the_readme_lists_every_setting() -> None:
    assert readme_table() in README.read_text(encoding="utf-8"), (
        "README's settings table differs from tui.options: paste readme_table()")


def test_the_readme_example_is_a_good_file(capsys) -> None:
    text = README.read_text(encoding="utf-8")
    example = text[text.index("```toml\n") + 8:]
    write(example[:example.index("```")])
    code, out, _err = run(capsys, "config", "check")
    assert (code, out) == (0, f"{locations.config_file()}: no problems\n")
