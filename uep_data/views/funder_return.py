"""What a funder's return says: what one funding stream paid for in a financial year (awarded
against spent, and when the grant or contract ends) and the programme's outcomes in the terms
of the stream's purpose. A funder is outside the trust, so the return is under board-level
disclosure control, whoever makes it:

- a work preparation contract: participants, completions, outcomes (open employment,
  education or training) and the cost per participant;
- in-post support: people supported, people in employment at the year's end, retention at
  13, 26 and 52 weeks and the cost per person supported;
- programme-wide funding: the programme's headline outcomes and the cost per person.

The stream's cost per person is its own spending over the people counted as the audience
sees them (Ask.per_person), so it tells nothing the figures beside it do not."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..contract import normalise_name
from ..disclosure import Audience, NotOffered, Rules
from ..figures import Figure
from ..measures import NOTHING, TRUST_WIDE
from ..measures import registry as r
from ..measures.funding import stream_years
from ..periods import Period, financial_year_period, format_date
from ..values import financial_year_of
from ..words import did_you_mean, words_for
from .annual_report import year_reported
from .ask import Ask
from .board_pack import board_audience
from .filters import Filters

# What each purpose reports: its outcome measures (at the year's end, or over the year), and
# the cost per person it is judged by
OUTCOMES = {
    "work_preparation": (
        (
            "work_prep_participants",
            "work_prep_completed",
            "work_prep_into_open_employment",
            "work_prep_open_employment_pct",
            "work_prep_into_education",
            "work_prep_education_pct",
        ),
        "cost_per_work_prep_participant",
    ),
    "in_post_support": (
        (
            "people_supported",
            "in_employment",
            "retention_13_weeks_pct",
            "retention_26_weeks_pct",
            "retention_52_weeks_pct",
        ),
        "cost_per_person_supported",
    ),
    "programme_wide": (
        (
            "in_employment",
            "people_supported",
            "people_supported_cumulative",
            "job_starts",
            "directorates_covered_pct",
            "professions_covered_pct",
            "recruits_lived_experience_pct",
            "work_prep_participants",
        ),
        "cost_per_person_supported",
    ),
}


@dataclass(frozen=True)
class StreamYearMoney:
    year: str
    awarded: Figure
    spent: Figure


@dataclass(frozen=True)
class FunderReturnContents:
    filters: Filters  # the year's end and the year
    stream: str
    funder: str
    type_words: str
    purpose: str  # work_preparation, in_post_support or programme_wide
    purpose_words: str
    year: str
    period: Period
    ends: str  # when the grant or contract ends, in words ("" if it does not)
    prepared_on: dt.date
    rules: Rules
    awarded: Figure  # the year's, this stream's
    spent: Figure
    outcomes: tuple[Figure, ...]  # in the purpose's terms, over the year or at its end
    cost_per_person: Figure  # the stream's spending per person counted
    history: tuple[StreamYearMoney, ...]  # every year of the stream to this one

    @property
    def file_name(self) -> str:
        safe = "".join(c if c.isalnum() or c in " -" else " " for c in self.stream)
        return f"UEP return {' '.join(safe.split())} {self.year.replace('/', '-')}"


def streams_of(conn: Connection, as_of: dt.date) -> list[str]:
    """The funding streams recorded by D, by name."""
    return sorted({r["stream"] for r in stream_years(conn, as_of)})


def funder_return(
    conn: Connection,
    filters: Filters,
    audience: Audience | None = None,
    stream: str | None = None,
    year: int | None = None,
    prepared_on: dt.date | None = None,
) -> FunderReturnContents:
    """The return for one stream (by default the first by name) over a financial year (by
    default the last ended by D), at board level whoever asks."""
    audience = board_audience(conn)  # a funder is outside the trust
    period = year_reported(filters.as_of, year)
    label = financial_year_of(period.start)
    records = stream_years(conn, period.end)
    names = sorted({row["stream"] for row in records})
    if not names:
        raise NotOffered(f"no funding stream is recorded by {format_date(period.end)}")
    stream = _stream_named(stream, names)
    own = [row for row in records if row["stream"] == stream]
    record = next((row for row in own if row["financial_year"] == label), None)
    if record is None:
        raise NotOffered(
            f"{stream!r} has no funding recorded for {label}: it has "
            + ", ".join(row["financial_year"] for row in own)
        )
    trust = Filters(period.end, period)
    ask = Ask(conn, trust, audience).at("return:outcomes")
    years = [financial_year_period(row["financial_year"]) for row in own]
    every = ask.when("funding_awarded", period.end, Period(years[0].start, period.end))
    read = {
        key: ask.readings(key, [every], TRUST_WIDE, ("stream", "financial_year"))[0]
        for key in ("funding_awarded", "funding_spent", "funding_cost")
    }

    def money(key: str, year: Period) -> Figure:
        return ask.at("return:funding").figure(
            key,
            "return:funding",
            when=ask.when(key, year.end, year),
            group={"stream": stream},
            reading=read[key].get((stream, financial_year_of(year.start)), NOTHING),
        )

    keys, cost_key = OUTCOMES[record["purpose"]]
    outcomes = tuple(ask.figure(k, "return:outcomes", when=ask.when(k, period.end)) for k in keys)
    counted = r.measure(cost_key).denominator  # the people the cost is per
    people = ask.figure(counted, "return:outcomes", when=ask.when(counted, period.end))
    return FunderReturnContents(
        trust,
        stream,
        record["funder"] or "",
        words_for(record["funding_type"]),
        record["purpose"],
        words_for(record["purpose"]),
        label,
        period,
        format_date(record["end_date"]),
        prepared_on or dt.date.today(),
        audience.rules,
        money("funding_awarded", period),
        money("funding_spent", period),
        outcomes,
        ask.per_person(
            cost_key, "return:outcomes", money("funding_cost", period), people, {"stream": stream}
        ),
        tuple(
            StreamYearMoney(
                financial_year_of(y.start), money("funding_awarded", y), money("funding_spent", y)
            )
            for y in years
            if y.end <= period.end
        ),
    )


def _stream_named(asked: str | None, names: list[str]) -> str:
    if asked is None:
        return names[0]
    if asked in names:
        return asked
    guess = did_you_mean(asked, names, normalise_name)
    raise NotOffered(
        f"there is no funding stream called {asked!r}: "
        + (f"did you mean {guess!r}?" if guess else "the streams are " + "; ".join(names))
    )
