"""Dates the programme counts in: NHS financial years (1 April to 31 March), months and
periods [start, end] with both days included."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .values import financial_year_of, read_financial_year

__all__ = [
    "Period",
    "financial_year_of",
    "financial_year_period",
    "financial_year_to_date",
    "financial_years_overlapping",
    "month_end",
    "month_ends",
    "format_date",
]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def financial_year_start(label: str) -> dt.date:
    return dt.date(int(read_financial_year(label)[:4]), 4, 1)


def financial_year_period(label: str) -> Period:
    """The whole financial year named like 2003/04: 1 April 2003 to 31 March 2004."""
    start = financial_year_start(label)
    return Period(start, dt.date(start.year + 1, 3, 31))


def financial_year_to_date(as_of: dt.date) -> Period:
    """The default period: the financial year that contains D, up to D."""
    return Period(financial_year_period(financial_year_of(as_of)).start, as_of)


def financial_years_overlapping(period: Period) -> list[str]:
    """Every financial year with at least one day in the period, oldest first."""
    years = []
    year_start = financial_year_period(financial_year_of(period.start)).start
    while year_start <= period.end:
        years.append(financial_year_of(year_start))
        year_start = dt.date(year_start.year + 1, 4, 1)
    return years


def whole_financial_years(period: Period) -> Period:
    """The period widened to whole financial years."""
    return Period(
        financial_year_period(financial_year_of(period.start)).start,
        financial_year_period(financial_year_of(period.end)).end,
    )


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_ends(period: Period) -> list[dt.date]:
    """The last day of every month that ends inside the period (the SPC series' points)."""
    ends = []
    day = month_end(period.start)
    while day <= period.end:
        ends.append(day)
        day = month_end(day + dt.timedelta(days=1))
    return ends


def months_ending_in(period: Period) -> tuple[dt.date, dt.date] | None:
    """The first days of the first and the last month whose last day lies in the period
    (months are stored by their first day); None if no month's last day does."""
    first = period.start.replace(day=1)
    last = period.end.replace(day=1)
    if month_end(period.end) != period.end:
        last = (last - dt.timedelta(days=1)).replace(day=1)
    return (first, last) if last >= first else None


def last_report_date(as_of: dt.date) -> dt.date:
    """When the last quarterly report is taken to have been, if nobody says: the end of the
    quarter before D's (31 December for 31 March)."""
    quarter_start = dt.date(as_of.year, 3 * ((as_of.month - 1) // 3) + 1, 1)
    return quarter_start - dt.timedelta(days=1)


def format_date(day: dt.date | None) -> str:
    """Dates the British way: 31 Mar 2004."""
    return "" if day is None else f"{day.day} {day.strftime('%b %Y')}"
