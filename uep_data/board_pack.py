"""The board pack: a PDF for the trust board's papers, always under board-level disclosure
control, whoever makes it.

What the pack says comes from its view (views/board_pack.py), made from the same pieces as the
dashboard's pages, so no figure is worked out twice; `render` lays it out: a title page with the as-of date, the headline
figures against their targets, the Making Data Count charts with their icons and readings,
the targets, funding, and what changed since the last report. Charts are vector drawings
(Vega-Lite turned into PDF by vl-convert and placed on the page), so they print crisply at
any size.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Connection

from . import audit, charts, db, measures, spc_icons, views
from .formatting import STATUS_WORDS
from .periods import financial_year_to_date, format_date
from .values import financial_year_of
from .views.board_pack import BoardPackContents
from .views.spc_panels import SpcPanel

FONTS = Path(__file__).parent / "fonts"
PROGRAMME = "User Employment Programme"
STATUS_RGB = {
    "met": (0, 127, 59),
    "near": (140, 98, 0),
    "not_met": (213, 40, 27),
    "no_data": (66, 85, 99),
    "not_shown": (66, 85, 99),
}
DARK_BLUE = (0, 48, 135)
TEXT = (33, 43, 50)
GREY_TEXT = (66, 85, 99)
RULE_GREY = (216, 221, 224)
PALE = (240, 244, 245)
ZEBRA = (248, 250, 251)


# --- laying it out -------------------------------------------------------------------------


@dataclass(frozen=True)
class _ChartBox:
    page: int  # from 1
    x: float  # mm from the left
    y: float  # mm from the top
    width: float
    height: float
    pdf: bytes  # the chart as a one-page vector PDF


def _chart_pdf(view: SpcPanel) -> bytes:
    import vl_convert

    chart = charts.style(
        charts.spc_chart(
            view.chart,
            unit=view.unit,
            targets=view.targets,
            recalculations=view.recalculations,
            width=600,
            height=250,
        )
    )
    return vl_convert.vegalite_to_pdf(chart.to_json())


def render(pack: BoardPackContents) -> bytes:
    """The pack as PDF bytes (A4 portrait)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    boxes: list[_ChartBox] = []

    class Pack(FPDF):
        def header(self):
            if self.page_no() == 1:
                return
            self.set_font("Sans", "", 8.5)
            self.set_text_color(*GREY_TEXT)
            self.cell(0, 5, f"{PROGRAMME} · Board report", new_x="LMARGIN")
            self.cell(0, 5, f"Figures as of {format_date(pack.as_of)}", align="R")
            self.ln(6)
            self.set_draw_color(*RULE_GREY)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
            self.ln(4)

        def footer(self):
            self.set_y(-14)
            self.set_font("Sans", "", 8)
            self.set_text_color(*GREY_TEXT)
            self.cell(
                0,
                4,
                "Under disclosure control: below trust level, counts of 1 to "
                f"{pack.rules.suppress_up_to} are shown as *, others rounded to the nearest "
                f"{pack.rules.round_to}.",
                new_x="LMARGIN",
                new_y="NEXT",
            )
            self.cell(0, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    pdf = Pack(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Sans", "", FONTS / "DejaVuSans.ttf")
    pdf.add_font("Sans", "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_title(f"{PROGRAMME}: board report, figures as of {format_date(pack.as_of)}")
    pdf.set_author(f"{PROGRAMME} dashboard")
    pdf.set_subject("Progress against the programme's targets, under disclosure control")
    pdf.set_lang("en-GB")
    pdf.set_creation_date(dt.datetime.combine(pack.prepared_on, dt.time(), dt.UTC))
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def room_for(height: float) -> None:
        """A new page unless `height` mm still fit on this one (sections flow on, but a
        heading never sits alone at the foot of a page)."""
        if pdf.get_y() + height > pdf.h - 22:
            pdf.add_page()
        elif pdf.get_y() > 40:
            pdf.ln(5)

    def heading(text: str) -> None:
        pdf.start_section(text)
        pdf.set_font("Sans", "B", 15)
        pdf.set_text_color(*DARK_BLUE)
        pdf.multi_cell(width, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

        pdf.set_text_color(*TEXT)

    def subheading(text: str) -> None:
        pdf.set_font("Sans", "B", 11.5)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(width, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.5)

    def paragraph(text: str, size: float = 10, colour=TEXT) -> None:
        pdf.set_font("Sans", "", size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(width, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    def table(
        headings: list[str],
        rows: list[list[str]],
        widths: list[float],
        align=None,
        status_column: int | None = None,
        statuses: list | None = None,
    ) -> None:
        pdf.set_font("Sans", "", 9)
        pdf.set_text_color(*TEXT)
        pdf.set_draw_color(*RULE_GREY)
        pdf.set_line_width(0.2)
        heading_style = FontFace(emphasis="BOLD", color=DARK_BLUE, fill_color=PALE)
        with pdf.table(
            col_widths=widths,
            text_align=align or "LEFT",
            headings_style=heading_style,
            line_height=5,
            padding=1.4,
            borders_layout="HORIZONTAL_LINES",
            first_row_as_headings=True,
            repeat_headings=1,
            cell_fill_mode="ROWS",
            cell_fill_color=ZEBRA,
        ) as drawn:
            drawn.row(headings)
            for i, cells in enumerate(rows):
                row = drawn.row()
                for j, text in enumerate(cells):
                    text = _fits_a_cell(text)
                    if status_column is not None and j == status_column and statuses:
                        colour = STATUS_RGB.get(statuses[i] or "no_data", TEXT)
                        row.cell(text, style=FontFace(emphasis="BOLD", color=colour))
                    else:
                        row.cell(text)
        pdf.ln(3)

    # --- title page
    pdf.add_page()
    pdf.set_fill_color(*DARK_BLUE)
    pdf.rect(0, 0, pdf.w, 14, style="F")
    pdf.set_y(62)
    pdf.set_font("Sans", "B", 26)
    pdf.set_text_color(*DARK_BLUE)
    pdf.multi_cell(width, 12, PROGRAMME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 17)
    pdf.set_text_color(*TEXT)
    pdf.multi_cell(width, 9, "Report to the trust board", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Sans", "B", 13)
    pdf.multi_cell(
        width, 7, f"Figures as of {format_date(pack.as_of)}", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("Sans", "", 11)
    pdf.multi_cell(
        width,
        6,
        f"Financial year to date: {format_date(pack.period.start)} to "
        f"{format_date(pack.period.end)}\nChanges since {format_date(pack.since)}\n"
        f"Prepared on {format_date(pack.prepared_on)} from the programme's dashboard",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(10)
    pdf.set_font("Sans", "B", 11)
    pdf.cell(width, 7, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Sans", "", 11)
    sections = [
        "1. What needs attention",
        "2. Making Data Count summary",
        "3. Headline figures against targets",
        "4. Month by month: Making Data Count charts",
        "5. Targets",
        "6. Check-ins on the targets",
        "7. Action plan",
        "8. Funding",
        f"9. What changed since {format_date(pack.since)}",
    ]
    for line in sections:
        pdf.cell(width, 6.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_fill_color(*PALE)
    pdf.set_font("Sans", "", 9.5)
    pdf.set_text_color(*GREY_TEXT)
    pdf.multi_cell(
        width,
        5,
        "The programme's records are about staff with experience of mental health problems, "
        "and it is for each of them whom they tell. This report therefore shows trust-wide "
        "totals exactly and controls every figure below trust level (a directorate, a "
        "profession, a month, or part of a year): counts of 1 to "
        f"{pack.rules.suppress_up_to} are shown as *, other counts are rounded to the nearest "
        f"{pack.rules.round_to}, and percentages are worked out from the rounded counts. The "
        "monthly charts show the trust-wide number in post at each month end and the number "
        "of support contacts: trust-wide totals and events, not a month's count of people.",
        fill=True,
        padding=4,
        new_x="LMARGIN",
        new_y="NEXT",
    )

    flag_width = 27.0

    def flagged(flag: str, colour, title: str, lines: list[tuple[str, tuple]]) -> None:
        """One item: its flag (icon and word, in its colour) beside its title in bold, and
        lines of detail under the title."""
        if pdf.get_y() + 16 > pdf.h - 22:
            pdf.add_page()
        pdf.set_font("Sans", "B", 10)
        pdf.set_text_color(*colour)
        pdf.cell(flag_width, 5.5, flag)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(
            width - flag_width, 5.5, _fits_a_cell(title), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_font("Sans", "", 9.5)
        for line, line_colour in lines:
            pdf.set_text_color(*line_colour)
            pdf.set_x(pdf.l_margin + flag_width)
            pdf.multi_cell(width - flag_width, 4.8, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*TEXT)
        pdf.ln(1.8)

    # --- 1. what needs attention
    pdf.add_page()
    heading(sections[0])
    attention = pack.attention
    paragraph(attention.summary)
    for item in attention.items:
        lines = [(item.detail + (f" · {item.owner}" if item.owner else ""), TEXT)]
        if item.check_in is not None:
            lines.append((f"{item.check_in.heading}: {item.check_in.text}", GREY_TEXT))
        flagged(f"{item.icon} {item.flag_words}", STATUS_RGB[item.colour], item.title, lines)
    if attention.targets:
        paragraph(
            "Targets in force on the date whose status is not met or near; the targets of "
            "years that have ended are in section 5.",
            size=9,
            colour=GREY_TEXT,
        )

    # --- 2. the Making Data Count summary
    room_for(60)
    heading(sections[1])
    paragraph(
        "Each monthly series at a glance: its latest month, the target in force, the "
        "variation icon (is it changing?) and the assurance icon (will the target be met "
        "reliably?), with one line of reading. The charts are in section 4.",
        size=9.5,
        colour=GREY_TEXT,
    )
    _spc_summary_table(pdf, pack.spc_summary, width)

    # --- 3. headline figures
    room_for(80)
    heading(sections[2])
    paragraph(
        f"Trust-wide, as of {format_date(pack.as_of)}; figures over a period cover the "
        f"financial year to date ({format_date(pack.period.start)} to "
        f"{format_date(pack.period.end)})."
    )
    rows, statuses = [], []
    for h in pack.headlines:
        words = h.target_text.removeprefix("Target: ")
        if h.target is not None:
            words += f" ({h.target_name.lower()})"
        rows.append(
            [h.figure.label, h.figure.shown, words, h.target.status.shown if h.target else ""]
        )
        statuses.append(h.target.status_key if h.target else None)
        if h.aim is not None:
            rows.append(["", "", h.aim_text.lower(), h.aim.status.shown])
            statuses.append(h.aim.status_key)
    table(
        ["Figure", "Now", "Target", "Status"],
        rows,
        [56, 20, 62, 36],
        status_column=3,
        statuses=statuses,
    )
    for h in pack.headlines:
        if h.explanation:
            paragraph(f"{h.figure.label}: {h.explanation}", size=9.5)

    # --- 4. SPC charts
    room_for(130)
    heading(sections[3])
    paragraph(
        "Each chart shows the last three years of whole months as NHS England's Making Data "
        "Count asks: the average (solid line), the process limits within which the figure "
        "usually varies (dashed), and the target in force (red). A coloured point is a signal "
        "that something has changed: blue an improvement, orange a concern, purple a change "
        "where neither direction is better. The left icon reads the latest month; the right "
        "one says whether the target will be met reliably (P), missed reliably (F) or hit and "
        "missed at random.",
        size=9.5,
        colour=GREY_TEXT,
    )
    for view in pack.spc:
        chart_height = 64.0
        if pdf.get_y() + 8 + chart_height + 26 > pdf.h - 22:
            pdf.add_page()
        subheading(view.title)
        if view.chart is None:
            paragraph(view.note or "Not shown.")
            continue
        boxes.append(
            _ChartBox(
                pdf.page_no(), pdf.l_margin, pdf.get_y(), width, chart_height, _chart_pdf(view)
            )
        )
        pdf.set_y(pdf.get_y() + chart_height + 3)
        top = pdf.get_y()
        icon_size = 15.0
        x = pdf.l_margin
        for shapes in (
            spc_icons.variation_shapes(view.chart.variation_icon),
            spc_icons.assurance_shapes(view.chart.assurance_icon),
        ):
            if shapes:
                _draw_icon(pdf, shapes, x, top, icon_size)
                x += icon_size + 3
        pdf.set_xy(pdf.l_margin + 2 * (icon_size + 3) + 2, top)
        pdf.set_font("Sans", "", 9.5)
        pdf.set_text_color(*TEXT)
        words = view.notes
        pdf.multi_cell(
            width - 2 * (icon_size + 3) - 2,
            4.6,
            "\n".join(f"• {w}" for w in words),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_y(max(pdf.get_y(), top + icon_size) + 6)

    # --- 5. targets
    room_for(70)
    heading(sections[4])
    paragraph(
        "The programme's aspirational targets and the interim targets of the last twelve "
        "months (the dashboard lists every target, with its trajectory). A target's actual "
        "is its figure over its own period, up to the as-of date.",
        size=9.5,
        colour=GREY_TEXT,
    )
    table(
        ["Target", "Period", "Where", "Actual", "Target", "Status"],
        [
            [
                t.title,
                t.period_words,
                t.where_words,
                t.actual.shown,
                t.target_words,
                t.status.shown,
            ]
            for t in pack.targets
        ],
        [62, 24, 20, 16, 18, 34],
        status_column=5,
        statuses=[t.status_key for t in pack.targets],
    )

    # --- 6. check-ins
    room_for(50)
    heading(sections[5])
    paragraph(
        "At each meeting the programme lead says, for each target, what the figure says, why, "
        "what is being done and by when: the latest first, then the earlier ones.",
        size=9.5,
        colour=GREY_TEXT,
    )
    if not pack.check_ins:
        paragraph("No check-ins are recorded yet.")
    for found in pack.check_ins:
        line = found.target
        flagged(
            line.status.shown.removesuffix(" (in progress)"),
            STATUS_RGB.get(line.status_key, TEXT),
            line.title,
            [(f"{line.actual.shown} against {line.target_words}", TEXT)]
            + [
                (f"{c.heading}: {c.text}", TEXT if n == 0 else GREY_TEXT)
                for n, c in enumerate(found.check_ins)
            ],
        )

    # --- 7. action plan
    room_for(50)
    heading(sections[6])
    if not pack.actions:
        paragraph("No actions are recorded.")
    for group in pack.actions:
        flags = group.flags or "Not linked to a target"
        if pdf.get_y() + 24 > pdf.h - 22:
            pdf.add_page()
        subheading(f"{_fits_a_cell(group.title)} — {flags}")
        table(
            ["Action", "Owner", "Due", "Status"],
            [[a.description, a.owner, a.due, a.status_words] for a in group.actions],
            [76, 42, 24, 32],
            status_column=3,
            statuses=["not_met" if a.overdue else "no_data" for a in group.actions],
        )

    # --- 8. funding
    room_for(70)
    heading(sections[7])
    money = pack.funding
    paragraph(
        f"Financial year to date: {money.awarded.shown} awarded and {money.spent.shown} spent; "
        f"{money.recurring_pct.shown} of the funding is from recurring grants."
    )
    subheading(f"Streams in {money.year}")
    if money.streams:
        table(
            ["Stream", "Funder", "Type", "Awarded", "Spent", "Ends"],
            [
                [
                    s.stream,
                    s.funder,
                    s.type_words,
                    s.awarded.shown,
                    s.spent.shown if s.spent.value is not None else "",
                    s.ends,
                ]
                for s in money.streams
            ],
            [40, 34, 30, 22, 22, 26],
        )
    else:
        paragraph("No funding is recorded for this financial year.")
    subheading("Ending within 12 months")
    if money.ending_soon:
        table(
            ["Stream", "Type", "Ends"],
            [[e.stream, e.type_words, e.ends] for e in money.ending_soon],
            [80, 54, 40],
        )
    else:
        paragraph("No grant or contract ends within 12 months.")
    if money.cost_per_person:
        subheading(measures.measure("cost_per_person_supported").label)
        table(
            ["Financial year", "Cost per person"],
            [[financial_year_of(f.start), f.shown] for f in money.cost_per_person],
            [60, 50],
        )

    # --- 9. what changed
    room_for(110)
    heading(sections[8])
    if pack.changes is not None:
        changes = pack.changes
        subheading(f"On {format_date(pack.since)} and on {format_date(pack.as_of)}")
        table(
            ["Figure", format_date(pack.since), format_date(pack.as_of)],
            [[row.label, row.then.shown, row.now.shown] for row in changes.point],
            [90, 42, 42],
        )
        subheading(f"Between {format_date(pack.since)} and {format_date(pack.as_of)}")
        table(
            ["Figure", "In that time"],
            [[measures.measure(f.measure).label, f.shown] for f in changes.happened],
            [90, 42],
        )
        subheading("Targets whose status moved")
        paragraph(
            "\n".join(
                f"{m.target.title}: {m.before.lower()} → {STATUS_WORDS[m.after.value].lower()} "
                f"(actual {m.target.actual.shown})"
                for m in changes.moved
            )
            or "No target changed status."
        )
    else:
        paragraph("The date of the last report is not before the as-of date.")

    document = bytes(pdf.output())
    return _place_charts(document, boxes)


def _spc_summary_table(pdf, rows, width: float) -> None:
    """The Making Data Count summary: a row per monthly series, with its two icons drawn."""
    columns = [42, 20, 22, 17, 17, width - 118]
    headings = ["Measure", "Latest", "Target", "Variation", "Assurance", "Reading"]
    icon = 11.0

    def heading_row() -> None:
        pdf.set_font("Sans", "B", 8)
        pdf.set_text_color(*DARK_BLUE)
        pdf.set_fill_color(*PALE)
        x = pdf.l_margin
        y = pdf.get_y()
        pdf.rect(pdf.l_margin, y, width, 6, style="F")
        for text, w in zip(headings, columns, strict=True):
            pdf.set_xy(x + 0.8, y + 0.8)
            pdf.cell(w - 1.6, 4.4, text)
            x += w
        pdf.set_y(y + 6.5)

    heading_row()
    for row in rows:
        texts = [
            row.title,
            "" if row.latest is None else f"{row.latest.shown}\n{row.latest_month}",
            row.target_words,
            "",
            "",
            row.reading + (f"\n{row.explanation}" if row.explanation else ""),
        ]
        pdf.set_font("Sans", "", 8.5)
        heights = [
            len(pdf.multi_cell(w - 1.6, 4.2, text, dry_run=True, output="LINES")) * 4.2
            for text, w in zip(texts, columns, strict=True)
        ]
        height = max([*heights, icon]) + 2.4
        if pdf.get_y() + height > pdf.h - 22:
            pdf.add_page()
            heading_row()
        y = pdf.get_y()
        x = pdf.l_margin
        pdf.set_text_color(*TEXT)
        for n, (text, w) in enumerate(zip(texts, columns, strict=True)):
            if n == 3:
                shapes = spc_icons.variation_shapes(row.variation_icon)
            elif n == 4:
                shapes = spc_icons.assurance_shapes(row.assurance_icon)
            else:
                shapes = None
            if shapes:
                _draw_icon(pdf, shapes, x + (w - icon) / 2, y + 1.2, icon)
                pdf.set_font("Sans", "", 8.5)
            elif n in (3, 4):
                pdf.set_xy(x + 0.8, y + 1.2)
                pdf.cell(w - 1.6, 4.2, "–")
            else:
                pdf.set_font("Sans", "B" if n == 0 else "", 8.5)
                pdf.set_xy(x + 0.8, y + 1.2)
                pdf.multi_cell(w - 1.6, 4.2, text, align="L")
            x += w
        pdf.set_draw_color(*RULE_GREY)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + width, y + height)
        pdf.set_y(y + height + 0.5)
    pdf.set_font("Sans", "", 8)
    pdf.set_text_color(*GREY_TEXT)
    pdf.multi_cell(
        width,
        4,
        "Variation: "
        + "; ".join(
            sorted(
                {
                    spc_icons.ICON_NAMES[r.variation_icon]
                    for r in rows
                    if r.variation_icon in spc_icons.ICON_NAMES
                }
            )
        )
        + ". Assurance: "
        + (
            "; ".join(
                sorted(
                    {
                        spc_icons.ICON_NAMES[r.assurance_icon]
                        for r in rows
                        if r.assurance_icon in spc_icons.ICON_NAMES
                    }
                )
            )
            or "no target"
        )
        + ".",
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(*TEXT)
    pdf.ln(3)


CELL_CHARACTERS = 240  # a longer text (a very long target title) is cut short in a table


def _fits_a_cell(text: str) -> str:
    """A table cell's text, cut short (with an ellipsis) if it would not fit on a page."""
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1].rstrip() + "…"


def _draw_icon(pdf, shapes, x: float, y: float, size: float) -> None:
    """A Making Data Count icon (spc_icons' shapes in a 100 x 100 box) drawn into the PDF."""
    scale = size / 100

    def at(px: float, py: float) -> tuple[float, float]:
        return x + px * scale, y + py * scale

    for shape in shapes:
        if isinstance(shape, spc_icons.Circle):
            style = "".join(["D" if shape.stroke else "", "F" if shape.fill else ""]) or "D"
            if shape.stroke:
                pdf.set_draw_color(shape.stroke)
                pdf.set_line_width(shape.width * scale)
            if shape.fill:
                pdf.set_fill_color(shape.fill)
            cx, cy = at(shape.cx, shape.cy)
            pdf.circle(cx, cy, shape.r * scale, style=style)
        elif isinstance(shape, spc_icons.Polyline):
            pdf.set_draw_color(shape.stroke)
            pdf.set_line_width(shape.width * scale)
            if shape.dashed:
                pdf.set_dash_pattern(dash=6 * scale, gap=4 * scale)
            pdf.polyline([at(px, py) for px, py in shape.points], style="D")
            pdf.set_dash_pattern()
        else:
            pdf.set_font("Sans", "B", shape.size * scale * 2.83465)
            pdf.set_text_color(shape.colour)
            tx, ty = at(shape.x, shape.y)
            pdf.text(tx - pdf.get_string_width(shape.text) / 2, ty, shape.text)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*TEXT)
    pdf.set_draw_color(*RULE_GREY)
    pdf.set_fill_color(255, 255, 255)


def _place_charts(document: bytes, boxes: list[_ChartBox]) -> bytes:
    """Put each chart's vector page into its box (fitted, centred), keeping the text layer."""
    if not boxes:
        return document
    from pypdf import PdfReader, PdfWriter, Transformation

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(document)))
    millimetre = 72 / 25.4
    for box in boxes:
        chart = PdfReader(io.BytesIO(box.pdf)).pages[0]
        chart_width = float(chart.mediabox.width)
        chart_height = float(chart.mediabox.height)
        page = writer.pages[box.page - 1]
        page_height = float(page.mediabox.height)
        scale = min(box.width * millimetre / chart_width, box.height * millimetre / chart_height)
        left = box.x * millimetre + (box.width * millimetre - chart_width * scale) / 2
        bottom = page_height - (box.y + box.height) * millimetre
        page.merge_transformed_page(
            chart, Transformation().scale(scale, scale).translate(left, bottom)
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make(
    engine, as_of: dt.date, since: dt.date | None = None, who: str = "", prepared_on=None
) -> tuple[bytes, BoardPackContents]:
    """Make the board pack and log it as an export (who, and the pack's date)."""
    with db.reading(engine) as conn:
        document, pack = board_pack_pdf(conn, as_of, since, prepared_on)
    log_export(engine, as_of, who)
    return document, pack


def log_export(engine, as_of: dt.date, who: str) -> None:
    with db.writing(engine) as conn:
        audit.log(
            conn,
            who,
            "export",
            {
                "what": f"the board pack as of {format_date(as_of)}",
                "audience": "under disclosure control (board level)",
            },
        )


def contents(
    conn: Connection, as_of: dt.date, since: dt.date | None = None, prepared_on=None
) -> BoardPackContents:
    """What the pack says for D (at board level, whoever asks)."""
    filters = views.Filters(as_of, financial_year_to_date(as_of))
    return views.PAGE_VIEWS["board_pack"](conn, filters, since=since, prepared_on=prepared_on)


def board_pack_pdf(
    conn: Connection, as_of: dt.date, since: dt.date | None = None, prepared_on=None
) -> tuple[bytes, BoardPackContents]:
    """The board pack for D as PDF bytes, with what it says."""
    pack = contents(conn, as_of, since, prepared_on)
    return render(pack), pack
