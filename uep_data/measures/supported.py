"""People supported in a period: anyone with a post overlapping it, a support contact in it or
a work preparation place overlapping it. Narrowed to a directorate or profession, only posts
count (contacts and work preparation are not recorded by directorate)."""

from __future__ import annotations

import sqlalchemy as sa

from .. import schema as s
from .moments import PERIOD
from .source import Source


def supported_rows(conn, moments, whens, needed):
    e, ct, w = s.employments, s.contacts, s.work_preparation
    no_text = sa.cast(sa.null(), sa.Text)
    overlapping = sa.and_(
        e.c.start_date <= moments.c.last,
        sa.or_(e.c.end_date.is_(None), e.c.end_date >= moments.c.first),
    )
    contact_people = (
        sa.select(moments.c.n, ct.c.person_id)
        .select_from(moments.join(ct, ct.c.date.between(moments.c.first, moments.c.last)))
        .distinct()
        .subquery("contact_people")
    )
    parts = [
        sa.select(moments.c.n, e.c.person_id, e.c.directorate, e.c.profession).select_from(
            moments.join(e, overlapping)
        ),
        # each person once per moment, however many contacts they had: a year holds tens of
        # thousands of contacts but a few thousand people, and the count of distinct people
        # over all three parts then sorts or hashes only those (the contacts' index on date
        # holds person_id, so this reads the index alone)
        sa.select(contact_people.c.n, contact_people.c.person_id, no_text, no_text),
        sa.select(moments.c.n, w.c.person_id, no_text, no_text).select_from(
            moments.join(
                w,
                sa.and_(
                    w.c.start_date <= moments.c.last,
                    sa.or_(w.c.end_date.is_(None), w.c.end_date >= moments.c.first),
                ),
            )
        ),
    ]
    return sa.union_all(*parts).subquery("supported")


PEOPLE_SUPPORTED = Source(
    "people_supported",
    PERIOD,
    supported_rows,
    frozenset({"person_id", "directorate", "profession"}),
)
