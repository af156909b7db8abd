"""Files made to take the reader down (issue 10): a 1.6 KB workbook claiming the last cell of
a spreadsheet, spelled four ways, and 100 MB of blank lines. Each is refused with a plain
message by the command line and by the Upload page, nothing is written, and the reading
stays within the worker's limits (30 s of processor time, 1 GiB)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, shown
from tests.builders import snapshot
from tests.raw_xlsx import LAST_CELL_SPELLINGS, blank_lines_csv, last_cell_workbook
from uep_data import db

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GIB = 1024**3
REFUSED_GRID = ("beyond the edge of a spreadsheet", "more than one upload may hold")
REFUSED_LINES = "has more than 1,048,576 rows (blank lines count too)"

# The command runs with its address space held to 2 GiB: the reading must stay in its own
# 1 GiB worker, and a reader that tried to take the 8.9 GB these files once took fails here
# rather than on the machine. It is started by a small launcher of its own, which notes the
# peak memory of the command and its workers: on Linux a process's peak counts the memory of
# the process it was forked from, and the test's own process, late in a run, may hold more
# than a gigabyte.
LAUNCHER = (
    "import os, resource, subprocess, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))\n"
    "command = subprocess.Popen([sys.executable, '-m', 'uep_data', *sys.argv[2:]])\n"
    "_, status, usage = os.wait4(command.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss * 1024))\n"
    "sys.exit(os.waitstatus_to_exitcode(status) % 256)\n"
)


def run_command(*args: str, tmp_path: Path) -> tuple[int, str, str, int]:
    """Run `python -m uep_data ARGS` as a process of its own: its exit status, output,
    errors, and the peak memory of its largest process (itself or a reading worker)."""
    out, err, peak = tmp_path / "out.txt", tmp_path / "err.txt", tmp_path / "peak.txt"
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        code = subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(peak), *args],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        ).returncode
    return code, out.read_text(), err.read_text(), int(peak.read_text())


@pytest.fixture
def database(tmp_path):
    url = f"sqlite:///{tmp_path / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    yield url, engine
    engine.dispose()


@pytest.mark.parametrize("spelling", sorted(LAST_CELL_SPELLINGS))
def test_the_command_refuses_a_last_cell_however_it_is_spelled(spelling, database, tmp_path):
    url, engine = database
    path = tmp_path / "people.xlsx"
    path.write_bytes(last_cell_workbook(spelling))
    assert path.stat().st_size < 2000
    before = snapshot(engine)
    code, out, err, peak = run_command("import", "--db", url, str(path), tmp_path=tmp_path)
    assert code == 1, (code, err[-2000:])
    assert "Nothing was imported: 1 problem to fix" in err
    assert any(words in err for words in REFUSED_GRID), err
    assert snapshot(engine) == before
    assert peak <= GIB


def test_the_command_refuses_a_csv_of_nothing_but_blank_lines(database, tmp_path):
    url, engine = database
    path = tmp_path / "contacts.csv"
    path.write_bytes(blank_lines_csv())
    before = snapshot(engine)
    code, out, err, peak = run_command("import", "--db", url, str(path), tmp_path=tmp_path)
    assert code == 1, (code, err[-2000:])
    assert REFUSED_LINES in err
    assert snapshot(engine) == before
    assert peak <= GIB


@pytest.fixture
def lead_database(sample_url, tmp_path, monkeypatch):
    path = tmp_path / "uep.sqlite"
    path.write_bytes(Path(sample_url.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{path}"
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    engine = db.create_engine(url)
    yield engine
    engine.dispose()


def upload_page_refusal(name: str, data: bytes, mime: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/upload.py").run()
    at.file_uploader[0].set_value((name, data, mime)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("spelling", sorted(LAST_CELL_SPELLINGS))
def test_the_upload_page_refuses_a_last_cell_however_it_is_spelled(spelling, lead_database):
    before = snapshot(lead_database)
    at = upload_page_refusal("people.xlsx", last_cell_workbook(spelling), XLSX)
    assert "cannot be imported yet: 1 problem" in at.error[0].value
    found = shown(at.table[0].value["What to do"][0])
    assert any(words in found for words in REFUSED_GRID), found
    assert not [b for b in at.button if b.label == "Import these changes"]
    assert snapshot(lead_database) == before


def test_the_upload_page_refuses_a_csv_of_nothing_but_blank_lines(lead_database):
    before = snapshot(lead_database)
    at = upload_page_refusal("contacts.csv", blank_lines_csv(), "text/csv")
    assert "cannot be imported yet: 1 problem" in at.error[0].value
    assert REFUSED_LINES in shown(at.table[0].value["What to do"][0])
    assert snapshot(lead_database) == before
