"""Targets under disclosure control: an actual below trust level (a directorate or
profession, or a count of people over part of a year) is controlled wherever a target is
shown (the targets table, trajectories, what changed, the meeting screen, the board pack),
and a status beside a controlled actual is shown only when it is the same whatever the true
figure behind it: "met" beside `*` and a target of 7 would say the count is 7, so it is
withheld; "not met" beside `*` and a target of 20 says nothing the `*` does not."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from tests.app_support import label
from tests.builders import workbook_bytes
from uep_data import db, importer, measures, targets, views
from uep_data.disclosure import CONTROLLED, EXACT, SUPPRESSED, offered
from uep_data.papers import board_pack
from uep_data.periods import Period, financial_year_to_date, month_ends
from uep_data.sample import SAMPLE_PATH

MID_YEAR = dt.date(2003, 6, 30)
D = dt.date(2004, 3, 31)


def target(target_id, title, metric, value, **where) -> dict:
    return {
        "target_id": target_id,
        "title": title,
        "metric": metric,
        "level": where.pop("level", "aspirational"),
        "value": value,
        "comparison": "at_least",
        **where,
    }


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """The sample, with a trust-wide target for this year's job starts, and a target for the
    people in post in Human Resources set at today's exact count there."""
    engine = db.create_engine(f"sqlite:///{tmp_path_factory.mktemp('t') / 'uep.sqlite'}")
    db.upgrade(engine)
    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")
    with db.reading(engine) as conn:
        in_hr = measures.value(conn, "in_employment", D, None, measures.Scope("Human Resources"))
    assert 1 <= in_hr <= 7
    importer.import_files(
        engine,
        [
            (
                "targets.xlsx",
                workbook_bytes(
                    {
                        "targets": [
                            target(
                                "JS-2003",
                                f"{label('job_starts')} in 2003/04",
                                "job_starts",
                                20,
                                level="interim",
                                financial_year="2003/04",
                            ),
                            target(
                                "HR",
                                "Supported people in Human Resources",
                                "in_employment",
                                in_hr,
                                directorate="Human Resources",
                            ),
                        ]
                    }
                ),
            )
        ],
        who="test",
    )
    yield engine
    engine.dispose()


def page(engine, name, as_of, audience, **options):
    filters = views.Filters(as_of, financial_year_to_date(as_of))
    with db.reading(engine) as conn:
        return views.PAGE_VIEWS[name](conn, filters, audience, **options)


def rows_at(engine, as_of, audience) -> dict:
    """Each target as the targets page shows it (its actual and status)."""
    return {t.target_id: t for t in page(engine, "targets", as_of, audience).targets}


def test_this_years_count_of_people_is_controlled_while_the_year_is_in_progress(engine):
    exact = rows_at(engine, MID_YEAR, EXACT)["JS-2003"]
    assert 1 <= exact.actual.value <= 7 and exact.status_key == targets.NOT_MET
    shown = rows_at(engine, MID_YEAR, CONTROLLED)["JS-2003"]
    # 1 to 7 starts against a target of 20: not met, whichever it is
    assert shown.actual.value == SUPPRESSED and shown.status_key == targets.NOT_MET
    # a whole year on, the year's count is a trust-level figure again
    assert (
        rows_at(engine, D, CONTROLLED)["JS-2003"].actual.value
        == rows_at(engine, D, EXACT)["JS-2003"].actual.value
    )


def test_a_directorates_target_shows_a_star_and_no_status(engine):
    row = rows_at(engine, D, CONTROLLED)["HR"]
    assert row.actual.value == SUPPRESSED and row.status_key == targets.NOT_SHOWN
    assert rows_at(engine, D, EXACT)["HR"].status_key == targets.MET


def test_what_changed_never_lists_a_status_that_moved_behind_a_star(engine):
    with db.reading(engine) as conn:
        hr_by_month = {
            day: measures.value(conn, "in_employment", day, None, measures.Scope("Human Resources"))
            for day in month_ends(Period(dt.date(2002, 4, 1), D))
        }
        target_value = hr_by_month[D]
        # the latest date a controlled viewer may count "what changed" from, with fewer then
        since = max(
            day for day in offered.since_dates_offered(D) if hr_by_month[day] < target_value
        )
    exact = page(engine, "overview", D, EXACT, since=since).changes
    controlled = page(engine, "overview", D, CONTROLLED, since=since).changes
    assert "HR" in [moved.target.target_id for moved in exact.moved]
    assert "HR" not in [moved.target.target_id for moved in controlled.moved]
    for moved in controlled.moved:
        assert not moved.target.actual.suppressed


def test_the_meeting_screen_shows_targets_as_the_room_may_see_them(engine):
    screens = page(engine, "meeting", D, CONTROLLED, since=dt.date(2003, 12, 31)).screens
    rows = {
        line.target_id: line
        for line in next(s for s in screens if s.key == "targets").content.aspirational
    }
    assert rows["HR"].actual.value == SUPPRESSED and rows["HR"].status_key == targets.NOT_SHOWN
    assert rows["EMP"].actual.value == 37  # trust-wide: exact


def test_the_board_pack_mid_year_shows_stars_not_the_years_small_counts(engine):
    with db.reading(engine) as conn:
        document, pack = board_pack.board_pack_pdf(conn, MID_YEAR, dt.date(2003, 3, 31))
        exact = measures.value(conn, "job_starts", MID_YEAR, Period(dt.date(2003, 4, 1), MID_YEAR))
    row = next(t for t in pack.targets if t.title == f"{label('job_starts')} in 2003/04")
    assert (row.actual.shown, row.status_key) == ("*", targets.NOT_MET)
    headline = next(h for h in pack.headlines if h.figure.measure == "job_starts")
    assert headline.figure.shown == "*"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document)).pages)
    assert f"{label('job_starts')} in 2003/04 2003/04 Trust-wide {exact} " not in text
    assert "* Not shown" in text
