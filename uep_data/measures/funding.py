"""The programme's funding streams, recorded by financial year: a period counts every
financial year it touches, whole."""

from __future__ import annotations

import sqlalchemy as sa

from .. import schema as s
from ..values import financial_year_of
from .moments import PERIOD
from .source import Source


def funding_rows(conn, moments, whens, needed):
    f = s.funding
    # financial years are stored as 2003/04, which sort as text in the order of the years
    years = sa.union_all(
        *(
            sa.select(
                sa.literal(n).label("n"),
                sa.literal(financial_year_of(w.start)).label("first_year"),
                sa.literal(financial_year_of(w.end)).label("last_year"),
            )
            for n, w in enumerate(whens)
        )
    ).subquery("years")
    return (
        sa.select(
            years.c.n,
            f.c.stream,
            f.c.funder,
            f.c.funding_type,
            f.c.financial_year,
            f.c.awarded,
            f.c.spent,
            sa.func.coalesce(f.c.spent, f.c.awarded).label("cost"),
        )
        .select_from(
            years.join(f, f.c.financial_year.between(years.c.first_year, years.c.last_year))
        )
        .subquery("funding")
    )


FUNDING = Source(
    "funding",
    PERIOD,
    funding_rows,
    frozenset({"stream", "funder", "funding_type", "financial_year", "awarded", "spent", "cost"}),
    cheap_to_read_again=True,
)


def stream_years(conn, as_of) -> list[dict]:
    """Each stream's record for each financial year that has begun by D: who funds it, its
    type, what it pays for and when it ends (the figures themselves are read as measures)."""
    f = s.funding
    rows = conn.execute(
        sa.select(
            f.c.stream,
            f.c.funder,
            f.c.funding_type,
            f.c.financial_year,
            f.c.end_date,
            sa.func.coalesce(f.c.purpose, "programme_wide").label("purpose"),
        )
        .where(f.c.financial_year <= financial_year_of(as_of))
        .order_by(f.c.financial_year, f.c.stream)
    ).mappings()
    return [dict(r) for r in rows]


def ending_within(conn, as_of, horizon) -> list[dict]:
    """Streams whose grant or contract ends between D and the horizon (their latest year's
    record), soonest first: the programme's renewal risks."""
    f = s.funding
    rows = conn.execute(
        sa.select(f.c.stream, f.c.funder, f.c.funding_type, f.c.financial_year, f.c.end_date)
        .where(f.c.end_date.between(as_of, horizon))
        .order_by(f.c.stream, f.c.financial_year)
    ).mappings()
    latest: dict[str, dict] = {}
    for row in rows:
        latest[row["stream"]] = dict(row)
    return sorted(latest.values(), key=lambda r: (r["end_date"], r["stream"]))
