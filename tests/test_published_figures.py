"""Every published figure of docs/published-figures.md, out of `summary` / `targets` (and the core) on
the bundled sample data, on SQLite and on PostgreSQL."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from uep_data import cli, db, measures, schema
from uep_data.measures import When, journey

D = dt.date(2004, 3, 31)
ALL_YEARS = ["--from", "1995-04-01", "--to", "2004-03-31"]


@pytest.fixture(scope="module")
def run_cli(sample_engine):
    url = sample_engine.url.render_as_string(hide_password=False)

    def run(*args):
        import contextlib
        import io

        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli.main([*args, "--db", url, "--json"])
        assert code == 0
        return json.loads(out.getvalue())

    return run


@pytest.fixture(scope="module")
def targets(run_cli):
    return {t["target_id"]: t for t in run_cli("targets", "--as-of", D.isoformat())["targets"]}


def metric(run_cli, key, *args):
    return run_cli("summary", *args)["metrics"][key]


def test_the_sample_opens_on_31_march_2004(run_cli):
    assert run_cli("summary")["as_of"] == "2004-03-31"


def test_target_of_six_people_in_the_first_year(targets):
    first = targets["EMP-1995"]
    assert (first["metric"], first["level"], first["value"]) == ("in_employment", "interim", 6)
    assert first["period_end"] == "1996-03-31" and first["actual"] >= 6
    assert first["status"] == "met"


def test_target_of_twelve_in_the_second_year(targets):
    second = targets["EMP-1996"]
    assert (second["value"], second["period_end"]) == (12, "1997-03-31")
    assert second["actual"] >= 12 and second["status"] == "met"


def test_35_people_in_employment_at_any_one_time(targets, run_cli):
    aim = targets["EMP"]
    assert (aim["metric"], aim["level"], aim["value"]) == ("in_employment", "aspirational", 35)
    assert 35 <= aim["actual"] <= 40
    assert 35 <= metric(run_cli, "in_employment") <= 40


def test_supported_over_100_people_in_posts(run_cli):
    assert metric(run_cli, "people_supported_cumulative") > 100


@pytest.mark.parametrize("year", range(1999, 2004))
def test_at_least_15_percent_of_recruits_had_lived_experience_every_year_since_1999(run_cli, year):
    share = metric(
        run_cli,
        "recruits_lived_experience_pct",
        "--as-of",
        f"{year + 1}-03-31",
        "--from",
        f"{year}-04-01",
    )
    assert share >= 15


def test_a_target_says_15_percent_of_recruits(targets):
    charter = targets["REC"]
    assert (charter["metric"], charter["value"], charter["comparison"]) == (
        "recruits_lived_experience_pct",
        15,
        "at_least",
    )
    assert charter["period_start"] == "1999-04-01" and charter["status"] == "met"


def test_work_preparation_for_32_people_47_percent_open_employment_16_percent_education(run_cli):
    values = run_cli("summary", *ALL_YEARS)["metrics"]
    assert values["work_prep_participants"] == 32
    assert values["work_prep_open_employment_pct"] == pytest.approx(15 / 32 * 100)  # 46.9%
    assert values["work_prep_education_pct"] == pytest.approx(5 / 32 * 100)  # 15.6%


def test_39_percent_of_contacts_by_telephone_and_44_percent_meetings_outside_work(run_cli):
    values = run_cli("summary", *ALL_YEARS)["metrics"]
    assert values["contacts_telephone_pct"] == pytest.approx(39, abs=1)
    assert values["contacts_outside_work_pct"] == pytest.approx(44, abs=1)


def test_only_15_percent_of_contacts_about_symptoms_most_about_work_and_life(
    run_cli, sample_engine
):
    assert metric(run_cli, "contacts_symptoms_pct", *ALL_YEARS) == pytest.approx(15, abs=1)
    with sample_engine.connect() as conn:
        topics = dict(
            conn.execute(
                sa.select(schema.contacts.c.topic, sa.func.count()).group_by(
                    schema.contacts.c.topic
                )
            ).all()
        )
    biggest_others = sorted((t for t in topics if t != "symptoms"), key=topics.get)[-4:]
    assert set(biggest_others) == {
        "relationships_at_work",
        "job_demands",
        "outside_work",
        "confidence",
    }


def test_four_supported_employees_in_professional_training(run_cli, sample_engine):
    assert metric(run_cli, "in_professional_training") == 4
    t = schema.training
    with sample_engine.connect() as conn:
        places = conn.execute(
            sa.select(t.c.programme).where(
                t.c.start_date <= D, t.c.end_date.is_(None), t.c.status == "in_training"
            )
        ).scalars()
        assert sorted(places) == [
            "clinical_psychology",
            "clinical_psychology",
            "nursing",
            "nursing",
        ]


def test_posts_first_part_time_later_full_time_too(sample_engine):
    e = schema.employments
    with sample_engine.connect() as conn:
        first_full_time = conn.execute(
            sa.select(sa.func.min(e.c.start_date)).where(e.c.hours == "full_time")
        ).scalar()
        first_post = conn.execute(sa.select(sa.func.min(e.c.start_date))).scalar()
        part_time_later = conn.execute(
            sa.select(sa.func.count()).where(
                e.c.hours == "part_time", e.c.start_date > first_full_time
            )
        ).scalar()
    assert first_full_time >= dt.date(1997, 4, 1) > first_post
    assert part_time_later > 0


def test_hurdles_clinical_professional_and_management_posts_reached(run_cli):
    values = run_cli("summary")["metrics"]
    assert values["clinical_posts"] > 0
    assert values["professional_posts"] > 0
    assert values["management_posts"] >= 1


def test_three_funding_streams_the_grant_first(sample_engine):
    f = schema.funding
    with sample_engine.connect() as conn:
        streams = conn.execute(
            sa.select(f.c.stream, f.c.funding_type, sa.func.min(f.c.financial_year)).group_by(
                f.c.stream, f.c.funding_type
            )
        ).all()
    first_year = {kind: year for _, kind, year in streams}
    assert len(streams) == 3
    assert set(first_year) == {"recurring_grant", "one_off", "contract"}
    assert first_year["recurring_grant"] == "1995/96"
    assert first_year["one_off"] > "1995/96" and first_year["contract"] > "1995/96"
    names = " ".join(name for name, _, _ in streams)
    assert "Local authority" in names and "Challenge Fund" in names and "Jobcentre Plus" in names


def test_coverage_goal_of_every_directorate_with_interim_annual_targets(targets, run_cli):
    assert targets["COV"]["metric"] == "directorates_covered_pct"
    assert targets["COV"]["value"] == 100 and targets["COV"]["level"] == "aspirational"
    interim = sorted(
        (t for t in targets.values() if t["parent_target_id"] == "COV"),
        key=lambda t: t["period_start"],
    )
    assert len(interim) >= 3 and all(t["financial_year"] for t in interim)
    coverage = [
        metric(run_cli, "directorates_covered_pct", "--as-of", f"{y}-03-31")
        for y in range(1996, 2005)
    ]
    assert coverage == sorted(coverage) and coverage[0] < coverage[-1]


def test_some_people_at_each_danger_point_on_31_march_2004(sample_engine):
    with db.reading(sample_engine) as conn:
        found = measures.read_one(conn, "at_danger_point", When(D), by=("danger_point",))
        counts = {group[0]: reading.value for group, reading in found.items()}
        stages = set(conn.execute(sa.select(schema.stages.c.stage).distinct()).scalars())
    assert {"job_offer", "occupational_health", "sickness_absence", "return_to_work"} <= stages
    assert all(counts.get(point.key, 0) > 0 for point in journey.DANGER_POINTS), counts


def test_work_health_and_wellbeing_plans_for_most_people_in_post(run_cli):
    assert metric(run_cli, "wellbeing_plan_coverage_pct") > 50
