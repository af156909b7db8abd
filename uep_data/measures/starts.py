"""Posts that start: job starts in a period, how long from the job offer to the start, how
many are still held 13, 26 and 52 weeks on, and everyone who has ever started a post."""

from __future__ import annotations

import sqlalchemy as sa

from .. import schema as s
from ..date_sql import add_days, days_between, year_month
from .moments import PERIOD, POINT
from .source import Source, dated_in_period

STARTED_POST_COLUMNS = ("person_id", "directorate", "profession", "pay_band", "hours")


def _started_in_period(moments):
    e = s.employments
    return moments.join(e, e.c.start_date.between(moments.c.first, moments.c.last))


def job_start_rows(conn, moments, whens, needed):
    """One row per post that started in each moment's period."""
    e = s.employments
    return dated_in_period(
        moments,
        e,
        e.c.start_date,
        *(e.c[name] for name in STARTED_POST_COLUMNS),
        e.c.management_role,
        year_month(e.c.start_date).label("month"),
        name="job_starts",
    )


JOB_STARTS = Source(
    "job_starts",
    PERIOD,
    job_start_rows,
    frozenset({*STARTED_POST_COLUMNS, "management_role", "month"}),
)


def _checked_after(days: int):
    def rows(conn, moments, whens, needed):
        """Posts that started in the period and are at least `days` old on D, each with
        whether it was still held `days` days after its start."""
        e = s.employments
        checked_on = add_days(e.c.start_date, days)
        return (
            sa.select(
                moments.c.n,
                *(e.c[name] for name in STARTED_POST_COLUMNS),
                sa.or_(e.c.end_date.is_(None), e.c.end_date >= checked_on).label("still_held"),
            )
            .select_from(_started_in_period(moments))
            .where(checked_on <= moments.c.as_of)
            .subquery(f"checked_after_{days}_days")
        )

    return rows


def starts_checked_after(days: int) -> Source:
    return Source(
        f"starts_checked_after_{days}_days",
        PERIOD,
        _checked_after(days),
        frozenset({*STARTED_POST_COLUMNS, "still_held"}),
        uses_as_of=True,
    )


def offer_to_start_rows(conn, moments, whens, needed):
    """Each start in the period that follows a job offer, with the days from the latest offer
    on or before the start. An offer made before the person's previous post began belongs to
    that post: a move to another post in the trust without a new offer has no time from
    offer to start."""
    e, st = s.employments, s.stages
    posts = sa.select(
        e.c.id,
        *(e.c[name] for name in STARTED_POST_COLUMNS),
        e.c.start_date,
        # the person's previous post's start: each person's posts in order of their starts
        sa.func.lag(e.c.start_date)
        .over(partition_by=e.c.person_id, order_by=(e.c.start_date, e.c.id))
        .label("previous_start"),
    ).subquery("posts")
    offers = sa.and_(
        st.c.person_id == posts.c.person_id,
        st.c.stage == "job_offer",
        st.c.date <= posts.c.start_date,
        sa.or_(posts.c.previous_start.is_(None), st.c.date > posts.c.previous_start),
    )
    latest = (
        sa.select(
            moments.c.n,
            posts.c.id,
            *(posts.c[name] for name in STARTED_POST_COLUMNS),
            posts.c.start_date,
            sa.func.max(st.c.date).label("offer_date"),
        )
        .select_from(
            moments.join(posts, posts.c.start_date.between(moments.c.first, moments.c.last)).join(
                st, offers
            )
        )
        .group_by(
            moments.c.n,
            posts.c.id,
            *(posts.c[name] for name in STARTED_POST_COLUMNS),
            posts.c.start_date,
        )
        .subquery("latest_offer")
    )
    days = days_between(latest.c.start_date, latest.c.offer_date)
    return sa.select(
        latest.c.n,
        *(latest.c[name] for name in STARTED_POST_COLUMNS),
        days.label("days"),
        # whole fortnights from offer to start (integer division on both databases)
        (days // FORTNIGHT).label("fortnight"),
    ).subquery("offer_to_start")


FORTNIGHT = 14
OFFER_TO_START = Source(
    "offer_to_start",
    PERIOD,
    offer_to_start_rows,
    frozenset({*STARTED_POST_COLUMNS, "days", "fortnight"}),
)


def started_by_rows(conn, moments, whens, needed):
    """Every post that had started by each moment's D (people supported since the start)."""
    e = s.employments
    return (
        sa.select(moments.c.n, e.c.person_id, e.c.directorate, e.c.profession)
        .select_from(moments.join(e, e.c.start_date <= moments.c.as_of))
        .subquery("started_by")
    )


POSTS_STARTED_BY = Source(
    "posts_started_by",
    POINT,
    started_by_rows,
    frozenset({"person_id", "directorate", "profession"}),
)
