"""Disclosure control against a viewer who combines what they see: every field of every view
for the controlled audiences passes through disclosure control, and (property-based, over
small programmes made up by hypothesis) no figure of people below trust level is 1 to 7 and
no difference of two nested figures a controlled viewer is offered pins down 1 to 7 people,
across pages, filters, periods and dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import test_disclosure_channels as channels
from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import access, cli, db, importer, pages, views
from uep_data import settings as app_settings
from uep_data.disclosure import (
    CONTROLLED,
    EXACT,
    SUPPRESSED,
    NotOffered,
    below_trust_level,
    offered,
)
from uep_data.disclosure.policy import additive, cell_of
from uep_data.figures import Figure, figures_in
from uep_data.measures import Scope, When
from uep_data.measures import registry as r
from uep_data.measures.journey import DANGER_POINTS
from uep_data.measures.moments import POINT
from uep_data.periods import Period, financial_year_to_date
from uep_data.sample import SAMPLE_AS_OF
from uep_data.views.parts import Breakdown, Grid

RULES = CONTROLLED.rules
SMALL = set(range(1, RULES.suppress_up_to + 1))
INFINITY = float("inf")


def when_of(f: Figure) -> When:
    return When(f.as_of, None if f.start is None else Period(f.start, f.end))


def cell(f: Figure):
    return cell_of(Scope(f.directorate, f.profession), dict(f.group))


def is_count_of_people(f: Figure) -> bool:
    return f.measure in r.MEASURES and r.disclosure_class(f.measure) == r.CONTROLLED_COUNT


# --- every field of every view ------------------------------------------------------------

# numbers a view may hold outside a figure: what a target is set at, a screen's number, the
# charter's floor, the disclosure rules themselves, and a chart of figures checked below
NOT_FIGURES = {
    ("TargetLine", "target_value"),
    ("Screen", "number"),
    ("RecruitmentScreen", "floor"),
    ("RecruitmentPage", "floor"),
    ("YearOfRecruitment", "meets_floor"),
    ("BoardPackContents", "rules"),
    ("AnnualReportContents", "rules"),
    ("FunderReturnContents", "rules"),
    ("SpcPanel", "chart"),
    ("SpcPanel", "targets"),
    ("Figure", "bounds"),
    ("Part", "value"),  # a group's own value (fortnight 1 of the days from offer to start)
    # a forecast's months read and its fan: made only from figures the audience sees
    # exactly, which forecast_made_from_exact_figures checks below
    ("TargetForecast", "history"),
    ("TargetForecast", "fan"),
}


def forecast_made_from_exact_figures(made) -> None:
    """A forecast a controlled audience sees reads only months whose figures that audience
    sees exactly (a trust-wide published level at each month end; never a count below trust
    level), so its fan and bands tell nothing the figures do not."""
    scope = next(
        (
            Scope(f.directorate, f.profession)
            for f in (made.median, made.lo80, made.chance)
            if f is not None
        ),
        Scope(None, None),
    )
    point = r.kind_of(made.measure) == POINT
    for month, _ in made.history:
        when = When(month) if point else When(month, Period(month.replace(day=1), month))
        assert not below_trust_level(made.measure, when, cell_of(scope, None)), (made, month)


def walk(item, path="view"):
    """Every value in a view, with where it is: (path, owner class, field, value)."""
    if isinstance(item, Figure):
        yield path, "Figure", None, item
        return
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            if (type(item).__name__, f.name) in NOT_FIGURES:
                continue
            yield path, type(item).__name__, f.name, value
            yield from walk(value, f"{path}.{f.name}")
    elif isinstance(item, dict):
        for key, value in item.items():
            yield from walk(value, f"{path}[{key!r}]")
    elif isinstance(item, (list, tuple)):
        for n, value in enumerate(item):
            yield from walk(value, f"{path}[{n}]")


def controlled_views(conn):
    """Every page's view for the controlled audiences, trust-wide and narrowed."""
    filters = views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
    narrowed = dataclasses.replace(filters, directorate="Human Resources")
    for name, view in views.PAGE_VIEWS.items():
        if name == "watch_list":
            continue
        for chosen in (filters, narrowed):
            yield name, view(conn, chosen, CONTROLLED)


def test_every_field_of_every_view_for_a_controlled_audience_passed_disclosure_control(
    sample_engine,
):
    checked = 0
    with db.reading(sample_engine) as conn:
        for name, result in controlled_views(conn):
            for path, owner, field, value in walk(result):
                if type(value).__name__ == "TargetForecast" and value.history:
                    forecast_made_from_exact_figures(value)
                if isinstance(value, Figure):
                    checked += 1
                    if value.measure in r.MEASURES and below_trust_level(
                        value.measure, when_of(value), cell(value)
                    ):
                        assert value.controlled, (name, path, value)
                        if is_count_of_people(value):
                            assert value.value in (SUPPRESSED, 0, None) or (
                                value.value % RULES.round_to == 0
                            ), (name, path, value)
                    continue
                # no number of people outside a figure
                assert not (isinstance(value, (int, float)) and not isinstance(value, bool)), (
                    name,
                    path,
                    owner,
                    field,
                    value,
                )
            for panel in getattr(result, "spc", ()):
                assert panel.chart is None or not any(p.controlled for p in panel.points)
    assert checked > 1000


# --- combining what is offered ------------------------------------------------------------

START = dt.date(2002, 4, 1)
END = dt.date(2004, 3, 31)
DAYS = (END - START).days


@st.composite
def programmes(draw):
    """A small programme: up to 24 people with one or two posts in two directorates and
    two professions over two financial years, and a few work preparation places."""
    count = draw(st.integers(1, 24))
    people = [f"P{n:02d}" for n in range(1, count + 1)]
    posts = []
    for person in people:
        for _ in range(draw(st.integers(1, 2))):
            start = START + dt.timedelta(days=draw(st.integers(0, DAYS)))
            end = (
                None
                if draw(st.booleans())
                else start + dt.timedelta(days=draw(st.integers(0, DAYS)))
            )
            posts.append(
                post(
                    person,
                    start,
                    end=end,
                    directorate=draw(st.sampled_from([d["directorate"] for d in DIRECTORATES])),
                    profession=draw(st.sampled_from([p["profession"] for p in PROFESSIONS])),
                    management_role=draw(st.sampled_from(["yes", "no"])),
                )
            )
    # one post per person and start date (the contract's key)
    posts = list({(p["person_id"], p["start_date"]): p for p in posts}.values())
    places = [
        {
            "person_id": person,
            "start_date": START + dt.timedelta(days=draw(st.integers(0, DAYS))),
            "cohort": draw(st.sampled_from(["A", "B"])),
            "outcome": draw(
                st.sampled_from(["open_employment_in_trust", "education_training", "withdrew"])
            ),
        }
        for person in people[: draw(st.integers(0, min(count, 10)))]
    ]
    places = list({(p["person_id"], p["start_date"]): p for p in places}.values())
    # the funders' returns: a work preparation contract and in-post support, each year
    funding = [
        {
            "stream": stream,
            "funder": "A funder",
            "funding_type": "contract",
            "financial_year": year,
            "awarded": 10000,
            "spent": draw(st.integers(0, 10000)),
            "purpose": purpose,
        }
        for stream, purpose in (("Contract", "work_preparation"), ("Grant", "in_post_support"))
        for year in ("2002/03", "2003/04")
    ]
    return {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(*people, referral_date=dt.date(2002, 1, 1)),
        "employments": posts,
        "work_preparation": places,
        "funding": funding,
        "targets": draw(lead_set_targets()),
    }


@st.composite
def lead_set_targets(draw):
    """Targets over periods the lead sets (15 April to 14 March, a calendar year...), on
    counts over a period, trust-wide and in a directorate: windows no standard period is."""
    found = []
    for n in range(draw(st.integers(0, 3))):
        start = START + dt.timedelta(days=draw(st.integers(0, DAYS - 40)))
        end = start + dt.timedelta(days=draw(st.integers(14, 400)))
        found.append(
            {
                "target_id": f"T{n}",
                "title": f"Target {n}",
                "metric": draw(st.sampled_from(["job_starts", "people_supported"])),
                "level": "interim",
                "value": draw(st.integers(1, 12)),
                "period_start": start,
                "period_end": min(end, END),
                "directorate": draw(
                    st.sampled_from([None, *[d["directorate"] for d in DIRECTORATES]])
                ),
            }
        )
    return found


@st.composite
def offered_filters(draw):
    """What a controlled viewer may choose: a month end, a standard period ending by it,
    and perhaps a directorate or a profession."""
    months = offered.month_ends(END, START)
    as_of = draw(st.sampled_from(months))
    period = draw(st.sampled_from(offered.periods_offered(as_of, START))).period
    directorate = draw(st.sampled_from([None, *[d["directorate"] for d in DIRECTORATES]]))
    profession = draw(st.sampled_from([None, *[p["profession"] for p in PROFESSIONS]]))
    # "what changed" from any date offered: every span between it and D
    since = draw(st.sampled_from(offered.since_dates_offered(as_of)))
    return views.Filters(as_of, period, directorate, profession), since


PAGES = (
    "overview",
    "coverage",
    "stages",
    "work_preparation",
    "drill_down",
    "funding",
    "board_pack",
    "annual_report",  # the public's (and the year before beside it)
    "funder_return",  # each stream's, at board level
)
NARROWED = ("overview", "stages", "drill_down")  # the pages that take a directorate or profession
WITH_SINCE = ("overview", "board_pack")  # the pages that count what changed since a date


def nested(a: Figure, b: Figure) -> bool:
    """Whether b counts some of the same things as a, and no others: the same measure,
    a narrower cell at the same moment, or the same cell over a period inside a's."""
    if a.measure != b.measure or not additive(a.measure) or a is b:
        return False
    ca, cb = dict(cell(a)), dict(cell(b))
    same_when = (a.as_of, a.start, a.end) == (b.as_of, b.start, b.end)
    if same_when:
        return ca != cb and all(cb.get(k) == v for k, v in ca.items())
    if ca != cb or a.start is None or b.start is None:
        return False
    return a.start <= b.start and b.end <= a.end and (a.start, a.end) != (b.start, b.end)


def bounds(f: Figure):
    """What a viewer can tell of a figure from what is on screen: a `*` is 1 to 7 people or
    a zero hidden beside one; "not shown" could be anything."""
    if not f.controlled:
        return (f.value, f.value)
    if f.shown == "not shown":
        return (0, INFINITY)
    if f.value == SUPPRESSED:
        return (0, RULES.suppress_up_to)
    if f.value == 0:
        return (0, 0)
    # rounded half up to the nearest 5 from more than 7
    return (max(RULES.suppress_up_to + 1, f.value - 2), f.value + 2)


def worked_out(known: dict, lines) -> dict:
    """What adding up every line, again and again, tells of each figure: the viewer's
    arithmetic, written here independently of the dashboard's own."""
    known = dict(known)
    for _ in range(200):
        moved = False
        for total, parts in lines:
            low_sum = sum(known[p][0] for p in parts)
            high_sum = sum(known[p][1] for p in parts)
            t = (max(known[total][0], low_sum), min(known[total][1], high_sum))
            moved |= t != known[total]
            known[total] = t
            for p in parts:
                low, high = known[p]
                new = (
                    max(low, t[0] - (high_sum - high)),
                    min(high, t[1] - (low_sum - low)),
                )
                moved |= new != (low, high)
                known[p] = new
                low_sum += new[0] - low
                high_sum += new[1] - high
        if not moved:
            return known
    return known


def pinned_by_solving(known: dict, lines, keys, nonzero=(), most: dict | None = None) -> list:
    """The figures among `keys` that a viewer solving everything at once finds can take one
    whole number only: an integer programme in which every total equals the sum of its
    parts, every figure lies within what is shown of it, and (`nonzero`) for some groups of
    figures, the number of them that are not zero is known (directorates covered says how
    many directorates have someone in post). `most` caps figures a viewer knows cannot be
    larger (a directorate's people cannot be more than the trust's)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import lil_matrix

    names = list(known)
    index = {k: n for n, k in enumerate(names)}
    binaries = [(group, n) for group, (parts, _, _) in enumerate(nonzero) for n in parts]
    size = len(names) + len(binaries)
    rows = len(lines) + 2 * len(binaries) + len(nonzero)
    matrix = lil_matrix((rows, size))
    low_side, high_side = np.zeros(rows), np.zeros(rows)
    row = 0
    for total, parts in lines:
        matrix[row, index[total]] += 1
        for p in parts:
            matrix[row, index[p]] -= 1
        row += 1
    lows = [low for low, _ in known.values()]
    highs = [np.inf if high == INFINITY else high for _, high in known.values()]
    for key, cap in (most or {}).items():
        if key in index:
            highs[index[key]] = min(highs[index[key]], cap)
    big = 10_000
    for b, (_, key) in enumerate(binaries):
        x, z = index[key], len(names) + b
        matrix[row, x], matrix[row, z] = 1, -1  # x >= z
        low_side[row], high_side[row] = 0, np.inf
        row += 1
        matrix[row, x], matrix[row, z] = 1, -min(big, highs[x])  # x <= M z
        low_side[row], high_side[row] = -np.inf, 0
        row += 1
    for group, (_, count, equal) in enumerate(nonzero):
        for b, (g, _) in enumerate(binaries):
            if g == group:
                matrix[row, len(names) + b] = 1
        low_side[row], high_side[row] = (count if equal else 0), count
        row += 1
    constraints = LinearConstraint(matrix.tocsr(), low_side, high_side)
    bounds = Bounds(lows + [0] * len(binaries), highs + [1] * len(binaries))
    integrality = np.ones(size)
    found = []
    for key in keys:
        ends = []
        for sign in (1, -1):
            cost = np.zeros(size)
            cost[index[key]] = sign
            answer = milp(cost, constraints=constraints, bounds=bounds, integrality=integrality)
            if answer.status == 3 or (answer.status != 0 and "unbounded" in answer.message):
                ends.append(INFINITY)
                continue
            assert answer.status == 0, answer.message  # what is shown is always consistent
            ends.append(sign * answer.fun)
        low, high = ends
        if high != INFINITY and round(low) == round(high):
            found.append(key)
    return found


def lines_in_time(seen: dict) -> tuple[list, dict]:
    """What the calendar adds: a count over a period is the sum of its counts over the
    pieces of time any two periods seen cut it into (a year of its months, a target's 15
    April to 14 March of half of April, ten months and half of March), and the same period
    read on two dates is one figure (for counts that do not depend on the date). The lines,
    and the pieces (figures nobody was shown: anything from 0 up)."""
    by_place: dict = {}
    for key, f in seen.items():
        if f.start is None or not additive(f.measure) or r.source_of(f.measure).uses_as_of:
            continue
        by_place.setdefault((f.measure, cell(f)), []).append((key, f.start, f.end))
    lines, pieces = [], {}
    one_day = dt.timedelta(days=1)
    for (measure, place), periods in by_place.items():
        cuts = {start for _, start, _ in periods} | {end + one_day for _, _, end in periods}
        if measure == "job_starts" and not place:
            # month by month: the month-end totals bound each month's starts from below
            first, last = min(cuts), max(cuts)
            cuts |= {m.start for m in offered.months_of(Period(first, last - one_day))}
        cuts = sorted(cuts)
        atoms = [("piece", measure, place, a, b - one_day) for a, b in zip(cuts, cuts[1:])]
        for atom in atoms:
            pieces[atom] = (0, INFINITY)
        for key, start, end in periods:
            lines.append((key, [a for a in atoms if start <= a[3] and a[4] <= end]))
    return lines, pieces


def identity(f: Figure):
    return (f.measure, f.as_of, f.start, f.end, cell(f))


def coverage_counts(seen: dict, truth: dict) -> list:
    """For each month end where directorates (or professions) covered is shown exactly: the
    people in employment in each directorate (or profession) on that day (a breakdown shows
    every one on the trust's list, zeros included), and how many of them are not zero. A
    viewer knows the count of covered groups; that it equals the number with someone in
    employment under their main post is true unless someone holds a second post elsewhere,
    so the viewer is given equality only where it holds."""
    found = []
    for covered, dimension in (
        ("directorates_covered", "directorate"),
        ("professions_covered", "profession"),
    ):
        for f in seen.values():
            if f.measure != covered or f.controlled or cell(f) or not isinstance(f.value, int):
                continue
            parts = [
                key
                for key in seen
                if key[:4] == ("in_employment", f.as_of, None, None)
                and len(key[4]) == 1
                and key[4][0][0] == dimension
            ]
            if not parts:
                continue
            nonzero = sum(1 for p in parts if truth.get(p))
            found.append((parts, f.value, nonzero == f.value))
    return found


def flows_between_month_ends(seen: dict, truth: dict, pieces: dict = ()):
    """Job starts over a period seen beside the trust's people in employment, exactly, on
    the day before it and its last day: starts = the change + those who left, so the starts
    are at least the change, and the leavers are pinned whenever the starts are. The lower
    bounds, and the starts whose leavers are 1 to 7 (which must not be pinned)."""
    level = {
        f.as_of: f.value
        for f in seen.values()
        if f.measure == "in_employment" and not f.controlled and not cell(f)
    }
    lows, secret = {}, []
    for key in pieces:
        _, measure, place, start, end = key
        before, after = level.get(start - dt.timedelta(days=1)), level.get(end)
        if measure == "job_starts" and not place and None not in (before, after):
            lows[key] = max(0, after - before)
    for key, f in seen.items():
        if f.measure != "job_starts" or cell(f) or f.start is None or f.end is None:
            continue
        before, after = level.get(f.start - dt.timedelta(days=1)), level.get(f.end)
        if before is None or after is None:
            continue
        change = after - before
        lows[key] = max(0, change)
        if f.controlled and truth.get(key) is not None and (truth[key] - change) in SMALL:
            secret.append(key)
    return lows, secret


def caps(seen: dict) -> dict:
    """No count of people in part of the trust is more than the trust's exact total at the
    same moment."""
    totals = {
        (f.measure, f.as_of, f.start, f.end): f.value
        for f in seen.values()
        if not f.controlled and not cell(f) and isinstance(f.value, int)
    }
    return {
        key: totals[(f.measure, f.as_of, f.start, f.end)]
        for key, f in seen.items()
        if cell(f) and (f.measure, f.as_of, f.start, f.end) in totals
    }


def lines_shown(view):
    """Every total a viewer sees beside all its parts on one view: a breakdown's total and
    its groups, a grid's rows, columns and grand total."""
    for _, _, _, value in walk(view):
        if isinstance(value, Breakdown) and value.total is not None and additive(value.measure):
            yield value.total, [p.figure for p in value.parts]
        elif isinstance(value, Grid) and additive(value.measure):
            for row, _ in value.rows:
                yield value.row_totals[row], [value.cells[(row, c)] for c, _ in value.columns]
            for column, _ in value.columns:
                yield value.column_totals[column], [value.cells[(r, column)] for r, _ in value.rows]
            yield value.total, list(value.row_totals.values())


# made-up programmes per run (each takes some seconds): every run tries new ones; set
# UEP_DISCLOSURE_EXAMPLES=500 (say) for a long search before a release
EXAMPLES = int(os.environ.get("UEP_DISCLOSURE_EXAMPLES", "4"))


@pytest.mark.parametrize("role", [access.STEERING_GROUP, access.BOARD, access.PUBLIC])
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(programme=programmes(), choices=st.lists(offered_filters(), min_size=2, max_size=4))
def test_no_count_of_1_to_7_people_below_trust_level_can_be_seen_or_worked_out(
    role, tmp_path_factory, programme, choices
):
    url = f"sqlite:///{tmp_path_factory.mktemp('made_up') / 'uep.sqlite'}"
    assert not attack(role, url, programme, choices)


def attack(role: str, url: str, programme: dict, choices, notes: dict | None = None) -> list:
    """Everything a viewer in the role sees of the programme over the choices (each filters
    and a "what changed" date), checked as the test says; what the integer programme pins."""
    engine = db.create_engine(url)
    db.upgrade(engine)
    result = importer.import_files(engine, [("p.xlsx", workbook_bytes(programme))])
    assert result.ok, [str(p) for p in result.problems][:3]
    audience = access.audience_for(role)
    seen: dict = {}
    truth: dict = {}
    lines: list = []
    with db.reading(engine) as conn:
        for filters, since in choices:
            for name in [p for p in PAGES if access.may_open(role, p)]:
                chosen = filters if name in NARROWED else filters.trust_wide()
                options = {"since": since} if name in WITH_SINCE else {}
                for stream in ("Contract", "Grant") if name == "funder_return" else (None,):
                    if stream is not None:
                        options = {"stream": stream}
                    try:
                        view = views.PAGE_VIEWS[name](conn, chosen, audience, **options)
                    except NotOffered:  # no year with funding has ended by the date
                        assert name == "funder_return" and chosen.as_of < dt.date(2003, 3, 31)
                        continue
                    exact = views.PAGE_VIEWS[name](conn, chosen, EXACT, **options)
                    # (the board pack is at board level whoever asks: its figures tell no truth)
                    truth.update(
                        {identity(f): f.value for f in figures_in(exact) if not f.controlled}
                    )
                    lines += [
                        (identity(total), [identity(p) for p in parts])
                        for total, parts in lines_shown(view)
                    ]
                    for f in figures_in(view):
                        if f.value is None or not is_count_of_people(f):
                            continue
                        if below_trust_level(f.measure, when_of(f), cell(f)):
                            # (1) never shown as 1 to 7
                            assert f.value not in SMALL and str(f.value) not in map(str, SMALL), f
                        key = identity(f)
                        if key in seen:
                            assert seen[key].value == f.value, (seen[key], f)  # one value
                        seen[key] = f
    engine.dispose()
    # (2) no two nested figures give a count of 1 to 7 people (a difference with a zero is
    # the larger figure itself, which is shown)
    for a, b in itertools.permutations(seen.values(), 2):
        if not nested(a, b) or b.value == 0:
            continue
        (a_low, a_high), (b_low, b_high) = bounds(a), bounds(b)
        low, high = max(0, a_low - b_high), a_high - b_low
        assert not (low == high and low in SMALL), (a, b)
    lines = [(t, ps) for t, ps in lines if t in seen and all(p in seen for p in ps)]
    in_time, pieces = lines_in_time(seen)
    lines += in_time
    known = {**{k: bounds(f) for k, f in seen.items()}, **pieces}
    secret = [k for k, f in seen.items() if f.value == SUPPRESSED and truth.get(k) in SMALL]
    nonzero = coverage_counts(seen, truth)
    flows, leavers = flows_between_month_ends(seen, truth, pieces)
    # what the published (exact) figures give on their own is theirs to give: a year with no
    # starts at all tells each month's leavers from its month-end totals, and a cohort alone
    # in its year is the year's exact total
    published = {
        **{
            k: (f.value, f.value) if not f.controlled else (flows.get(k, 0), INFINITY)
            for k, f in seen.items()
        },
        **{k: (flows.get(k, 0), INFINITY) for k in pieces},
    }
    given = set(pinned_by_solving(published, lines, secret + leavers))
    # (3) adding up every line seen, on every page and date, again and again, pins down no `*`
    # beyond what the published figures give
    found = worked_out(known, lines)
    for key in secret:
        low, high = found[key]
        assert key in given or not (low == high == truth[key]), (seen[key], truth[key])
    # (4) nor does solving everything at once, as one integer programme: every line, how
    # many directorates and professions have someone in post, and the people who left
    # between two month ends (the starts between them, less the change in the total)
    for key, low in flows.items():
        known[key] = (max(known[key][0], low), known[key][1])
    secret = [k for k in secret + leavers if k not in given]
    if notes is not None:  # what was seen, for a person looking into a failure
        notes.update(seen=seen, truth=truth, lines=lines, known=known, flows=flows)
    return pinned_by_solving(known, lines, secret, nonzero, caps(seen))


# --- the two numbers are settings -----------------------------------------------------------

OTHER_RULES = {"suppress_up_to": 5, "round_to": 3}


@pytest.fixture(scope="module")
def sample_with_other_rules(tmp_path_factory, sample_url):
    """The sample, with disclosure control set to show 1 to 5 as `*` and round to 3s."""
    copy = tmp_path_factory.mktemp("other_rules") / "uep.sqlite"
    copy.write_bytes(Path(sample_url.removeprefix("sqlite:///")).read_bytes())
    url = f"sqlite:///{copy}"
    engine = db.create_engine(url)
    with db.writing(engine) as conn:
        for key, value in OTHER_RULES.items():
            app_settings.put(conn, key, value, who="test")
    engine.dispose()
    return url


def under_other_rules(value) -> bool:
    return value in (0, SUPPRESSED, None) or (
        isinstance(value, int) and value > OTHER_RULES["suppress_up_to"] and value % 3 == 0
    )


@pytest.mark.parametrize("role", [access.STEERING_GROUP, access.BOARD, access.PUBLIC])
def test_the_settings_numbers_apply_to_every_page_and_the_pack(
    capsys, sample_with_other_rules, role
):
    checked = 0
    for page in [p for p in (*pages.PAGES, *pages.PAPERS) if p.figures]:
        if not access.may_open(role, page.address):
            continue
        code = cli.main(
            ["page", page.address, "--as", role, "--db", sample_with_other_rules, "--json"]
        )
        out, err = capsys.readouterr()
        assert code == 0, err
        for f in json.loads(out)["figures"]:
            narrowed = f["directorate"] or f["profession"] or f["group"]
            if f["measure"] not in r.MEASURES or not narrowed:
                continue
            if r.disclosure_class(f["measure"]) != r.CONTROLLED_COUNT:
                continue
            assert under_other_rules(f["value"]), (page.address, f)
            checked += 1
    if role == access.PUBLIC:  # the annual report is trust-wide: its controlled counts
        engine = db.create_engine(sample_with_other_rules)
        with db.reading(engine) as conn:
            report = views.PAGE_VIEWS["annual_report"](
                conn, views.Filters(SAMPLE_AS_OF, financial_year_to_date(SAMPLE_AS_OF))
            )
        engine.dispose()
        for f in figures_in(report):
            if f.controlled and r.disclosure_class(f.measure) == r.CONTROLLED_COUNT:
                assert under_other_rules(f.value), f
                checked += 1
        assert checked >= 4
    else:
        assert checked > 20


def test_the_settings_numbers_apply_on_screen(sample_with_other_rules, monkeypatch):
    at = channels.app(sample_with_other_rules, monkeypatch, access.STEERING_GROUP, "stages")
    shown = channels.metrics(at)
    labels = [shown[point.label] for point in DANGER_POINTS]  # trust-wide, rounded to 3
    labels += channels.chart_labels(at, "stages_funnel")
    assert labels and all(under_other_rules(int(v) if v.isdigit() else v) for v in labels), labels
    assert any(v.isdigit() and int(v) % 5 for v in labels), labels  # not the default's 5s
    notes = " ".join(c.value for c in at.caption) + " ".join(m.value for m in at.markdown)
    assert "1 to 5" in notes and "nearest 3" in notes
