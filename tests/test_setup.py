"""Set-up as a new user meets it: `make run` installs the app alone and what Qt needs for a
window; `make test` the test extras; a new pyproject.toml gets a fresh environment; the
README's commands work outside an activated environment and point at files that exist."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(target: str, tmp_path: Path) -> str:
    """What `make TARGET` would run with a brand-new environment folder (nothing is run)."""
    done = subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@needs_make
def test_make_run_installs_the_app_without_the_test_extras_and_checks_qts_libraries(tmp_path):
    commands = dry_run("run", tmp_path)
    assert re.search(r"pip install --quiet -e \.$", commands, re.M)
    installs = [line for line in commands.splitlines() if "pip install" in line]
    assert not any("[test]" in line or "pytest" in line.split("pip install")[1] for line in installs), installs
    assert "ldd" in commands and "libqxcb.so" in commands and "libxcb-cursor0" in commands
    assert "sudo apt-get install" in commands, "without root it names the packages and stops"
    assert commands.index("libqxcb.so") < commands.index("main.py"), "the libraries are checked before the app starts"


@needs_make
def test_make_test_installs_the_test_extras(tmp_path):
    assert "pip install --quiet -e '.[test]'" in dry_run("test", tmp_path)


@needs_make
def test_a_new_pyproject_builds_the_environment_afresh(tmp_path):
    commands = dry_run("run", tmp_path)
    assert commands.index(f'rm -rf "{tmp_path / "venv"}"') < commands.index("-m venv"), "no packages of an older pin are left behind"


def test_readme_commands_work_outside_the_environment_and_name_no_missing_file():
    assert "python main.py" not in README, "outside the virtual environment `python` has none of the packages"
    assert ".venv/bin/pos-loyalty" in README and ". .venv/bin/activate" in README
    for name in re.findall(r"\b([A-Z][A-Z_]+\.md)\b", README):
        assert (REPO / name).exists(), f"README mentions {name}, which is not in the repository"
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        if not target.startswith("http"):
            assert (REPO / target).exists(), f"README links to {target}, which is not in the repository"
