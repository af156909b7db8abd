"""The board pack: the board's report as an accessible PDF (PDF/UA-1), always under
board-level disclosure control, whoever makes it.

What the pack says comes from its view (views/board_pack.py), made from the same pieces as the
dashboard's pages, so no figure is worked out twice. Here each section of the pack becomes its
blocks (document.py), one function per section: what needs attention, the Making Data Count
summary, the headline figures against their targets, the charts with their icons and readings,
the targets, the check-ins, the action plan, funding, and what changed since the last report.
Charts are vector drawings (Vega-Lite as SVG, typeset as figures with their words)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Connection

from .. import charts, db, measures, spc_icons, views
from ..formatting import STATUS_WORDS
from ..periods import financial_year_to_date, format_date
from ..values import financial_year_of
from ..views.board_pack import BoardPackContents
from . import document as d
from . import logged, typeset
from .chart_words import spc_alt

PROGRAMME = "User Employment Programme"
SECTIONS = (
    "What needs attention",
    "Making Data Count summary",
    "Headline figures against targets",
    "Month by month: Making Data Count charts",
    "Targets",
    "Check-ins on the targets",
    "Action plan",
    "Funding",
    "What changed since {since}",
)


def section_titles(pack: BoardPackContents) -> list[str]:
    """The numbered headings of the pack's sections."""
    return [
        f"{n}. {title.format(since=format_date(pack.since))}"
        for n, title in enumerate(SECTIONS, start=1)
    ]


def _heading(pack: BoardPackContents, number: int) -> d.Heading:
    return d.Heading(2, section_titles(pack)[number - 1])


def _explained(text: str) -> d.Paragraph:
    return d.Paragraph(text, small=True, tone=d.MUTED)


def footer(rules) -> str:
    return (
        "Under disclosure control: below trust level, counts of 1 to "
        f"{rules.suppress_up_to} are shown as *, others rounded to the nearest {rules.round_to}."
    )


# --- the sections, in order ------------------------------------------------------------------


def cover(pack: BoardPackContents) -> d.Cover:
    return d.Cover(
        PROGRAMME,
        "Report to the trust board",
        (
            f"Financial year to date: {format_date(pack.period.start)} to "
            f"{format_date(pack.period.end)}",
            f"Changes since {format_date(pack.since)}",
            f"Prepared on {format_date(pack.prepared_on)} from the programme's dashboard",
        ),
        f"Figures as of {format_date(pack.as_of)}",
    )


def about(pack: BoardPackContents) -> tuple:
    """The contents and what disclosure control does, on the cover."""
    return (
        d.Contents(),
        d.Note(
            "The programme's records are about staff with experience of mental health "
            "problems, and it is for each of them whom they tell. This report therefore shows "
            "trust-wide totals exactly and controls every figure below trust level (a "
            "directorate, a profession, a month, or part of a year): counts of 1 to "
            f"{pack.rules.suppress_up_to} are shown as *, other counts are rounded to the "
            f"nearest {pack.rules.round_to}, and percentages are worked out from the rounded "
            "counts. The monthly charts show the trust-wide number in post at each month end "
            "and the number of support contacts: trust-wide totals and events, not a month's "
            "count of people. Status is always given in words beside its icon."
        ),
    )


def what_needs_attention(pack: BoardPackContents) -> tuple:
    attention = pack.attention
    items = []
    for item in attention.items:
        lines = [(item.detail + (f" · {item.owner}" if item.owner else ""), None)]
        if item.check_in is not None:
            lines.append((f"{item.check_in.heading}: {item.check_in.text}", d.MUTED))
        items.append(
            d.Flagged(
                f"{item.icon} {item.flag_words}",
                _tone(item.colour),
                d.fits_a_cell(item.title),
                tuple(lines),
            )
        )
    blocks = [d.NewPage(), _heading(pack, 1), d.Paragraph(attention.summary)]
    if items:
        blocks.append(d.FlaggedList(tuple(items)))
    if attention.targets:
        blocks.append(
            _explained(
                "Targets in force on the date whose status is not met or near; the targets of "
                "years that have ended are in section 5."
            )
        )
    return tuple(blocks)


def making_data_count_summary(pack: BoardPackContents) -> tuple:
    rows = []
    for row in pack.spc_summary:
        rows.append(
            (
                d.Cell(row.title, bold=True),
                d.Cell("" if row.latest is None else f"{row.latest.shown}, {row.latest_month}"),
                d.Cell(row.target_words),
                _icon_cell(row.variation_icon, spc_icons.variation_svg),
                _icon_cell(row.assurance_icon, spc_icons.assurance_svg),
                d.Cell(row.reading + (f" {row.explanation}" if row.explanation else "")),
            )
        )
    named = sorted(
        {
            spc_icons.ICON_NAMES[r.variation_icon]
            for r in pack.spc_summary
            if _named(r.variation_icon)
        }
    )
    assured = sorted(
        {
            spc_icons.ICON_NAMES[r.assurance_icon]
            for r in pack.spc_summary
            if _named(r.assurance_icon)
        }
    )
    return (
        _heading(pack, 2),
        _explained(
            "Each monthly series at a glance: its latest month, the target in force, the "
            "variation icon (is it changing?) and the assurance icon (will the target be met "
            "reliably?), with one line of reading. The charts are in section 4."
        ),
        d.Table(
            "Each monthly series: latest month, target, variation and assurance",
            ("Measure", "Latest", "Target", "Variation", "Assurance", "Reading"),
            tuple(rows),
            (42, 22, 22, 17, 17, 54),
            small=True,
        ),
        _explained(
            "Variation: "
            + ("; ".join(named) or "none")
            + ". Assurance: "
            + ("; ".join(assured) or "no target")
            + "."
        ),
    )


def headline_figures(pack: BoardPackContents) -> tuple:
    rows = []
    for h in pack.headlines:
        words = h.target_text.removeprefix("Target: ")
        if h.target is not None:
            words += f" ({h.target_name.lower()})"
        status = h.target.status if h.target else None
        rows.append(
            (
                d.Cell(h.figure.label),
                d.Cell(h.figure.shown),
                d.Cell(words),
                _status_cell(status, h.target.status_key if h.target else None),
            )
        )
        if h.aim is not None:
            rows.append(
                (
                    d.Cell(""),
                    d.Cell(""),
                    d.Cell(h.aim_text.lower()),
                    _status_cell(h.aim.status, h.aim.status_key),
                )
            )
    return (
        _heading(pack, 3),
        d.Paragraph(
            f"Trust-wide, as of {format_date(pack.as_of)}; figures over a period cover the "
            f"financial year to date ({format_date(pack.period.start)} to "
            f"{format_date(pack.period.end)})."
        ),
        d.Table(
            f"Headline figures on {format_date(pack.as_of)} against their targets",
            ("Figure", "Now", "Target", "Status"),
            tuple(rows),
            (56, 20, 62, 36),
            (False, True, False, False),
        ),
        *(
            d.Paragraph(f"{h.figure.label}: {h.explanation}", small=True)
            for h in pack.headlines
            if h.explanation
        ),
    )


def month_by_month(pack: BoardPackContents) -> tuple:
    blocks = [
        _heading(pack, 4),
        _explained(
            "Each chart shows the last three years of whole months as NHS England's Making "
            "Data Count asks: the average (solid line), the process limits within which the "
            "figure usually varies (dashed), and the target in force (red). A coloured point "
            "is a signal that something has changed: blue an improvement, orange a concern, "
            "purple a change where neither direction is better; each chart's words below it "
            "say which. The left icon reads the latest month; the right one says whether the "
            "target will be met reliably (P), missed reliably (F) or hit and missed at random."
        ),
    ]
    for panel in pack.spc:
        if panel.chart is None:
            blocks += [d.Heading(3, panel.title), d.Paragraph(panel.note or "Not shown.")]
            continue
        icons = tuple(
            cell
            for cell in (
                _icon_cell(panel.chart.variation_icon, spc_icons.variation_svg),
                _icon_cell(panel.chart.assurance_icon, spc_icons.assurance_svg),
            )
            if cell.icon
        )
        blocks.append(
            d.Keep(
                (
                    d.Heading(3, panel.title),
                    d.Chart(_spc_svg(panel), spc_alt(panel), height=64),
                    d.IconsAndNotes(icons, tuple(panel.notes)),
                )
            )
        )
    return tuple(blocks)


def targets_section(pack: BoardPackContents) -> tuple:
    return (
        _heading(pack, 5),
        _explained(
            "The programme's aspirational targets and the interim targets of the last twelve "
            "months (the dashboard lists every target, with its trajectory). A target's actual "
            "is its figure over its own period, up to the as-of date."
        ),
        d.Table(
            "The programme's targets, their actuals and status",
            ("Target", "Period", "Where", "Actual", "Target", "Status"),
            tuple(
                (
                    d.Cell(d.fits_a_cell(t.title)),
                    d.Cell(t.period_words),
                    d.Cell(t.where_words),
                    d.Cell(t.actual.shown),
                    d.Cell(t.target_words),
                    _status_cell(t.status, t.status_key),
                )
                for t in pack.targets
            ),
            (62, 24, 20, 16, 18, 34),
            (False, False, False, True, False, False),
        ),
        *where_heading(pack),
    )


def where_heading(pack: BoardPackContents) -> tuple:
    """Each running target's forecast: its sentence, and its chart with the fan to the
    deadline (the same forecast as on Targets)."""
    if not pack.forecasts:
        return ()
    blocks: list = [
        d.Heading(3, "Where the targets are heading"),
        _explained(
            "If each process goes on as its Making Data Count chart reads it: the most likely "
            "figure at the target's deadline (dashed), the range it falls in four times in five "
            "(the darker band) and nineteen times in twenty (the lighter band), and the chance "
            "of meeting the target. A forecast needs 12 months of the present process."
        ),
    ]
    titles = {t.target_id: t for t in pack.targets}
    for made in pack.forecasts:
        line = titles.get(made.target_id)
        if line is None:
            continue
        paragraph = d.Paragraph(f"{d.fits_a_cell(line.title)}. {made.words}")
        if not made.fan:
            blocks.append(paragraph)
            continue
        chart = charts.fan_chart(
            list(made.history),
            list(made.fan),
            unit=line.unit,
            target=line.target_value,
            target_label=f"Target ({line.period_words})",
        ).properties(width=600, height=200)
        alt = charts.describe_fan(made.history, made.fan, line.unit, line.title, made.words)
        blocks.append(
            d.Keep((paragraph, d.Chart(typeset.chart_svg(charts.style(chart)), alt, height=52)))
        )
    return tuple(blocks)


def check_ins_section(pack: BoardPackContents) -> tuple:
    blocks = [
        _heading(pack, 6),
        _explained(
            "At each meeting the programme lead says, for each target, what the figure says, "
            "why, what is being done and by when: the latest first, then the earlier ones."
        ),
    ]
    if not pack.check_ins:
        return (*blocks, d.Paragraph("No check-ins are recorded yet."))
    items = []
    for found in pack.check_ins:
        line = found.target
        items.append(
            d.Flagged(
                line.status.shown.removesuffix(" (in progress)"),
                _tone(line.status_key),
                d.fits_a_cell(line.title),
                ((f"{line.actual.shown} against {line.target_words}", None),)
                + tuple(
                    (f"{c.heading}: {c.text}", None if n == 0 else d.MUTED)
                    for n, c in enumerate(found.check_ins)
                ),
            )
        )
    return (*blocks, d.FlaggedList(tuple(items)))


def action_plan(pack: BoardPackContents) -> tuple:
    blocks = [_heading(pack, 7)]
    if not pack.actions:
        return (*blocks, d.Paragraph("No actions are recorded."))
    for group in pack.actions:
        flags = group.flags or "Not linked to a target"
        title = f"{d.fits_a_cell(group.title)} — {flags}"
        blocks += [
            d.Heading(3, title),
            d.Table(
                f"Actions for {d.fits_a_cell(group.title)}",
                ("Action", "Owner", "Due", "Status"),
                tuple(
                    (
                        d.Cell(d.fits_a_cell(a.description)),
                        d.Cell(a.owner),
                        d.Cell(a.due),
                        d.Cell(a.status_words, d.NOT_MET if a.overdue else None, bold=True),
                    )
                    for a in group.actions
                ),
                (76, 42, 24, 32),
            ),
        ]
    return tuple(blocks)


def funding_section(pack: BoardPackContents) -> tuple:
    money = pack.funding
    blocks = [
        _heading(pack, 8),
        d.Paragraph(
            f"Financial year to date: {money.awarded.shown} awarded and {money.spent.shown} "
            f"spent; {money.recurring_pct.shown} of the funding is from recurring grants."
        ),
        d.Heading(3, f"Streams in {money.year}"),
    ]
    if money.streams:
        blocks.append(
            d.Table(
                f"Funding streams in {money.year}: awarded, spent and when each ends",
                ("Stream", "Funder", "Type", "Awarded", "Spent", "Ends"),
                tuple(
                    d.cells(
                        s.stream,
                        s.funder,
                        s.type_words,
                        s.awarded.shown,
                        s.spent.shown if s.spent.value is not None else "",
                        s.ends,
                    )
                    for s in money.streams
                ),
                (40, 34, 30, 22, 22, 26),
                (False, False, False, True, True, False),
            )
        )
    else:
        blocks.append(d.Paragraph("No funding is recorded for this financial year."))
    blocks.append(d.Heading(3, "Ending within 12 months"))
    if money.ending_soon:
        blocks.append(
            d.Table(
                "Grants and contracts that end within 12 months",
                ("Stream", "Type", "Ends"),
                tuple(d.cells(e.stream, e.type_words, e.ends) for e in money.ending_soon),
                (80, 54, 40),
            )
        )
    else:
        blocks.append(d.Paragraph("No grant or contract ends within 12 months."))
    if money.cost_per_person:
        label = measures.measure("cost_per_person_supported").label
        blocks += [
            d.Heading(3, label),
            d.Table(
                f"{label}, by financial year",
                ("Financial year", label),
                tuple(d.cells(financial_year_of(f.start), f.shown) for f in money.cost_per_person),
                (60, 50),
                (False, True),
            ),
        ]
    return tuple(blocks)


def what_changed(pack: BoardPackContents) -> tuple:
    blocks = [_heading(pack, 9)]
    if pack.changes is None:
        return (*blocks, d.Paragraph("The date of the last report is not before the as-of date."))
    changes, since, now = pack.changes, format_date(pack.since), format_date(pack.as_of)
    moved = [
        f"{m.target.title}: {m.before.lower()} → {STATUS_WORDS[m.after.value].lower()} "
        f"(actual {m.target.actual.shown})"
        for m in changes.moved
    ]
    return (
        *blocks,
        d.Heading(3, f"On {since} and on {now}"),
        d.Table(
            f"Figures on {since} and on {now}",
            ("Figure", since, now),
            tuple(d.cells(row.label, row.then.shown, row.now.shown) for row in changes.point),
            (90, 42, 42),
            (False, True, True),
        ),
        d.Heading(3, f"Between {since} and {now}"),
        d.Table(
            f"What happened between {since} and {now}",
            ("Figure", "In that time"),
            tuple(d.cells(measures.measure(f.measure).label, f.shown) for f in changes.happened),
            (90, 42),
            (False, True),
        ),
        d.Heading(3, "Targets whose status moved"),
        d.Bullets(tuple(moved)) if moved else d.Paragraph("No target changed status."),
    )


SECTION_BLOCKS = (
    about,
    what_needs_attention,
    making_data_count_summary,
    headline_figures,
    month_by_month,
    targets_section,
    check_ins_section,
    action_plan,
    funding_section,
    what_changed,
)


# --- the pieces --------------------------------------------------------------------------------


def _tone(colour: str | None) -> str | None:
    return colour if colour in (d.MET, d.NEAR, d.NOT_MET, d.NO_DATA, d.NOT_SHOWN) else None


def _status_cell(status, key: str | None) -> d.Cell:
    if status is None:
        return d.Cell("")
    return d.Cell(status.shown, _tone(key or d.NO_DATA), bold=True)


def _named(icon: str) -> bool:
    return icon in spc_icons.ICON_NAMES


def _icon_cell(icon: str, drawing) -> d.Cell:
    """A Making Data Count icon as a drawing with its name, or a dash where there is none."""
    if not _named(icon):
        return d.Cell("–")
    return d.Cell(icon=drawing(icon), icon_name=spc_icons.ICON_NAMES[icon])


def _spc_svg(panel) -> str:
    chart = charts.style(
        charts.spc_chart(
            panel.chart,
            unit=panel.unit,
            targets=panel.targets,
            recalculations=panel.recalculations,
            width=600,
            height=250,
        )
    )
    return typeset.chart_svg(chart)


# --- the paper -------------------------------------------------------------------------------


def document(pack: BoardPackContents) -> d.Document:
    """The pack's blocks, section by section."""
    blocks: list = []
    for section in SECTION_BLOCKS:
        blocks += section(pack)
    return d.Document(
        title=f"{PROGRAMME}: board report, figures as of {format_date(pack.as_of)}",
        subject="Progress against the programme's targets, under disclosure control",
        author=f"{PROGRAMME} dashboard",
        header_left=f"{PROGRAMME} · Board report",
        header_right=f"Figures as of {format_date(pack.as_of)}",
        footer=footer(pack.rules),
        cover=cover(pack),
        blocks=tuple(blocks),
        created=pack.prepared_on.isoformat(),
    )


def render(pack: BoardPackContents) -> bytes:
    """The pack as PDF/UA-1 bytes (A4 portrait)."""
    return typeset.pdf(document(pack))


def make(
    engine, as_of: dt.date, since: dt.date | None = None, who: str = "", prepared_on=None
) -> tuple[bytes, BoardPackContents]:
    """Make the board pack and log it as an export (who, and the pack's date)."""
    with db.reading(engine) as conn:
        paper, pack = board_pack_pdf(conn, as_of, since, prepared_on)
    log_export(engine, as_of, who)
    return paper, pack


def log_export(engine, as_of: dt.date, who: str) -> None:
    logged.log_paper(engine, who, f"the board pack as of {format_date(as_of)}", "board level")


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
