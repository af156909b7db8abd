"""Python 3.11 to 3.13: ./dashboard and ./run-tests (scripts/python-env.sh) take any of them
(finding: pyproject.toml said >=3.11 but the scripts refused anything but 3.11, and Ubuntu
24.04 ships 3.12), say which are needed when none is found, and .ci/run tests on several.
The Pythons here are stand-ins: scripts that answer as a Python of a version would."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUPPORTED = ["3.11", "3.12", "3.13"]


def fake_python(folder: Path, name: str, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\necho {version}\n")
    path.chmod(0o755)
    return path


def shell(command: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["/bin/bash", "-c", f"source scripts/python-env.sh && {command}"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize("version", SUPPORTED)
def test_python_set_to_any_supported_version_is_taken(tmp_path, version):
    python = fake_python(tmp_path, f"python{version}", version)
    done = shell("find_python", PYTHON=str(python))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(python)


def test_without_python_set_a_supported_one_on_the_path_is_found(tmp_path):
    bin_folder = tmp_path / "bin"
    fake_python(bin_folder, "python3", "3.10")  # the system's own is too old here
    fake_python(bin_folder, "python3.12", "3.12")
    done = shell("find_python", PATH=f"{bin_folder}:/usr/bin:/bin")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "python3.12"


def test_the_systems_own_python3_comes_first_when_it_is_supported(tmp_path):
    bin_folder = tmp_path / "bin"
    fake_python(bin_folder, "python3", "3.12")  # Ubuntu 24.04
    fake_python(bin_folder, "python3.13", "3.13")
    done = shell("find_python", PATH=f"{bin_folder}:/bin")
    assert done.stdout.strip() == "python3"


def test_with_no_supported_python_the_message_names_the_versions(tmp_path):
    bin_folder = tmp_path / "bin"
    fake_python(bin_folder, "python3", "3.10")
    done = shell("find_python", PATH=str(bin_folder))  # no other Python to be found
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Python 3.11, 3.12 or 3.13 is needed: install one (or set PYTHON=/path/to/python3.12)."
    )


def test_a_version_is_found_in_pyenvs_versions_when_not_on_the_path(tmp_path):
    root = tmp_path / "pyenv"
    python = fake_python(root / "versions" / "3.13.0" / "bin", "python3.13", "3.13")
    done = shell("find_python_version 3.13", PYENV_ROOT=str(root))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(python)
    missing = shell("find_python_version 3.12", PYENV_ROOT=str(root))
    assert missing.returncode == 1
    assert "Python 3.12 is not installed here" in missing.stderr


def test_an_environment_made_with_another_python_than_python_names_is_not_used(tmp_path):
    """Else PYTHON=python3.12 ./run-tests would quietly test on the .venv's 3.11."""
    venv = tmp_path / "venv"
    fake_python(venv / "bin", "python", "3.11")
    asked = fake_python(tmp_path, "python3.12", "3.12")
    done = shell("ensure_venv requirements.txt", PYTHON=str(asked), UEP_VENV=str(venv))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"{venv} was made with Python 3.11, but PYTHON names Python 3.12: remove {venv} "
        f"(rm -r {venv}) to make it again with 3.12, or unset PYTHON."
    )
    assert not list(venv.glob(".installed-*"))


def test_the_supported_versions_agree_everywhere():
    script = (ROOT / "scripts" / "python-env.sh").read_text(encoding="utf-8")
    assert re.search(r'^SUPPORTED_PYTHONS="(.*)"$', script, re.M).group(1).split() == SUPPORTED
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11,<3.14"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    tested = re.search(r"UEP_CI_PYTHONS:-([0-9. ]+)\}", ci).group(1).split()
    assert len(set(tested)) >= 2 and set(tested) <= set(SUPPORTED)
