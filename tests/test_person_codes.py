"""Person codes: a person_id that looks like a direct identifier (an NHS number, an email
address, a telephone number, a name) is refused at its cell with what to do, and nothing is
written; the programme lead sets how codes are written, and the importer follows it."""

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, snapshot, workbook_bytes
from uep_data import audit, importer, person_codes, setting_changes, settings
from uep_data.person_codes import DEFAULT_RULE, direct_identifier, problem_with_code


@pytest.mark.parametrize(
    "text, kind",
    [
        ("943 476 5919", "an NHS number"),
        ("943-476-5919", "an NHS number"),
        ("9434765919", "an NHS number"),
        ("jane.smith@nhs.net", "an email address"),
        ("020 7946 0018", "a telephone number"),
        ("07700 900123", "a telephone number"),
        ("07700900123", "a telephone number"),
        ("+44 (0)7700 900123", "a telephone number"),
        ("+44 20 7946 0018", "a telephone number"),
        ("0044 20 7946 0018", "a telephone number"),
        ("Jane Smith", "a person's name"),
        ("jane smith", "a person's name"),
        ("Smith, Jane", "a person's name"),
        ("Mary-Jane O'Neil", "a person's name"),
        ("J. Smith", "a person's name"),
    ],
)
def test_direct_identifiers_are_recognised(text, kind):
    assert direct_identifier(text) == kind
    assert problem_with_code(text, DEFAULT_RULE).startswith(f"looks like {kind}.")


@pytest.mark.parametrize("text", ["P0042", "UEP-0042", "P1", "X1", "9434765918", "P 42", "Smith"])
def test_codes_and_near_misses_are_not_called_identifiers(text):
    # 9434765918 has the wrong check digit, so it is not an NHS number
    assert direct_identifier(text) is None


def test_the_default_pattern_takes_codes_like_P0042():
    for code in ("P0042", "UEP-0042", "p42", "AB12345678"):
        assert problem_with_code(code, DEFAULT_RULE) is None
    for code in ("42", "P0042X", "P 42", "P" * 50):
        assert problem_with_code(code, DEFAULT_RULE) is not None


def upload(engine, file_name="people.xlsx", **sheets):
    data = {"directorates": DIRECTORATES, "professions": PROFESSIONS, **sheets}
    return importer.import_files(engine, [(file_name, workbook_bytes(data))], who="lead")


def test_identifiers_as_person_codes_are_refused_at_their_cells_and_nothing_is_written(engine):
    assert upload(engine, people=person_rows("P1")).ok
    before = snapshot(engine)
    result = upload(
        engine,
        people=person_rows("P2", "943 476 5919", "jane.smith@nhs.net", "Jane Smith"),
        contacts=[
            {"person_id": "07700 900123", "date": dt.date(2003, 4, 1), "mode": "telephone"},
            {"person_id": "P1", "date": dt.date(2003, 4, 2), "mode": "telephone"},
        ],
    )
    assert result.status == "refused"
    found = {(p.sheet, p.row, p.column, p.value): p.message for p in result.problems}
    assert set(found) >= {
        ("people", 3, "person_id", "943 476 5919"),
        ("people", 4, "person_id", "jane.smith@nhs.net"),
        ("people", 5, "person_id", "Jane Smith"),
        ("contacts", 2, "person_id", "07700 900123"),
    }
    assert found[("people", 3, "person_id", "943 476 5919")].startswith("looks like an NHS number")
    assert "replace it with the person's code" in found[("people", 5, "person_id", "Jane Smith")]
    assert snapshot(engine) == before


def test_a_dry_run_reports_an_identifier_too(sqlite_engine):
    data = {"people": person_rows("Jane Smith")}
    result = importer.import_files(sqlite_engine, [("p.xlsx", workbook_bytes(data))], dry_run=True)
    assert result.status == "refused"
    assert "looks like a person's name" in result.problems[0].message


def test_the_lead_sets_how_codes_are_written_and_the_importer_follows(sqlite_engine):
    refused = upload(sqlite_engine, people=person_rows("00042"))
    assert refused.status == "refused"
    assert "change how person codes are written in Settings" in refused.problems[0].message
    digits = {"pattern": "[0-9]{5}", "description": "five digits, such as 00042"}
    assert setting_changes.change(sqlite_engine, "person_code", digits, "lead") is None
    assert upload(sqlite_engine, people=person_rows("00042")).status == "imported"
    refused = upload(sqlite_engine, people=person_rows("P0043"))
    assert "(five digits, such as 00042)" in refused.problems[0].message
    with sqlite_engine.connect() as conn:
        (entry,) = audit.entries(conn, action="setting")
    assert entry["details"] == {
        "key": "person_code",
        "before": DEFAULT_RULE.as_setting(),
        "after": digits,
    }


@pytest.mark.parametrize(
    "pattern, description, problem",
    [
        ("(", "x", "not a regular expression"),
        ("[0-9]*", "x", "accepts an empty code"),
        ("", "x", "give the pattern"),
        ("(a+)+", "x", "no repeat inside a repeat"),
        ("(P)[0-9]+\\1", "x", "back-references"),
        ("P[0-9]+", " ", "say in words"),
    ],
)
def test_a_code_pattern_is_checked_before_it_is_saved(sqlite_engine, pattern, description, problem):
    rule = {"pattern": pattern, "description": description}
    assert problem in setting_changes.change(sqlite_engine, "person_code", rule, "lead")
    assert settings.current(sqlite_engine)["person_code"] == DEFAULT_RULE.as_setting()


def test_a_pattern_that_would_refuse_codes_already_stored_is_not_saved(sqlite_engine):
    assert upload(sqlite_engine, people=person_rows("P1", "P2", "UEP-3")).ok
    rule = {"pattern": "P[0-9]+", "description": "P and digits"}
    problem = setting_changes.change(sqlite_engine, "person_code", rule, "lead")
    assert problem.startswith("1 person code already stored would not fit it (UEP-3)")


def test_code_shaped_parts_of_file_names_are_kept_out_of_the_records():
    rule = DEFAULT_RULE
    assert person_codes.file_names_for_the_record(["P0042 route fix.xlsx"], rule) == (
        "[code] route fix.xlsx"
    )
    assert person_codes.file_names_for_the_record(
        ["uep_sample.xlsx", "contacts UEP-0042.csv"], rule
    ) == ("uep_sample.xlsx, contacts [code].csv")


def test_the_sample_codes_fit_the_default_pattern(sample_engine):
    with sample_engine.connect() as conn:
        codes = conn.execute(sa.select(sa.text("person_id FROM people"))).scalars().all()
    assert codes and all(problem_with_code(code, DEFAULT_RULE) is None for code in codes)
