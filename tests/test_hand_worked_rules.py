"""Rules of docs/measures.md worked out by hand on small programmes, each as the specification
states it: cost per person only over whole financial years (and a cost target read at its
year's end), a recruitment month in the period that holds its last day, coverage and the
hurdles counting every post held on D, no coverage figure within one directorate or
profession, and what a rounded share beside the charter's floor can say."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import import_programme, post
from uep_data import db, measures, targets, views
from uep_data.disclosure import CONTROLLED, EXACT
from uep_data.measures import Scope
from uep_data.periods import Period

HR = "Human Resources"
CAS = "Community Adult Services"
ADMIN = "Administrative and clerical"
YEAR = Period(dt.date(2003, 4, 1), dt.date(2004, 3, 31))
Q3 = Period(dt.date(2003, 10, 1), dt.date(2003, 12, 31))


def load(engine, **sheets):
    import_programme(engine, referral_date=dt.date(2002, 1, 1), **sheets)


def value(engine, key, as_of, period=None, scope=measures.TRUST_WIDE):
    with db.reading(engine) as conn:
        return measures.value(conn, key, as_of, period, scope)


# --- 1. cost per person: whole financial years only --------------------------------------

# £9,000 spent in 2003/04; supported in that year: P1 (a post all year), P3 (a contact in
# June) and P2 (a post from January): 3 people, so £3,000 a person. By 31 December only two
# had been supported: the year's money over them would say £4,500, which is no figure at all.
FUNDED = dict(
    employments=[
        post("P1", dt.date(2003, 1, 6)),
        post("P2", dt.date(2004, 1, 12)),
    ],
    contacts=[{"person_id": "P3", "date": dt.date(2003, 6, 2), "mode": "telephone"}],
    funding=[
        {
            "stream": "Local authority grant",
            "funding_type": "recurring_grant",
            "financial_year": "2003/04",
            "awarded": 10000,
            "spent": 9000,
        }
    ],
    targets=[
        {
            "target_id": "COST",
            "title": "At most £3,500 per person supported in 2003/04",
            "metric": "cost_per_person_supported",
            "level": "interim",
            "value": 3500,
            "comparison": "at_most",
            "financial_year": "2003/04",
        }
    ],
)


def test_cost_per_person_is_the_years_money_over_the_years_people(engine):
    load(engine, **FUNDED)
    assert value(engine, "cost_per_person_supported", YEAR.end, YEAR) == pytest.approx(3000.0)


@pytest.mark.parametrize(
    "as_of, period",
    [
        (Q3.end, Q3),  # a quarter
        (dt.date(2003, 5, 31), Period(dt.date(2003, 5, 1), dt.date(2003, 5, 31))),  # a month
        (Q3.end, Period(YEAR.start, Q3.end)),  # the year to date
        (YEAR.end, Q3),  # a quarter of a year that has ended
    ],
)
def test_cost_per_person_is_no_figure_for_part_of_a_year(engine, as_of, period):
    load(engine, **FUNDED)
    assert value(engine, "cost_per_person_supported", as_of, period) is None


def test_a_cost_target_is_read_at_its_years_end_not_on_the_way(engine):
    load(engine, **FUNDED)
    with db.reading(engine) as conn:
        (december,) = targets.evaluate_targets(conn, Q3.end)
        (march,) = targets.evaluate_targets(conn, YEAR.end)
    assert december.actual is None and december.status == targets.NO_DATA
    assert december.in_progress
    assert march.actual == pytest.approx(3000.0) and march.status == targets.MET


def test_the_funding_page_and_the_board_pack_say_part_of_a_year_in_words(engine):
    load(engine, **FUNDED)
    filters = views.Filters(Q3.end, Period(YEAR.start, Q3.end))
    with db.reading(engine) as conn:
        funding = views.PAGE_VIEWS["funding"](conn, filters, EXACT)
        pack = views.PAGE_VIEWS["board_pack"](conn, filters, CONTROLLED)
        targets_page = views.PAGE_VIEWS["targets"](conn, filters, CONTROLLED)
    (this_year,) = funding.cost_per_person
    assert this_year.value is None
    assert this_year.shown == "for whole financial years only"
    assert all(f.value is None for f in pack.funding.cost_per_person)
    assert "4,500" not in " ".join(f.shown for f in pack.funding.cost_per_person)
    (line,) = targets_page.targets
    assert line.status.value == targets.NO_DATA and line.actual.value is None


# --- 2. a recruitment month belongs to the period holding its last day ------------------

AUGUST = [
    {"period": "2003-07", "recruits": 20, "recruits_lived_experience": 3},
    {"period": "2003-08", "recruits": 30, "recruits_lived_experience": 6},
]


@pytest.mark.parametrize(
    "first, last, expected",
    [
        (dt.date(2003, 8, 1), dt.date(2003, 8, 16), None),  # holds no month's last day
        (dt.date(2003, 8, 17), dt.date(2003, 8, 31), 30),
        (dt.date(2003, 8, 1), dt.date(2003, 8, 31), 30),
        (dt.date(2003, 7, 15), dt.date(2003, 8, 30), 20),  # July's last day, not August's
        (dt.date(2003, 7, 31), dt.date(2003, 8, 31), 50),
    ],
)
def test_a_recruitment_month_counts_in_the_period_that_holds_its_last_day(
    engine, first, last, expected
):
    load(engine, recruitment=AUGUST)
    period = Period(first, last)
    assert value(engine, "recruits", last, period) == expected


def test_two_periods_that_meet_never_count_a_month_twice(engine):
    load(engine, recruitment=AUGUST)
    halves = [
        value(
            engine,
            "recruits",
            dt.date(2003, 8, 16),
            Period(dt.date(2003, 8, 1), dt.date(2003, 8, 16)),
        ),
        value(
            engine,
            "recruits",
            dt.date(2003, 8, 31),
            Period(dt.date(2003, 8, 17), dt.date(2003, 8, 31)),
        ),
    ]
    assert sum(h or 0 for h in halves) == 30


# --- 3. coverage and the hurdles count every post held on D -------------------------------

# P1 manages in Human Resources (an administrative post since 2002) and also holds a later
# nursing post in Community Adult Services: one person in employment, under the later post,
# but both directorates and both professions covered, and in a clinical, a professionally
# qualified and a management post.
TWO_POSTS = dict(
    employments=[
        post("P1", dt.date(2002, 1, 7), directorate=HR, profession=ADMIN, management_role="yes"),
        post("P1", dt.date(2003, 9, 1), directorate=CAS, profession="Nursing"),
    ],
    targets=[
        {
            "target_id": "COV",
            "title": "Someone in post in every directorate",
            "metric": "directorates_covered_pct",
            "level": "interim",
            "value": 100,
            "financial_year": "2003/04",
        }
    ],
)
D = dt.date(2004, 3, 31)


def test_a_person_in_two_posts_counts_once_but_covers_both_directorates(engine):
    load(engine, **TWO_POSTS)
    assert value(engine, "in_employment", D) == 1
    assert value(engine, "in_employment", D, scope=Scope(directorate=HR)) == 0
    assert value(engine, "directorates_covered", D) == 2
    assert value(engine, "directorates_covered_pct", D) == pytest.approx(100.0)
    assert value(engine, "professions_covered", D) == 2
    with db.reading(engine) as conn:
        (cov,) = targets.evaluate_targets(conn, D)
    assert cov.status == targets.MET


def test_a_person_is_in_a_hurdle_post_if_any_post_they_hold_is_one(engine):
    load(engine, **TWO_POSTS)
    assert value(engine, "management_posts", D) == 1  # the earlier post manages
    assert value(engine, "clinical_posts", D) == 1
    assert value(engine, "professional_posts", D) == 1
    # counted once, under the post that makes them count
    assert value(engine, "management_posts", D, scope=Scope(directorate=HR)) == 1
    assert value(engine, "management_posts", D, scope=Scope(directorate=CAS)) == 0
    assert value(engine, "clinical_posts", D, scope=Scope(directorate=CAS)) == 1
    # before the second post started, only the administrative post counts
    before = dt.date(2003, 8, 31)
    assert value(engine, "clinical_posts", before) == 0
    assert value(engine, "directorates_covered", before) == 1


def test_a_person_with_two_hurdle_posts_counts_once(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2002, 1, 7), directorate=HR, management_role="yes"),
            post("P1", dt.date(2003, 9, 1), directorate=CAS, management_role="yes"),
        ],
    )
    assert value(engine, "management_posts", D) == 1
    assert value(engine, "management_posts", D, scope=Scope(directorate=CAS)) == 1
    assert value(engine, "management_posts", D, scope=Scope(directorate=HR)) == 0


# --- 4. directorates covered is not a figure inside one directorate -----------------------


def test_directorates_covered_is_no_figure_within_one_directorate(engine):
    load(engine, **TWO_POSTS)
    inside = Scope(directorate=HR)
    assert value(engine, "directorates_covered", D, scope=inside) is None
    assert value(engine, "directorates_covered_pct", D, scope=inside) is None
    assert value(engine, "professions_covered", D, scope=Scope(profession="Nursing")) is None
    # within a profession, directorates covered is still a figure (and the reverse)
    assert value(engine, "directorates_covered", D, scope=Scope(profession="Nursing")) == 1
    assert value(engine, "professions_covered", D, scope=inside) == 1


def test_the_overview_within_one_directorate_says_so_instead_of_100_percent(engine):
    load(engine, **TWO_POSTS)
    filters = views.Filters(D, YEAR, directorate=HR)
    with db.reading(engine) as conn:
        page = views.PAGE_VIEWS["overview"](conn, filters, EXACT)
    (covered,) = [
        h.figure for h in page.headlines if h.figure.measure == "directorates_covered_pct"
    ]
    assert covered.value is None
    assert covered.shown == "not a figure within one directorate"


# --- 5. a rounded share beside the charter's floor ----------------------------------------

# 23 of 162 recruits by 31 December: exactly 14.2%, under the 15% floor. Under disclosure
# control (the year to date is part of a year) 23 rounds to 25 and 162 to 160: "16%".
UNDER_THE_FLOOR = [
    {"period": "2003-04", "recruits": 162, "recruits_lived_experience": 23},
    {"period": "2003-12", "recruits": 0, "recruits_lived_experience": 0},
]


def test_a_rounded_share_beside_the_floor_says_it_cannot_show_whether_it_is_met(engine):
    floor_target = {
        "target_id": "REC",
        "title": "At least 15% of recruits with lived experience",
        "metric": "recruits_lived_experience_pct",
        "level": "interim",
        "value": 15,
        "financial_year": "2003/04",
    }
    load(engine, recruitment=UNDER_THE_FLOOR, targets=[floor_target])
    filters = views.Filters(Q3.end, Period(YEAR.start, Q3.end))
    with db.reading(engine) as conn:
        exact = views.PAGE_VIEWS["recruitment"](conn, filters, EXACT)
        controlled = views.PAGE_VIEWS["recruitment"](conn, filters, CONTROLLED)
        meeting = views.PAGE_VIEWS["meeting"](conn, filters, CONTROLLED)
        board = views.PAGE_VIEWS["targets"](conn, filters, CONTROLLED)
    (line,) = board.targets
    assert line.actual.shown == "16%" and line.status.value == "not_shown"
    assert line.status.shown.endswith(
        "the figure is rounded at this level, so it cannot show whether ≥ 15% is met"
    )
    assert exact.by_year[-1].meets_floor is False
    year = controlled.by_year[-1]
    assert year.share.shown == "16%"
    assert year.meets_floor is None
    assert year.floor_words == (
        "rounded at this level: it cannot show whether the 15% floor is met"
    )
    screen = next(s for s in meeting.screens if s.key == "recruitment")
    assert "is held" not in screen.message
    assert "cannot show whether the charter's floor of 15% is met" in screen.message
