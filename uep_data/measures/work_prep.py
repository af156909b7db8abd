"""The ten-week work preparation programme: places that started in a period, their cohorts
and where participants went next. Not recorded by directorate or profession."""

from __future__ import annotations

import sqlalchemy as sa

from .. import schema as s
from ..date_sql import year_month
from .moments import PERIOD
from .source import Source, dated_in_period

OPEN_EMPLOYMENT_OUTCOMES = ("open_employment_in_trust", "open_employment_elsewhere")
NOT_KNOWN = "not_known"  # an outcome not recorded yet


def work_prep_rows(conn, moments, whens, needed):
    w = s.work_preparation
    return dated_in_period(
        moments,
        w,
        w.c.start_date,
        w.c.person_id,
        sa.func.coalesce(w.c.outcome, NOT_KNOWN).label("outcome"),
        w.c.cohort,
        w.c.completed,
        w.c.start_date,
        year_month(w.c.start_date).label("month"),
        name="work_preparation",
    )


WORK_PREP_PLACES = Source(
    "work_preparation_places",
    PERIOD,
    work_prep_rows,
    frozenset({"person_id", "outcome", "cohort", "completed", "start_date", "month"}),
    cheap_to_read_again=True,
)


def cohort_starts(conn, as_of) -> dict:
    """When each cohort started (its first place), for cohorts started by D."""
    w = s.work_preparation
    return dict(
        conn.execute(
            sa.select(w.c.cohort, sa.func.min(w.c.start_date))
            .where(w.c.start_date <= as_of)
            .group_by(w.c.cohort)
        ).all()
    )


def cohorts_starting_in(conn, period) -> list:
    """The cohorts with a place that started in the period, in the order they started."""
    w = s.work_preparation
    rows = conn.execute(
        sa.select(w.c.cohort, sa.func.min(w.c.start_date).label("first"))
        .where(w.c.start_date.between(period.start, period.end))
        .group_by(w.c.cohort)
    ).all()
    return [cohort for cohort, _ in sorted(rows, key=lambda r: (r[1], str(r[0])))]
