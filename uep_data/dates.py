"""The dates the data span: where the as-of date D starts (the latest date of anything that
happened) and where open-ended periods begin (the first)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import schema as s
from .periods import month_end


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
        s.people.c.referral_date,
    ]
    month = _extreme(conn, max, [s.recruitment.c.period])
    latest = [d for d in (_extreme(conn, max, event_dates), month and month_end(month)) if d]
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
    return _extreme(conn, min, starts)


def _extreme(conn: Connection, which, columns) -> dt.date | None:
    """The latest (which=max) or earliest (which=min) date in any of the columns."""
    in_sql = sa.func.max if which is max else sa.func.min
    found = [conn.execute(sa.select(in_sql(col))).scalar() for col in columns]
    found = [d for d in found if d is not None]
    return which(found) if found else None
