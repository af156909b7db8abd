"""Stages of support: the journey from referral to start, in-work support and exit, and the
danger points the seeds name, where people most need support:

- between being offered a job and starting work;
- the occupational health assessment;
- the first months in work;
- returning to work after sickness absence.

`start` and `exit` follow from `employments` as well as from `stages` rows: a journey may be
recorded either way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import schema as s
from .in_post import primary_posts
from .moments import PERIOD, POINT, When, moment_table
from .source import Source, dated_in_period

# An offer older than this with no start is no longer "waiting to start" (people who do not
# take up an offer are not always recorded as leaving the journey).
OFFER_STILL_OPEN_DAYS = 182
FIRST_MONTHS_DAYS = 182  # the first six months in post
RECENT_RETURN_DAYS = 91  # back at work after sickness absence within the last 13 weeks


@dataclass(frozen=True)
class DangerPoint:
    key: str
    label: str
    meaning: str


DANGER_POINTS = (
    DangerPoint(
        "offer_to_start",
        "Offered a job, not yet started",
        f"A job offer in the last {OFFER_STILL_OPEN_DAYS} days, no start yet and no "
        "occupational health assessment yet.",
    ),
    DangerPoint(
        "occupational_health",
        "At the occupational health assessment",
        "Offered a job and seen (or due to be seen) by occupational health, not yet started.",
    ),
    DangerPoint(
        "first_months",
        "In the first months in post",
        f"In post, and started within the last {FIRST_MONTHS_DAYS} days.",
    ),
    DangerPoint(
        "return_after_sickness",
        "Off sick or just back at work",
        "In post and off sick now, or back at work after sickness absence within the "
        f"last {RECENT_RETURN_DAYS} days.",
    ),
)


def journey_events():
    """Every step of every journey as (person_id, stage, date): the stages sheet, plus starts
    and exits that follow from employments (a move to another post in the trust is not an
    exit)."""
    st, e = s.stages, s.employments
    return sa.union_all(
        sa.select(st.c.person_id, st.c.stage, st.c.date),
        sa.select(e.c.person_id, sa.literal("start").label("stage"), e.c.start_date.label("date")),
        sa.select(
            e.c.person_id, sa.literal("exit").label("stage"), e.c.end_date.label("date")
        ).where(
            e.c.end_date.is_not(None),
            sa.or_(e.c.end_reason.is_(None), e.c.end_reason != "moved_post_in_trust"),
        ),
    ).subquery("events")


def _latest(stage: str, as_of: dt.date, after: dt.date | None = None) -> sa.Subquery:
    """Each person's latest step of a stage recorded on the stages sheet on or before D (and,
    if given, after a date). Starts and exits, which employments record too, are not read
    here."""
    st = s.stages
    return (
        sa.select(st.c.person_id, sa.func.max(st.c.date).label("date"))
        .where(
            st.c.stage == stage,
            st.c.date <= as_of,
            *([st.c.date > after] if after is not None else []),
        )
        .group_by(st.c.person_id)
        .subquery(f"latest_{stage}")
    )


def _step_between(person_id, stages: tuple[str, ...], first, last: dt.date):
    """Whether the person took one of the steps between two dates (both included): on the
    stages sheet, or, for a start or an exit, in employments too (as `journey_events`)."""
    st, e = s.stages, s.employments
    found = [
        sa.exists().where(
            st.c.person_id == person_id,
            st.c.stage.in_(stages),
            st.c.date >= first,
            st.c.date <= last,
        )
    ]
    if "start" in stages:
        found.append(
            sa.exists().where(
                e.c.person_id == person_id, e.c.start_date >= first, e.c.start_date <= last
            )
        )
    if "exit" in stages:
        found.append(
            sa.exists().where(
                e.c.person_id == person_id,
                e.c.end_date.is_not(None),
                sa.or_(e.c.end_reason.is_(None), e.c.end_reason != "moved_post_in_trust"),
                e.c.end_date >= first,
                e.c.end_date <= last,
            )
        )
    return sa.or_(*found)


def _waiting_to_start(as_of: dt.date):
    """People offered a job recently who have not started or left since the offer, with
    whether occupational health has seen them since.

    A person's latest offer by D is recent exactly when they had an offer in the recent
    days, and it is the latest of those: so only the recent offers are read."""
    offer = _latest("job_offer", as_of, after=as_of - dt.timedelta(days=OFFER_STILL_OPEN_DAYS))
    return (
        sa.select(
            offer.c.person_id,
            offer.c.date.label("offer_date"),
            _step_between(offer.c.person_id, ("occupational_health",), offer.c.date, as_of).label(
                "seen_by_oh"
            ),
        )
        .where(~_step_between(offer.c.person_id, ("start", "exit"), offer.c.date, as_of))
        .subquery("waiting")
    )


def _in_post_on(as_of: dt.date):
    """The primary posts held on D, made once for the statement (the first months and the
    return after sickness both read them)."""
    whens = [When(as_of)]
    posts = primary_posts(whens, moment_table(whens))
    return sa.select(*posts.c).cte("in_post_on_d").prefix_with("MATERIALIZED")


def _returning(as_of: dt.date, posts):
    off = _latest("sickness_absence", as_of)
    back = _latest("return_to_work", as_of)
    return (
        sa.select(off.c.person_id, off.c.date.label("off_date"), back.c.date.label("back_date"))
        .join(posts, posts.c.person_id == off.c.person_id)
        .outerjoin(back, back.c.person_id == off.c.person_id)
        .where(
            sa.or_(
                back.c.date.is_(None),
                back.c.date < off.c.date,
                back.c.date > as_of - dt.timedelta(days=RECENT_RETURN_DAYS),
            )
        )
        .subquery("back_from_sickness")
    )


def _first_months(as_of: dt.date, posts):
    return (
        sa.select(posts.c.person_id, posts.c.start_date, posts.c.directorate, posts.c.profession)
        .where(posts.c.start_date > as_of - dt.timedelta(days=FIRST_MONTHS_DAYS))
        .subquery("first_months")
    )


def danger_point_watch_list(conn: Connection, as_of: dt.date) -> list[dict]:
    """Who is at a danger point on D (pseudonymous codes only; for the programme lead)."""
    rows = [dict(r) for r in conn.execute(sa.select(_danger_point_rows(as_of))).mappings()]
    order = {d.key: i for i, d in enumerate(DANGER_POINTS)}
    return sorted(rows, key=lambda r: (order[r["danger_point"]], r["since"], r["person_id"]))


def _danger_point_rows(as_of: dt.date) -> sa.Subquery:
    """(person_id, danger_point, since) for everyone at a danger point on D."""
    waiting = _waiting_to_start(as_of)
    posts = _in_post_on(as_of)
    first = _first_months(as_of, posts)
    back = _returning(as_of, posts)
    return sa.union_all(
        sa.select(
            waiting.c.person_id,
            sa.case((waiting.c.seen_by_oh, "occupational_health"), else_="offer_to_start").label(
                "danger_point"
            ),
            waiting.c.offer_date.label("since"),
        ),
        sa.select(
            first.c.person_id, sa.literal("first_months").label("danger_point"), first.c.start_date
        ),
        sa.select(
            back.c.person_id,
            sa.literal("return_after_sickness").label("danger_point"),
            sa.case(
                (
                    sa.and_(back.c.back_date.is_not(None), back.c.back_date >= back.c.off_date),
                    back.c.back_date,
                ),
                else_=back.c.off_date,
            ),
        ),
    ).subquery("danger_points")


def danger_point_rows(conn, moments, whens, needed):
    """The people at each danger point on D (one moment per statement: the danger points'
    SQL takes D as it is)."""
    (when,) = whens
    rows = _danger_point_rows(when.as_of)
    return sa.select(sa.literal(0).label("n"), rows.c.person_id, rows.c.danger_point).subquery(
        "at_danger_point"
    )


AT_DANGER_POINT = Source(
    "at_danger_point",
    POINT,
    danger_point_rows,
    frozenset({"person_id", "danger_point"}),
    one_moment_at_a_time=True,
)


def stage_rows(conn, moments, whens, needed):
    """Every step of every journey taken in each moment's period."""
    events = journey_events()
    return dated_in_period(
        moments, events, events.c.date, events.c.person_id, events.c.stage, name="steps_taken"
    )


STEPS_TAKEN = Source("steps_taken", PERIOD, stage_rows, frozenset({"person_id", "stage"}))
