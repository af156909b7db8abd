"""./dashboard and ./run-tests with a .venv left half-made (stopped while it was being made, or
its Python since removed or broken): it is made again, saying so; a .venv that is a link to
an environment elsewhere is named, not emptied. (finding: a .venv without its pip ended
./dashboard with "No module named pip", and one whose Python did not run with a message
from pip's absence.)"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = shutil.which("python3.11") or (sys.executable if sys.version_info[:2] == (3, 11) else None)
pytestmark = pytest.mark.skipif(PYTHON is None, reason="needs a Python 3.11 to make .venv with")


@pytest.fixture
def project(tmp_path) -> Path:
    """A folder with the set-up script and nothing to install (no network needed)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "python-env.sh", tmp_path / "scripts")
    for name in ("requirements.txt", "constraints.txt"):
        (tmp_path / name).write_text("# nothing to install in this test\n")
    return tmp_path


def set_up(project: Path) -> subprocess.CompletedProcess:
    """What ./dashboard does first."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHON", "VIRTUAL_ENV", "UEP_VENV")}
    return subprocess.run(
        [
            "bash",
            "-c",
            "set -euo pipefail; source scripts/python-env.sh; ensure_venv requirements.txt",
        ],
        cwd=project,
        env={**env, "PYTHON": PYTHON},
        capture_output=True,
        text=True,
        timeout=300,
    )


def runs(python: Path) -> bool:
    return subprocess.run([python, "-c", "import pip"], capture_output=True).returncode == 0


def test_a_venv_without_pip_is_made_again(project):
    subprocess.run([PYTHON, "-m", "venv", "--without-pip", project / ".venv"], check=True)
    done = set_up(project)
    assert done.returncode == 0, done.stderr
    assert "The Python environment in .venv is half-made" in done.stderr
    assert runs(project / ".venv" / "bin" / "python")


def test_a_venv_whose_python_does_not_run_is_made_again(project):
    bin_folder = project / ".venv" / "bin"
    bin_folder.mkdir(parents=True)
    (bin_folder / "python").write_text("#!/bin/sh\nexit 1\n")
    (bin_folder / "python").chmod(0o755)
    done = set_up(project)
    assert done.returncode == 0, done.stderr
    assert "half-made" in done.stderr
    assert runs(bin_folder / "python")


def test_a_venv_folder_with_nothing_in_it_is_made(project):
    (project / ".venv").mkdir()
    done = set_up(project)
    assert done.returncode == 0, done.stderr
    assert runs(project / ".venv" / "bin" / "python")


def test_a_link_to_a_broken_environment_elsewhere_is_named_and_left_alone(project, tmp_path):
    elsewhere = tmp_path / "someone-elses-venv"
    (elsewhere / "bin").mkdir(parents=True)
    (elsewhere / "keep.txt").write_text("theirs")
    (project / ".venv").symlink_to(elsewhere)
    done = set_up(project)
    assert done.returncode == 1
    assert done.stderr.strip() == (
        f".venv is a link to {elsewhere}, whose Python does not run or has no pip: repair "
        "that environment or remove the link, then run this again."
    )
    assert (elsewhere / "keep.txt").read_text() == "theirs"
