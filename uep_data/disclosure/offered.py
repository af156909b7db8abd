"""What the steering group, the board and the meeting room may ask for: figures at the end of
a month, over standard reporting periods (a financial year, the financial year to date, a
quarter or a calendar month). No two such periods differ by a few days, so no two figures a
controlled viewer can see differ by the people of a few days."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from ..periods import Period, financial_year_period, month_end
from ..values import financial_year_of


class NotOffered(ValueError):
    """A date or period a controlled audience is not offered; the message says what is."""


FINANCIAL_YEAR = "Financial year"
QUARTER = "Quarter"
MONTH = "Month"
KINDS = (FINANCIAL_YEAR, QUARTER, MONTH)


def is_month_end(day: dt.date) -> bool:
    return day == month_end(day)


def is_financial_year_end(day: dt.date) -> bool:
    return (day.month, day.day) == (3, 31)


def last_month_end(day: dt.date) -> dt.date:
    """The day itself if it ends a month, else the end of the month before."""
    return day if is_month_end(day) else day.replace(day=1) - dt.timedelta(days=1)


def month_ends(last: dt.date, first: dt.date | None, most: int = 600) -> list[dt.date]:
    """The month ends from the last (a month end) back to the month of `first`, latest first."""
    ends, day = [], last
    while (not ends or day >= (first or last)) and len(ends) < most:
        ends.append(day)
        day = day.replace(day=1) - dt.timedelta(days=1)
    return ends


def whole_financial_years(period: Period) -> bool:
    """Whether a period is one or more whole financial years."""
    return (period.start.month, period.start.day) == (4, 1) and is_financial_year_end(period.end)


def quarters_of(year: Period) -> list[Period]:
    """A financial year's quarters: April to June, July to September, October to December,
    January to March."""
    quarters = []
    start = year.start
    for _ in range(4):
        end = month_end((start.replace(day=28) + dt.timedelta(days=62)).replace(day=1))
        quarters.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return quarters


def months_of(period: Period) -> list[Period]:
    months, start = [], period.start
    while start <= period.end:
        months.append(Period(start, month_end(start)))
        start = month_end(start) + dt.timedelta(days=1)
    return months


def standard_parts(year: Period) -> list[Period]:
    """A financial year's standard parts, the periods whose counts a controlled audience may
    see: the year, its quarters, its months, the year to the end of each month and the
    quarter to the end of each month (what "what changed since the last quarter" counts).
    Each is a line of the year's controlled table."""
    return list(_standard_parts(year))


@functools.lru_cache(maxsize=256)
def _standard_parts(year: Period) -> tuple[Period, ...]:
    months = months_of(year)
    parts = [year, *quarters_of(year), *months]
    parts += [Period(year.start, m.end) for m in months]
    parts += [Period(q.start, m.end) for q in quarters_of(year) for m in months_of(q)]
    return tuple(dict.fromkeys(parts))


def is_standard_part(period: Period) -> bool:
    """Whether a period is a standard part of its financial year (standard_parts)."""
    year = financial_year_period(financial_year_of(period.start))
    return period.end <= year.end and period in _standard_part_set(year)


@functools.lru_cache(maxsize=256)
def _standard_part_set(year: Period) -> frozenset[Period]:
    return frozenset(_standard_parts(year))


def since_dates_offered(as_of: dt.date) -> list[dt.date]:
    """The dates "what changed" may count from for a controlled audience, latest first: the
    month ends before D from which the span to D is a standard part of D's year (the month,
    the quarter to date, the year to date), so that every count over the span is a line of
    its year's table and no two spans pin a month between them."""
    year = financial_year_period(financial_year_of(as_of))
    found = []
    for since in month_ends(last_month_end(as_of - dt.timedelta(days=1)), year.start):
        start = since + dt.timedelta(days=1)
        if start >= year.start and is_standard_part(Period(start, as_of)):
            found.append(since)
        elif start < year.start:
            break
    if year.start - dt.timedelta(days=1) not in found and is_month_end(as_of):
        found.append(year.start - dt.timedelta(days=1))
    return sorted(set(found), reverse=True)


@dataclass(frozen=True)
class Offered:
    """A period a controlled audience may choose, with how it is named."""

    kind: str
    period: Period
    words: str


def kind_of(period: Period, as_of: dt.date) -> str | None:
    """Which standard period this is at D (None: not one a controlled audience is offered)."""
    if period.end > as_of or not is_month_end(period.end):
        return None
    year = financial_year_period(financial_year_of(period.start))
    if period.start == year.start and (period.end == year.end or period.end == as_of):
        return FINANCIAL_YEAR
    if period in quarters_of(year):
        return QUARTER
    if period.start.day == 1 and period.end == month_end(period.start):
        return MONTH
    return None


def periods_offered(as_of: dt.date, earliest: dt.date | None) -> list[Offered]:
    """Every standard period ending by D, latest first within each kind: each financial year
    (the current one to D), each whole quarter and each month."""
    first = financial_year_period(financial_year_of(min(earliest or as_of, as_of))).start
    offered: list[Offered] = []
    year_start = financial_year_period(financial_year_of(as_of)).start
    while year_start >= first:
        year = financial_year_period(financial_year_of(year_start))
        label = financial_year_of(year_start)
        if year.end <= as_of:
            offered.append(Offered(FINANCIAL_YEAR, year, label))
        elif as_of >= year.start:
            offered.append(Offered(FINANCIAL_YEAR, Period(year.start, as_of), f"{label} to date"))
        for number, quarter in reversed(list(enumerate(quarters_of(year), start=1))):
            if quarter.end <= as_of:
                offered.append(
                    Offered(
                        QUARTER,
                        quarter,
                        f"Q{number} {label} ({quarter.start:%b}–{quarter.end:%b %Y})",
                    )
                )
        for month in reversed(months_of(year)):
            if month.end <= as_of:
                offered.append(Offered(MONTH, month, f"{month.start:%B %Y}"))
        year_start = dt.date(year_start.year - 1, 4, 1)
    return offered


def refusal(as_of: dt.date, period: Period, since: dt.date | None = None) -> str | None:
    """Why a controlled audience may not ask for this date or period (None: it may)."""
    if not is_month_end(as_of):
        return (
            f"the steering group and the board see figures at the end of a month: give "
            f"{last_month_end(as_of):%Y-%m-%d} rather than {as_of:%Y-%m-%d}"
        )
    if kind_of(period, as_of) is None:
        return (
            "the steering group and the board see figures over a financial year (or the year "
            "to date), a quarter or a calendar month, ending by the as-of date"
        )
    if since is not None and since < as_of and since not in since_dates_offered(as_of):
        offered = ", ".join(f"{day:%Y-%m-%d}" for day in since_dates_offered(as_of))
        return (
            "what changed is counted for the steering group and the board over a month, the "
            "quarter to date or the financial year to date: count from "
            f"{offered} rather than {since:%Y-%m-%d}"
        )
    return None


def check(as_of: dt.date, period: Period, since: dt.date | None = None) -> None:
    """Refuse what a controlled audience is not offered (NotOffered says what is)."""
    problem = refusal(as_of, period, since)
    if problem:
        raise NotOffered(problem)
