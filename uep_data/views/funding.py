"""Funding: the programme's streams by financial year (money, shown exactly), what was
awarded and spent, the cost per person supported, and what ends within 12 months of D."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..disclosure import Audience
from ..figures import Figure
from ..formatting import format_date
from ..measures import NOTHING
from ..measures.funding import ending_within, stream_years
from ..periods import Period, financial_year_period
from ..words import words_for
from .ask import Ask
from .filters import Filters
from .parts import Grid


@dataclass(frozen=True)
class StreamYear:
    stream: str
    funder: str
    financial_year: str
    type_words: str
    ends: str
    awarded: Figure
    spent: Figure


@dataclass(frozen=True)
class EndingSoon:
    stream: str
    type_words: str
    ends: str
    end_date: dt.date
    awarded: Figure  # in its latest year


@dataclass(frozen=True)
class FundingPage:
    filters: Filters
    awarded: Figure  # the period's financial years, whole
    spent: Figure
    recurring_pct: Figure
    years: tuple[str, ...]  # financial years begun by D
    by_year_and_type: Grid  # awarded, by financial year and type
    awarded_by_year: tuple[Figure, ...]
    spent_by_year: tuple[Figure, ...]
    cost_per_person: tuple[Figure, ...]  # each financial year, to D
    ending_soon: tuple[EndingSoon, ...]
    streams: tuple[StreamYear, ...]


def a_year_after(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return day + dt.timedelta(days=365)
    return day.replace(year=day.year + 1)


def funding(
    conn: Connection, filters: Filters, audience: Audience, place: str | None = None
) -> FundingPage:
    """The funding page (or, with `place`, its figures for another place: the board pack)."""
    trust = filters.trust_wide()
    ask = Ask(conn, trust, audience)
    if place is not None:
        ask = ask.at(place)
    records = stream_years(conn, trust.as_of)
    years = tuple(sorted({r["financial_year"] for r in records}))
    periods = [financial_year_period(y) for y in years]
    whens = [ask.when("funding_awarded", period=p) for p in periods]
    cost_whens = [
        ask.when("cost_per_person_supported", period=Period(p.start, min(p.end, trust.as_of)))
        for p in periods
    ]
    every_year = (
        ask.when("funding_awarded", period=Period(periods[0].start, periods[-1].end))
        if periods
        else ask.when("funding_awarded")
    )
    by_stream = {
        key: ask.readings(key, [every_year], trust.scope, ("stream", "financial_year"))[0]
        for key in ("funding_awarded", "funding_spent")
    }

    def stream_figure(key, stream, year):
        when = ask.when(key, period=financial_year_period(year))
        return ask.figure(
            key,
            "table:funding_streams",
            when=when,
            group={"stream": stream},
            reading=by_stream[key].get((stream, year), NOTHING),
        )

    ending = ending_within(conn, trust.as_of, a_year_after(trust.as_of))
    return FundingPage(
        trust,
        ask.figure("funding_awarded", "headline"),
        ask.figure("funding_spent", "headline"),
        ask.figure("funding_recurring_pct", "headline"),
        years,
        ask.grid(
            "funding_awarded",
            "financial_year",
            "funding_type",
            "chart:funding_by_type",
            when=every_year,
            row_values=list(years),
        ),
        ask.series("funding_awarded", whens, "chart:funding_awarded_and_spent"),
        ask.series("funding_spent", whens, "chart:funding_awarded_and_spent"),
        ask.series("cost_per_person_supported", cost_whens, "table:cost_per_person"),
        tuple(
            EndingSoon(
                r["stream"],
                words_for(r["funding_type"]),
                format_date(r["end_date"]),
                r["end_date"],
                stream_figure("funding_awarded", r["stream"], r["financial_year"]),
            )
            for r in ending
        ),
        tuple(
            StreamYear(
                r["stream"],
                r["funder"] or "",
                r["financial_year"],
                words_for(r["funding_type"]),
                format_date(r["end_date"]),
                stream_figure("funding_awarded", r["stream"], r["financial_year"]),
                stream_figure("funding_spent", r["stream"], r["financial_year"]),
            )
            for r in records
        ),
    )
