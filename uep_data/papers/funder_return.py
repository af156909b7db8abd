"""A funder's return: what one funding stream paid for in a financial year and the outcomes in
its purpose's terms, under board-level disclosure control (a funder is outside the trust). It
is a workbook, because funders' returns are spreadsheets (a sheet per section, header rows
frozen, numbers as numbers, a notes sheet saying what each figure means), and the same return
as an accessible PDF (PDF/UA-1). What it says comes from its view (views/funder_return.py)."""

from __future__ import annotations

import datetime as dt
import io

from .. import charts, measures, views
from ..disclosure import SUPPRESSED
from ..periods import financial_year_to_date, format_date
from ..values import neutralise_for_export
from ..views.funder_return import FunderReturnContents
from . import document as d
from . import logged, typeset
from .board_pack import PROGRAMME, footer
from .chart_words import comparison_alt

MONEY_FORMAT = '"£"#,##0'
PERCENT_FORMAT = "0%"
COUNT_FORMAT = "#,##0"


def _label(key: str) -> str:
    return measures.measure(key).label


def _measured(figure) -> str:
    """When a figure is measured, in words: on the year's last day, or over the year."""
    if figure.start is None:
        return f"on {format_date(figure.as_of)}"
    return f"{format_date(figure.start)} to {format_date(figure.end)}"


def summary_rows(ret: FunderReturnContents) -> list[tuple[str, object]]:
    """The return's first sheet: the stream, what it paid for, awarded against spent."""
    return [
        ("Funding stream", ret.stream),
        ("Funder", ret.funder),
        ("Type", ret.type_words),
        ("What it pays for", ret.purpose_words),
        ("Financial year", ret.year),
        ("From", format_date(ret.period.start)),
        ("To", format_date(ret.period.end)),
        (_label("funding_awarded"), ret.awarded),
        (_label("funding_spent"), ret.spent),
        ("Ends", ret.ends or "No end date recorded"),
        ("Prepared on", format_date(ret.prepared_on)),
    ]


def disclosure_words(ret: FunderReturnContents) -> str:
    return (
        "The programme's records are about staff with experience of mental health problems. "
        "Trust-wide totals the programme publishes are exact; other counts of people are shown "
        f"as * when they are 1 to {ret.rules.suppress_up_to} and otherwise rounded to the "
        f"nearest {ret.rules.round_to}, and shares are worked out from the rounded counts."
    )


# --- the workbook ----------------------------------------------------------------------------


def workbook_bytes(ret: FunderReturnContents) -> bytes:
    """The return as an .xlsx workbook: Return, Outcomes, Funding by year, Notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    bold = Font(bold=True, color="003087")
    fill = PatternFill("solid", fgColor="F0F4F5")

    def sheet(title: str, headings: list[str], rows: list[list], widths: list[int]):
        found = book.create_sheet(title)
        found.append(headings)
        for cell in found[1]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            found.append([_cell_value(v) for v in row])
            for cell, value in zip(found[found.max_row], row, strict=True):
                cell.number_format = _number_format(value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for n, width in enumerate(widths):
            found.column_dimensions[chr(ord("A") + n)].width = width
        found.freeze_panes = "A2"
        return found

    book.remove(book.active)
    sheet("Return", ["Item", "Value"], [list(r) for r in summary_rows(ret)], [28, 48])
    sheet(
        "Outcomes",
        ["Figure", "Value", "Measured", "As shown"],
        [[f.label, f, _measured(f), f.shown] for f in (*ret.outcomes, ret.cost_per_person)],
        [48, 14, 30, 40],
    )
    sheet(
        "Funding by year",
        ["Financial year", _label("funding_awarded"), _label("funding_spent")],
        [[y.year, y.awarded, y.spent] for y in ret.history],
        [16, 18, 18],
    )
    keys = [f.measure for f in (*ret.outcomes, ret.cost_per_person)]
    notes = [[_label(k), measures.measure(k).meaning] for k in dict.fromkeys(keys)]
    notes += [
        ["*", f"A count of 1 to {ret.rules.suppress_up_to} people, or a figure made from one."],
        ["Blank", "No data: nothing to measure (or a figure not shown at this level)."],
        ["Disclosure control", disclosure_words(ret)],
    ]
    sheet("Notes", ["Figure", "What it means"], notes, [40, 100])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_value(value):
    """A figure as a number (a share as a fraction, shown as a percentage); a `*` as text;
    no data as a blank; text made inert for spreadsheets."""
    if hasattr(value, "measure"):  # a Figure
        if value.value is None or value.value == SUPPRESSED or isinstance(value.value, str):
            return value.shown if value.value == SUPPRESSED else None
        return value.value / 100 if value.unit == "percent" else value.value
    return neutralise_for_export(value) if isinstance(value, str) else value


def _number_format(value) -> str:
    if not hasattr(value, "measure"):
        return "General"
    return {"pounds": MONEY_FORMAT, "percent": PERCENT_FORMAT}.get(value.unit, COUNT_FORMAT)


# --- the PDF ---------------------------------------------------------------------------------


def document(ret: FunderReturnContents) -> d.Document:
    # each year's award beside its spending, every bar labelled with which it is
    spec = charts.two_years(
        [
            {"figure": y.year, "year": what, "value": f.value}
            for y in ret.history
            for what, f in (("Awarded", y.awarded), ("Spent", y.spent))
        ],
        years=("Awarded", "Spent"),
        unit="pounds",
        rules=ret.rules,
    )
    blocks = (
        d.Heading(2, "1. What the stream paid for"),
        d.Paragraph(
            f"{ret.stream} ({ret.type_words.lower()}, from {ret.funder or 'the funder'}) "
            f"pays for {ret.purpose_words.lower()}. In {ret.year} it was awarded "
            f"{ret.awarded.shown} and {ret.spent.shown} of it was spent"
            + (f"; it ends on {ret.ends}." if ret.ends else "; no end date is recorded.")
        ),
        d.Table(
            f"{ret.stream}, {ret.year}",
            ("Item", "Value"),
            tuple(
                d.cells(item, value.shown if hasattr(value, "shown") else str(value))
                for item, value in summary_rows(ret)
            ),
            (40, 60),
        ),
        d.Heading(2, "2. Outcomes"),
        d.Paragraph(
            f"The programme's outcomes in {ret.year}, in the terms of what the stream pays "
            f"for ({ret.purpose_words.lower()}), and the stream's own cost per person."
        ),
        d.Table(
            f"Outcomes in {ret.year}",
            ("Figure", "Value", "Measured"),
            tuple(
                d.cells(f.label, f.shown, _measured(f))
                for f in (*ret.outcomes, ret.cost_per_person)
            ),
            (55, 20, 35),
            (False, True, False),
        ),
        d.Heading(2, "3. Awarded against spent, year by year"),
        d.Table(
            f"{ret.stream}: awarded and spent by financial year",
            ("Financial year", _label("funding_awarded"), _label("funding_spent")),
            tuple(d.cells(y.year, y.awarded.shown, y.spent.shown) for y in ret.history),
            (40, 30, 30),
            (False, True, True),
        ),
        d.Chart(
            typeset.chart_svg(charts.style(spec)),
            comparison_alt(
                f"{ret.stream}: awarded and spent by financial year",
                [y.year for y in ret.history],
                [
                    (_label("funding_awarded"), [y.awarded for y in ret.history]),
                    (_label("funding_spent"), [y.spent for y in ret.history]),
                ],
            ),
            caption=f"{ret.stream}: awarded and spent by financial year",
        ),
        d.Heading(2, "4. What each figure means"),
        d.Table(
            "What each figure in this return means",
            ("Figure", "What it means"),
            tuple(
                d.cells(_label(k), measures.measure(k).meaning)
                for k in dict.fromkeys(f.measure for f in (*ret.outcomes, ret.cost_per_person))
            ),
            (40, 80),
            small=True,
        ),
        d.Paragraph(disclosure_words(ret), small=True, tone=d.MUTED),
    )
    return d.Document(
        title=f"{PROGRAMME}: return to {ret.funder or 'the funder'}, {ret.stream}, {ret.year}",
        subject=f"What {ret.stream} paid for in {ret.year} and the outcomes",
        author=f"{PROGRAMME} dashboard",
        header_left=f"{PROGRAMME} · Return: {ret.stream}",
        header_right=ret.year,
        footer=footer(ret.rules),
        cover=d.Cover(
            PROGRAMME,
            f"Return to {ret.funder or 'the funder'}: {ret.stream}",
            (
                f"The financial year {format_date(ret.period.start)} to "
                f"{format_date(ret.period.end)}",
                f"Prepared on {format_date(ret.prepared_on)} from the programme's dashboard",
            ),
            f"{ret.year}: {ret.purpose_words}",
        ),
        blocks=(d.Contents(), d.NewPage(), *blocks),
        created=ret.prepared_on.isoformat(),
    )


def render(ret: FunderReturnContents) -> bytes:
    """The return as PDF/UA-1 bytes."""
    return typeset.pdf(document(ret))


def contents(conn, as_of: dt.date, stream: str | None, year: int | None = None, prepared_on=None):
    """What the return says (at board level, whoever asks)."""
    filters = views.Filters(as_of, financial_year_to_date(as_of))
    return views.PAGE_VIEWS["funder_return"](
        conn, filters, stream=stream, year=year, prepared_on=prepared_on
    )


def log_export(engine, ret: FunderReturnContents, who: str, form: str) -> None:
    logged.log_paper(
        engine, who, f"the return for {ret.stream}, {ret.year} ({form})", "board level"
    )
