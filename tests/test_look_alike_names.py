"""Names that look alike (issue 19): "HUMAN RESOURCES", a no-break space, a Cyrillic "а", a
zero-width space and a right-to-left override were each imported as a directorate beside
Human Resources, and a later row typed "Human Resources" was stored under the no-break-space
one. A spelling that is the same name after NFKC, spaces and case is the listed name (stored
as listed, never a second entry); one holding a hidden or bidirectional character, or
written in look-alike letters of another alphabet, is refused at its cell with a message
naming the listed name it looks like."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, snapshot, workbook_bytes
from uep_data import importer, schema
from uep_data.characters import visible

# the five spellings of the issue, each beside the listed "Human Resources"
SAME = {"capitals": "HUMAN RESOURCES", "no-break space": "Human\u00a0Resources"}
REFUSED = {
    "Cyrillic а": ("Hum\u0430n Resources", "“а” (U+0430) is a Cyrillic letter"),
    "zero-width space": ("Human\u200b Resources", "a zero-width space, U+200B"),
    "right-to-left override": ("\u202eHuman Resources", "a right-to-left override, U+202E"),
}


def run(engine, sheets: dict, **options):
    return importer.import_files(engine, [("programme.xlsx", workbook_bytes(sheets))], **options)


@pytest.fixture
def listed(engine):
    """A database holding the trust's lists (Human Resources is a corporate directorate)."""
    assert run(engine, {"directorates": DIRECTORATES, "professions": PROFESSIONS}).ok
    return engine


def stored(engine, table: sa.Table, column: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(table.c[column]).order_by(table.c.id)).scalars())


def types(engine) -> dict[str, str]:
    t = schema.directorates
    with engine.connect() as conn:
        return dict(conn.execute(sa.select(t.c.directorate, t.c.directorate_type)).all())


@pytest.mark.parametrize("spelling", SAME.values(), ids=SAME.keys())
def test_the_same_name_on_the_directorates_sheet_is_the_listed_directorate(listed, spelling):
    result = run(
        listed, {"directorates": [{"directorate": spelling, "directorate_type": "clinical"}]}
    )
    assert result.status == "imported", [str(p) for p in result.problems]
    assert result.sheet_counts()["directorates"]["updated"] == 1  # not a second entry
    assert types(listed) == {"Community Adult Services": "clinical", "Human Resources": "clinical"}


@pytest.mark.parametrize("spelling, why", REFUSED.values(), ids=REFUSED.keys())
def test_a_look_alike_on_the_directorates_sheet_is_refused_naming_the_listed_one(
    listed, spelling, why
):
    before = snapshot(listed)
    result = run(
        listed, {"directorates": [{"directorate": spelling, "directorate_type": "clinical"}]}
    )
    assert result.status == "refused"
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("directorates", 2, "directorate")
    assert problem.value == visible(spelling)
    assert problem.message.startswith("looks like “Human Resources” but ")
    assert why in problem.message and "as “Human Resources”" in problem.message
    assert snapshot(listed) == before


def employment_in(directorate: str) -> dict:
    return {
        "people": person_rows("P1"),
        "employments": [post("P1", dt.date(2004, 1, 5), directorate=directorate)],
    }


@pytest.mark.parametrize("spelling", SAME.values(), ids=SAME.keys())
def test_the_same_name_on_an_employment_is_stored_as_listed(listed, spelling):
    result = run(listed, employment_in(spelling))
    assert result.status == "imported", [str(p) for p in result.problems]
    assert stored(listed, schema.employments, "directorate") == ["Human Resources"]


@pytest.mark.parametrize("spelling, why", REFUSED.values(), ids=REFUSED.keys())
def test_a_look_alike_on_an_employment_is_refused_naming_the_listed_one(listed, spelling, why):
    before = snapshot(listed)
    result = run(listed, employment_in(spelling))
    assert result.status == "refused"
    (problem,) = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("employments", 2, "directorate")
    assert (
        problem.message.startswith("looks like “Human Resources” but ") and why in problem.message
    )
    assert snapshot(listed) == before


def test_a_later_row_typed_as_listed_is_stored_under_the_listed_name(listed):
    """The issue's case: a no-break-space spelling on the directorates sheet, then rows
    typed "Human Resources", in the same upload and in the next one."""
    sheets = {
        "directorates": [{"directorate": "Human\u00a0Resources", "directorate_type": "corporate"}],
        **employment_in("Human Resources"),
    }
    assert run(listed, sheets).status == "imported"
    later = {"employments": [post("P1", dt.date(2004, 2, 2), directorate="Human Resources")]}
    assert run(listed, later).status == "imported"
    assert stored(listed, schema.directorates, "directorate") == [
        "Community Adult Services",
        "Human Resources",
    ]
    assert stored(listed, schema.employments, "directorate") == ["Human Resources"] * 2


def test_a_first_list_keeps_its_own_spelling_tidied_and_names_one_directorate_once(engine):
    result = run(
        engine,
        {
            "directorates": [
                {"directorate": "Human\u00a0\u00a0Resources", "directorate_type": "corporate"},
                {"directorate": "HUMAN RESOURCES", "directorate_type": "corporate"},
                {"directorate": "Human Resources", "directorate_type": "corporate"},
            ]
        },
    )
    assert [(p.row, p.message) for p in result.problems] == [
        (
            3,
            "is the same directorate as “Human Resources” on row 2 (names match whatever "
            "their case and spacing): keep one of the two rows",
        ),
        (4, result.problems[1].message),
    ]
    assert "repeats row 2" in result.problems[1].message  # typed exactly as row 2, tidied
    fixed = run(engine, {"directorates": [{"directorate": "Human\u00a0\u00a0Resources"}]})
    assert fixed.status == "imported"
    assert stored(engine, schema.directorates, "directorate") == ["Human Resources"]


def test_a_look_alike_of_the_built_in_list_names_it_and_a_word_in_two_alphabets_is_refused(
    engine,
):
    result = run(
        engine,
        {
            "directorates": [
                {"directorate": "Hum\u0430n Resources"},  # on the built-in list
                {"directorate": "Estаtes"},  # a word in two alphabets, like nothing listed
            ]
        },
    )
    first, second = result.problems
    assert first.message.startswith("looks like “Human Resources” but is not the same name")
    assert second.message.startswith("mixes two alphabets in one word: its “а” (U+0430)")


@pytest.mark.parametrize(
    "spelling, refused",
    [("NURSING", None), ("Nurs\u0456ng", "“і” (U+0456) is a Cyrillic letter"),
     ("Nurs\u00ading", "a soft hyphen, U+00AD")],
)  # fmt: skip
def test_professions_are_names_like_directorates(listed, spelling, refused):
    professions = [{"profession": spelling, "clinical": "yes", "professionally_qualified": "no"}]
    on_list = run(listed, {"professions": professions})
    on_post = run(listed, {**employment_in("Human Resources"), "employments": [
        post("P1", dt.date(2004, 1, 5), profession=spelling)]})  # fmt: skip
    if refused is None:
        assert on_list.status == on_post.status == "imported"
        assert stored(listed, schema.professions, "profession")[0] == "Nursing"
        assert len(stored(listed, schema.professions, "profession")) == 2
        assert stored(listed, schema.employments, "profession") == ["Nursing"]
    else:
        for result in (on_list, on_post):
            (problem,) = result.problems
            assert problem.column == "profession"
            assert problem.message.startswith("looks like “Nursing” but ")
            assert refused in problem.message


@pytest.mark.parametrize("sheet", ["recruitment", "targets"])
def test_names_on_recruitment_and_targets_are_matched_and_refused_alike(listed, sheet):
    rows = {
        "recruitment": lambda d: {"period": "2004-01", "directorate": d, "recruits": 4,
                                  "recruits_lived_experience": 1},
        "targets": lambda d: {"target_id": f"T{len(d)}", "title": "HR posts",
                              "metric": "in_employment", "level": "aspirational", "value": 3,
                              "directorate": d},
    }[sheet]  # fmt: skip
    good = run(listed, {sheet: [rows("HUMAN\u00a0RESOURCES")]})
    assert good.status == "imported", [str(p) for p in good.problems]
    assert stored(listed, schema.DATA_TABLES[sheet], "directorate") == ["Human Resources"]
    bad = run(listed, {sheet: [rows("\u202eHuman Resources")]})
    (problem,) = bad.problems
    assert problem.message.startswith("looks like “Human Resources” but holds a right-to-left")


def funding(stream: str, awarded: int) -> dict:
    return {
        "funding": [
            {"stream": stream, "funding_type": "contract", "financial_year": "2003/04",
             "awarded": awarded}
        ]
    }  # fmt: skip


def test_a_funding_stream_and_a_cohort_are_names_too(engine):
    assert run(engine, funding("Local authority grant", 1000)).status == "imported"
    again = run(engine, funding("LOCAL AUTHORITY\u00a0GRANT", 2000))
    assert again.sheet_counts()["funding"] == {
        "inserted": 0, "updated": 1, "unchanged": 0, "deleted": 0, "replaced": False
    }  # fmt: skip
    assert stored(engine, schema.funding, "stream") == ["Local authority grant"]
    refused = run(engine, funding("Local authority gr\u0430nt", 3000))
    (problem,) = refused.problems
    assert (problem.sheet, problem.column) == ("funding", "stream")
    assert problem.message.startswith("looks like “Local authority grant” but ")

    def cohort(name: str, person: str) -> dict:
        return {
            "people": person_rows(person),
            "work_preparation": [
                {"person_id": person, "start_date": dt.date(2003, 5, 1), "cohort": name}
            ],
        }

    assert run(engine, cohort("Spring 2003", "P1")).status == "imported"
    assert run(engine, cohort("spring\u00a02003", "P2")).status == "imported"
    assert stored(engine, schema.work_preparation, "cohort") == ["Spring 2003"] * 2
    (problem,) = run(engine, cohort("Spring\u200b 2003", "P3")).problems
    assert problem.message.startswith("looks like “Spring 2003” but holds a zero-width space")
