"""What the annual report says: the financial year for the public, in figures, each beside the
year before. It is always under the public's disclosure control (the board's rules: the
programme's published trust-wide figures exact, everything else controlled), whoever makes it:
people supported and in employment at the year's end against the target, the directorates
and professions covered, the hurdles (clinical, professionally qualified and management posts,
professional training), work preparation and its outcomes, the recruits with lived experience
against the charter's floor, and the funding by stream with the cost per person supported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures, targets
from ..disclosure import Audience, NotOffered, Rules
from ..figures import Figure
from ..measures import NOTHING
from ..measures.funding import stream_years
from ..periods import Period, financial_year_period, format_date
from ..values import financial_year_of
from ..words import words_for
from .ask import Ask
from .board_pack import board_audience
from .filters import Filters
from .parts import TargetLine
from .spc_panels import monthly_whens
from .target_lines import in_force, target_lines

# The report's sections: what each tells, and its measures (read at the year's end, or over
# the year)
SECTIONS = (
    (
        "in_work",
        "Supporting people in work",
        ("in_employment", "people_supported", "people_supported_cumulative", "job_starts"),
    ),
    (
        "coverage",
        "Across the trust's directorates and professions",
        (
            "directorates_covered",
            "directorates_covered_pct",
            "professions_covered",
            "professions_covered_pct",
        ),
    ),
    (
        "hurdles",
        "The hurdles: clinical, professional and management posts, and training",
        ("clinical_posts", "professional_posts", "management_posts", "in_professional_training"),
    ),
    (
        "work_preparation",
        "Work preparation and where it led",
        (
            "work_prep_participants",
            "work_prep_completed",
            "work_prep_open_employment_pct",
            "work_prep_education_pct",
        ),
    ),
    (
        "recruitment",
        "Recruiting people with lived experience",
        ("recruits", "recruits_lived_experience_pct"),
    ),
    (
        "funding",
        "Funding and what it costs per person",
        (
            "funding_awarded",
            "funding_spent",
            "funding_recurring_pct",
            "cost_per_person_supported",
        ),
    ),
)
# the measure each section's target is on (the target in force at the year's end)
SECTION_TARGETS = {
    "in_work": "in_employment",
    "coverage": "directorates_covered_pct",
    "recruitment": "recruits_lived_experience_pct",
}


@dataclass(frozen=True)
class TwoYears:
    """One figure in the year reported and in the year before."""

    key: str
    this_year: Figure
    year_before: Figure


@dataclass(frozen=True)
class ReportSection:
    key: str
    title: str
    figures: tuple[TwoYears, ...]
    target: TargetLine | None = None  # the trust-wide target in force at the year's end
    target_before: TargetLine | None = None  # and at the year before's
    month_ends: tuple[Figure, ...] = ()  # the first figure at each month end of both years

    def figure(self, key: str) -> TwoYears:
        return next(f for f in self.figures if f.key == key)


@dataclass(frozen=True)
class StreamTwoYears:
    stream: str
    funder: str
    type_words: str
    ends: str
    awarded: TwoYears
    spent: TwoYears


@dataclass(frozen=True)
class AnnualReportContents:
    filters: Filters  # the year's end and the year, trust-wide
    year: str  # 2003/04
    year_before: str
    period: Period
    before: Period
    prepared_on: dt.date
    rules: Rules
    sections: tuple[ReportSection, ...]
    streams: tuple[StreamTwoYears, ...]

    def section(self, key: str) -> ReportSection:
        return next(s for s in self.sections if s.key == key)

    @property
    def file_name(self) -> str:
        return f"UEP annual report {self.year.replace('/', '-')}"


def year_reported(as_of: dt.date, year: int | None) -> Period:
    """The financial year the report is for: the one starting in April of `year`, or else the
    last that has ended by D. A year that has not ended by D is refused."""
    if year is None:
        ended = as_of if (as_of.month, as_of.day) == (3, 31) else None
        label = financial_year_of(ended or financial_year_period(financial_year_of(as_of)).start)
        period = financial_year_period(label)
        if period.end > as_of:
            period = financial_year_period(financial_year_of(period.start - dt.timedelta(days=1)))
        return period
    period = financial_year_period(f"{year}/{(year + 1) % 100:02d}")
    if period.end > as_of:
        latest = year_reported(as_of, None)
        raise NotOffered(
            f"{financial_year_of(period.start)} has not ended by {format_date(as_of)}: the "
            f"latest whole year to report is {financial_year_of(latest.start)}"
        )
    return period


def annual_report(
    conn: Connection,
    filters: Filters,
    audience: Audience | None = None,
    year: int | None = None,
    prepared_on: dt.date | None = None,
) -> AnnualReportContents:
    """The annual report for a financial year (by default the last ended by D), at the
    public's level whoever asks."""
    audience = board_audience(conn)  # the public's rules are the board's
    period = year_reported(filters.as_of, year)
    before = financial_year_period(financial_year_of(period.start - dt.timedelta(days=1)))
    trust = Filters(period.end, period)
    ask = Ask(conn, trust, audience).at("report:figures")
    now_results, before_results = targets.evaluate_targets_on(
        conn, [period.end, before.end], ask.read
    )
    lines_now = target_lines(ask.at("report:targets"), now_results)
    lines_before = target_lines(ask.at("report:targets"), before_results)

    def two_years(key: str, where: str) -> TwoYears:
        placed = ask.at(f"report:{where}")
        return TwoYears(
            key,
            placed.figure(key, where, when=ask.when(key, period.end, period)),
            placed.figure(key, where, when=ask.when(key, before.end, before)),
        )

    def target_of(key: str, lines, day: dt.date) -> TargetLine | None:
        on = [
            t
            for t in lines
            if t.metric == SECTION_TARGETS.get(key) and t.where_words == "Trust-wide"
        ]
        return in_force(on, day)

    sections = []
    for key, title, keys in SECTIONS:
        months = ()
        if key == "in_work":  # people in employment at each month end of both years
            whens = monthly_whens("in_employment", Period(before.start, period.end), period.end)
            months = ask.at("report:in_work").series("in_employment", whens, "report:in_work")
        sections.append(
            ReportSection(
                key,
                title,
                tuple(two_years(k, key) for k in keys),
                target_of(key, lines_now, period.end),
                target_of(key, lines_before, before.end),
                months,
            )
        )
    return AnnualReportContents(
        trust,
        financial_year_of(period.start),
        financial_year_of(before.start),
        period,
        before,
        prepared_on or dt.date.today(),
        audience.rules,
        tuple(sections),
        _streams(ask, period, before),
    )


def _streams(ask: Ask, period: Period, before: Period) -> tuple[StreamTwoYears, ...]:
    """Each funding stream of the year or the year before, with its two years' figures (money,
    shown exactly; a year it had no funding in reads as no data)."""
    years = (financial_year_of(period.start), financial_year_of(before.start))
    records = [r for r in stream_years(ask.conn, period.end) if r["financial_year"] in years]
    both = ask.when("funding_awarded", period.end, Period(before.start, period.end))
    placed = ask.at("report:funding")
    read = {
        key: ask.readings(key, [both], measures.TRUST_WIDE, ("stream", "financial_year"))[0]
        for key in ("funding_awarded", "funding_spent")
    }

    def figure(key: str, name: str, year: Period) -> Figure:
        return placed.figure(
            key,
            "report:funding",
            when=ask.when(key, year.end, year),
            group={"stream": name},
            reading=read[key].get((name, financial_year_of(year.start)), NOTHING),
        )

    latest = {r["stream"]: r for r in records}  # the later year's record, where it has one
    return tuple(
        StreamTwoYears(
            name,
            r["funder"] or "",
            words_for(r["funding_type"]),
            format_date(r["end_date"]),
            TwoYears(
                "funding_awarded",
                figure("funding_awarded", name, period),
                figure("funding_awarded", name, before),
            ),
            TwoYears(
                "funding_spent",
                figure("funding_spent", name, period),
                figure("funding_spent", name, before),
            ),
        )
        for name, r in sorted(latest.items())
    )


__all__ = ["AnnualReportContents", "ReportSection", "TwoYears", "annual_report"]
