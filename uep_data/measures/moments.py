"""When a figure is measured: on a day (point-in-time measures, at the as-of date D) or over a
period [S, E] as seen on D (period measures). Many moments are answered in one statement by
joining a small table of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from ..periods import (
    Period,
    financial_year_period,
    financial_year_to_date,
    month_end,
    months_ending_in,
)
from ..values import financial_year_of

POINT = "point"  # evaluated at the as-of date D
PERIOD = "period"  # evaluated over a period [S, E]


@dataclass(frozen=True)
class When:
    """The moment a figure is measured at: the as-of date D, and for a period measure the
    period [S, E] (None for a point-in-time measure)."""

    as_of: dt.date
    period: Period | None = None

    @property
    def start(self) -> dt.date | None:
        return None if self.period is None else self.period.start

    @property
    def end(self) -> dt.date | None:
        return None if self.period is None else self.period.end


# How a measure reads the period it is asked for (declared per measure in the registry)
AS_GIVEN = "as_given"
# funding is recorded by financial year: every year the period touches counts whole
WHOLE_FINANCIAL_YEARS = "whole_financial_years"
# cost per person: money is recorded by year, so the figure is made only over whole
# financial years that have ended by D (none for a quarter, a month or a year to date)
WHOLE_FINANCIAL_YEARS_ONLY = "whole_financial_years_only"
# recruitment is recorded by month: a month belongs to the period that holds its last day
# (so adjacent periods never count a month twice)
WHOLE_MONTHS = "whole_months"


def effective_period(rule: str, period: Period, as_of: dt.date) -> Period:
    """The period a measure actually covers when asked for `period` at D."""
    if rule == WHOLE_FINANCIAL_YEARS:
        return Period(
            financial_year_period(financial_year_of(period.start)).start,
            financial_year_period(financial_year_of(period.end)).end,
        )
    if rule == WHOLE_MONTHS:
        # the months whose last day is in the period (a period holding none stays as asked,
        # and counts nothing)
        counted = months_ending_in(period)
        return period if counted is None else Period(counted[0], month_end(counted[1]))
    return period


def whole_financial_years_ended(when: When) -> bool:
    """Whether a figure's period is one or more whole financial years, ended by its D."""
    period = when.period
    return (
        period is not None
        and (period.start.month, period.start.day) == (4, 1)
        and (period.end.month, period.end.day) == (3, 31)
        and period.end <= when.as_of
    )


def when_for(kind: str, rule: str, as_of: dt.date, period: Period | None) -> When:
    """The moment a measure of this kind is read at, for D and the chosen period (default:
    the financial year to D)."""
    if kind == POINT:
        return When(as_of, None)
    chosen = period or financial_year_to_date(as_of)
    return When(as_of, effective_period(rule, chosen, as_of))


def _date_or_null(day: dt.date | None):
    # a typed NULL: PostgreSQL cannot tell the type of an untyped one in a UNION (and a CAST
    # of a date would turn it into a number on SQLite)
    return sa.cast(sa.null(), sa.Date) if day is None else sa.literal(day, sa.Date())


def moment_table(whens: Sequence[When]) -> sa.Subquery:
    """The moments as rows (n, as_of, first, last), to answer for many in one statement."""
    rows = []
    for n, when in enumerate(whens):
        rows.append(
            sa.select(
                sa.literal(n).label("n"),
                sa.literal(when.as_of, sa.Date()).label("as_of"),
                _date_or_null(when.start).label("first"),
                _date_or_null(when.end).label("last"),
            )
        )
    return (rows[0] if len(rows) == 1 else sa.union_all(*rows)).subquery("moments")
