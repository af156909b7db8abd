"""A character no database can store (issue 19): a NUL byte past the first 64 KB of a CSV
file (the file check looks for binary files in the first 64 KB only), or written into a
workbook's cell (`_x0000_`, which the reader turns into a NUL). PostgreSQL's text refuses
it, so the import once ended in a traceback carrying the uploaded values. It is refused as
a problem at its cell, on both databases, with nothing written; the command exits 1 with
the problem listed, and no uploaded value goes to a log."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, shown
from tests.builders import snapshot
from tests.raw_xlsx import sheet_xml, xlsx
from uep_data import db, importer
from uep_data.upload_report import problems_workbook

ROOT = Path(__file__).resolve().parent.parent
STORED = "contains a character that cannot be stored (a NUL character, U+0000)"
PAST_64_KB = 70_000


def people_csv(last_code: str, last_route: str = "new_recruit") -> tuple[bytes, int]:
    """A people.csv of more than 64 KB whose last row is the one given, and its row number."""
    lines = ["person_id,referral_date,route"]
    while sum(len(line) + 1 for line in lines) < PAST_64_KB:
        lines.append(f"P{len(lines):05d},06/01/2003,new_recruit")
    lines.append(f"{last_code},06/01/2003,{last_route}")
    return ("\n".join(lines) + "\n").encode(), len(lines)


def problems_of(result) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.value) for p in result.problems]


def test_a_nul_past_the_first_64_kb_of_a_csv_is_refused_at_its_cell(engine, caplog):
    data, row = people_csv("P9999\x00X")
    assert data.index(b"\x00") > 65_536
    before = snapshot(engine)
    with caplog.at_level(logging.DEBUG):
        result = importer.import_files(engine, [("people.csv", data)], who="test")
    assert result.status == "refused"
    assert problems_of(result) == [("people", row, "person_id", "P9999[U+0000]X")]
    assert STORED in result.problems[0].message
    assert snapshot(engine) == before
    assert "P9999" not in caplog.text and "P00001" not in caplog.text
    assert problems_workbook(result.problems)  # the list of problems can be downloaded


def test_a_nul_in_any_kind_of_cell_of_a_workbook_is_refused_at_its_cell(engine):
    people = [
        ["person_id", "referral_date", "route"],
        ["P0001", "06/01/2003", "new_recruit"],
        ["P0002", "06/01/2003", "new_recruit_x0000_"],  # a vocabulary
        ["P0003", "06/_x0000_01/2003", "new_recruit"],  # a date
    ]
    preparation = [
        ["person_id", "start_date", "cohort"],
        ["P0001", "01/02/2003", "Spring_x0000_ 2003"],  # text
    ]
    funding = [
        ["stream", "funding_type", "financial_year", "awarded", "funder_x0000_"],  # a heading
        ["Grant", "contract", "2003/04", 1000, "Council"],
    ]
    data = xlsx(
        {
            "people": sheet_xml(people),
            "work_preparation": sheet_xml(preparation),
            "funding": sheet_xml(funding),
        }
    )
    before = snapshot(engine)
    result = importer.import_files(engine, [("programme.xlsx", data)], who="test")
    assert result.status == "refused"
    assert sorted(problems_of(result)) == sorted(
        [
            ("people", 3, "route", "new_recruit[U+0000]"),
            ("people", 4, "referral_date", "06/[U+0000]01/2003"),
            ("work_preparation", 2, "cohort", "Spring[U+0000] 2003"),
            ("funding", 1, "funder[U+0000]", "funder[U+0000]"),
        ]
    )
    assert all(STORED in p.message for p in result.problems)
    assert snapshot(engine) == before


def test_the_command_refuses_a_nul_with_the_problem_listed_and_no_traceback(database_url, tmp_path):
    data, row = people_csv("P9999\x00X")
    path = tmp_path / "people.csv"
    path.write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "uep_data", "import", "--db", database_url, str(path)],
        cwd=ROOT,
        capture_output=True,
        timeout=300,
    )
    err = done.stderr.decode()
    assert done.returncode == 1, err[-3000:]
    assert "Traceback" not in err and b"\x00" not in done.stderr + done.stdout
    assert "Nothing was imported: 1 problem to fix" in err
    assert f"people, row {row}, column person_id: “P9999[U+0000]X” {STORED}" in err
    assert "P00001" not in err  # the other rows' values are not printed


def test_the_upload_page_lists_a_nul_as_a_problem_to_fix(engine, database_url, monkeypatch):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, database_url)
    data, row = people_csv("P9999\x00X")
    before = snapshot(engine)
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/upload.py").run()
    at.file_uploader[0].set_value(("people.csv", data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "cannot be imported yet: 1 problem" in at.error[0].value
    table = at.table[0].value
    assert shown(table["Column"][0]) == "person_id" and shown(table["Rows"][0]) == str(row)
    assert STORED in shown(table["What to do"][0])
    assert snapshot(engine) == before


@pytest.mark.parametrize("name", ["people\x00.csv", "programme\ud800.xlsx"])
def test_a_file_whose_name_cannot_be_stored_is_refused(sqlite_engine, name):
    data, _ = people_csv("P0001")
    result = importer.import_files(sqlite_engine, [(name, data)], who="test")
    assert result.status == "refused"
    assert "the file's name contains a character that cannot be stored" in str(result.problems[0])
