"""Reports: the programme lead's page for the papers the trust publishes. It previews the
annual report of a financial year and offers it (PDF and web pages) and each funding stream's
return for that year. Every paper is under disclosure control (the annual report the
public's, a return the board's), whoever looks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..dates import earliest_data_date
from ..disclosure import Audience
from ..periods import financial_year_period
from ..values import financial_year_of
from .annual_report import AnnualReportContents, annual_report, year_reported
from .filters import Filters
from .funder_return import FunderReturnContents, funder_return, streams_of


@dataclass(frozen=True)
class ReportsPage:
    filters: Filters
    years: tuple[str, ...]  # the financial years ended by D with data, latest first
    annual_report: AnnualReportContents
    returns: tuple[FunderReturnContents, ...]  # each stream funded in the report's year


def years_ended(conn: Connection, as_of: dt.date) -> tuple[str, ...]:
    """The financial years that have ended by D since the data begin, latest first."""
    earliest = earliest_data_date(conn)
    if earliest is None:
        return ()
    latest = year_reported(as_of, None)
    years = []
    start = financial_year_period(financial_year_of(earliest)).start
    while start <= latest.start:
        years.append(financial_year_of(start))
        start = start.replace(year=start.year + 1)
    return tuple(reversed(years))


def reports(
    conn: Connection, filters: Filters, audience: Audience, year: int | None = None
) -> ReportsPage:
    report = annual_report(conn, filters, audience, year=year)
    start = report.period.start.year
    returns = []
    for stream in streams_of(conn, report.period.end):
        try:
            returns.append(funder_return(conn, filters, audience, stream=stream, year=start))
        except ValueError:  # a stream with no funding in that year has no return for it
            continue
    return ReportsPage(filters, years_ended(conn, filters.as_of), report, tuple(returns))
