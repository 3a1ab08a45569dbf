"""Packaging: the wheel ships the styles, and CI runs the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    (found,) = out.glob("itwin_tui-*.whl")
    return found


def test_wheel_contains_every_stylesheet(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("tui/styles/")}
    in_repo = {p.name for p in (ROOT / "styles").glob("*.tcss")}
    assert in_repo and shipped == in_repo
    assert "tui/cli.py" in names and "tui/fake/__init__.py" in names


def test_installed_package_finds_its_styles(wheel: Path, tmp_path: Path) -> None:
    zipfile.ZipFile(wheel).extractall(tmp_path)
    code = "from tui import locations; d = locations.styles_dir(); print(d); " \
           "print(sorted(p.name for p in d.glob('*.tcss')))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path)})
    where, names = out.stdout.splitlines()
    assert Path(where) == tmp_path / "tui" / "styles"
    assert names != "[]"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    match = re.search(r"## Run the tests\s+```sh\n(.+?)\n```", readme, re.S)
    assert match, "README lost its test command"
    assert match.group(1).strip() in (ROOT / ".ci" / "run").read_text()


def test_console_script_and_module_entry_points() -> None:
    text = (ROOT / "pyproject.toml").read_text()
    assert 'itwin-tui = "tui.cli:main"' in text
    out = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("itwin-tui ")
