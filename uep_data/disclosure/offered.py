"""What the steering group, the board and the meeting room may ask for: figures at the end of
a month, over standard reporting periods (a financial year, the financial year to date, a
quarter or a calendar month). No two such periods differ by a few days, so no two figures a
controlled viewer can see differ by the people of a few days."""

from __future__ import annotations

import datetime as dt
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
    if since is not None and not is_month_end(since):
        return "what changed is counted from the end of a month"
    return None


def check(as_of: dt.date, period: Period, since: dt.date | None = None) -> None:
    """Refuse what a controlled audience is not offered (NotOffered says what is)."""
    problem = refusal(as_of, period, since)
    if problem:
        raise NotOffered(problem)
