"""The programme lead's pages, driven headless with AppTest: upload a good file, a file with
mistakes and a hostile file; undo from the page; settings; erasure; the audit log."""

import datetime as dt

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, shown
from tests.builders import person_rows, post, snapshot, workbook_bytes
from tests.test_file_checks import billion_laughs
from uep_data import access, audit, db, editing, measures, reading_worker, schema

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
D = dt.date(2004, 3, 31)


@pytest.fixture
def lead_url(sample_copy_url):
    """A copy of the sample database this test may change, opened by the app as the lead."""
    return sample_copy_url


def page(name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page(f"app_pages/{name}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at: AppTest, *files) -> AppTest:
    uploader = at.file_uploader[0]
    uploader.set_value(list(files) if len(files) > 1 else files[0]).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def in_employment(url) -> int:
    with db.create_engine(url).connect() as conn:
        return measures.value(conn, "in_employment", D)


NEW_STARTERS = workbook_bytes(
    {
        "people": person_rows("N1", "N2", "N3"),
        "employments": [
            post(
                p,
                dt.date(2004, 3, 1),
                directorate="Human Resources",
                profession="Administrative and clerical",
            )
            for p in ("N1", "N2", "N3")
        ],
    }
)


def test_a_good_file_is_previewed_then_imported_after_confirmation(lead_url):
    before = in_employment(lead_url)
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    table = at.dataframe[0].value
    assert list(table["Sheet"]) == ["people", "employments"]
    assert list(table["Added"]) == [3, 3]
    assert in_employment(lead_url) == before  # nothing written by looking
    next(b for b in at.button if b.label == "Import these changes").click().run()
    assert in_employment(lead_url) == before + 3
    assert any("Imported starters.xlsx" in shown(s.value) for s in at.success)


def test_a_file_with_mistakes_shows_the_problems_and_writes_nothing(lead_url):
    before = snapshot(db.create_engine(lead_url))
    bad = workbook_bytes(
        {
            "people": [
                {"person_id": "X1", "referral_date": "yesterday"},
                {"person_id": "X2", "referral_date": "soon"},
            ],
            "employments": [post("P9999", dt.date(2004, 3, 1))],
        }
    )
    at = upload(page("upload"), ("bad.xlsx", bad, XLSX))
    assert "3 problems to fix" in at.error[0].value
    groups = at.table[0].value
    assert len(groups) == 2  # the two bad dates are one problem with two rows
    assert set(groups["Rows"]) == {"2, 3", "2"}
    assert any(b.label.startswith("Download the list") for b in at.button)
    assert not [b for b in at.button if b.label == "Import these changes"]
    assert snapshot(db.create_engine(lead_url)) == before


def test_a_hostile_file_is_refused_with_a_message_and_writes_nothing(lead_url):
    before = snapshot(db.create_engine(lead_url))
    at = upload(page("upload"), ("laughs.xlsx", billion_laughs(), XLSX))
    assert "problem" in at.error[0].value
    assert "possible attack" in at.table[0].value["What to do"][0]
    assert snapshot(db.create_engine(lead_url)) == before


def test_upload_problems_are_in_words_with_did_you_mean_and_in_full(lead_url):
    bad = workbook_bytes(
        {
            "people": person_rows("Z1"),
            "employments": [
                post(
                    "Z1",
                    dt.date(2004, 3, 1),
                    directorate="Community Adult Servics",
                    pay_band="band 55",
                )
            ],
        }
    )
    at = upload(page("upload"), ("typo.xlsx", bad, XLSX))
    table = at.table[0].value  # a table: every message is there in full, wrapped
    said = {shown(c): shown(w) for c, w in zip(table["Column"], table["What to do"], strict=True)}
    assert "did you mean “Community Adult Services”?" in said["directorate"]
    assert "Band 5" in said["pay_band"] and "band_5" not in said["pay_band"]


def test_the_success_message_names_only_the_sheets_that_changed(lead_url):
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    next(b for b in at.button if b.label == "Import these changes").click().run()
    (message,) = [shown(s.value) for s in at.success]
    assert "3 people and 3 posts added" in message
    assert "0 added" not in message and "contacts" not in message


def test_undo_after_a_reimport_that_changed_nothing_says_so_and_keeps_the_earlier_data(
    lead_url,
):
    before = in_employment(lead_url)
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    next(b for b in at.button if b.label == "Import these changes").click().run()
    again = upload(page("upload"), ("starters-again.xlsx", NEW_STARTERS, XLSX))
    next(b for b in again.button if b.label == "Import these changes").click().run()
    history = page("history")
    next(
        b for b in history.button if shown(b.label).startswith("Undo the import of starters-again")
    ).click().run()
    warning = shown(history.warning[0].value)
    assert "**starters-again.xlsx**" in warning and "It changed nothing" in warning
    next(b for b in history.button if b.label == "Yes, undo it").click().run()
    assert "had changed nothing" in shown(history.success[0].value)
    assert in_employment(lead_url) == before + 3  # the earlier import is still there
    history = page("history")
    next(
        b for b in history.button if shown(b.label).startswith("Undo the import of starters.xlsx")
    ).click().run()
    warning = shown(history.warning[0].value)
    assert "What it did: 3 people and 3 posts added." in warning
    assert "by " in warning


def test_the_upload_page_reads_a_file_once_for_its_sheets_its_check_and_its_import(
    lead_url, monkeypatch
):
    """Each reading of a file is a worker run: the page once read the file again for every
    sheet of the template, again for the check and again for the import (issue 19)."""
    readings = []

    class CountedRun(reading_worker.WorkerRun):
        def __init__(self, jobs, *args, **kwargs):
            readings.extend(job.name for job in jobs if job.role == "read")
            super().__init__(jobs, *args, **kwargs)

    monkeypatch.setattr(reading_worker, "WorkerRun", CountedRun)
    before = in_employment(lead_url)
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    assert readings == ["starters.xlsx"]
    at.multiselect[0].set_value(["employments"]).run()  # checked again, from the same reading
    assert "employments (replaced)" in list(at.dataframe[0].value["Sheet"])
    at.multiselect[0].set_value([]).run()
    next(b for b in at.button if b.label == "Import these changes").click().run()
    assert any("Imported starters.xlsx" in shown(s.value) for s in at.success)
    assert in_employment(lead_url) == before + 3
    assert readings == ["starters.xlsx"]


def test_replacing_a_sheet_warns_what_it_removes(lead_url):
    at = upload(
        page("upload"),
        ("contacts.csv", b"person_id,date,mode\nP0001,01/03/2004,email\n", "text/csv"),
    )
    at.multiselect[0].set_value(["contacts"]).run()
    warning = " ".join(w.value for w in at.warning)
    assert "Replacing **contacts** removes" in warning


def test_undo_from_the_history_page_brings_back_the_earlier_figures(lead_url):
    before = in_employment(lead_url)
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    next(b for b in at.button if b.label == "Import these changes").click().run()
    assert in_employment(lead_url) == before + 3
    history = page("history")
    assert shown(history.table[0].value["File"][0]) == "starters.xlsx"
    next(
        b for b in history.button if b.label.startswith("Undo the import of starters")
    ).click().run()
    assert "Undo the import of **starters.xlsx**" in shown(history.warning[0].value)
    next(b for b in history.button if b.label == "Yes, undo it").click().run()
    assert in_employment(lead_url) == before
    assert "Undid the import of starters.xlsx" in shown(history.success[0].value)
    with db.create_engine(lead_url).connect() as conn:
        actions = [e["action"] for e in audit.entries(conn)]
    assert actions[:2] == ["undo", "import"]


def test_settings_change_what_the_steering_group_sees_and_are_logged(lead_url):
    at = page("settings")
    at.number_input[0].set_value(3)
    next(b for b in at.button if b.label == "Save disclosure control").click().run()
    assert any("Saved" in s.value for s in at.success)
    with db.create_engine(lead_url).connect() as conn:
        (entry,) = audit.entries(conn, action="setting")
    assert entry["details"] == {"key": "suppress_up_to", "before": 7, "after": 3}
    assert "Programme lead" in entry["who"]


def test_bad_role_entries_are_refused_with_what_to_fix(lead_url):
    at = page("settings")
    at.text_area[2].set_value("the chair")
    next(b for b in at.button if b.label == "Save roles").click().run()
    assert "not an email address" in at.error[0].value


def test_erasing_a_person_from_the_page(lead_url):
    at = page("erase")
    at.text_input(key="erase_code").set_value("P0001").run()
    assert "rows about **P0001**" in at.warning[0].value
    button = next(b for b in at.button if b.label.startswith("Erase every row"))
    assert button.disabled
    at.text_input(key="erase_confirm").set_value("P0001").run()
    next(b for b in at.button if b.label.startswith("Erase every row")).click().run()
    assert "Erased" in at.success[0].value
    with db.create_engine(lead_url).connect() as conn:
        left = conn.execute(
            sa.select(sa.func.count())
            .select_from(schema.stages)
            .where(schema.stages.c.person_id == "P0001")
        ).scalar()
        (entry,) = audit.entries(conn, action="erasure")
    assert left == 0 and "P0001" not in repr(entry)


def test_the_audit_page_lists_the_changes(lead_url):
    at = page("audit")
    table = at.dataframe[0].value
    assert list(table["What"]) == ["Import"]  # the sample's import
    assert "uep_sample.xlsx" in table["Details"][0]


def test_the_targets_editor_lists_every_target_and_action_in_full(lead_url):
    at = page("targets_editor")
    targets, actions = at.table[0].value, at.table[1].value
    assert len(targets) == 28 and len(actions) == 8  # the sample's targets and actions
    # what a lead edits is in the list itself, not off to the right of a grid
    assert {"ID", "Title", "Target", "Period", "Owner"} <= set(targets.columns)
    assert {"ID", "Action", "Owner", "Due", "Status"} <= set(actions.columns)
    # the cells are escaped for markdown (shown as typed): read them as a reader sees them
    emp = targets.map(shown)[targets["ID"].map(shown) == "EMP-2003"].iloc[0]
    assert emp["Target"] == "at least 35" and emp["Period"] == "2003/04"
    assert {"Check the target", "Check the action"} <= {b.label for b in at.button}


def test_checking_a_target_that_was_not_changed_says_nothing_to_save(lead_url):
    at = page("targets_editor")
    at.selectbox(key="targets_choice_0").set_value("EMP").run()
    next(b for b in at.button if b.label == "Check the target").click().run()
    assert "Nothing to save: this target is as it was." in at.info[0].value
    assert not at.success
    with db.create_engine(lead_url).connect() as conn:
        assert audit.entries(conn, action="targets_edit") == []


def test_a_changed_target_is_shown_old_to_new_and_a_big_move_is_asked_about_again(lead_url):
    at = page("targets_editor")
    at.selectbox(key="targets_choice_0").set_value("EMP").run()
    at.number_input(key="targets_value_EMP_0").set_value(6)  # sent with the form
    next(b for b in at.button if b.label == "Check the target").click().run()
    shown_text = "\n".join(shown(m.value) for m in at.markdown)
    assert "EMP (35 people supported in employment at any one time): Value: 35 → 6" in (shown_text)
    looks = [shown(w.value) for w in at.warning]
    assert any("moves from 35 to 6, by more than half" in w for w in looks)
    assert any("its title says 35" in w for w in looks)
    save = next(b for b in at.button if b.label == "Save the change")
    assert save.disabled  # not until the lead says they have checked
    at.checkbox(key="targets_sure").check().run()
    next(b for b in at.button if b.label == "Save the change").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Saved. EMP (35 people supported in employment at any one time): Value: 35 → 6" in (
        shown(at.success[0].value)
    )
    with db.create_engine(lead_url).connect() as conn:
        value = conn.execute(
            sa.select(schema.targets.c.value).where(schema.targets.c.target_id == "EMP")
        ).scalar()
        (entry,) = audit.entries(conn, action="targets_edit")
    assert value == 6 and "Programme lead" in entry["who"]


def test_a_small_change_to_an_action_is_saved_after_one_look(lead_url):
    at = page("targets_editor")
    first = shown(at.table[1].value["ID"].iloc[0])
    at.selectbox(key="actions_choice_0").set_value(first).run()
    at.text_input(key=f"actions_owner_{first}_0").set_value("Employment adviser")
    next(b for b in at.button if b.label == "Check the action").click().run()
    assert not at.warning
    assert "Owner:" in "\n".join(shown(m.value) for m in at.markdown)
    next(b for b in at.button if b.label == "Save the change").click().run()
    assert "Owner:" in shown(at.success[0].value)
    assert "→ Employment adviser" in shown(at.success[0].value)
    with db.create_engine(lead_url).connect() as conn:
        owner = conn.execute(
            sa.select(schema.actions.c.owner).where(schema.actions.c.action_id == first)
        ).scalar()
    assert owner == "Employment adviser"


def test_a_new_target_is_checked_like_an_upload_before_anything_is_saved(lead_url):
    at = page("targets_editor")
    at.text_input(key="targets_target_id_None_0").set_value("NEW")
    next(b for b in at.button if b.label == "Check the target").click().run()
    assert "Not saved: fix these first." in at.error[0].value
    with db.create_engine(lead_url).connect() as conn:
        assert audit.entries(conn, action="targets_edit") == []


def test_a_chart_recalculation_is_set_on_the_settings_page_and_shows_on_the_overview(lead_url):
    at = page("settings")
    at.selectbox(key="recalculation_series").set_value("in_employment")
    at.date_input(key="recalculation_month").set_value(dt.date(2003, 2, 1))
    at.text_input(key="recalculation_reason").set_value("Second adviser started")
    next(b for b in at.button if b.label == "Start the chart again here").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "starts again in February 2003" in at.success[0].value
    with db.create_engine(lead_url).connect() as conn:
        (entry,) = audit.entries(conn, action="recalculation")
    assert "Programme lead" in entry["who"]
    overview = AppTest.from_file(APP, default_timeout=120)
    overview.run()
    text = "\n".join(shown(m.value) for m in overview.markdown)
    assert "Recalculated from February 2003: Second adviser started" in text


def test_a_recalculation_without_a_reason_is_refused(lead_url):
    at = page("settings")
    at.date_input(key="recalculation_month").set_value(dt.date(2003, 6, 1))
    next(b for b in at.button if b.label == "Start the chart again here").click().run()
    assert "say why the chart starts again" in at.error[0].value
    with db.create_engine(lead_url).connect() as conn:
        assert audit.entries(conn, action="recalculation") == []


def test_the_chart_rules_are_settings_on_the_page(lead_url):
    at = page("settings")
    shift = next(n for n in at.number_input if n.label.startswith("Points in a row on one side"))
    shift.set_value(7)
    next(b for b in at.button if b.label == "Save chart rules").click().run()
    with db.create_engine(lead_url).connect() as conn:
        (entry,) = audit.entries(conn, action="setting")
    assert entry["details"] == {"key": "spc_shift_length", "before": 6, "after": 7}


def test_a_lead_whose_role_went_a_moment_ago_is_told_and_nothing_is_saved(lead_url, monkeypatch):
    at = page("targets_editor")
    at.selectbox(key="targets_choice_0").set_value("EMP").run()
    at.number_input(key="targets_value_EMP_0").set_value(36)
    next(b for b in at.button if b.label == "Check the target").click().run()

    # between the check and the save, another session takes the lead's role away: the
    # transaction that would write refuses (access.AccessDenied), as it does for any change
    def refused(*args, **kwargs):
        raise access.AccessDenied("you are no longer the programme lead: nothing was changed")

    monkeypatch.setattr(editing, "save", refused)
    at.checkbox(key="targets_sure").check().run()  # 36 against a title that says 35
    next(b for b in at.button if b.label == "Save the change").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "no longer the programme lead" in shown(at.error[0].value)
    assert not at.success
    with db.create_engine(lead_url).connect() as conn:
        assert audit.entries(conn, action="targets_edit") == []
