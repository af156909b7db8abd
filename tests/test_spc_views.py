"""Making Data Count charts of the programme's monthly series: which months, which target,
the lead's recalculation points and chart rules, and who may see which series."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.builders import signed_in
from uep_data import (
    access,
    audit,
    db,
    measures,
    recalculations,
    setting_changes,
    spc,
    views,
)
from uep_data.disclosure import CONTROLLED, EXACT
from uep_data.periods import Period, financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF
from uep_data.views import spc_panels

FILTERS = views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))


def view(engine, key, audience=EXACT, filters=FILTERS):
    with db.reading(engine) as conn:
        return spc_panels.spc_panel(views.Ask(conn, filters, audience), key)


def test_the_charts_cover_the_last_36_whole_months_to_d(sample_engine):
    chart = view(sample_engine, "in_employment").chart
    assert len(chart.points) == 36
    assert chart.points[0].date == dt.date(2001, 4, 30)
    assert chart.points[-1].date == dt.date(2004, 3, 31)
    assert chart.points[-1].value == 37  # the published figure, at D


def test_a_part_month_at_d_is_left_out():
    assert spc_panels.complete_months(dt.date(2004, 3, 15), None, 3) == Period(
        dt.date(2003, 12, 1), dt.date(2004, 2, 29)
    )
    assert spc_panels.complete_months(dt.date(2004, 3, 31), dt.date(2004, 2, 10), 36) == Period(
        dt.date(2004, 2, 1), dt.date(2004, 3, 31)
    )
    assert spc_panels.complete_months(dt.date(2004, 3, 15), dt.date(2004, 3, 2)) is None


def test_people_in_employment_read_against_the_target_in_force_each_month(sample_engine):
    result = view(sample_engine, "in_employment")
    by_month = dict(zip([p.date for p in result.chart.points], result.targets, strict=True))
    assert by_month[dt.date(2003, 4, 30)].target_id == "EMP-2003"  # this year's interim
    assert by_month[dt.date(2002, 3, 31)].value == 30  # 2001/02's
    assert result.chart.options.target == 35 and result.chart.options.improvement == "high"
    assert result.chart.variation_icon == "improvement_high"  # growing to 37
    # 35 lies above the limits of three years of growth (30.6 to 32.4): Making Data Count's
    # rule says "fail", and the reading says why that is out of date
    assert result.chart.assurance_icon == "fail"
    assert result.reading[-1] == spc.CHANGED_PROCESS_READING


def test_contacts_have_no_better_direction_and_no_target(sample_engine):
    result = view(sample_engine, "contacts")
    assert result.chart.options.improvement == "neither"
    assert result.target is None and result.chart.assurance_icon == "none"
    assert {p.colour for p in result.chart.points} <= {"grey", "purple"}


def test_a_months_count_of_people_is_for_the_programme_lead_only(sample_engine):
    assert view(sample_engine, "job_starts", EXACT).chart is not None
    hidden = view(sample_engine, "job_starts", CONTROLLED)
    assert hidden.chart is None and "programme lead only" in hidden.note
    assert view(sample_engine, "recruits_lived_experience_pct", CONTROLLED).chart is None
    for key in ("in_employment", "contacts"):  # trust-wide totals and events: for everyone
        assert view(sample_engine, key, CONTROLLED).chart is not None
    with db.reading(sample_engine) as conn:
        shown = {
            audience: [
                p.key
                for p in spc_panels.spc_panels(
                    views.Ask(conn, FILTERS, audience), measures.monthly_series()
                )
            ]
            for audience in (CONTROLLED, EXACT)
        }
    assert shown[CONTROLLED] == ["in_employment", "contacts"]
    assert shown[EXACT] == list(measures.monthly_series())


def _with_sample(engine):
    from uep_data import importer
    from uep_data.sample import SAMPLE_PATH

    importer.import_files(engine, [(SAMPLE_PATH.name, SAMPLE_PATH.read_bytes())], who="test")


def test_a_recalculation_point_starts_a_new_section_and_is_logged(engine):
    _with_sample(engine)
    month = dt.date(2003, 2, 14)  # any day of February 2003
    problem = recalculations.add(engine, "in_employment", month, "Second adviser started", "Lead")
    assert problem is None
    result = view(engine, "in_employment")
    february = next(p for p in result.chart.points if p.date == dt.date(2003, 2, 28))
    january = next(p for p in result.chart.points if p.date == dt.date(2003, 1, 31))
    assert february.number in result.chart.options.recalculate_at
    assert february.lines != january.lines
    assert result.recalculations[0]["reason"] == "Second adviser started"
    with db.reading(engine) as conn:
        entry = audit.entries(conn, action="recalculation")[0]
    assert entry["who"] == "Lead"
    assert "in_employment starts again in 2003-02" in audit.describe(entry)

    assert "already starts again" in recalculations.add(
        engine, "in_employment", dt.date(2003, 2, 1), "again", "Lead"
    )
    recalculations.remove(engine, result.recalculations[0]["id"], "Lead")
    assert view(engine, "in_employment").chart.options.recalculate_at == ()
    with db.reading(engine) as conn:
        assert len(audit.entries(conn, action="recalculation")) == 2


@pytest.mark.parametrize(
    ("series_key", "month", "reason", "words"),
    [
        ("nonsense", dt.date(2003, 6, 1), "why", "choose one of the monthly charts"),
        ("contacts", None, "why", "first month"),
        ("contacts", dt.date(2003, 6, 1), "  ", "say why"),
        ("contacts", dt.date(2003, 6, 1), "x" * 301, "under 300 characters"),
    ],
)
def test_a_recalculation_point_needs_a_chart_a_month_and_a_reason(
    sqlite_engine, series_key, month, reason, words
):
    assert words in recalculations.add(sqlite_engine, series_key, month, reason, "Lead")


def test_only_the_programme_lead_sets_recalculation_points(sqlite_engine):
    with pytest.raises(access.AccessDenied):
        recalculations.add(
            sqlite_engine,
            "contacts",
            dt.date(2003, 6, 1),
            "why",
            signed_in("chair@trust.nhs.uk", {"board": ["chair@trust.nhs.uk"]}),
        )


def test_a_recalculation_waits_until_each_part_of_the_chart_has_13_months(engine):
    _with_sample(engine)
    recalculations.add(engine, "in_employment", dt.date(2003, 6, 1), "New service", "L")
    result = view(engine, "in_employment")  # June 2003 to March 2004: 10 months so far
    assert result.chart.options.recalculate_at == () and result.recalculations == ()
    assert result.reading[-1] == (
        "Starts again from June 2003 once each part of the chart has 13 months (New service)."
    )
    later = views.Filters(dt.date(2004, 6, 30), Period(dt.date(2004, 4, 1), dt.date(2004, 6, 30)))
    assert view(engine, "in_employment", filters=later).recalculations  # 13 months by then


def test_long_enough_takes_the_points_that_leave_13_months_either_side():
    months = [dt.date(2000 + (m // 12), m % 12 + 1, 28) for m in range(40)]
    first, second, third = (
        {"month": dt.date(2000, 3, 1)},  # 2 months before it: waits
        {"month": dt.date(2001, 6, 1)},  # 17 before, 23 after: applied
        {"month": dt.date(2002, 9, 1)},  # 15 after the second, 8 after it: waits
    )
    applied, waiting = recalculations.long_enough(months, [third, first, second], 13)
    assert applied == [second] and waiting == [first, third]


def test_a_series_with_a_month_without_a_figure_is_not_charted(sqlite_engine):
    from tests.builders import workbook_bytes
    from uep_data import importer

    rows = [
        {"period": f"{year}-{month:02d}", "recruits": 10, "recruits_lived_experience": 2}
        for year in (2002, 2003)
        for month in range(1, 13)
        if (year, month) != (2003, 5)
    ]
    importer.import_files(sqlite_engine, [("r.xlsx", workbook_bytes({"recruitment": rows}))])
    filters = views.Filters(
        dt.date(2003, 12, 31), Period(dt.date(2003, 4, 1), dt.date(2003, 12, 31))
    )
    result = view(sqlite_engine, "recruits_lived_experience_pct", filters=filters)
    assert result.chart is None
    assert result.note.startswith("Not drawn: 1 of the last 24 months has no figure")


def test_points_for_maps_start_months_onto_the_charts_points():
    months = [dt.date(2003, m, 28) for m in range(1, 13)]
    assert recalculations.points_for(months, [dt.date(2003, 4, 1)]) == (4,)
    assert recalculations.points_for(months, [dt.date(2003, 1, 1), dt.date(2002, 1, 1)]) == ()
    assert recalculations.points_for(months, [dt.date(2004, 1, 1)]) == ()


def test_the_shift_and_trend_lengths_are_settings(engine):
    _with_sample(engine)
    assert view(engine, "contacts").chart.options.shift_length == 6
    assert setting_changes.change(engine, "spc_shift_length", 8, "Lead") is None
    assert setting_changes.change(engine, "spc_trend_length", 7, "Lead") is None
    options = view(engine, "contacts").chart.options
    assert (options.shift_length, options.trend_length) == (8, 7)
    assert "from 5 to 12" in setting_changes.change(engine, "spc_trend_length", 3, "Lead")


def test_the_meeting_screens_include_the_chart_of_people_in_employment(sample_engine):
    since = dt.date(2003, 12, 31)
    with db.reading(sample_engine) as conn:
        screens = views.PAGE_VIEWS["meeting"](conn, FILTERS, CONTROLLED, since).screens
    screen = next(s for s in screens if s.key == "spc")
    assert screen.content.panel.chart is not None
    # the room's sentence (tests/test_meeting_screens.py), the icons named in the key
    assert screen.message.startswith("37 in March 2004 meets the target of 35")
    assert screen.content.key[0] == spc.VARIATION_NAMES["improvement_high"]
