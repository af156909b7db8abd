"""The drill-down says why it does not offer a measure, and a cell's records are the people
its figure counts."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import cli, db, importer, views
from uep_data.disclosure import EXACT
from uep_data.periods import financial_year_to_date
from uep_data.views.drill_down import why_not_drillable

D = dt.date(2004, 3, 31)
HR = "Human Resources"
ADMIN = "Administrative and clerical"


def test_a_measure_the_drill_down_does_not_offer_is_refused_for_its_real_reason():
    # recorded by directorate and profession, but a part of another figure, not a metric
    assert "not one of the programme's metrics" in why_not_drillable("wellbeing_plans_up_to_date")
    assert "cannot be broken down" not in why_not_drillable("wellbeing_plans_up_to_date")
    assert "not recorded by directorate and profession" in why_not_drillable("contacts")
    assert "no measure called" in why_not_drillable("nonsense")
    assert why_not_drillable("management_posts") is None


def test_the_command_line_gives_the_same_reason(capsys, sample_url):
    code = cli.main(
        [
            "page",
            "drill_down",
            "--as",
            "programme_lead",
            "--db",
            sample_url,
            "--measure",
            "wellbeing_plans_up_to_date",
        ]
    )
    assert code == 2
    assert "not one of the programme's metrics" in capsys.readouterr().err


@pytest.fixture
def managers(sqlite_engine):
    """Four people in administrative posts in Human Resources, two of whom manage staff."""
    posts = [
        post(
            f"P{n}",
            dt.date(2003, 1, 6),
            directorate=HR,
            profession=ADMIN,
            management_role="yes" if n < 2 else "no",
        )
        for n in range(4)
    ]
    sheets = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(*(p["person_id"] for p in posts)),
        "employments": posts,
    }
    assert importer.import_files(sqlite_engine, [("m.xlsx", workbook_bytes(sheets))]).ok
    return sqlite_engine


def test_a_cells_records_are_the_people_its_figure_counts(managers):
    """A cell of 2 management posts listed all 4 people in post there."""
    filters = views.Filters(D, financial_year_to_date(D), HR, ADMIN)
    with db.reading(managers) as conn:
        page = views.PAGE_VIEWS["drill_down"](conn, filters, EXACT, measure="management_posts")
        everyone = views.PAGE_VIEWS["drill_down"](conn, filters, EXACT, measure="in_employment")
    assert page.cell.value == 2
    assert sorted(r["person_id"] for r in page.records) == ["P0", "P1"]
    assert everyone.cell.value == 4 and len(everyone.records) == 4
