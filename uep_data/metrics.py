"""Every metric of metrics.md, computed in SQL over the database.

Each metric is evaluated at an as-of date D, over a period [S, E] (both days included), and
optionally narrowed to a directorate and/or a profession (`Scope`). A person holding two
posts on D counts once, under the post that started last (their "primary post"), in every
people-in-post metric, its breakdowns and its scopes alike, so that parts add up to totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import catalogue
from . import contract as c
from . import schema as s
from .date_sql import add_days, days_between
from .periods import (
    Period,
    financial_year_to_date,
    financial_years_overlapping,
    month_end,
    whole_financial_years,
)

OPEN_EMPLOYMENT_OUTCOMES = ("open_employment_in_trust", "open_employment_elsewhere")
WELLBEING_REVIEW_DAYS = 365
RETENTION_DAYS = {
    "retention_13_weeks_pct": 91,
    "retention_26_weeks_pct": 182,
    "retention_52_weeks_pct": 364,
}


@dataclass(frozen=True)
class Scope:
    """A directorate and/or a profession to narrow a metric to; None means all."""

    directorate: str | None = None
    profession: str | None = None

    @property
    def is_trust_wide(self) -> bool:
        return self.directorate is None and self.profession is None


TRUST_WIDE = Scope()


# --- the lists coverage is measured against ----------------------------------------------


def _literal_rows(columns: list[tuple[str, sa.types.TypeEngine]], rows) -> sa.Subquery:
    selects = [
        sa.select(
            *(sa.literal(value, type_).label(name) for (name, type_), value in zip(columns, row))
        )
        for row in rows
    ]
    return sa.union_all(*selects).subquery()


def directorate_list(conn: Connection) -> sa.FromClause:
    """The trust's directorates as uploaded, or the built-in list while there are none."""
    if conn.execute(sa.select(sa.func.count()).select_from(s.directorates)).scalar():
        return sa.select(s.directorates.c.directorate, s.directorates.c.directorate_type).subquery()
    return _literal_rows(
        [("directorate", sa.Text()), ("directorate_type", sa.String())], c.BUILT_IN_DIRECTORATES
    )


def profession_list(conn: Connection) -> sa.FromClause:
    """The trust's professions as uploaded, or the built-in list while there are none."""
    if conn.execute(sa.select(sa.func.count()).select_from(s.professions)).scalar():
        return sa.select(
            s.professions.c.profession,
            s.professions.c.clinical,
            s.professions.c.professionally_qualified,
        ).subquery()
    return _literal_rows(
        [
            ("profession", sa.Text()),
            ("clinical", sa.Boolean()),
            ("professionally_qualified", sa.Boolean()),
        ],
        c.BUILT_IN_PROFESSIONS,
    )


# --- building blocks ---------------------------------------------------------------------


def day_table(days: Sequence[dt.date]) -> sa.Subquery:
    """The days as rows (n, day), to answer for many days in one statement."""
    return sa.union_all(
        *(
            sa.select(sa.literal(n).label("n"), sa.literal(day, sa.Date()).label("day"))
            for n, day in enumerate(days)
        )
    ).subquery("days")


def primary_posts_on(days: Sequence[dt.date], scope: Scope = TRUST_WIDE) -> sa.Subquery:
    """For each day (n), one row per person in post that day: the post that started last,
    then narrowed to the scope. Every people-in-post figure counts these rows."""
    e = s.employments
    t = day_table(days)
    first, last = min(days), max(days)
    # the posts held on any of the days, found once (the indexes answer this cheaply) before
    # they are matched to each day
    held = (
        sa.select(
            e.c.id,
            e.c.person_id,
            e.c.directorate,
            e.c.profession,
            e.c.pay_band,
            e.c.management_role,
            e.c.hours,
            e.c.lived_experience_post,
            e.c.start_date,
            e.c.end_date,
        )
        .where(
            e.c.start_date <= last,
            sa.or_(e.c.end_date.is_(None), e.c.end_date >= first),
        )
        .cte("held")
        .prefix_with("MATERIALIZED")
    )
    ranked = (
        sa.select(
            t.c.n,
            held.c.person_id,
            held.c.directorate,
            held.c.profession,
            held.c.pay_band,
            held.c.management_role,
            held.c.hours,
            held.c.lived_experience_post,
            held.c.start_date,
            sa.func.row_number()
            .over(
                partition_by=(t.c.n, held.c.person_id),
                order_by=(held.c.start_date.desc(), held.c.id.desc()),
            )
            .label("rank"),
        )
        .select_from(
            t.join(
                held,
                sa.and_(
                    held.c.start_date <= t.c.day,
                    sa.or_(held.c.end_date.is_(None), held.c.end_date >= t.c.day),
                ),
            )
        )
        .subquery("in_post")
    )
    query = sa.select(ranked).where(ranked.c.rank == 1)
    if scope.directorate is not None:
        query = query.where(ranked.c.directorate == scope.directorate)
    if scope.profession is not None:
        query = query.where(ranked.c.profession == scope.profession)
    return query.subquery("primary_posts")


def primary_posts(as_of: dt.date, scope: Scope = TRUST_WIDE) -> sa.Subquery:
    """One row per person in post on D: the post that started last, narrowed to scope."""
    return primary_posts_on([as_of], scope)


# The point-in-time metrics counted from people's primary posts, which can be answered for
# many days at once (target trajectories, month ends).
POST_METRICS = (
    "in_employment",
    "clinical_posts",
    "professional_posts",
    "management_posts",
    "directorates_covered",
    "directorates_covered_pct",
    "professions_covered",
    "professions_covered_pct",
)


def _listed_in_scope(conn, list_name: str, scope: Scope):
    column = list_name[:-1]
    listed = directorate_list(conn) if list_name == "directorates" else profession_list(conn)
    in_scope = (
        [] if getattr(scope, column) is None else [listed.c[column] == getattr(scope, column)]
    )
    return listed, column, in_scope


def covered_counts_on(
    conn: Connection, days: Sequence[dt.date], scope: Scope, list_name: str
) -> list[tuple[int, int]]:
    """For each day: (listed directorates or professions with someone in post, all listed)."""
    listed, column, in_scope = _listed_in_scope(conn, list_name, scope)
    total = _count(conn, sa.select(sa.func.count()).select_from(listed).where(*in_scope))
    posts = primary_posts_on(days, scope)
    found = dict(
        conn.execute(
            sa.select(posts.c.n, sa.func.count(sa.distinct(posts.c[column])))
            .where(posts.c[column].in_(sa.select(listed.c[column]).where(*in_scope)))
            .group_by(posts.c.n)
        ).all()
    )
    return [(int(found.get(n, 0)), total) for n in range(len(days))]


def point_values(
    conn: Connection, key: str, days: Sequence[dt.date], scope: Scope = TRUST_WIDE
) -> list[int | float | None]:
    """A people-in-post metric (POST_METRICS) on each of the days, in one statement."""
    if key not in POST_METRICS:
        raise ValueError(f"{key} is not counted from people in post")
    if not days:
        return []
    if key.endswith("_covered") or key.endswith("_covered_pct"):
        counts = covered_counts_on(conn, days, scope, key.split("_")[0])
        if key.endswith("_pct"):
            return [_percent(covered, total) for covered, total in counts]
        return [covered for covered, _ in counts]
    if key == "in_employment" and scope.is_trust_wide:
        # trust-wide, each person once is all that matters: no need to pick primary posts
        e, t = s.employments, day_table(days)
        found = dict(
            conn.execute(
                sa.select(t.c.n, sa.func.count(sa.distinct(e.c.person_id)))
                .select_from(
                    t.join(
                        e,
                        sa.and_(
                            e.c.start_date <= t.c.day,
                            sa.or_(e.c.end_date.is_(None), e.c.end_date >= t.c.day),
                        ),
                    )
                )
                .group_by(t.c.n)
            ).all()
        )
        return [int(found.get(n, 0)) for n in range(len(days))]
    posts = primary_posts_on(days, scope)
    query = sa.select(posts.c.n, sa.func.count())
    if key in ("clinical_posts", "professional_posts"):
        listed = profession_list(conn)
        flag = "clinical" if key == "clinical_posts" else "professionally_qualified"
        query = query.select_from(
            posts.join(listed, listed.c.profession == posts.c.profession)
        ).where(listed.c[flag].is_(True))
    else:
        query = query.select_from(posts)
        if key == "management_posts":
            query = query.where(posts.c.management_role.is_(True))
    found = dict(conn.execute(query.group_by(posts.c.n)).all())
    return [int(found.get(n, 0)) for n in range(len(days))]


def scoped_employments(scope: Scope) -> list:
    e = s.employments
    conditions = []
    if scope.directorate is not None:
        conditions.append(e.c.directorate == scope.directorate)
    if scope.profession is not None:
        conditions.append(e.c.profession == scope.profession)
    return conditions


def _count(conn: Connection, query) -> int:
    return int(conn.execute(query).scalar() or 0)


def _percent(numerator, denominator) -> float | None:
    if not denominator:
        return None
    return 100.0 * float(numerator or 0) / float(denominator)


# --- point-in-time metrics (at D) --------------------------------------------------------


def in_employment(conn, as_of, period, scope) -> int:
    return point_values(conn, "in_employment", [as_of], scope)[0]


def people_supported_cumulative(conn, as_of, period, scope) -> int:
    e = s.employments
    return _count(
        conn,
        sa.select(sa.func.count(sa.distinct(e.c.person_id))).where(
            e.c.start_date <= as_of, *scoped_employments(scope)
        ),
    )


def covered_counts(conn, as_of, scope, list_name: str) -> tuple[int, int]:
    """(listed directorates or professions with someone in post on D, all listed)."""
    return covered_counts_on(conn, [as_of], scope, list_name)[0]


def _post_metric(key: str):
    def metric(conn, as_of, period, scope):
        return point_values(conn, key, [as_of], scope)[0]

    metric.__name__ = key
    return metric


directorates_covered = _post_metric("directorates_covered")
directorates_covered_pct = _post_metric("directorates_covered_pct")
professions_covered = _post_metric("professions_covered")
professions_covered_pct = _post_metric("professions_covered_pct")
clinical_posts = _post_metric("clinical_posts")
professional_posts = _post_metric("professional_posts")
management_posts = _post_metric("management_posts")


def in_professional_training(conn, as_of, period, scope) -> int:
    t = s.training
    query = (
        sa.select(sa.func.count())
        .select_from(t)
        .where(
            t.c.start_date <= as_of,
            sa.or_(t.c.end_date.is_(None), t.c.end_date >= as_of),
            t.c.status != "withdrawn",
        )
    )
    if not scope.is_trust_wide:
        posts = primary_posts(as_of, scope)
        query = query.where(t.c.person_id.in_(sa.select(posts.c.person_id)))
    return _count(conn, query)


def wellbeing_counts(conn, as_of, scope) -> tuple[int, int]:
    """(people in post on D with an up-to-date well-being plan, people in post on D)."""
    posts = primary_posts(as_of, scope)
    w = s.wellbeing_plans
    # the last review known on D; a review dated after D is not known yet
    last_known = sa.case(
        (sa.and_(w.c.last_reviewed.is_not(None), w.c.last_reviewed <= as_of), w.c.last_reviewed),
        else_=w.c.agreed_date,
    )
    up_to_date = sa.exists().where(
        w.c.person_id == posts.c.person_id,
        w.c.agreed_date <= as_of,
        last_known > as_of - dt.timedelta(days=WELLBEING_REVIEW_DAYS),
    )
    row = conn.execute(
        sa.select(sa.func.count(), sa.func.sum(sa.case((up_to_date, 1), else_=0))).select_from(
            posts
        )
    ).one()
    return int(row[1] or 0), int(row[0] or 0)


def wellbeing_plan_coverage_pct(conn, as_of, period, scope) -> float | None:
    return _percent(*wellbeing_counts(conn, as_of, scope))


# --- period metrics (over [S, E]) --------------------------------------------------------


def job_starts(conn, as_of, period, scope) -> int:
    e = s.employments
    return _count(
        conn,
        sa.select(sa.func.count())
        .select_from(e)
        .where(e.c.start_date.between(period.start, period.end), *scoped_employments(scope)),
    )


def period_table(periods: Sequence[Period]) -> sa.Subquery:
    """The periods as rows (n, first, last), to answer for many periods in one statement."""
    return sa.union_all(
        *(
            sa.select(
                sa.literal(n).label("n"),
                sa.literal(p.start, sa.Date()).label("first"),
                sa.literal(p.end, sa.Date()).label("last"),
            )
            for n, p in enumerate(periods)
        )
    ).subquery("periods")


def people_supported_counts(
    conn: Connection, periods: Sequence[Period], scope: Scope = TRUST_WIDE
) -> list[int]:
    """People supported in each of the periods: distinct people with a post overlapping it,
    or (trust-wide) a contact in it or a work preparation place overlapping it."""
    if not periods:
        return []
    t = period_table(periods)
    e, ct, w = s.employments, s.contacts, s.work_preparation
    parts = [
        sa.select(t.c.n, e.c.person_id).select_from(
            t.join(
                e,
                sa.and_(
                    e.c.start_date <= t.c.last,
                    sa.or_(e.c.end_date.is_(None), e.c.end_date >= t.c.first),
                    *scoped_employments(scope),
                ),
            )
        )
    ]
    if scope.is_trust_wide:
        parts.append(
            sa.select(t.c.n, ct.c.person_id).select_from(
                t.join(ct, ct.c.date.between(t.c.first, t.c.last))
            )
        )
        parts.append(
            sa.select(t.c.n, w.c.person_id).select_from(
                t.join(
                    w,
                    sa.and_(
                        w.c.start_date <= t.c.last,
                        sa.or_(w.c.end_date.is_(None), w.c.end_date >= t.c.first),
                    ),
                )
            )
        )
    supported = sa.union(*parts).subquery("supported")
    found = dict(
        conn.execute(sa.select(supported.c.n, sa.func.count()).group_by(supported.c.n)).all()
    )
    return [int(found.get(n, 0)) for n in range(len(periods))]


def people_supported(conn, as_of, period, scope) -> int:
    return people_supported_counts(conn, [period], scope)[0]


def recruitment_rows(period: Period, scope: Scope = TRUST_WIDE):
    """Recruitment rows whose month lies in the period (from the month of S to E)."""
    r = s.recruitment
    conditions = [r.c.period >= period.start.replace(day=1), r.c.period <= period.end]
    if scope.directorate is not None:
        conditions.append(r.c.directorate == scope.directorate)
    if scope.profession is not None:
        conditions.append(r.c.profession == scope.profession)
    return conditions


def _recruitment_sums(conn, period, scope) -> tuple[int, int, int]:
    r = s.recruitment
    rows, recruits, lived = conn.execute(
        sa.select(
            sa.func.count(), sa.func.sum(r.c.recruits), sa.func.sum(r.c.recruits_lived_experience)
        ).where(*recruitment_rows(period, scope))
    ).one()
    return int(rows or 0), int(recruits or 0), int(lived or 0)


def recruits(conn, as_of, period, scope) -> int | None:
    rows, total, _ = _recruitment_sums(conn, period, scope)
    return total if rows else None


def recruits_lived_experience_pct(conn, as_of, period, scope) -> float | None:
    _, total, lived = _recruitment_sums(conn, period, scope)
    return _percent(lived, total)


def _work_prep_counts(conn, period) -> tuple[int, int, int]:
    w = s.work_preparation
    row = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.sum(sa.case((w.c.outcome.in_(OPEN_EMPLOYMENT_OUTCOMES), 1), else_=0)),
            sa.func.sum(sa.case((w.c.outcome == "education_training", 1), else_=0)),
        ).where(w.c.start_date.between(period.start, period.end))
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def work_prep_participants(conn, as_of, period, scope) -> int:
    return _work_prep_counts(conn, period)[0]


def work_prep_open_employment_pct(conn, as_of, period, scope) -> float | None:
    total, open_employment, _ = _work_prep_counts(conn, period)
    return _percent(open_employment, total)


def work_prep_education_pct(conn, as_of, period, scope) -> float | None:
    total, _, education = _work_prep_counts(conn, period)
    return _percent(education, total)


def _contact_counts(conn, period) -> dict[str, int]:
    ct = s.contacts

    def share(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    row = (
        conn.execute(
            sa.select(
                sa.func.count().label("contacts"),
                share(ct.c.mode == "telephone").label("telephone"),
                share(ct.c.mode == "meeting_outside_work").label("outside_work"),
                share(ct.c.mode == "in_workplace").label("in_workplace"),
                share(ct.c.topic == "symptoms").label("symptoms"),
            ).where(ct.c.date.between(period.start, period.end))
        )
        .mappings()
        .one()
    )
    return {k: int(v or 0) for k, v in row.items()}


def contacts(conn, as_of, period, scope) -> int:
    return _contact_counts(conn, period)["contacts"]


def _contact_share(part: str):
    def metric(conn, as_of, period, scope) -> float | None:
        counts = _contact_counts(conn, period)
        return _percent(counts[part], counts["contacts"])

    return metric


def retention_counts(conn, days: int, as_of, period, scope) -> tuple[int, int]:
    """(posts still held `days` days after their start, posts that started in the period and
    are at least `days` days old on D)."""
    e = s.employments
    checked_on = add_days(e.c.start_date, days)
    row = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.sum(
                sa.case((sa.or_(e.c.end_date.is_(None), e.c.end_date >= checked_on), 1), else_=0)
            ),
        ).where(
            e.c.start_date.between(period.start, period.end),
            checked_on <= as_of,
            *scoped_employments(scope),
        )
    ).one()
    return int(row[1] or 0), int(row[0] or 0)


def _retention(days: int):
    def metric(conn, as_of, period, scope) -> float | None:
        return _percent(*retention_counts(conn, days, as_of, period, scope))

    return metric


def offer_to_start_days(period: Period, scope: Scope = TRUST_WIDE):
    """Days from the latest job offer (on or before the start) to each start in the period.

    An offer made before the person's previous post began belongs to that post: a move to
    another post in the trust without a new offer has no offer-to-start time.
    """
    e, st = s.employments, s.stages
    earlier = s.employments.alias("earlier")
    previous_start = (
        sa.select(sa.func.max(earlier.c.start_date))
        .where(earlier.c.person_id == e.c.person_id, earlier.c.start_date < e.c.start_date)
        .scalar_subquery()
    )
    latest_offer = (
        sa.select(sa.func.max(st.c.date))
        .where(
            st.c.person_id == e.c.person_id,
            st.c.stage == "job_offer",
            st.c.date <= e.c.start_date,
            sa.or_(previous_start.is_(None), st.c.date > previous_start),
        )
        .scalar_subquery()
    )
    starts = (
        sa.select(e.c.start_date.label("start_date"), latest_offer.label("offer_date"))
        .where(e.c.start_date.between(period.start, period.end), *scoped_employments(scope))
        .subquery()
    )
    return (
        sa.select(days_between(starts.c.start_date, starts.c.offer_date).label("days"))
        .where(starts.c.offer_date.is_not(None))
        .subquery("offer_to_start")
    )


def median_of(days_query) -> sa.Select:
    """The median of a one-column subquery `days`, in portable SQL (window functions)."""
    ordered = sa.select(
        days_query.c.days,
        sa.func.row_number().over(order_by=days_query.c.days).label("position"),
        sa.func.count().over().label("n"),
    ).subquery()
    # integer division: the middle position, or the two middle positions of an even count
    middle = sa.or_(
        ordered.c.position == (ordered.c.n + 1) // 2, ordered.c.position == (ordered.c.n + 2) // 2
    )
    return sa.select(sa.func.avg(ordered.c.days)).where(middle)


def median_days_offer_to_start(conn, as_of, period, scope) -> float | None:
    value = conn.execute(median_of(offer_to_start_days(period, scope))).scalar()
    return None if value is None else float(value)


def _funding_sums(conn, period) -> dict[str, float | int]:
    f = s.funding
    row = (
        conn.execute(
            sa.select(
                sa.func.count().label("rows"),
                sa.func.sum(f.c.awarded).label("awarded"),
                sa.func.sum(f.c.spent).label("spent"),
                sa.func.count(f.c.spent).label("spent_rows"),
                sa.func.sum(
                    sa.case((f.c.funding_type == "recurring_grant", f.c.awarded), else_=0)
                ).label("recurring"),
                sa.func.sum(sa.func.coalesce(f.c.spent, f.c.awarded)).label("cost"),
            ).where(f.c.financial_year.in_(financial_years_overlapping(period)))
        )
        .mappings()
        .one()
    )
    return dict(row)


def funding_awarded(conn, as_of, period, scope) -> float | None:
    sums = _funding_sums(conn, period)
    return float(sums["awarded"]) if sums["rows"] else None


def funding_spent(conn, as_of, period, scope) -> float | None:
    sums = _funding_sums(conn, period)
    return float(sums["spent"]) if sums["spent_rows"] else None


def funding_recurring_pct(conn, as_of, period, scope) -> float | None:
    sums = _funding_sums(conn, period)
    return _percent(sums["recurring"], sums["awarded"]) if sums["rows"] else None


def cost_per_person_supported(conn, as_of, period, scope) -> float | None:
    """Spending (or the award where spending is blank) over whole financial years, per person
    supported in those years up to D."""
    return costs_per_person(conn, as_of, [period])[0]


def costs_per_person(
    conn: Connection, as_of: dt.date, periods: Sequence[Period]
) -> list[float | None]:
    """cost_per_person_supported for each period (one statement for the people)."""
    spans = [whole_financial_years(p) for p in periods]
    people = people_supported_counts(
        conn, [Period(y.start, max(y.start, min(y.end, as_of))) for y in spans]
    )
    costs = []
    for span, supported in zip(spans, people, strict=True):
        sums = _funding_sums(conn, span)
        costs.append(float(sums["cost"]) / supported if sums["rows"] and supported else None)
    return costs


MetricFunction = Callable[[Connection, dt.date, Period, Scope], "int | float | None"]

COMPUTE: dict[str, MetricFunction] = {
    "in_employment": in_employment,
    "people_supported_cumulative": people_supported_cumulative,
    "directorates_covered": directorates_covered,
    "directorates_covered_pct": directorates_covered_pct,
    "professions_covered": professions_covered,
    "professions_covered_pct": professions_covered_pct,
    "clinical_posts": clinical_posts,
    "professional_posts": professional_posts,
    "management_posts": management_posts,
    "in_professional_training": in_professional_training,
    "wellbeing_plan_coverage_pct": wellbeing_plan_coverage_pct,
    "job_starts": job_starts,
    "people_supported": people_supported,
    "recruits": recruits,
    "recruits_lived_experience_pct": recruits_lived_experience_pct,
    "work_prep_participants": work_prep_participants,
    "work_prep_open_employment_pct": work_prep_open_employment_pct,
    "work_prep_education_pct": work_prep_education_pct,
    "contacts": contacts,
    "contacts_telephone_pct": _contact_share("telephone"),
    "contacts_outside_work_pct": _contact_share("outside_work"),
    "contacts_in_workplace_pct": _contact_share("in_workplace"),
    "contacts_symptoms_pct": _contact_share("symptoms"),
    **{key: _retention(days) for key, days in RETENTION_DAYS.items()},
    "median_days_offer_to_start": median_days_offer_to_start,
    "funding_awarded": funding_awarded,
    "funding_spent": funding_spent,
    "funding_recurring_pct": funding_recurring_pct,
    "cost_per_person_supported": cost_per_person_supported,
}
assert set(COMPUTE) == set(catalogue.METRIC_KEYS), "every metric of the catalogue is computed"


def value(
    conn: Connection,
    key: str,
    as_of: dt.date,
    period: Period | None = None,
    scope: Scope = TRUST_WIDE,
) -> int | float | None:
    """One metric at D over the period (default: the financial year to D), in scope.

    A metric that is not recorded by directorate or profession has no value in a scope.
    """
    metric = catalogue.METRICS[key]
    if not scope.is_trust_wide and not metric.scopable:
        return None
    return COMPUTE[key](conn, as_of, period or financial_year_to_date(as_of), scope)


def summary(
    conn: Connection, as_of: dt.date, period: Period | None = None, scope: Scope = TRUST_WIDE
) -> dict[str, int | float | None]:
    """Every metric, unrounded, keyed as in metrics.md."""
    period = period or financial_year_to_date(as_of)
    return {key: value(conn, key, as_of, period, scope) for key in catalogue.METRIC_KEYS}


def share_counts(
    conn: Connection, key: str, as_of: dt.date, period: Period, scope: Scope = TRUST_WIDE
) -> tuple[int, int]:
    """The whole numbers a percentage metric is made of: (numerator, denominator). Disclosure
    control works percentages out again from these, rounded."""
    if key == "recruits_lived_experience_pct":
        _, recruits, lived = _recruitment_sums(conn, period, scope)
        return lived, recruits
    if key in ("directorates_covered_pct", "professions_covered_pct"):
        return covered_counts(conn, as_of, scope, key.split("_")[0])
    if key == "wellbeing_plan_coverage_pct":
        return wellbeing_counts(conn, as_of, scope)
    if key in RETENTION_DAYS:
        return retention_counts(conn, RETENTION_DAYS[key], as_of, period, scope)
    if key in ("work_prep_open_employment_pct", "work_prep_education_pct"):
        total, open_employment, education = _work_prep_counts(conn, period)
        return (open_employment if "open" in key else education), total
    raise ValueError(f"{key} is not a share of people")


# --- the default as-of date --------------------------------------------------------------


def latest_data_date(conn: Connection) -> dt.date | None:
    """The latest date of anything that happened in the data: the default as-of date D.

    Planned dates (funding end dates, target periods, action due dates) are not events and
    do not count; a recruitment month counts as its last day.
    """
    event_dates = [
        s.employments.c.start_date,
        s.employments.c.end_date,
        s.stages.c.date,
        s.contacts.c.date,
        s.work_preparation.c.start_date,
        s.work_preparation.c.end_date,
        s.work_preparation.c.outcome_date,
        s.training.c.start_date,
        s.training.c.end_date,
        s.wellbeing_plans.c.agreed_date,
        s.wellbeing_plans.c.last_reviewed,
    ]
    latest = [conn.execute(sa.select(sa.func.max(col))).scalar() for col in event_dates]
    month = conn.execute(sa.select(sa.func.max(s.recruitment.c.period))).scalar()
    if month is not None:
        latest.append(month_end(month))
    latest = [d for d in latest if d is not None]
    return max(latest) if latest else None


def earliest_data_date(conn: Connection) -> dt.date | None:
    """The first day of anything in the data (where open-ended periods begin)."""
    starts = [
        s.employments.c.start_date,
        s.stages.c.date,
        s.contacts.c.date,
        s.work_preparation.c.start_date,
        s.recruitment.c.period,
        s.training.c.start_date,
        s.people.c.referral_date,
    ]
    found = [conn.execute(sa.select(sa.func.min(col))).scalar() for col in starts]
    found = [d for d in found if d is not None]
    return min(found) if found else None
