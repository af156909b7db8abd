"""What each view of the dashboard shows, computed from the metrics and put through
disclosure control for its audience.

Pages (and the meeting screens and the board pack) arrange what these functions return;
no figure is worked out twice. Counts below trust level come back already controlled for
a controlled audience (a number, `*`, or None for nothing to measure); trust-wide totals are
exact for everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import access, breakdowns, catalogue, journey, metrics, series, settings, spc, targets
from . import contract as c
from . import recalculations as recalculations_module
from . import schema as s
from .disclosure import (
    SUPPRESSED,
    Audience,
    monthly_series_shown,
    show_average,
    show_count,
    show_percentage,
    show_table,
)
from .metrics import TRUST_WIDE, Scope
from .periods import Period, financial_year_of, financial_year_period, financial_year_to_date

MIN_TRUST_LEVEL_DAYS = 365  # a period shorter than a year is below trust level
HEADLINE_METRICS = (
    "in_employment",
    "recruits_lived_experience_pct",
    "directorates_covered_pct",
    "job_starts",
    "work_prep_open_employment_pct",
    "funding_awarded",
)
PEOPLE_COUNTS = {
    "in_employment",
    "people_supported_cumulative",
    "directorates_covered",
    "professions_covered",
    "clinical_posts",
    "professional_posts",
    "management_posts",
    "in_professional_training",
    "job_starts",
    "people_supported",
    "recruits",
    "work_prep_participants",
}
SHARES_OF_PEOPLE = {
    # a share of people: the counts it is made of, for disclosure control below trust level
    "recruits_lived_experience_pct",
    "wellbeing_plan_coverage_pct",
    "retention_13_weeks_pct",
    "retention_26_weeks_pct",
    "retention_52_weeks_pct",
    "directorates_covered_pct",
    "professions_covered_pct",
}


@dataclass(frozen=True)
class Filters:
    """The view's settings, as kept in the URL: the as-of date D, the period, and an optional
    directorate and profession."""

    as_of: dt.date
    period: Period
    directorate: str | None = None
    profession: str | None = None

    @property
    def scope(self) -> Scope:
        return Scope(self.directorate, self.profession)

    @property
    def below_trust_level(self) -> bool:
        return not self.scope.is_trust_wide


def default_filters(conn: Connection, today: dt.date) -> Filters:
    """D is the latest date in the data (today only when there are no data); the period is
    the financial year to D."""
    as_of = metrics.latest_data_date(conn) or today
    return Filters(as_of, financial_year_to_date(as_of))


# --- one figure for an audience ----------------------------------------------------------


def shown_value(
    conn: Connection,
    key: str,
    filters: Filters,
    audience: Audience,
    as_of: dt.date | None = None,
    period: Period | None = None,
):
    """One metric as this audience may see it: exact at trust level (and for the lead);
    counts below trust level controlled; shares below trust level from controlled counts."""
    as_of = as_of or filters.as_of
    period = period or filters.period
    value = metrics.value(conn, key, as_of, period, filters.scope)
    if not (audience.controlled and below_trust_level(key, filters, period)) or value is None:
        return value
    if key in PEOPLE_COUNTS:
        return show_count(int(value), audience)
    if key in SHARES_OF_PEOPLE:
        numerator, denominator = metrics.share_counts(conn, key, as_of, period, filters.scope)
        return show_percentage(numerator, denominator, audience)
    if key == "median_days_offer_to_start":
        starts = metrics.value(conn, "job_starts", as_of, period, filters.scope) or 0
        return show_average(value, starts, audience)
    return value


def below_trust_level(key: str, filters: Filters, period: Period) -> bool:
    """Whether a figure is below trust level: narrowed to a directorate or profession, or a
    count (or share) of people over less than a year. A month is below trust level
    (confidentiality.md), and so is any part of a year: seven people who started since the
    last meeting could point a meeting room at its newest colleagues."""
    if filters.below_trust_level:
        return True
    metric = catalogue.METRICS[key]
    about_people = (
        key in PEOPLE_COUNTS or key in SHARES_OF_PEOPLE or key == "median_days_offer_to_start"
    )
    return (
        metric.kind == catalogue.PERIOD
        and about_people
        and (period.end - period.start).days + 1 < MIN_TRUST_LEVEL_DAYS
    )


# --- the overview ------------------------------------------------------------------------


@dataclass
class Headline:
    key: str
    label: str
    unit: str
    meaning: str
    value: object
    target: targets.TargetResult | None
    trend: list[tuple[dt.date, object]] = field(default_factory=list)

    @property
    def status(self) -> str | None:
        """The target's status as the audience may see it (withheld beside a `*`)."""
        if self.target is None:
            return None
        return targets.NOT_SHOWN if self.value == SUPPRESSED else self.target.status


def _target_for(
    results: list[targets.TargetResult], key: str, filters: Filters
) -> targets.TargetResult | None:
    """The target a headline is read against: the interim target for D's financial year if
    there is one, else the aspirational target; in the view's scope."""
    year = financial_year_of(filters.as_of)
    matching = [
        t
        for t in results
        if t.metric == key
        and t.directorate == filters.directorate
        and t.profession == filters.profession
    ]
    interim = [t for t in matching if t.level == "interim" and t.financial_year == year]
    aspirational = [t for t in matching if t.level == "aspirational"]
    return (interim or aspirational or [None])[0]


def headline_figures(
    conn: Connection,
    filters: Filters,
    audience: Audience,
    results: Sequence[targets.TargetResult] | None = None,
) -> list[Headline]:
    """The overview's headline figures, each against its target, with a small trend."""
    if results is None:
        results = targets.evaluate_targets(conn, filters.as_of)
    figures = []
    for key in HEADLINE_METRICS:
        metric = catalogue.METRICS[key]
        if filters.below_trust_level and not metric.scopable:
            continue
        figures.append(
            Headline(
                key,
                metric.label,
                metric.unit,
                metric.meaning,
                shown_value(conn, key, filters, audience),
                _target_for(results, key, filters),
                trend(conn, key, filters, audience),
            )
        )
    return figures


def trend(
    conn: Connection, key: str, filters: Filters, audience: Audience
) -> list[tuple[dt.date, object]]:
    """A small trend for a headline, of trust-level figures: people in employment at each of
    the last 13 month ends; everything else by financial year (the last five, the current
    one to D). In a directorate or profession, controlled like the headline itself."""
    if key == "in_employment":
        start = (filters.as_of.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
        points = series.in_employment_by_month(conn, Period(start, filters.as_of), filters.scope)
        return [
            (p.month, p.value if not filters.below_trust_level else show_count(p.value, audience))
            for p in points
        ]
    metric = catalogue.METRICS[key]
    year = financial_year_period(financial_year_of(filters.as_of))
    periods = []
    for n in range(4, -1, -1):
        first = year.start.replace(year=year.start.year - n)
        periods.append(
            Period(
                first, min(first.replace(year=first.year + 1) - dt.timedelta(days=1), filters.as_of)
            )
        )
    if metric.kind == catalogue.POINT:
        ends = [p.end for p in periods]
        return list(zip(ends, shown_point_values(conn, key, ends, filters, audience), strict=True))
    return [
        (p.end, shown_value(conn, key, filters, audience, as_of=p.end, period=p)) for p in periods
    ]


def shown_point_values(
    conn: Connection, key: str, days: Sequence[dt.date], filters: Filters, audience: Audience
) -> list:
    """A point-in-time metric on several days as the audience may see it: in one statement
    where nothing needs controlling (trust level, or the lead), else day by day."""
    if key in metrics.POST_METRICS and not (audience.controlled and filters.below_trust_level):
        return metrics.point_values(conn, key, days, filters.scope)
    return [shown_value(conn, key, filters, audience, as_of=day) for day in days]


@dataclass
class Change:
    label: str
    unit: str
    before: object
    now: object


def target_results(conn: Connection, as_of: dt.date) -> tuple[targets.TargetResult, ...]:
    """Every target's actual and status at D (evaluated once per page and passed along)."""
    return tuple(targets.evaluate_targets(conn, as_of))


def changes_since(
    conn: Connection,
    filters: Filters,
    since: dt.date,
    audience: Audience,
    results: Sequence[targets.TargetResult] | None = None,
) -> dict:
    """What changed between an earlier date (the last meeting) and D: point-in-time figures
    then and now, what happened in between, and targets whose status moved."""
    if since >= filters.as_of:
        raise ValueError("the earlier date must come before the as-of date")
    point_keys = (
        "in_employment",
        "directorates_covered_pct",
        "professions_covered_pct",
        "clinical_posts",
        "professional_posts",
        "management_posts",
        "in_professional_training",
    )
    point = []
    for key in point_keys:
        metric = catalogue.METRICS[key]
        then, now = shown_point_values(conn, key, [since, filters.as_of], filters, audience)
        point.append(Change(metric.label, metric.unit, then, now))
    between = Period(since + dt.timedelta(days=1), filters.as_of)
    happened = []
    for key in (
        "job_starts",
        "people_supported",
        "contacts",
        "work_prep_participants",
        "recruits_lived_experience_pct",
    ):
        metric = catalogue.METRICS[key]
        if filters.below_trust_level and not metric.scopable:
            continue
        happened.append(
            Change(
                metric.label,
                metric.unit,
                None,
                shown_value(conn, key, filters, audience, period=between),
            )
        )
    then = {t.target_id: t for t in targets.evaluate_targets(conn, since)}
    moved = []
    now = results if results is not None else targets.evaluate_targets(conn, filters.as_of)
    earlier = Filters(since, Period(min(filters.period.start, since), since))
    for t in now:
        before = then.get(t.target_id)
        if before is None or before.status == t.status:
            continue
        row = TargetRow(t, shown_target_actual(conn, t, filters, audience))
        then_row = TargetRow(before, shown_target_actual(conn, before, earlier, audience))
        if targets.NOT_SHOWN in (row.status, then_row.status):
            continue  # a status that moved would tell what the `*` hides
        moved.append((row, before.status, t.status))
    return {
        "since": since,
        "point": point,
        "between": between,
        "happened": happened,
        "targets_moved": moved,
    }


# --- targets -----------------------------------------------------------------------------


@dataclass
class TargetRow:
    result: targets.TargetResult
    actual: object  # as the audience may see it

    @property
    def status(self) -> str:
        """The status as the audience may see it: withheld beside a suppressed actual."""
        return targets.NOT_SHOWN if self.actual == SUPPRESSED else self.result.status


def shown_target_actual(
    conn: Connection, result: targets.TargetResult, filters: Filters, audience: Audience
):
    """A target's actual as the audience may see it: controlled where the target is below
    trust level (a directorate or profession, or a count or share of people over less than
    a year, such as this year's target while the year is in progress)."""
    actual = result.actual
    if not audience.controlled or actual is None or result.measured_on is None:
        return actual
    target_filters = Filters(filters.as_of, filters.period, result.directorate, result.profession)
    metric = catalogue.METRICS[result.metric]
    end = result.measured_on
    period = Period(result.period_start or metrics.earliest_data_date(conn) or end, end)
    if not below_trust_level(result.metric, target_filters, period):
        return actual
    as_of = end if metric.kind == catalogue.POINT else filters.as_of
    return shown_value(conn, result.metric, target_filters, audience, as_of=as_of, period=period)


def target_rows(
    conn: Connection,
    filters: Filters,
    audience: Audience,
    results: Sequence[targets.TargetResult] | None = None,
) -> list[TargetRow]:
    """Every target with its actual (controlled where the target is below trust level)."""
    if results is None:
        results = targets.evaluate_targets(conn, filters.as_of)
    return [
        TargetRow(result, shown_target_actual(conn, result, filters, audience))
        for result in results
    ]


@dataclass
class Trajectory:
    aspirational: TargetRow  # with its actual as the audience may see it
    interim: list[TargetRow]
    actuals: list[tuple[dt.date, object]]


def trajectories(
    conn: Connection,
    filters: Filters,
    audience: Audience,
    results: Sequence[targets.TargetResult] | None = None,
) -> list[Trajectory]:
    """For each aspirational target: its interim targets year by year and the actuals at each
    year's end (point metrics) or over each year (period metrics), up to D."""
    if results is None:
        results = targets.evaluate_targets(conn, filters.as_of)
    found = []
    for aim in (t for t in results if t.level == "aspirational"):
        steps = sorted(
            (t for t in results if t.parent_target_id == aim.target_id),
            key=lambda t: t.period_end or dt.date.max,
        )
        if not steps:
            continue
        scope_filters = Filters(filters.as_of, filters.period, aim.directorate, aim.profession)
        actuals = []
        metric = catalogue.METRICS[aim.metric]
        scoped = aim.directorate is not None or aim.profession is not None
        for step in steps:
            end = min(step.period_end or filters.as_of, filters.as_of)
            if step.period_start and step.period_start > filters.as_of:
                continue
            same_measure = (step.metric, step.directorate, step.profession) == (
                aim.metric,
                aim.directorate,
                aim.profession,
            )
            if same_measure and not (scoped and audience.controlled):
                # the interim target's own actual (controlled while its year is in progress)
                actuals.append((end, shown_target_actual(conn, step, filters, audience)))
                continue
            period = Period(step.period_start or end, end)
            actuals.append(
                (
                    end,
                    shown_value(
                        conn,
                        aim.metric,
                        scope_filters,
                        audience,
                        as_of=end,
                        period=period if metric.kind == catalogue.PERIOD else None,
                    ),
                )
            )
        found.append(
            Trajectory(
                TargetRow(aim, shown_target_actual(conn, aim, filters, audience)),
                [
                    TargetRow(step, shown_target_actual(conn, step, filters, audience))
                    for step in steps
                ],
                actuals,
            )
        )
    return found


def breakable_targets(rows: Sequence[TargetRow]) -> list[targets.TargetResult]:
    """The targets whose metric can be shown by directorate and profession, and that have
    something to measure yet (those `target_breakdown` answers for)."""
    return [
        r.result
        for r in rows
        if r.result.metric in breakdowns.BREAKDOWN_METRICS and r.result.measured_on is not None
    ]


def target_breakdown(
    conn: Connection,
    target: targets.TargetResult,
    filters: Filters,
    audience: Audience,
    by: str = "directorate",
) -> dict | None:
    """A target's metric by directorate (or profession) over the target's period."""
    if target.metric not in breakdowns.BREAKDOWN_METRICS or target.measured_on is None:
        return None
    metric = catalogue.METRICS[target.metric]
    as_of = target.measured_on if metric.kind == catalogue.POINT else filters.as_of
    period = Period(target.period_start or target.measured_on, target.measured_on)
    return breakdown_for(
        conn,
        target.metric,
        as_of,
        period,
        (by,),
        audience,
        Scope(target.directorate, target.profession),
    )


def actions_by_target(conn: Connection) -> dict[str | None, list[dict]]:
    """The action plan, grouped by the target each action serves."""
    rows = conn.execute(
        sa.select(s.actions).order_by(s.actions.c.due_date, s.actions.c.action_id)
    ).mappings()
    grouped: dict[str | None, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["target_id"], []).append(dict(row))
    return grouped


# --- breakdowns (drill-down, coverage) ---------------------------------------------------


def breakdown_for(
    conn: Connection,
    key: str,
    as_of: dt.date,
    period: Period,
    by: tuple[str, ...],
    audience: Audience,
    scope: Scope = TRUST_WIDE,
) -> dict:
    """A metric by one or two dimensions as the audience may see it, every listed group
    present (zeros included): {"rows", "columns", "table", "share"} where share holds the
    percentages for share metrics."""
    groups = breakdowns.breakdown(conn, key, as_of, period, by, scope)
    row_names = _labels(conn, by[0], groups, 0)
    column_names = _labels(conn, by[1], groups, 1) if len(by) > 1 else ["count"]
    counts = {}
    denominators = {}
    for g in groups:
        cell = (g.labels[0], g.labels[1] if len(by) > 1 else "count")
        counts[cell] = counts.get(cell, 0) + g.count
        if g.denominator is not None:
            denominators[cell] = denominators.get(cell, 0) + g.denominator
    trust_wide = scope.is_trust_wide
    if key == "recruits_lived_experience_pct":
        numerator_table = show_table(counts, row_names, column_names, audience, trust_wide)
        denominator_table = show_table(denominators, row_names, column_names, audience, trust_wide)
        share = {
            cell: _share(numerator_table.cells[cell], denominator_table.cells[cell], audience)
            for cell in numerator_table.cells
        }
        return {
            "rows": row_names,
            "columns": column_names,
            "table": numerator_table,
            "denominators": denominator_table,
            "share": share,
        }
    table = show_table(counts, row_names, column_names, audience, trust_wide)
    return {"rows": row_names, "columns": column_names, "table": table, "share": None}


def _share(numerator, denominator, audience):
    if numerator == SUPPRESSED or denominator == SUPPRESSED:
        return SUPPRESSED
    if not denominator:
        return None
    share = 100 * numerator / denominator
    return float(round(share)) if audience.controlled else share


def _labels(conn, dimension, groups, position) -> list[str]:
    names = breakdowns.listed(conn, dimension) if dimension not in ("pay_band",) else []
    extra = sorted({g.labels[position] for g in groups} - set(names), key=str)
    if dimension == "pay_band":
        order = {band: i for i, band in enumerate(c.PAY_BANDS)}
        return sorted({g.labels[position] for g in groups}, key=lambda b: order.get(b, 99))
    return names + [e for e in extra if e is not None]


def records_for(
    conn: Connection,
    role: str,
    filters: Filters,
    directorate: str | None,
    profession: str | None,
    meeting: bool = False,
) -> list[dict]:
    """The pseudonymous records behind a breakdown cell (people in post on D there): for the
    programme lead only, never on the shared screen."""
    access.require_records(role, meeting)
    posts = metrics.primary_posts(filters.as_of, Scope(directorate, profession))
    rows = conn.execute(
        sa.select(
            posts.c.person_id,
            posts.c.directorate,
            posts.c.profession,
            posts.c.pay_band,
            posts.c.start_date,
            posts.c.hours,
            posts.c.management_role,
        ).order_by(posts.c.start_date)
    ).mappings()
    return [dict(r) for r in rows]


# --- coverage ----------------------------------------------------------------------------


def coverage_grid(conn: Connection, filters: Filters, audience: Audience) -> dict:
    """Where supported people work: directorate x profession, people in post on D."""
    return breakdown_for(
        conn,
        "in_employment",
        filters.as_of,
        filters.period,
        ("directorate", "profession"),
        audience,
        TRUST_WIDE,
    )


def hurdles(conn: Connection, filters: Filters, audience: Audience) -> list[dict]:
    """The hurdles the seeds name, on D and a year before."""
    year_before = (
        filters.as_of.replace(year=filters.as_of.year - 1)
        if not (filters.as_of.month == 2 and filters.as_of.day == 29)
        else filters.as_of - dt.timedelta(days=365)
    )
    found = []
    for key in (
        "clinical_posts",
        "professional_posts",
        "management_posts",
        "in_professional_training",
    ):
        metric = catalogue.METRICS[key]
        found.append(
            {
                "key": key,
                "label": metric.label,
                "meaning": metric.meaning,
                "now": shown_value(conn, key, filters, audience),
                "year_before": shown_value(conn, key, filters, audience, as_of=year_before),
            }
        )
    return found


def training_places(conn: Connection, filters: Filters, audience: Audience) -> dict:
    """Professional training places held on D, by programme (trust-wide figures)."""
    t = s.training
    rows = conn.execute(
        sa.select(t.c.programme, sa.func.count())
        .where(
            t.c.start_date <= filters.as_of,
            sa.or_(t.c.end_date.is_(None), t.c.end_date >= filters.as_of),
            t.c.status != "withdrawn",
        )
        .group_by(t.c.programme)
    ).all()
    counts = {programme: 0 for programme in c.TRAINING_PROGRAMMES}
    counts.update({p: int(n) for p, n in rows})
    qualified = (
        conn.execute(
            sa.select(sa.func.count()).where(
                t.c.status == "qualified", t.c.end_date <= filters.as_of
            )
        ).scalar()
        or 0
    )
    return {"in_training": counts, "qualified_by_d": int(qualified)}


# --- stages of support -------------------------------------------------------------------


def stages_of_support(conn: Connection, filters: Filters, audience: Audience) -> dict:
    """The journey for the period (trust-wide), time from offer to start, retention and the
    danger points on D."""
    period = filters.period
    funnel = journey.funnel(conn, period)
    days = [
        int(d)
        for (d,) in conn.execute(
            sa.select(metrics.offer_to_start_days(period, filters.scope).c.days)
        )
    ]
    median = metrics.value(conn, "median_days_offer_to_start", filters.as_of, period, filters.scope)
    below = filters.below_trust_level
    return {
        "funnel": funnel,
        "offer_to_start_days": days if not (audience.controlled and below) else [],
        "median_days_offer_to_start": show_average(median, len(days), audience, below),
        "starts_with_offer": show_count(len(days), audience, below),
        "retention": {
            key: shown_value(conn, key, filters, audience) for key in metrics.RETENTION_DAYS
        },
        "danger_points": journey.danger_point_counts(conn, filters.as_of),
    }


def watch_list(conn: Connection, role: str, filters: Filters, meeting: bool = False) -> list[dict]:
    """Who is at a danger point now: the programme lead's watch list (codes, no names)."""
    access.require_records(role, meeting)
    return journey.danger_point_watch_list(conn, filters.as_of)


# --- support contacts --------------------------------------------------------------------


def contact_mix(conn: Connection, filters: Filters) -> dict:
    """Contacts in the period by mode, topic and with whom (counts of contacts, trust-wide:
    contacts are not recorded by directorate)."""
    ct = s.contacts
    in_period = ct.c.date.between(filters.period.start, filters.period.end)
    mix = {}
    for column, vocabulary in (
        ("mode", c.CONTACT_MODES),
        ("topic", c.CONTACT_TOPICS),
        ("contact_with", c.CONTACT_WITH),
    ):
        found = dict(
            conn.execute(
                sa.select(ct.c[column], sa.func.count()).where(in_period).group_by(ct.c[column])
            ).all()
        )
        mix[column] = {value: int(found.get(value, 0)) for value in vocabulary}
    mix["total"] = sum(mix["mode"].values())
    mix["by_month"] = series.contacts_by_month(conn, filters.period, "mode")
    return mix


# --- work preparation --------------------------------------------------------------------


def work_preparation_cohorts(conn: Connection, filters: Filters, audience: Audience) -> dict:
    """Cohorts (places and outcomes by cohort: below trust level) and the outcomes of all the
    places that started in the period (trust-wide)."""
    w = s.work_preparation
    rows = conn.execute(
        sa.select(w.c.cohort, sa.func.min(w.c.start_date), w.c.outcome, sa.func.count())
        .where(w.c.start_date <= filters.as_of)
        .group_by(w.c.cohort, w.c.outcome)
    ).all()
    cohorts: dict = {}
    starts: dict = {}
    for cohort, started, outcome, n in rows:
        name = cohort or "(no cohort)"
        starts[name] = min(started, starts.get(name, started))
        cohorts.setdefault(name, {})[outcome or "not_known"] = int(n)
    names = sorted(cohorts, key=lambda n: starts[n])
    outcomes = list(c.WORK_PREP_OUTCOMES) + ["not_known"]
    counts = {(name, o): cohorts[name].get(o, 0) for name in names for o in outcomes}
    table = show_table(counts, names, outcomes, audience, grand_total_is_trust_wide=True)
    period = filters.period
    overall = dict(
        conn.execute(
            sa.select(w.c.outcome, sa.func.count())
            .where(w.c.start_date.between(period.start, period.end))
            .group_by(w.c.outcome)
        ).all()
    )
    return {
        "cohorts": names,
        "outcomes": outcomes,
        "table": table,
        "starts": starts,
        "period_outcomes": {(o or "not_known"): int(n) for o, n in overall.items()},
        "participants": metrics.value(conn, "work_prep_participants", filters.as_of, period),
        "open_employment_pct": metrics.value(
            conn, "work_prep_open_employment_pct", filters.as_of, period
        ),
        "education_pct": metrics.value(conn, "work_prep_education_pct", filters.as_of, period),
    }


# --- recruitment -------------------------------------------------------------------------


LIVED_EXPERIENCE_FLOOR = 15.0  # the charter: at least 15% of recruits every year


def recruitment_view(conn: Connection, filters: Filters, audience: Audience) -> dict:
    """The share of recruits with lived experience: by financial year (trust-wide), by
    month and by directorate (below trust level), against the charter's 15% floor."""
    earliest = metrics.earliest_data_date(conn) or filters.as_of
    years = []
    first_year = financial_year_period(financial_year_of(max(earliest, dt.date(1900, 4, 1))))
    start = first_year.start
    while start <= filters.as_of:
        period = Period(
            start, min(start.replace(year=start.year + 1) - dt.timedelta(days=1), filters.as_of)
        )
        value = shown_value(conn, "recruits_lived_experience_pct", filters, audience, period=period)
        if value is not None:
            years.append((financial_year_of(start), value))
        start = start.replace(year=start.year + 1)
    monthly = []
    for p in series.recruitment_by_month(conn, filters.period, filters.scope):
        if p.denominator is None:
            continue
        monthly.append(
            {
                "month": p.month,
                "recruits": show_count(p.denominator, audience),
                "lived_experience": show_count(p.numerator, audience),
                "share": show_percentage(p.numerator, p.denominator, audience),
            }
        )
    by_directorate = breakdown_for(
        conn,
        "recruits_lived_experience_pct",
        filters.as_of,
        filters.period,
        ("directorate",),
        audience,
        filters.scope,
    )
    return {
        "by_year": years,
        "by_month": monthly,
        "by_directorate": by_directorate,
        "period_share": shown_value(conn, "recruits_lived_experience_pct", filters, audience),
    }


# --- funding -----------------------------------------------------------------------------


def funding_view(conn: Connection, filters: Filters) -> dict:
    """Funding streams by financial year (money, shown exactly), cost per person supported,
    and grants and contracts ending within 12 months of D."""
    f = s.funding
    rows = [
        dict(r)
        for r in conn.execute(sa.select(f).order_by(f.c.financial_year, f.c.stream)).mappings()
    ]
    years = sorted(
        {
            r["financial_year"]
            for r in rows
            if financial_year_period(r["financial_year"]).start <= filters.as_of
        }
    )
    periods = [financial_year_period(year) for year in years]
    cost = list(
        zip(
            years,
            metrics.costs_per_person(
                conn, filters.as_of, [Period(p.start, min(p.end, filters.as_of)) for p in periods]
            ),
            strict=True,
        )
    )
    horizon = (
        filters.as_of.replace(year=filters.as_of.year + 1)
        if not (filters.as_of.month == 2 and filters.as_of.day == 29)
        else filters.as_of + dt.timedelta(days=365)
    )
    ending: dict[str, dict] = {}
    for r in rows:
        if r["end_date"] and filters.as_of <= r["end_date"] <= horizon:
            latest = ending.get(r["stream"])
            if latest is None or r["financial_year"] > latest["financial_year"]:
                ending[r["stream"]] = r
    shown_rows = [r for r in rows if r["financial_year"] in years]
    return {
        "rows": shown_rows,
        "years": years,
        "by_year": [
            {
                "year": year,
                "awarded": sum(r["awarded"] for r in shown_rows if r["financial_year"] == year),
                "spent": sum(r["spent"] or 0 for r in shown_rows if r["financial_year"] == year),
            }
            for year in years
        ],
        "cost_per_person": cost,
        "ending_soon": sorted(ending.values(), key=lambda r: r["end_date"]),
        "awarded": metrics.value(conn, "funding_awarded", filters.as_of, filters.period),
        "spent": metrics.value(conn, "funding_spent", filters.as_of, filters.period),
        "recurring_pct": metrics.value(
            conn, "funding_recurring_pct", filters.as_of, filters.period
        ),
    }


def data_version(conn: Connection) -> int:
    """A number that changes whenever the data or settings change (every change is
    audited; exports are logged too but change nothing): the dashboard's caches are keyed on
    it."""
    a = s.audit_log
    return int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(a.c.id), 0)).where(a.c.action != "export")
        ).scalar()
    )


def disclosure_rules(conn: Connection):
    """The lead's disclosure settings (cached by the dashboard until the data change)."""
    return settings.disclosure_rules(conn)


def stored_role_mapping(conn: Connection) -> dict:
    """The role mapping the programme lead keeps in the settings (empty if none)."""
    return settings.get(conn, "role_mapping")


def filter_options(conn: Connection) -> dict[str, list[str]]:
    """The directorates and professions the filters offer (the trust's lists)."""
    return {
        "directorates": breakdowns.listed(conn, "directorate"),
        "professions": breakdowns.listed(conn, "profession"),
    }


# --- Making Data Count charts ------------------------------------------------------------


@dataclass(frozen=True)
class SpcView:
    """A monthly series as a Making Data Count chart, for one audience. `chart` is None when
    the audience may not see the series (`note` says why) or there is no whole month yet."""

    key: str
    title: str
    unit: str
    chart: spc.Chart | None
    targets: list[targets.TargetInForce | None] = field(default_factory=list)  # per point
    reading: list[str] = field(default_factory=list)
    recalculations: list[dict] = field(default_factory=list)  # those inside the chart
    note: str | None = None

    @property
    def target(self) -> targets.TargetInForce | None:
        """The target in force at the last point (the one the assurance icon reads)."""
        return self.targets[-1] if self.targets else None

    @property
    def notes(self) -> list[str]:
        """What to say beside the chart: its reading, the target it reads against, and where
        it starts again."""
        notes = list(self.reading)
        if self.target is not None:
            notes.append(f"Target in force: {self.target.title}.")
        notes += [
            f"Recalculated from {r['month']:%B %Y}: {r['reason']}" for r in self.recalculations
        ]
        return notes


SPC_UNITS = {
    "in_employment": catalogue.COUNT,
    "job_starts": catalogue.COUNT,
    "contacts": catalogue.COUNT,
    "recruits_lived_experience_pct": catalogue.PERCENT,
}


def spc_view(conn: Connection, key: str, filters: Filters, audience: Audience) -> SpcView:
    """The trust-wide monthly series `key` over the last three years of whole months to D,
    as an XmR chart with the lead's recalculation points, the shift and trend lengths of the
    settings, and the trust-wide target in force (for point-in-time and percentage series:
    a year's target is not a month's)."""
    title = series.SERIES[key]
    unit = SPC_UNITS[key]
    if not monthly_series_shown(key, audience):
        return SpcView(
            key,
            title,
            unit,
            None,
            note="Shown to the programme lead only: a month's count of people is below "
            "trust level, so the steering group and the board see it by year.",
        )
    period = series.complete_months(filters.as_of, metrics.earliest_data_date(conn))
    points = [] if period is None else series.series(conn, key, period)
    if not points:
        return SpcView(key, title, unit, None, note="No whole month of data yet.")
    missing = sum(p.value is None for p in points)
    if missing:
        return SpcView(
            key,
            title,
            unit,
            None,
            note=f"Not drawn: {missing} of the last {len(points)} months "
            f"{'has' if missing == 1 else 'have'} no figure (for example, nobody was "
            "recruited), and a Making Data Count chart needs every month.",
        )
    months = [p.month for p in points]
    with_target = key == "in_employment" or unit == catalogue.PERCENT
    in_force = targets.targets_in_force(conn, key, months) if with_target else []
    inside = [
        r for r in recalculations_module.listed(conn, key) if months[0] < r["month"] <= months[-1]
    ]
    applied, waiting = recalculations_module.long_enough(months, inside, spc.MINIMUM_POINTS)
    options = spc.Options(
        improvement=series.IMPROVEMENT[key],
        recalculate_at=recalculations_module.points_for(months, [r["month"] for r in applied]),
        target=in_force[-1].value if in_force and in_force[-1] else None,
        shift_length=int(settings.get(conn, "spc_shift_length")),
        trend_length=int(settings.get(conn, "spc_trend_length")),
    )
    chart = spc.xmr_chart(months, [p.value for p in points], options)
    reading = spc.reading(chart) + [
        f"Starts again from {r['month']:%B %Y} once each part of the chart has "
        f"{spc.MINIMUM_POINTS} months ({r['reason']})."
        for r in waiting
    ]
    return SpcView(key, title, unit, chart, in_force, reading, applied)


def recalculation_points(conn: Connection) -> list[dict]:
    """Every chart's recalculation points (for the programme lead's settings)."""
    return recalculations_module.listed(conn)


OVERVIEW_SPC = ("in_employment", "contacts", "job_starts")
TARGETS_SPC = ("in_employment", "recruits_lived_experience_pct")
BOARD_PACK_SPC = ("in_employment", "contacts")


def spc_keys_for(keys: Sequence[str], audience: Audience) -> list[str]:
    """The monthly charts of a page the audience may see (the others are left off the page
    rather than shown as a note)."""
    return [key for key in keys if monthly_series_shown(key, audience)]


def spc_views(
    conn: Connection, keys: Sequence[str], filters: Filters, audience: Audience
) -> list[SpcView]:
    return [spc_view(conn, key, filters, audience) for key in keys]


# --- meeting mode ------------------------------------------------------------------------


@dataclass
class Screen:
    """One screen of the meeting sequence: one message, and what it shows."""

    key: str
    title: str
    message: str
    data: dict


def meeting_screens(
    conn: Connection, filters: Filters, audience: Audience, since: dt.date
) -> list[Screen]:
    """The key views for the shared screen, one message each, always under disclosure
    control (the caller passes the controlled audience)."""
    if not audience.controlled:
        raise access.AccessDenied("the shared screen always shows controlled figures")
    trust = Filters(filters.as_of, filters.period)
    results = targets.evaluate_targets(conn, filters.as_of)
    screens = []

    in_post = metrics.value(conn, "in_employment", filters.as_of)
    aim = _target_for(results, "in_employment", trust)
    message = f"{in_post} people are supported in employment today"
    if aim is not None:
        message += (
            f": the target of {aim.value:g} is "
            + {
                "met": "met",
                "near": "nearly met",
                "not_met": "not yet met",
                "no_data": "not measured",
            }[aim.status]
        )
    start = (filters.as_of.replace(day=1) - dt.timedelta(days=730)).replace(day=1)
    screens.append(
        Screen(
            "in_employment",
            "People in employment",
            message + ".",
            {
                "value": in_post,
                "target": aim,
                "trend": [
                    (p.month, p.value)
                    for p in series.in_employment_by_month(conn, Period(start, filters.as_of))
                ],
            },
        )
    )

    monthly = spc_view(conn, "in_employment", trust, audience)
    if monthly.chart is not None:
        screens.append(
            Screen(
                "spc",
                "People in employment, month by month",
                spc.VARIATION_READINGS[monthly.chart.variation_icon],
                {"spc": monthly},
            )
        )

    aspirational = [
        TargetRow(t, shown_target_actual(conn, t, trust, audience))
        for t in results
        if t.level == "aspirational"
    ]
    met = sum(row.status == targets.MET for row in aspirational)
    screens.append(
        Screen(
            "targets",
            "Targets at a glance",
            f"{met} of {len(aspirational)} long-term targets are met.",
            {"aspirational": aspirational},
        )
    )

    grid = coverage_grid(conn, trust, audience)
    covered = metrics.value(conn, "directorates_covered", filters.as_of)
    listed = len(grid["rows"])
    screens.append(
        Screen(
            "coverage",
            "Where supported people work",
            f"Supported people work in {covered} of {listed} directorates.",
            grid,
        )
    )

    recruitment = recruitment_view(conn, trust, audience)
    latest = recruitment["by_year"][-1] if recruitment["by_year"] else None
    message = "No recruitment monitoring is recorded."
    if latest is not None and isinstance(latest[1], (int, float)):
        message = (
            f"{latest[1]:.0f}% of this year's recruits have lived experience: the "
            f"charter's floor of {LIVED_EXPERIENCE_FLOOR:.0f}% is "
            f"{'held' if latest[1] >= LIVED_EXPERIENCE_FLOOR else 'not held'}."
        )
    screens.append(Screen("recruitment", "Recruits with lived experience", message, recruitment))

    danger = journey.danger_point_counts(conn, filters.as_of)
    screens.append(
        Screen(
            "danger_points",
            "Danger points now",
            f"{sum(danger.values())} people are at a danger point where support matters most.",
            {"counts": danger},
        )
    )

    funding = funding_view(conn, trust)
    ending = funding["ending_soon"]
    message = (
        "No grant or contract ends within 12 months."
        if not ending
        else f"{len(ending)} funding stream{'s' if len(ending) > 1 else ''} end"
        f"{'' if len(ending) > 1 else 's'} within 12 months."
    )
    screens.append(Screen("funding", "Funding", message, funding))

    changes = changes_since(conn, trust, since, audience, results)
    before = next(ch for ch in changes["point"] if ch.label == "People in employment")
    starts = next(ch for ch in changes["happened"] if ch.label == "Job starts")
    screens.append(
        Screen(
            "changes",
            "Since the last meeting",
            f"Since {since:%d %b %Y}: {starts.now} job starts; people in "
            f"employment {before.before} then, {before.now} now.",
            changes,
        )
    )
    return screens
