"""The programme lead's workflow in the core: problems grouped and exported, the preview of
an upload, editing targets and actions, settings, erasure and the audit log."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tests.builders import (
    DIRECTORATES,
    PROFESSIONS,
    csv_bytes,
    person_rows,
    post,
    signed_in,
    snapshot,
    workbook_bytes,
)
from uep_data import (
    access,
    audit,
    db,
    editing,
    erasure,
    importer,
    schema,
    setting_changes,
    settings,
    targets,
    undo,
)
from uep_data.upload_report import group_problems, preview, problems_workbook


def load(engine, **sheets):
    data = {"directorates": DIRECTORATES, "professions": PROFESSIONS, **sheets}
    result = importer.import_files(engine, [("t.xlsx", workbook_bytes(data))], who="lead")
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_fifty_bad_dates_read_as_one_problem_with_fifty_rows(sqlite_engine):
    rows = [{"person_id": f"P{i}", "referral_date": "sometime"} for i in range(50)]
    result = importer.import_files(
        sqlite_engine, [("p.xlsx", workbook_bytes({"people": rows}))], dry_run=True
    )
    groups = group_problems(result.problems)
    assert len(groups) == 1
    assert len(groups[0].rows) == 50 and groups[0].column == "referral_date"
    assert groups[0].rows_text.endswith("and 38 more")


def test_the_problems_spreadsheet_lists_every_problem_and_defuses_formulas(sqlite_engine):
    rows = [
        {"person_id": "P1", "route": '=HYPERLINK("http://x","click")'},
        {"person_id": "P2", "route": "astronaut"},
    ]
    result = importer.import_files(sqlite_engine, [("people.csv", csv_bytes(rows))], dry_run=True)
    sheet = load_workbook(io.BytesIO(problems_workbook(result.problems))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [v[:3] for v in values] == [["people", 2, "route"], ["people", 3, "route"]]
    # exactly as found, no apostrophe added: stored as text, marked as text, never a formula
    assert values[0][3].startswith('=HYPERLINK("http')
    assert sheet.cell(2, 4).data_type == "s" and sheet.cell(2, 4).quotePrefix


def test_the_problems_spreadsheet_shows_a_value_as_found_without_an_apostrophe(sqlite_engine):
    rows = [{"person_id": "P1", "route": "-5"}]
    result = importer.import_files(sqlite_engine, [("people.csv", csv_bytes(rows))], dry_run=True)
    sheet = load_workbook(io.BytesIO(problems_workbook(result.problems))).active
    assert sheet.cell(2, 4).value == "-5"
    assert "'-5" not in str(result.problems[0])


def test_the_preview_shows_changed_rows_old_and_new(sqlite_engine):
    load(sqlite_engine, people=person_rows("P1"), employments=[post("P1", dt.date(2003, 4, 1))])
    change = workbook_bytes(
        {"employments": [post("P1", dt.date(2003, 4, 1), end=dt.date(2004, 1, 9))]}
    )
    result = importer.import_files(sqlite_engine, [("e.xlsx", change)], dry_run=True)
    (sheet,) = preview(result)
    assert (sheet.sheet, sheet.updated, sheet.inserted) == ("employments", 1, 0)
    (row,) = sheet.changed_rows
    assert row.key.startswith("person_id P1") and row.changes == (
        ("end_date", None, dt.date(2004, 1, 9)),
    )


TARGETS = [
    {
        "target_id": "EMP",
        "title": "35 in post",
        "metric": "in_employment",
        "level": "aspirational",
        "value": "35",
    },
    {
        "target_id": "EMP-2003",
        "title": "30 by March",
        "metric": "in_employment",
        "level": "interim",
        "value": 30,
        "financial_year": "2003/04",
        "parent_target_id": "EMP",
    },
]


def test_targets_edited_in_the_dashboard_are_checked_like_an_upload(sqlite_engine):
    bad = [
        {**TARGETS[0], "metric": "happiness"},
        {**TARGETS[1], "financial_year": None, "parent_target_id": "NOPE"},
    ]
    result = editing.save(sqlite_engine, "targets", bad, who="lead")
    messages = {(p.row, p.column) for p in result.problems}
    assert {(1, "metric"), (2, "financial_year"), (2, "parent_target_id")} <= messages
    assert not snapshot(sqlite_engine)["targets"]
    result = editing.save(sqlite_engine, "targets", TARGETS, who="lead")
    assert result.status == "imported" and result.sheet_counts()["targets"]["inserted"] == 2
    with sqlite_engine.connect() as conn:
        logged = audit.entries(conn, action="targets_edit")
    assert logged[0]["who"] == "lead"


def test_a_retired_target_is_kept_but_no_longer_measured_and_an_edit_can_be_undone(sqlite_engine):
    editing.save(sqlite_engine, "targets", TARGETS, who="lead")
    rows = editing.stored_rows(sqlite_engine, "targets")
    rows[1]["retired"] = "yes"
    editing.save(sqlite_engine, "targets", rows, who="lead")
    with sqlite_engine.connect() as conn:
        assert [t.target_id for t in targets.evaluate_targets(conn, dt.date(2004, 3, 31))] == [
            "EMP"
        ]
    undo.undo_last_import(sqlite_engine, who="lead")
    with sqlite_engine.connect() as conn:
        assert len(targets.evaluate_targets(conn, dt.date(2004, 3, 31))) == 2


def test_only_the_lead_edits_targets_or_settings_or_erases(sqlite_engine):
    roles = {"steering_group": ["group@trust.nhs.uk"], "board": ["chair@trust.nhs.uk"]}
    for email in ("group@trust.nhs.uk", "chair@trust.nhs.uk"):
        who = signed_in(email, roles)
        with pytest.raises(access.AccessDenied):
            editing.save(sqlite_engine, "targets", TARGETS, who=who)
        with pytest.raises(access.AccessDenied):
            setting_changes.change(sqlite_engine, "round_to", 10, who=who)
        with pytest.raises(access.AccessDenied):
            erasure.erase_person(sqlite_engine, "P1", who=who)


def test_settings_are_checked_and_every_change_is_logged(sqlite_engine):
    assert "1 to 20" in setting_changes.change(sqlite_engine, "suppress_up_to", 0, "lead")
    assert "not an email" in setting_changes.change(
        sqlite_engine, "role_mapping", {"board": ["chair"]}, "lead"
    )
    assert setting_changes.change(sqlite_engine, "suppress_up_to", 10, "lead") is None
    mapping = {"board": ["chair@trust.nhs.uk", "group:Board"], "steering_group": ["@x.nhs.uk"]}
    assert setting_changes.change(sqlite_engine, "role_mapping", mapping, "lead") is None
    assert settings.current(sqlite_engine)["suppress_up_to"] == 10
    with sqlite_engine.connect() as conn:
        logged = audit.entries(conn, action="setting")
    assert [e["details"]["key"] for e in logged] == ["role_mapping", "suppress_up_to"]
    assert logged[1]["details"]["before"] == 7 and logged[1]["details"]["after"] == 10


def test_erasing_a_person_removes_every_row_and_every_undo_copy_and_logs_no_code(engine):
    load(
        engine,
        people=person_rows("P1", "P2"),
        employments=[post("P1", dt.date(2003, 4, 1)), post("P2", dt.date(2003, 5, 1))],
        contacts=[{"person_id": "P1", "date": dt.date(2003, 4, 8), "mode": "telephone"}],
    )
    load(engine, employments=[post("P1", dt.date(2003, 4, 1), end=dt.date(2004, 1, 9))])
    assert erasure.rows_about(engine, "P1") == {"people": 1, "employments": 1, "contacts": 1}
    erased = erasure.erase_person(engine, "P1", who="lead")
    assert erased.rows == {"people": 1, "employments": 1, "contacts": 1, "undo copies": 1}
    after = snapshot(engine)
    assert all("P1" not in repr(rows) for rows in after.values())
    with engine.connect() as conn:
        changes = conn.execute(sa.select(schema.import_changes.c.before)).scalars().all()
        log = audit.entries(conn)
    assert "P1" not in repr(changes) and "P1" not in repr(log)
    assert log[0]["action"] == "erasure" and log[0]["details"]["rows"] == 4


def test_the_audit_log_is_filterable_by_action_who_and_date(sqlite_engine):
    load(sqlite_engine, people=person_rows("P1"))
    setting_changes.change(sqlite_engine, "round_to", 10, "someone else")
    undo.undo_last_import(sqlite_engine, who="lead")
    with sqlite_engine.connect() as conn:
        assert [e["action"] for e in audit.entries(conn)] == ["undo", "setting", "import"]
        assert [e["action"] for e in audit.entries(conn, who="else")] == ["setting"]
        assert [e["action"] for e in audit.entries(conn, action="import")] == ["import"]
        today = db.now().date()
        assert len(audit.entries(conn, since=today, until=today)) == 3
        assert audit.entries(conn, until=today - dt.timedelta(days=1)) == []
        assert "undid import" in audit.describe(audit.entries(conn)[0]).lower()
