"""The trust's recruitment monitoring: everyone it recruited, month by month, and how many
declared personal experience of mental health problems (the charter's 15% floor). Counts of
recruits, not of the programme's people; a row without a directorate is trust-wide.

A month belongs to the period that holds its last day (docs/measures.md), so two periods that meet
never count a month twice: 1-16 August holds no month, 17-31 August holds August."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .. import schema as s
from ..date_sql import year_month
from ..periods import months_ending_in
from .moments import PERIOD
from .source import Source


def recruitment_rows(conn, moments, whens, needed):
    """Recruitment rows of the months each moment's period counts."""
    r = s.recruitment
    spans = []
    for n, when in enumerate(whens):
        counted = months_ending_in(when.period)
        if counted is not None:
            spans.append(
                sa.select(
                    sa.literal(n).label("n"),
                    sa.literal(counted[0], sa.Date()).label("first_month"),
                    sa.literal(counted[1], sa.Date()).label("last_month"),
                )
            )
    if not spans:  # no month in any of the periods
        spans = [
            sa.select(
                sa.literal(0).label("n"),
                sa.literal(dt.date.max, sa.Date()).label("first_month"),
                sa.literal(dt.date.min, sa.Date()).label("last_month"),
            )
        ]
    months = (spans[0] if len(spans) == 1 else sa.union_all(*spans)).subquery("months_counted")
    return (
        sa.select(
            months.c.n,
            r.c.directorate,
            r.c.profession,
            year_month(r.c.period).label("month"),
            r.c.recruits,
            r.c.recruits_lived_experience,
        )
        .select_from(months.join(r, r.c.period.between(months.c.first_month, months.c.last_month)))
        .subquery("recruitment")
    )


RECRUITMENT = Source(
    "recruitment",
    PERIOD,
    recruitment_rows,
    frozenset({"directorate", "profession", "month", "recruits", "recruits_lived_experience"}),
    cheap_to_read_again=True,
)
