"""Hidden counts an attacker recovered from the first versions, each closed: the attacker
combines every figure a controlled viewer can ask for (every page, date, period and "what
changed" date offered) and solves them all at once as an integer programme
(tests/test_disclosure_combined.py's solver), knowing what the calendar, the trust's lists
and the exact published figures tell. Each test fails on the version before these fixes."""

from __future__ import annotations

import datetime as dt

from tests.builders import import_programme, post
from tests.test_disclosure_combined import (
    INFINITY,
    SMALL,
    bounds,
    cell,
    coverage_counts,
    flows_between_month_ends,
    identity,
    is_count_of_people,
    lines_in_time,
    lines_shown,
    pinned_by_solving,
)
from uep_data import db, measures, views
from uep_data.disclosure import CONTROLLED, EXACT, SUPPRESSED, offered
from uep_data.figures import figures_in
from uep_data.measures import registry as r
from uep_data.periods import Period, financial_year_period, financial_year_to_date
from uep_data.values import financial_year_of
from uep_data.views.ask import Ask
from uep_data.views.changes import changes_since, since_or_last_report

YEAR = financial_year_period("2003/04")


class Viewer:
    """What a controlled viewer has seen so far (every figure of people, by what it counts),
    with the true values beside, and the lines they can add up."""

    def __init__(self):
        self.seen: dict = {}
        self.truth: dict = {}
        self.lines: list = []

    def look(self, controlled, exact=None) -> None:
        for f in figures_in(controlled):
            if f.value is not None and is_count_of_people(f):
                self.seen[identity(f)] = f
        for total, parts in lines_shown(controlled):
            self.lines.append((identity(total), [identity(p) for p in parts]))
        for f in figures_in(exact) if exact is not None else ():
            if not f.controlled:
                self.truth[identity(f)] = f.value

    def pinned(self, measure: str | None = None, with_coverage=False, with_flows=False) -> list:
        """The `*` (and worked-out leavers) of 1 to 7 people the viewer can pin down."""
        lines = [
            (t, ps) for t, ps in self.lines if t in self.seen and all(p in self.seen for p in ps)
        ]
        in_time, pieces = lines_in_time(self.seen)
        lines += in_time
        known = {**{k: bounds(f) for k, f in self.seen.items()}, **pieces}
        secret = [
            k
            for k, f in self.seen.items()
            if f.value == SUPPRESSED
            and self.truth.get(k) in SMALL
            and (measure is None or f.measure == measure)
        ]
        nonzero = coverage_counts(self.seen, self.truth) if with_coverage else ()
        leavers, flows = [], {}
        if with_flows:
            flows, leavers = flows_between_month_ends(self.seen, self.truth, pieces)
            for key, low in flows.items():
                known[key] = (max(known[key][0], low), known[key][1])
        # what the published (exact) figures give on their own is theirs to give
        published = {
            **{
                k: (f.value, f.value) if not f.controlled else (flows.get(k, 0), INFINITY)
                for k, f in self.seen.items()
            },
            **{k: (flows.get(k, 0), INFINITY) for k in pieces},
        }
        given = set(pinned_by_solving(published, lines, secret + leavers))
        secret = [k for k in secret + leavers if k not in given]
        return [self.seen[k] for k in pinned_by_solving(known, lines, secret, nonzero)]


def load(engine, directorates, **sheets):
    import_programme(engine, directorates, referral_date=dt.date(2002, 1, 1), **sheets)


TWO = [
    {"directorate": "Community Adult Services", "directorate_type": "clinical"},
    {"directorate": "Human Resources", "directorate_type": "corporate"},
]
TEN = [{"directorate": f"Directorate {n}", "directorate_type": "clinical"} for n in range(10)]


# --- 7. "what changed" spans and the lead's target periods ---------------------------------


def test_every_what_changed_span_offered_together_pins_no_months_job_starts(sample_engine):
    """The first version let "what changed" count from any month end, so that the span to D
    was any run of months, each controlled alone: five runs pinned February 2004's job
    starts at exactly 1, and an integer programme pinned 6 of 2003/04's 12 months."""
    viewer = Viewer()
    with db.reading(sample_engine) as conn:
        for month in offered.months_of(YEAR):
            filters = views.Filters(month.end, financial_year_to_date(month.end))
            ask, truth = Ask(conn, filters, CONTROLLED), Ask(conn, filters, EXACT)
            for since in accepted_since_dates(month.end):
                for who, into in ((ask, "controlled"), (truth, "exact")):
                    changes = changes_since(who, since, (), earlier=[])
                    if into == "controlled":
                        viewer.look(changes)
                    else:
                        viewer.look((), changes)
            for chosen in offered.periods_offered(month.end, YEAR.start):
                if chosen.period.start < YEAR.start:
                    continue
                when = ask.when("job_starts", period=chosen.period)
                viewer.look(ask.figure("job_starts", "headline", when=when))
                viewer.look((), truth.figure("job_starts", "headline", when=when))
    assert not viewer.pinned("job_starts")
    # and every span counted over is a standard part of its year: a line of the year's table
    spans = {(f.start, f.end) for f in viewer.seen.values() if f.start is not None}
    assert spans and all(standard(Period(*span)) for span in spans), sorted(
        s for s in spans if not standard(Period(*s))
    )


def accepted_since_dates(as_of: dt.date) -> list[dt.date]:
    """Every month end of the two years before D that "what changed" accepts from a
    controlled viewer (in the address, or on the command line), not only those listed."""
    found = []
    for since in offered.month_ends(as_of - dt.timedelta(days=1), as_of - dt.timedelta(days=731)):
        since = offered.last_month_end(since)
        try:
            found.append(since_or_last_report(since, as_of, CONTROLLED))
        except offered.NotOffered:
            continue
    return sorted(set(found))


def standard(period: Period) -> bool:
    """A standard part of a financial year, written here independently of the dashboard: a
    month, or from the start of its year or its quarter to a month end in that year or
    quarter (the year to date, the quarter to date, the quarter, the year)."""
    start, end = period.start, period.end
    if start.day != 1 or (end + dt.timedelta(days=1)).day != 1:
        return False
    year = financial_year_period(financial_year_of(start))
    if end > year.end:
        return False
    quarter_start = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    quarter_end = (quarter_start.replace(day=28) + dt.timedelta(days=70)).replace(day=1)
    return (
        start == year.start
        or (start == quarter_start and end < quarter_end)
        or (start.year, start.month) == (end.year, end.month)
    )


def test_a_target_over_a_period_the_lead_set_is_not_shown_to_a_controlled_audience(engine):
    """A target's own period (15 April to 14 March) is a window no standard period is: the
    first version controlled it alone, beside the year's standard periods, which narrowed the
    starts of 1 to 14 April."""
    starts = [post(f"P{n}", dt.date(2003, 4, 1 + n)) for n in range(3)]  # 2, 3, 4 April
    starts += [post(f"Q{n}", dt.date(2003, 6, 2 + n)) for n in range(9)]
    target = {
        "target_id": "T",
        "title": "Ten starts from mid-April",
        "metric": "job_starts",
        "level": "interim",
        "value": 10,
        "period_start": dt.date(2003, 4, 15),
        "period_end": dt.date(2004, 3, 14),
    }
    load(engine, TWO, employments=starts, targets=[target])
    filters = views.Filters(YEAR.end, YEAR)
    with db.reading(engine) as conn:
        controlled = views.PAGE_VIEWS["targets"](conn, filters, CONTROLLED)
        exact = views.PAGE_VIEWS["targets"](conn, filters, EXACT)
    (line,) = [t for t in controlled.targets if t.target_id == "T"]
    (truth,) = [t for t in exact.targets if t.target_id == "T"]
    assert truth.actual.value == 9
    assert line.actual.shown == "not shown" and line.status.value == "not_shown"


# --- 8. coverage and the `*` directorates ----------------------------------------------------


def six_in_six(engine):
    posts = [
        post(f"P{n}", dt.date(2003, 5, 1), directorate=f"Directorate {n}", profession="Nursing")
        for n in range(6)
    ]
    load(engine, TEN, employments=posts)


def test_directorates_covered_beside_six_stars_pins_none_of_them(engine):
    """6 people in 6 of 10 directorates: six `*`, an exact 6 in employment and "6
    directorates covered", so each `*` was exactly 1 (and so was each `*` of the grid)."""
    six_in_six(engine)
    viewer = Viewer()
    filters = views.Filters(YEAR.end, YEAR)
    with db.reading(engine) as conn:
        for name in ("overview", "coverage"):
            viewer.look(
                views.PAGE_VIEWS[name](conn, filters, CONTROLLED),
                views.PAGE_VIEWS[name](conn, filters, EXACT),
            )
    assert any(f.measure == "directorates_covered" for f in viewer.seen.values())
    assert not viewer.pinned(with_coverage=True)


def test_two_people_in_two_directorates_do_not_give_each_away_through_coverage(engine):
    """Where nothing can be hidden (both directorates covered, one person each), the count
    of directorates covered is not shown rather than pinning each directorate at 1."""
    load(
        engine,
        TWO,
        employments=[
            post("P1", dt.date(2003, 5, 1), directorate="Community Adult Services"),
            post("P2", dt.date(2003, 5, 1), directorate="Human Resources"),
        ],
    )
    viewer = Viewer()
    filters = views.Filters(YEAR.end, YEAR)
    with db.reading(engine) as conn:
        controlled = views.PAGE_VIEWS["coverage"](conn, filters, CONTROLLED)
        viewer.look(controlled, views.PAGE_VIEWS["coverage"](conn, filters, EXACT))
    assert controlled.directorates_covered.shown == "not shown"
    assert not viewer.pinned(with_coverage=True)


# --- 9. controlled by default ------------------------------------------------------------------

# the threat model's published trust-wide figures, written here independently of the code
PUBLISHED = {
    "in_employment",
    "job_starts",
    "people_supported",
    "people_supported_cumulative",
    "work_prep_participants",
    "recruits",
    "recruits_declaring_lived_experience",
    "in_professional_training",
    "qualified_through_training",
    "directorates_covered",
    "professions_covered",
}


def test_only_the_published_counts_of_people_are_exact_trust_wide(sample_engine):
    filters = views.Filters(YEAR.end, YEAR)
    with db.reading(sample_engine) as conn:
        ask = Ask(conn, filters, CONTROLLED)
        for key in r.MEASURES:
            if r.disclosure_class(key) != r.CONTROLLED_COUNT:
                continue
            f = ask.figure(key, "headline", scope=measures.TRUST_WIDE)
            assert f.controlled == (key not in PUBLISHED), key


def test_a_measure_of_people_declared_as_the_readme_teaches_is_controlled_trust_wide(
    sample_engine, part_time_posts
):
    """README, "Adding a measure": people in part-time posts, declared without saying it is
    published, was shown to the steering group exactly (12)."""
    with db.reading(sample_engine) as conn:
        exact = measures.value(conn, "part_time_posts", YEAR.end)
        shown = Ask(conn, views.Filters(YEAR.end, YEAR), CONTROLLED).figure(
            "part_time_posts", "headline"
        )
    assert exact and shown.controlled
    assert shown.value in (SUPPRESSED, 0) or shown.value % 5 == 0


# --- 10. a month with no starts, and its leavers -------------------------------------------


def test_a_month_with_no_starts_does_not_give_its_leavers_away(engine):
    """21 in post at the end of July, 20 at the end of August, no starts in August: the
    first version showed August's starts as 0, so one person left in August (and, from the
    month-end grids, where). The year's three starts (two in October, one in December
    beside a leaver) do not say on their own which months had none."""
    posts = [post(f"P{n:02d}", dt.date(2002, 6, 3)) for n in range(19)]
    posts.append(post("P19", dt.date(2002, 6, 3), end=dt.date(2003, 12, 10)))
    posts.append(post("P20", dt.date(2002, 6, 3), end=dt.date(2003, 8, 14)))
    posts += [post("Q1", dt.date(2003, 10, 6)), post("Q2", dt.date(2003, 10, 6))]
    posts.append(post("Q3", dt.date(2003, 12, 1)))
    load(engine, TWO, employments=posts)
    viewer = Viewer()
    with db.reading(engine) as conn:
        for month in offered.months_of(YEAR):
            filters = views.Filters(month.end, month)
            for name in ("overview", "targets"):
                viewer.look(
                    views.PAGE_VIEWS[name](conn, filters, CONTROLLED),
                    views.PAGE_VIEWS[name](conn, filters, EXACT),
                )
    august = [
        f
        for f in viewer.seen.values()
        if f.measure == "job_starts"
        and not cell(f)
        and (f.start, f.end) == (dt.date(2003, 8, 1), dt.date(2003, 8, 31))
    ]
    assert august and all(f.value != 0 for f in august)
    assert not viewer.pinned(with_flows=True)


# --- 11 and 12. work preparation cohorts, and one value per figure -----------------------


def test_a_cohort_alone_in_its_year_is_not_pinned_by_the_years_exact_total(engine):
    """2002/03's places: an exact 2 (a whole year, trust-wide), and only cohort 2002-2 had
    started: the first version showed that cohort since the programme began as `*`, and its
    education/training cell as `*`, both 2."""
    places = [
        {
            "person_id": person,
            "start_date": dt.date(2002, 9, 2),
            "cohort": "2002-2",
            "outcome": "education_training",
        }
        for person in ("P1", "P2")
    ] + [
        {
            "person_id": f"Q{n}",
            "start_date": dt.date(2003, 9, 1),
            "cohort": "2003-2",
            "outcome": "withdrew" if n % 2 else "open_employment_in_trust",
        }
        for n in range(10)
    ]
    load(engine, TWO, work_preparation=places)
    viewer = Viewer()
    with db.reading(engine) as conn:
        for year in ("2002/03", "2003/04"):
            filters = views.Filters(YEAR.end, financial_year_period(year))
            viewer.look(
                views.PAGE_VIEWS["work_preparation"](conn, filters, CONTROLLED),
                views.PAGE_VIEWS["work_preparation"](conn, filters, EXACT),
            )
    assert not viewer.pinned("work_prep_participants")
    # each cohort's figures are over the year chosen: lines of the year's table
    cohorts = [
        f
        for f in viewer.seen.values()
        if f.measure == "work_prep_participants" and "cohort" in dict(f.group)
    ]
    years = {(year.start, year.end) for year in map(financial_year_period, ("2002/03", "2003/04"))}
    assert cohorts and all((f.start, f.end) in years for f in cohorts)


def test_the_cohorts_and_the_participants_count_the_same_places_with_one_value(sample_engine):
    """The first version counted the cohorts since the programme began (30, rounded) beside
    participants over whole years (32, exact), which pinned four cohorts of "10" at 8."""
    filters = views.Filters(YEAR.end, YEAR)
    with db.reading(sample_engine) as conn:
        page = views.PAGE_VIEWS["work_preparation"](conn, filters, CONTROLLED)
    assert page.cohorts.total.value == page.participants.value
    assert (page.cohorts.total.start, page.cohorts.total.end) == (
        page.participants.start,
        page.participants.end,
    )


def test_a_figure_shown_on_several_pages_has_one_value_for_the_steering_group(sample_engine):
    """No figure shown more than once has two values, across every page of the sample."""
    filters = views.Filters(YEAR.end, YEAR)
    found: dict = {}
    with db.reading(sample_engine) as conn:
        for name, view in views.PAGE_VIEWS.items():
            if name == "watch_list":
                continue
            for f in figures_in(view(conn, filters, CONTROLLED)):
                if is_count_of_people(f) and f.value is not None:
                    key = identity(f)
                    assert found.setdefault(key, f.value) == f.value, f


# --- 13. a year's published total, before the year has ended ---------------------------------


def test_the_years_total_yet_to_come_does_not_excuse_a_month_pinned_before_it(engine):
    """2002/03: seven people start between May and September and stay (in post at the end of
    each month: 0, 3, 5, 6, 6, 7), one leaves in November, two start in December. On 30
    November the year to date's `*` is at most 7, and the rises of the month-end totals add
    up to 7: so it was exactly 7, and July's `*` was 1 (and July to September's 2). The
    first version did not hide them, because the year's exact total (9, with December's
    rise of 2) pins them anyway: but that total is published only once the year has ended,
    not on 30 November."""
    year = financial_year_period("2002/03")
    starts = {dt.date(2002, 5, 7): 3, dt.date(2002, 6, 4): 2, dt.date(2002, 7, 16): 1}
    starts[dt.date(2002, 9, 2)] = 1
    posts = [
        post(f"P{day:%m}{n}", day, end=dt.date(2002, 11, 12) if (day.month, n) == (5, 0) else None)
        for day, many in starts.items()
        for n in range(many)
    ]
    posts += [post(f"Q{n}", dt.date(2002, 12, 2)) for n in range(2)]
    load(engine, TWO, employments=posts)
    as_of = dt.date(2002, 11, 30)
    viewer = Viewer()
    with db.reading(engine) as conn:
        # July, July to September and the year to date; what changed since each date offered
        for period, since in zip(
            (offered.months_of(year)[3], offered.quarters_of(year)[1], None),
            offered.since_dates_offered(as_of),
            strict=False,
        ):
            filters = views.Filters(as_of, period or financial_year_to_date(as_of))
            viewer.look(
                views.PAGE_VIEWS["overview"](conn, filters, CONTROLLED, since=since),
                views.PAGE_VIEWS["overview"](conn, filters, EXACT, since=since),
            )
    to_date = (dt.date(2002, 4, 1), as_of)
    assert [
        viewer.truth[k]
        for k, f in viewer.seen.items()
        if f.measure == "job_starts" and not cell(f) and (f.start, f.end) == to_date
    ] == [7]
    assert not viewer.pinned("job_starts", with_flows=True)
