"""The annual report: the financial year for the public, as an accessible PDF (PDF/UA-1) and as
web pages of the same report. What it says comes from its view (views/annual_report.py), at the
public's disclosure control whoever makes it; here each section becomes its blocks: a sentence
of what the year was, a table of the year beside the year before, and a chart of the same."""

from __future__ import annotations

import datetime as dt

from .. import charts, measures, views
from ..formatting import format_value
from ..periods import financial_year_to_date, format_date
from ..views.annual_report import AnnualReportContents, ReportSection, TwoYears
from . import document as d
from . import logged, typeset
from .board_pack import PROGRAMME, footer
from .chart_words import comparison_alt, series_alt

# what each section's chart draws (its figures of one unit)
CHARTED = {
    "coverage": ("directorates_covered_pct", "professions_covered_pct"),
    "hurdles": (
        "clinical_posts",
        "professional_posts",
        "management_posts",
        "in_professional_training",
    ),
    "work_preparation": ("work_prep_participants", "work_prep_completed"),
    "recruitment": ("recruits_lived_experience_pct",),
    "funding": ("funding_awarded", "funding_spent"),
}


def _label(key: str) -> str:
    return measures.measure(key).label


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- what each section says ---------------------------------------------------------------


def _status(target) -> str:
    if target is None:
        return ""
    aim = "at least" if target.comparison == "at_least" else "at most"
    words = target.status.shown.removesuffix(" (in progress)")
    return (
        f", against the target of {aim} {format_value(target.target_value, target.unit)} "
        f"({words.lower()})"
    )


def sentences(report: AnnualReportContents, section: ReportSection) -> tuple[str, ...]:
    """What the year was, in a sentence or two, with the figures as shown."""
    now, before = report.year, report.year_before
    end = format_date(report.period.end)

    def pair(key: str) -> tuple[str, str]:
        f = section.figure(key)
        return f.this_year.shown, f.year_before.shown

    if section.key == "in_work":
        emp, sup, cum, starts = (
            pair(k)
            for k in (
                "in_employment",
                "people_supported",
                "people_supported_cumulative",
                "job_starts",
            )
        )
        return (
            f"On {end}, {emp[0]} people were in posts with the programme's support ({emp[1]} a "
            f"year before){_status(section.target)}.",
            f"Over {now} the programme supported {sup[0]} people ({sup[1]} in {before}); "
            f"{starts[0]} posts began ({starts[1]} in {before}), and {cum[0]} people have been "
            "supported in posts since the programme began.",
        )
    if section.key == "coverage":
        d_n, d_pct, p_n, p_pct = (
            pair(k)
            for k in (
                "directorates_covered",
                "directorates_covered_pct",
                "professions_covered",
                "professions_covered_pct",
            )
        )
        return (
            f"On {end} supported people worked in {d_n[0]} of the trust's directorates "
            f"({d_pct[0]}; {d_pct[1]} a year before){_status(section.target)}, and in "
            f"{p_n[0]} of its professions ({p_pct[0]}; {p_pct[1]} a year before).",
        )
    if section.key == "hurdles":
        return (
            "The programme set out to open the posts once out of reach. On "
            f"{end}: {pair('clinical_posts')[0]} people in clinical posts, "
            f"{pair('professional_posts')[0]} in professionally qualified posts, "
            f"{pair('management_posts')[0]} in management posts, and "
            f"{pair('in_professional_training')[0]} in professional training.",
        )
    if section.key == "work_preparation":
        places, done, into_work, into_study = (
            pair(k)
            for k in (
                "work_prep_participants",
                "work_prep_completed",
                "work_prep_open_employment_pct",
                "work_prep_education_pct",
            )
        )
        return (
            f"{places[0]} places on the ten-week work preparation programme began in {now} "
            f"({places[1]} in {before}); {done[0]} completed it. Of those places, "
            f"{into_work[0]} led into open employment and {into_study[0]} into education or "
            "training.",
        )
    if section.key == "recruitment":
        pct = pair("recruits_lived_experience_pct")
        recruits = pair("recruits")
        return (
            f"Of the {recruits[0]} people the trust recruited in {now}, {pct[0]} declared "
            f"personal experience of mental health problems ({pct[1]} in {before}); the "
            "trust's charter promises at least 15%"
            + (_status(section.target).replace(", against the target of", "; target") or "")
            + ".",
        )
    awarded, spent, cost = (
        pair(k) for k in ("funding_awarded", "funding_spent", "cost_per_person_supported")
    )
    return (
        f"In {now} the programme was awarded {awarded[0]} and spent {spent[0]} ({awarded[1]} "
        f"and {spent[1]} in {before}): {cost[0]} for each person supported ({cost[1]} in "
        f"{before}).",
    )


# --- the blocks ------------------------------------------------------------------------------


def _figures_table(report: AnnualReportContents, section: ReportSection) -> d.Table:
    return d.Table(
        f"{section.title}: {report.year} beside {report.year_before}",
        ("Figure", report.year, report.year_before),
        tuple(
            d.cells(_label(f.key), f.this_year.shown, f.year_before.shown) for f in section.figures
        ),
        (70, 25, 25),
        (False, True, True),
    )


def _chart(report: AnnualReportContents, section: ReportSection) -> d.Chart:
    if section.key == "in_work":
        return _month_ends_chart(report, section)
    if section.key == "funding":
        return _streams_chart(report)
    figures = [section.figure(k) for k in CHARTED[section.key]]
    unit = measures.measure(figures[0].key).unit
    target = section.target
    value = target.target_value if target is not None and len(figures) == 1 else None
    spec = charts.two_years(
        _two_year_rows(report, [(_label(f.key), f) for f in figures]),
        years=(report.year, report.year_before),
        unit=unit,
        rules=report.rules,
        target=value,
    )
    what = f"{section.title}: {report.year} beside {report.year_before}"
    return d.Chart(
        typeset.chart_svg(charts.style(spec)),
        comparison_alt(
            what,
            (report.year, report.year_before),
            [(_label(f.key), (f.this_year, f.year_before)) for f in figures],
        ),
        caption=what,
    )


def _two_year_rows(report, named: list[tuple[str, TwoYears]]) -> list[dict]:
    return [
        {"figure": name, "year": year, "value": figure.value}
        for name, f in named
        for year, figure in ((report.year, f.this_year), (report.year_before, f.year_before))
    ]


def _month_ends_chart(report: AnnualReportContents, section: ReportSection) -> d.Chart:
    points = section.month_ends
    target = section.target
    spec = charts.line_chart(
        [(f.as_of, f.value) for f in points],
        unit="people",
        target=target.target_value if target is not None else None,
        target_label="Target",
        height=220,
    ).properties(width=600)
    what = f"{_label('in_employment')} at each month end"
    aim = None
    if target is not None:
        aim = "a target of " + ("at least " if target.comparison == "at_least" else "at most ")
        aim += format_value(target.target_value, target.unit)
    return d.Chart(
        typeset.chart_svg(charts.style(spec)),
        series_alt(what, points, [f"{f.as_of:%B %Y}" for f in points], aim),
        caption=f"{what}, {points[0].as_of:%B %Y} to {points[-1].as_of:%B %Y}" if points else what,
        height=60,
    )


def _streams_chart(report: AnnualReportContents) -> d.Chart:
    named = [(s.stream, s.spent) for s in report.streams]
    spec = charts.two_years(
        _two_year_rows(report, named),
        years=(report.year, report.year_before),
        unit="pounds",
        rules=report.rules,
    )
    what = f"{_label('funding_spent')} by stream: {report.year} beside {report.year_before}"
    return d.Chart(
        typeset.chart_svg(charts.style(spec)),
        comparison_alt(
            what,
            (report.year, report.year_before),
            [(s.stream, (s.spent.this_year, s.spent.year_before)) for s in report.streams],
        ),
        caption=what,
    )


def _streams_table(report: AnnualReportContents) -> d.Table:
    return d.Table(
        f"Funding by stream: awarded and spent, {report.year} and {report.year_before}",
        (
            "Stream",
            "Type",
            f"Awarded {report.year}",
            f"Spent {report.year}",
            f"Awarded {report.year_before}",
            f"Spent {report.year_before}",
            "Ends",
        ),
        tuple(
            d.cells(
                s.stream,
                s.type_words,
                s.awarded.this_year.shown,
                s.spent.this_year.shown,
                s.awarded.year_before.shown,
                s.spent.year_before.shown,
                s.ends,
            )
            for s in report.streams
        ),
        (40, 24, 18, 18, 18, 18, 18),
        (False, False, True, True, True, True, False),
        small=True,
    )


def section_blocks(report: AnnualReportContents, number: int, section: ReportSection) -> tuple:
    blocks = [
        d.Heading(2, f"{number}. {section.title}", anchor=section.key),
        *(d.Paragraph(s) for s in sentences(report, section)),
        _figures_table(report, section),
    ]
    if section.key == "funding":
        blocks.append(_streams_table(report))
    blocks.append(_chart(report, section))
    return tuple(blocks)


def introduction(report: AnnualReportContents) -> tuple:
    return (
        d.Contents(),
        d.Note(
            "The User Employment Programme helps people with personal experience of mental "
            "health problems to get and keep jobs in the trust, on ordinary terms, in every "
            "directorate and profession. This report gives its figures for the financial year "
            f"{report.year} ({format_date(report.period.start)} to "
            f"{format_date(report.period.end)}), each beside {report.year_before}'s. It is "
            "for anyone to read, so it names nobody and gives no count that could point to "
            "someone: trust-wide totals the programme publishes are exact; other counts of "
            f"people are shown as * when they are 1 to {report.rules.suppress_up_to}, and "
            f"otherwise rounded to the nearest {report.rules.round_to}."
        ),
    )


def about_the_figures(report: AnnualReportContents, number: int) -> tuple:
    keys = [f.key for s in report.sections for f in s.figures]
    return (
        d.Heading(2, f"{number}. What each figure means", anchor="meanings"),
        d.Table(
            "What each figure in this report means",
            ("Figure", "What it counts"),
            tuple(d.cells(_label(k), measures.measure(k).meaning) for k in dict.fromkeys(keys)),
            (40, 80),
            small=True,
        ),
        d.Paragraph(
            "A figure at the year's end is on its last day; a figure for the year counts its "
            "whole twelve months. * is a count of 1 to "
            f"{report.rules.suppress_up_to} people (or a figure worked out from one); "
            "'not shown' is a figure that could, beside the others, point to a few people.",
            small=True,
            tone=d.MUTED,
        ),
    )


def document(report: AnnualReportContents) -> d.Document:
    blocks = [*introduction(report), d.NewPage()]
    for number, section in enumerate(report.sections, start=1):
        blocks += section_blocks(report, number, section)
    blocks += about_the_figures(report, len(report.sections) + 1)
    return d.Document(
        title=f"{PROGRAMME}: annual report {report.year}",
        subject=f"The programme's year {report.year} in figures, beside {report.year_before}",
        author=f"{PROGRAMME} dashboard",
        header_left=f"{PROGRAMME} · Annual report {report.year}",
        header_right=f"{format_date(report.period.start)} to {format_date(report.period.end)}",
        footer=footer(report.rules),
        cover=d.Cover(
            PROGRAMME,
            f"Annual report {report.year}",
            (
                f"The financial year {format_date(report.period.start)} to "
                f"{format_date(report.period.end)}, beside {report.year_before}",
                f"Prepared on {format_date(report.prepared_on)} from the programme's dashboard",
            ),
            "The year in figures",
        ),
        blocks=tuple(blocks),
        created=report.prepared_on.isoformat(),
    )


def render(report: AnnualReportContents) -> bytes:
    """The annual report as PDF/UA-1 bytes."""
    return typeset.pdf(document(report))


def contents(conn, as_of: dt.date, year: int | None = None, prepared_on=None):
    """What the report says for a financial year (at the public's level, whoever asks)."""
    filters = views.Filters(as_of, financial_year_to_date(as_of))
    return views.PAGE_VIEWS["annual_report"](conn, filters, year=year, prepared_on=prepared_on)


def log_export(engine, report: AnnualReportContents, who: str, form: str) -> None:
    logged.log_paper(engine, who, f"the annual report for {report.year} ({form})", "public")


__all__ = ["contents", "document", "log_export", "render"]
