"""Each metric of docs/measures.md, checked on small data sets built for its definition."""

import datetime as dt

import pytest

from tests.builders import (
    import_programme,
    post,
)
from uep_data import db, measures
from uep_data.dates import latest_data_date
from uep_data.measures import Scope, journey, summary
from uep_data.periods import Period

D = dt.date(2004, 3, 31)
YEAR = Period(dt.date(2003, 4, 1), D)
HR = "Human Resources"
CAS = "Community Adult Services"
ADMIN = "Administrative and clerical"


def load(engine, **sheets):
    import_programme(engine, **sheets)


def value(engine, key, as_of=D, period=YEAR, scope=measures.TRUST_WIDE):
    with db.reading(engine) as conn:
        return measures.value(conn, key, as_of, period, scope)


def test_in_post_on_d_includes_the_first_and_last_days(engine):
    load(
        engine,
        employments=[
            post("P1", D),
            post("P2", dt.date(2003, 1, 1), end=D),
            post("P3", dt.date(2003, 1, 1), end=D - dt.timedelta(days=1)),
            post("P4", D + dt.timedelta(days=1)),
        ],
    )
    assert value(engine, "in_employment") == 2


def test_a_person_with_two_posts_counts_once_under_the_post_that_started_last(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2002, 1, 1), directorate=HR, profession=ADMIN),
            post("P1", dt.date(2003, 9, 1), directorate=CAS),
        ],
    )
    assert value(engine, "in_employment") == 1
    assert value(engine, "in_employment", scope=Scope(directorate=CAS)) == 1
    assert value(engine, "in_employment", scope=Scope(directorate=HR)) == 0
    # coverage counts every post held: both directorates have someone in post
    assert value(engine, "directorates_covered") == 2


def test_people_supported_cumulative_counts_anyone_who_started_by_d(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(1999, 1, 1), end=dt.date(2000, 1, 1)),
            post("P1", dt.date(2001, 1, 1)),
            post("P2", dt.date(2004, 4, 1)),
        ],
    )
    assert value(engine, "people_supported_cumulative") == 1
    assert value(engine, "people_supported_cumulative", as_of=dt.date(2004, 4, 1)) == 2


def test_coverage_is_directorates_and_professions_on_the_list_with_someone_in_post(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 1, 1)),
            post(
                "P2", dt.date(2003, 1, 1), end=dt.date(2003, 2, 1), directorate=HR, profession=ADMIN
            ),
        ],
    )
    assert value(engine, "directorates_covered") == 1
    assert value(engine, "directorates_covered_pct") == 50
    assert value(engine, "professions_covered_pct") == 50


def test_hurdle_posts_follow_the_profession_list_and_management_role(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 1, 1)),
            post(
                "P2", dt.date(2003, 1, 1), directorate=HR, profession=ADMIN, management_role="yes"
            ),
        ],
    )
    assert value(engine, "clinical_posts") == 1
    assert value(engine, "professional_posts") == 1
    assert value(engine, "management_posts") == 1


def test_professional_training_counts_places_held_on_d_that_are_not_withdrawn(engine):
    load(
        engine,
        training=[
            {"person_id": "P1", "programme": "nursing", "start_date": dt.date(2002, 9, 1)},
            {
                "person_id": "P2",
                "programme": "nursing",
                "start_date": dt.date(2002, 9, 1),
                "status": "withdrawn",
            },
            {
                "person_id": "P3",
                "programme": "social_work",
                "start_date": dt.date(2000, 9, 1),
                "end_date": dt.date(2003, 7, 1),
                "status": "qualified",
            },
            {"person_id": "P4", "programme": "medicine", "start_date": dt.date(2004, 9, 1)},
        ],
    )
    assert value(engine, "in_professional_training") == 1


def test_wellbeing_plans_count_when_agreed_or_reviewed_within_365_days(engine):
    in_post = [post(p, dt.date(2000, 1, 1)) for p in ("P1", "P2", "P3", "P4")]
    load(
        engine,
        employments=in_post,
        wellbeing_plans=[
            {
                "person_id": "P1",
                "agreed_date": dt.date(2001, 1, 1),
                "last_reviewed": dt.date(2003, 6, 1),
            },  # reviewed in the year: counts
            {"person_id": "P2", "agreed_date": dt.date(2003, 5, 1)},  # agreed in the year
            {
                "person_id": "P3",
                "agreed_date": dt.date(2001, 1, 1),
                "last_reviewed": dt.date(2003, 3, 31),
            },
        ],
    )  # 366 days before D: lapsed
    assert value(engine, "wellbeing_plan_coverage_pct") == 50
    # on 1 Jan 2003 the review of June 2003 had not happened: P1's plan dates from 2001
    assert value(engine, "wellbeing_plan_coverage_pct", as_of=dt.date(2003, 1, 1)) == 0


def test_job_starts_and_people_supported_over_the_period(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 5, 1)),
            post("P2", dt.date(2002, 1, 1)),
            post("P3", dt.date(2001, 1, 1), end=dt.date(2003, 3, 31)),
        ],
        contacts=[{"person_id": "P4", "date": dt.date(2003, 6, 1), "mode": "telephone"}],
        work_preparation=[
            {"person_id": "P5", "start_date": dt.date(2003, 2, 1), "end_date": dt.date(2003, 4, 10)}
        ],
    )
    assert value(engine, "job_starts") == 1
    assert value(engine, "people_supported") == 4  # P1, P2, P4 and P5 (P3 ended before)


def test_recruitment_counts_months_in_the_period_and_its_share(engine):
    load(
        engine,
        recruitment=[
            {"period": "2003-03", "recruits": 100, "recruits_lived_experience": 100},
            {
                "period": "2003-04",
                "directorate": HR,
                "recruits": 40,
                "recruits_lived_experience": 4,
            },
            {
                "period": "2003-04",
                "directorate": CAS,
                "recruits": 60,
                "recruits_lived_experience": 16,
            },
        ],
    )
    assert value(engine, "recruits") == 100
    assert value(engine, "recruits_lived_experience_pct") == 20
    assert value(engine, "recruits_lived_experience_pct", scope=Scope(directorate=HR)) == 10


def test_work_preparation_outcomes_are_shares_of_the_places_that_started(engine):
    rows = [
        {"person_id": f"P{i}", "start_date": dt.date(2003, 5, 1), "outcome": outcome}
        for i, outcome in enumerate(
            [
                "open_employment_in_trust",
                "open_employment_elsewhere",
                "education_training",
                "withdrew",
            ]
        )
    ]
    load(engine, work_preparation=rows)
    assert value(engine, "work_prep_participants") == 4
    assert value(engine, "work_prep_open_employment_pct") == 50
    assert value(engine, "work_prep_education_pct") == 25
    assert value(engine, "work_prep_participants", scope=Scope(directorate=HR)) is None


def test_contact_shares_by_mode_and_topic(engine):
    modes = ["telephone", "telephone", "meeting_outside_work", "in_workplace"]
    load(
        engine,
        contacts=[
            {
                "person_id": "P1",
                "date": dt.date(2003, 6, d + 1),
                "mode": m,
                "topic": "symptoms" if d == 0 else "confidence",
            }
            for d, m in enumerate(modes)
        ],
    )
    assert value(engine, "contacts") == 4
    assert value(engine, "contacts_telephone_pct") == 50
    assert value(engine, "contacts_outside_work_pct") == 25
    assert value(engine, "contacts_in_workplace_pct") == 25
    assert value(engine, "contacts_symptoms_pct") == 25


def test_retention_counts_starts_old_enough_and_still_in_post_on_the_day(engine):
    start = dt.date(2003, 4, 1)
    load(
        engine,
        employments=[
            post("P1", start),  # still in post
            post("P2", start, end=start + dt.timedelta(days=91)),  # last day is day 91: retained
            post("P3", start, end=start + dt.timedelta(days=90)),  # left the day before
            post("P4", D - dt.timedelta(days=30)),
        ],
    )  # too recent to judge
    assert value(engine, "retention_13_weeks_pct") == pytest.approx(200 / 3)
    assert value(engine, "retention_52_weeks_pct") == pytest.approx(100 / 3)  # day 364 = 30 Mar
    assert value(engine, "retention_52_weeks_pct", as_of=D - dt.timedelta(days=2)) is None


def test_median_days_from_the_latest_offer_before_each_start(engine):
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 6, 1)),
            post("P2", dt.date(2003, 7, 1)),
            post("P3", dt.date(2003, 8, 1)),
        ],
        stages=[
            {"person_id": "P1", "stage": "job_offer", "date": dt.date(2003, 1, 1)},
            {"person_id": "P1", "stage": "job_offer", "date": dt.date(2003, 5, 22)},
            {"person_id": "P2", "stage": "job_offer", "date": dt.date(2003, 6, 1)},
        ],
    )
    # P1: 10 days from the later offer, P2: 30 days, P3: no offer (not counted)
    assert value(engine, "median_days_offer_to_start") == 20


def test_funding_counts_the_financial_years_that_overlap_the_period(engine):
    load(
        engine,
        funding=[
            {
                "stream": "Grant",
                "funding_type": "recurring_grant",
                "financial_year": "2003/04",
                "awarded": 30000,
                "spent": 29000,
            },
            {
                "stream": "Fund",
                "funding_type": "one_off",
                "financial_year": "2003/04",
                "awarded": 10000,
            },
            {
                "stream": "Grant",
                "funding_type": "recurring_grant",
                "financial_year": "2002/03",
                "awarded": 25000,
                "spent": 25000,
            },
        ],
        employments=[post("P1", dt.date(2003, 5, 1)), post("P2", dt.date(2003, 6, 1))],
    )
    assert value(engine, "funding_awarded") == 40000
    assert value(engine, "funding_spent") == 29000
    assert value(engine, "funding_recurring_pct") == 75
    # spent where known, else awarded: (29,000 + 10,000) / 2 people
    assert value(engine, "cost_per_person_supported") == 19500
    two_years = Period(dt.date(2002, 4, 1), D)
    assert value(engine, "funding_awarded", period=two_years) == 65000


def test_the_default_as_of_date_is_the_latest_event_not_a_planned_date(engine):
    load(
        engine,
        employments=[post("P1", dt.date(2003, 5, 1))],
        recruitment=[{"period": "2003-06", "recruits": 4, "recruits_lived_experience": 1}],
        funding=[
            {
                "stream": "Grant",
                "funding_type": "contract",
                "financial_year": "2003/04",
                "awarded": 1,
                "end_date": dt.date(2009, 3, 31),
            }
        ],
    )
    with engine.connect() as conn:
        assert latest_data_date(conn) == dt.date(2003, 6, 30)


def test_an_empty_database_gives_zero_counts_and_no_data_for_shares(engine):
    with db.reading(engine) as conn:
        values = summary(conn, D)
        assert latest_data_date(conn) is None
    assert values["in_employment"] == 0
    assert values["contacts_telephone_pct"] is None
    assert values["funding_awarded"] is None


def test_a_move_to_another_post_without_a_new_offer_has_no_offer_to_start_time(engine):
    load(
        engine,
        employments=[
            post(
                "P1",
                dt.date(2001, 6, 1),
                end=dt.date(2003, 5, 31),
                end_reason="moved_post_in_trust",
            ),
            post("P1", dt.date(2003, 6, 1), directorate=HR, profession=ADMIN),
        ],
        stages=[{"person_id": "P1", "stage": "job_offer", "date": dt.date(2001, 5, 1)}],
    )
    assert value(engine, "median_days_offer_to_start") is None


def test_one_persons_earlier_post_does_not_drop_another_persons_offer(engine):
    """P1: offered on 1 May 2003, started 10 Jun 2003 (40 days). P2: a first post from 1 Aug
    2003 (no offer recorded), then offered on 1 Sep 2003 and started again on 7 Oct 2003 (36
    days). The median over the two starts that follow an offer is 38 days. (The earlier SQL
    compared every offer with any person's previous post, dropped P1's and gave 36.)"""
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 6, 10)),
            post("P2", dt.date(2003, 8, 1), end=dt.date(2003, 8, 31)),
            post("P2", dt.date(2003, 10, 7), directorate=HR, profession=ADMIN),
        ],
        stages=[
            {"person_id": "P1", "stage": "job_offer", "date": dt.date(2003, 5, 1)},
            {"person_id": "P2", "stage": "job_offer", "date": dt.date(2003, 9, 1)},
        ],
    )
    assert value(engine, "median_days_offer_to_start") == 38
    assert value(engine, "starts_with_offer") == 2


def test_people_supported_in_a_profession_counts_each_person_once(engine):
    """P1 held two nursing posts in the year and P2 one: two people supported in nursing,
    not three posts (the earlier SQL counted posts when narrowed to a scope)."""
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 4, 1), end=dt.date(2003, 9, 30)),
            post("P1", dt.date(2003, 10, 1), directorate=HR),
            post("P2", dt.date(2003, 5, 1)),
        ],
    )
    assert value(engine, "people_supported", scope=Scope(profession="Nursing")) == 2


def test_the_default_as_of_date_is_the_latest_of_every_kind_of_event(engine):
    """D is the latest date anywhere in the data: here a post that started on 31 Mar 2004,
    later than another post's end (30 Jun 2003) and a referral (6 Jan 2003). (The first
    version of dates.py took the earliest of each column's latest dates.)"""
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 1, 1), end=dt.date(2003, 6, 30)),
            post("P2", dt.date(2004, 3, 31)),
        ],
    )
    with engine.connect() as conn:
        assert latest_data_date(conn) == dt.date(2004, 3, 31)


def test_the_share_of_recruits_with_lived_experience_reads_the_same_months_as_its_counts(engine):
    """A period from 15 Apr 2003 covers recruitment months April 2003 to March 2004 (whole
    months): 125 recruits of whom 24 declared lived experience, 19.2%. (The share was read
    from 15 April and left April's 50 and 10 out: 18.67%.)"""
    rows = [
        {"period": "2003-04", "recruits": 50, "recruits_lived_experience": 10},
        {"period": "2004-03", "recruits": 75, "recruits_lived_experience": 14},
    ]
    load(engine, recruitment=rows)
    mid_april = Period(dt.date(2003, 4, 15), D)
    assert value(engine, "recruits", period=mid_april) == 125
    assert value(engine, "recruits_lived_experience_pct", period=mid_april) == pytest.approx(19.2)


def test_the_danger_points_on_a_day_worked_by_hand(engine):
    """D is 31 Mar 2004. By the seeds' danger points:
    P1 offered 1 Mar 2004, nothing since: waiting to start (offer to start).
    P2 offered 1 Feb 2004, seen by occupational health 20 Feb: at the assessment.
    P3 offered 1 Sep 2003 (182 days before D is 1 Oct 2003): too old to be waiting.
    P4 offered 1 Jan 2004, started 1 Mar 2004: not waiting; in the first months in post.
    P5 offered 1 Dec 2003, then an exit recorded on 10 Jan 2004 (on the stages sheet): not waiting.
    P6 offered 1 Jan 2004, and a post that started before the offer and ended 15 Feb 2004 (an
       exit from employments): not waiting, not in post.
    P7 offered 1 Nov 2003 and again 1 Mar 2004, started 1 Dec 2003 and still in post: the
       latest offer (1 Mar) has no start since, so waiting to start; the post started 1 Dec
       2003, within 182 days, so in the first months too.
    P8 in post since 2001, off sick 1 Mar 2004 with no return: off sick.
    P9 in post since 2001, off sick 1 Nov 2003, back 1 Feb 2004 (59 days before D): just back.
    P10 in post since 2001, off sick 1 Jun 2003, back 1 Sep 2003 (over 91 days ago): none.
    P11 off sick 1 Mar 2004 but left on 29 Feb 2004: not in post, none.
    P12 offered 1 Apr 2004, after D: not known on D, none."""
    day = dt.date
    load(
        engine,
        employments=[
            post("P4", day(2004, 3, 1)),
            post("P6", day(2002, 1, 1), end=day(2004, 2, 15)),
            post("P7", day(2003, 12, 1)),
            post("P8", day(2001, 1, 1)),
            post("P9", day(2001, 1, 1)),
            post("P10", day(2001, 1, 1)),
            post("P11", day(2001, 1, 1), end=day(2004, 2, 29)),
        ],
        stages=[
            {"person_id": p, "stage": stage, "date": d}
            for p, stage, d in [
                ("P1", "job_offer", day(2004, 3, 1)),
                ("P2", "job_offer", day(2004, 2, 1)),
                ("P2", "occupational_health", day(2004, 2, 20)),
                ("P3", "job_offer", day(2003, 9, 1)),
                ("P4", "job_offer", day(2004, 1, 1)),
                ("P5", "job_offer", day(2003, 12, 1)),
                ("P5", "exit", day(2004, 1, 10)),
                ("P6", "job_offer", day(2004, 1, 1)),
                ("P7", "job_offer", day(2003, 11, 1)),
                ("P7", "job_offer", day(2004, 3, 1)),
                ("P8", "sickness_absence", day(2004, 3, 1)),
                ("P9", "sickness_absence", day(2003, 11, 1)),
                ("P9", "return_to_work", day(2004, 2, 1)),
                ("P10", "sickness_absence", day(2003, 6, 1)),
                ("P10", "return_to_work", day(2003, 9, 1)),
                ("P11", "sickness_absence", day(2004, 3, 1)),
                ("P12", "job_offer", day(2004, 4, 1)),
            ]
        ],
    )
    with db.reading(engine) as conn:
        when = measures.When(D)
        by_point = measures.read_one(conn, "at_danger_point", when, by=("danger_point",))
        total = measures.read_one(conn, "at_danger_point", when)[()].value
        watch_list = journey.danger_point_watch_list(conn, D)
    assert {g[0]: reading.value for g, reading in by_point.items()} == {
        "offer_to_start": 2,  # P1, P7
        "occupational_health": 1,  # P2
        "first_months": 2,  # P4, P7
        "return_after_sickness": 2,  # P8, P9
    }
    assert total == 6  # P7 counted once though at two danger points
    assert sorted((r["person_id"], r["danger_point"]) for r in watch_list) == [
        ("P1", "offer_to_start"),
        ("P2", "occupational_health"),
        ("P4", "first_months"),
        ("P7", "first_months"),
        ("P7", "offer_to_start"),
        ("P8", "return_after_sickness"),
        ("P9", "return_after_sickness"),
    ]


def test_one_reading_by_several_breakdowns_gives_what_each_breakdown_gives_alone(engine):
    """On D: P1 and P2 nurses in Community Adult Services, P3 a clerk there, P4 a clerk in
    Human Resources (P4's earlier nursing post in CAS ended, so P4 counts once, in HR). On 31
    Dec 2003 only P1 and P4 (then nursing in CAS) were in post."""
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 1, 1)),
            post("P2", dt.date(2004, 1, 1)),
            post("P3", dt.date(2004, 2, 1), profession=ADMIN),
            post("P4", dt.date(2003, 1, 1), end=dt.date(2004, 1, 31)),
            post("P4", dt.date(2004, 2, 1), directorate=HR, profession=ADMIN),
        ],
    )
    whens = [measures.When(dt.date(2003, 12, 31)), measures.When(D)]
    bys = [(), ("directorate",), ("profession",), ("directorate", "profession")]
    with db.reading(engine) as conn:
        together = measures.read_breakdowns(conn, "in_employment", whens, bys)
        alone = {
            by: measures.read(conn, ["in_employment"], whens, by=by)["in_employment"] for by in bys
        }

    def counts(found):
        return [{g: r.value for g, r in cells.items()} for cells in found]

    assert counts(together[()]) == [{(): 2}, {(): 4}]
    assert counts(together[("directorate",)]) == [{(CAS,): 2}, {(CAS,): 3, (HR,): 1}]
    assert counts(together[("profession",)]) == [{("Nursing",): 2}, {("Nursing",): 2, (ADMIN,): 2}]
    assert counts(together[("directorate", "profession")]) == [
        {(CAS, "Nursing"): 2},
        {(CAS, "Nursing"): 2, (CAS, ADMIN): 1, (HR, ADMIN): 1},
    ]
    assert {by: counts(found) for by, found in together.items()} == {
        by: counts(found) for by, found in alone.items()
    }


def test_several_measures_of_one_source_read_together_give_what_each_gives_alone(engine):
    """The same posts as above; people in post and those with an up-to-date well-being plan,
    each by its own breakdowns, read in one call; and P1's well-being plan as a share of those
    in post, by directorate."""
    load(
        engine,
        employments=[
            post("P1", dt.date(2003, 1, 1)),
            post("P2", dt.date(2004, 1, 1)),
            post("P3", dt.date(2004, 2, 1), profession=ADMIN, management_role="yes"),
            post("P4", dt.date(2003, 1, 1), end=dt.date(2004, 1, 31)),
            post("P4", dt.date(2004, 2, 1), directorate=HR, profession=ADMIN),
        ],
        wellbeing_plans=[{"person_id": "P1", "agreed_date": dt.date(2004, 1, 5)}],
    )
    whens = [measures.When(dt.date(2003, 12, 31)), measures.When(D)]
    wanted = {
        "wellbeing_plans_up_to_date": [(), ("directorate",)],
        "in_employment": [(), ("profession",), ("directorate", "profession")],
    }
    with db.reading(engine) as conn:
        together = measures.read_breakdowns_of(conn, list(wanted), whens, wanted)
        alone = {
            key: {by: measures.read(conn, [key], whens, by=by)[key] for by in bys}
            for key, bys in wanted.items()
        }
        share = measures.read_breakdowns(
            conn, "wellbeing_plan_coverage_pct", [measures.When(D)], [(), ("directorate",)]
        )
        share_alone = {
            by: measures.read(conn, ["wellbeing_plan_coverage_pct"], [measures.When(D)], by=by)[
                "wellbeing_plan_coverage_pct"
            ]
            for by in [(), ("directorate",)]
        }

    def counts(found):
        return {
            key: {
                by: [{g: r.value for g, r in c.items()} for c in cells] for by, cells in bys.items()
            }
            for key, bys in found.items()
        }

    assert counts(together) == counts(alone)
    assert counts(together)["in_employment"][()] == [{(): 2}, {(): 4}]
    assert counts(together)["in_employment"][("profession",)][1] == {
        ("Nursing",): 2,
        (ADMIN,): 2,
    }
    assert counts(together)["wellbeing_plans_up_to_date"][()] == [{(): 0}, {(): 1}]
    # a share (a ratio) by several breakdowns is read as each alone: P1's plan, of four in post
    assert share == share_alone
    assert share[()][0][()].value == pytest.approx(25.0)
    assert share[("directorate",)][0][(CAS,)].value == pytest.approx(100 / 3)
