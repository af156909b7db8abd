"""The lead's upload and Import history as read at a desk (issue 20, item 9): problems sheet by
sheet and row by row in plain words, a preview of only the sheets that change and of what the
change does to the headline figures (written nowhere), an import's changes in words, and a
warning before an undo would take away the bundled sample or the first load."""

import datetime as dt
import io
import shutil

import pytest
from openpyxl import load_workbook

from tests.app_support import shown
from tests.builders import person_rows, post, workbook_bytes
from tests.test_lead_pages import NEW_STARTERS, XLSX, page, upload
from uep_data import audit, contract, db, importer, measures, undo
from uep_data.upload_report import group_problems, headline_effects, problems_workbook
from uep_data.workbook import read_upload

D = dt.date(2004, 3, 31)
MISTAKES = workbook_bytes(
    {
        "people": [
            {"person_id": "X1", "referral_date": "soon"},
            {"person_id": "X2"},
            {"person_id": "X2"},
            {"person_id": "X3", "referral_date": "later"},
        ],
        "employments": [
            post("P9999", dt.date(2004, 3, 1)),
            post("X1", dt.date(2004, 3, 1), directorate="Nowhere"),
        ],
    }
)


@pytest.fixture
def lead_url(sample_url, tmp_path, monkeypatch):
    """A copy of the sample database this test may change, opened by the app as the lead."""
    path = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    return url


def checked(url, data=MISTAKES):
    engine = db.create_engine(url)
    result = importer.import_files(engine, [("m.xlsx", data)], dry_run=True)
    engine.dispose()
    return result


def test_the_problems_are_listed_sheet_by_sheet_and_row_by_row(lead_url):
    # found in another order: the people sheet's repeated code only after the employments'
    problems = checked(lead_url).problems
    groups = [(g.sheet, g.rows) for g in group_problems(problems)]
    assert groups == [
        ("people", (2, 5)),
        ("people", (4,)),
        ("employments", (2,)),
        ("employments", (3,)),
    ]
    sheet = load_workbook(io.BytesIO(problems_workbook(problems))).active
    rows = [(r[0].value, r[1].value) for r in sheet.iter_rows(min_row=2)]
    assert rows == [
        ("people", 2),
        ("people", 4),
        ("people", 5),
        ("employments", 2),
        ("employments", 3),
    ]


def test_a_repeated_person_is_said_in_plain_words(lead_url):
    (repeated,) = [p for p in checked(lead_url).problems if "repeats" in p.message]
    assert (
        repeated.message == "repeats row 3: each person may appear only once, so remove one of them"
    )
    assert "identify" not in repeated.message


def test_every_sheet_says_what_its_rows_are_and_why_a_key_is_held_once():
    assert set(contract.ROW_WORDS) == set(contract.SHEET_NAMES)
    assert contract.rows("people", 1) == "1 person" and contract.rows("people", 2) == "2 people"
    employments = contract.SHEETS_BY_NAME["employments"]
    assert contract.only_once_words(employments) == (
        "each person may have only one row with the same start date"
    )
    for sheet in contract.SHEETS:
        assert "_" not in contract.only_once_words(sheet), sheet.name


def test_the_preview_lists_only_the_sheets_that_change(lead_url):
    engine = db.create_engine(lead_url)
    importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)], who="lead")
    engine.dispose()
    one_more_post = workbook_bytes(
        {
            "people": person_rows("N1", "N2", "N3"),  # as stored: nothing changes
            "employments": [
                post(
                    "N1",
                    dt.date(2004, 3, 15),
                    directorate="Finance and Information",
                    profession="Administrative and clerical",
                )
            ],
        }
    )
    at = upload(page("upload"), ("more.xlsx", one_more_post, XLSX))
    assert list(at.dataframe[0].value["Sheet"]) == ["employments"]


def test_the_preview_says_what_the_upload_does_to_the_headline_figures(lead_url):
    at = upload(page("upload"), ("starters.xlsx", NEW_STARTERS, XLSX))
    assert any("headline figures on 31 Mar 2004" in shown(m.value) for m in at.markdown)
    effects = at.table[0].value
    rows = {
        shown(f): (shown(now), shown(after))
        for f, now, after in zip(
            effects["Figure"], effects["Now"], effects["After this upload"], strict=True
        )
    }
    # three new starters on 1 March 2004: 37 -> 40 in post, 21 -> 24 job starts in 2003/04
    assert rows == {"People in employment": ("37", "40"), "Job starts": ("21", "24")}


def test_working_out_the_headline_figures_writes_nothing(lead_url):
    engine = db.create_engine(lead_url)
    uploaded = read_upload([("starters.xlsx", NEW_STARTERS)])
    result = importer.import_kept_upload(engine, uploaded, dry_run=True)
    with db.reading(engine) as conn:
        before = (audit.data_version(conn), len(undo.import_history(conn)))
    as_of, effects = headline_effects(engine, uploaded, result, dt.date(2024, 1, 1))
    assert as_of == D and [e.label for e in effects] == ["People in employment", "Job starts"]
    with db.reading(engine) as conn:
        assert (audit.data_version(conn), len(undo.import_history(conn))) == before
        assert measures.value(conn, "in_employment", D) == 37
    # and the upload can still be imported as checked
    assert importer.import_kept_upload(engine, uploaded, who="lead").status == "imported"
    engine.dispose()


def test_import_history_says_what_each_import_changed_in_words(lead_url):
    engine = db.create_engine(lead_url)
    importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)], who="lead")
    engine.dispose()
    table = page("history").table[0].value  # a table: each entry wraps, read in full
    changed = [shown(words) for words in table["What it changed"]]
    assert changed[0] == "3 people and 3 posts added"
    assert not any("+" in words or "~" in words for words in changed)


def test_undo_warns_before_it_would_take_away_the_bundled_sample(lead_url):
    at = page("history")  # the sample is the only import
    next(b for b in at.button if b.label.startswith("Undo the import of")).click().run()
    (warning,) = [shown(e.value) for e in at.error]
    assert warning.startswith("This is the bundled sample data: no earlier import is left")
    assert "every page will show no data" in warning
    assert [b.label for b in at.button][-2:] == ["Yes, undo it", "No, keep it"]


def test_undo_warns_only_where_no_earlier_import_is_in_force(lead_url):
    engine = db.create_engine(lead_url)
    with db.reading(engine) as conn:
        assert undo.last_undoable_import(conn)["first_in_force"]  # the sample
    importer.import_files(engine, [("starters.xlsx", NEW_STARTERS)], who="lead")
    with db.reading(engine) as conn:
        assert not undo.last_undoable_import(conn)["first_in_force"]
    at = page("history")
    next(b for b in at.button if b.label.startswith("Undo the import of starters")).click().run()
    assert not at.error  # the sample stays in force under it
    engine.dispose()
