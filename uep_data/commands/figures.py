"""The commands that print figures: summary, targets, page (every figure a page shows a role),
spc (a Making Data Count chart of any series) and verify (every kept figure counted afresh)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from .. import spc
from ..formatting import STATUS_WORDS, format_value, when_words
from ..periods import Period, financial_year_to_date, format_date
from ..values import CellProblem, read_date, read_number
from .common import (
    CommandError,
    as_of_for,
    check_scope,
    db,
    engine_for,
    measures,
    period_for,
    print_json,
    targets,
)


def cmd_summary(args) -> int:
    engine = engine_for(args)
    scope = measures.Scope(args.directorate, args.profession)
    with db.reading(engine) as conn:
        check_scope(conn, args.directorate, args.profession)
        as_of = as_of_for(conn, args.as_of)
        period = period_for(args, as_of)
        values = measures.summary(conn, as_of, period, scope)
    if args.json:
        print_json(
            {
                "as_of": as_of,
                "from": period.start,
                "to": period.end,
                "directorate": args.directorate,
                "profession": args.profession,
                "metrics": values,
            }
        )
        return 0
    where = " ".join(filter(None, [args.directorate, args.profession])) or "Trust-wide"
    print(
        f"{where}: as of {format_date(as_of)}; period {format_date(period.start)} to "
        f"{format_date(period.end)}"
    )
    lines = []
    for key in measures.metric_keys():
        m = measures.measure(key)
        when = measures.when_of(key, as_of, period)
        # a figure over another period than the one asked for says which
        differs = when.period is not None and when.period != period
        label = m.label + (f" ({when_words(when.as_of, when.period)})" if differs else "")
        lines.append((label, format_value(values[key], m.unit)))
    width = max(len(label) for label, _ in lines)
    for label, shown in lines:
        print(f"  {label:<{width}}  {shown}")
    return 0


def cmd_targets(args) -> int:
    engine = engine_for(args)
    with db.reading(engine) as conn:
        as_of = as_of_for(conn, args.as_of)
        results = targets.evaluate_targets(conn, as_of)
    if args.json:
        print_json({"as_of": as_of, "targets": [t.as_dict() for t in results]})
        return 0
    print(f"Targets as of {as_of:%d %b %Y}")
    for t in results:
        unit = measures.measure(t.metric).unit
        progress = " (in progress)" if t.in_progress else ""
        measured = "not measured yet" if t.when is None else when_words(t.when.as_of, t.when.period)
        print(
            f"  {t.target_id:<10} {STATUS_WORDS[t.status]:<8}{progress:<14} "
            f"actual {format_value(t.actual, unit):>9} "
            f"{'>=' if t.comparison == 'at_least' else '<='} {format_value(t.value, unit):>9}"
            f"  {t.title} [{measured}]"
        )
    return 0


def cmd_forecast(args) -> int:
    """Where each running target is heading (the Targets page's forecasts, for the lead)."""
    from .. import views
    from ..disclosure import EXACT

    engine = engine_for(args)
    with db.reading(engine) as conn:
        as_of = as_of_for(conn, args.as_of)
        page = views.PAGE_VIEWS["targets"](
            conn, views.Filters(as_of, financial_year_to_date(as_of)), EXACT
        )
    found = [f for f in page.forecasts if f.words]
    if args.json:
        print_json({"as_of": as_of, "forecasts": [f.record() for f in found]})
        return 0
    print(f"Where the targets are heading, as of {format_date(as_of)}")
    for f in found:
        print(f"  {f.target_id}: {f.words}")
    return 0


def cmd_page(args) -> int:
    from .. import page_request

    if (args.start is None) != (args.end is None):
        raise CommandError("give both --from and --to, or neither (the page's own period)")
    options = {}
    if args.measure:
        options["measure"] = args.measure
    if args.since:
        options["since"] = args.since
    if args.year:
        options["year"] = args.year
    if args.stream:
        options["stream"] = args.stream
    engine = engine_for(args)
    try:
        period = Period(args.start, args.end) if args.start else None
    except ValueError as error:
        raise CommandError(str(error)) from None
    request = page_request.PageRequest(
        args.name,
        args.role,
        args.as_of,
        period,
        args.directorate,
        args.profession,
        options,
    )
    with db.reading(engine) as conn:
        try:
            view = page_request.answer(conn, request, dt.date.today())
        except (page_request.RequestRefused, ValueError, TypeError) as refused:
            raise CommandError(str(refused)) from None
    figures = [f.record() for f in page_request.figures_in(view)]
    filters = view.filters
    heading = {
        "page": args.name,
        "audience": args.role,
        "as_of": filters.as_of,
        "from": filters.period.start,
        "to": filters.period.end,
        "directorate": filters.directorate,
        "profession": filters.profession,
    }
    if args.json:
        print_json({**heading, "figures": figures})
        return 0
    print(
        f"{args.name} as {args.role}: as of {format_date(filters.as_of)}; period "
        f"{format_date(filters.period.start)} to {format_date(filters.period.end)}"
        + "".join(f"; {x}" for x in (filters.directorate, filters.profession) if x)
    )
    rows = [
        (
            f["where"],
            f["label"]
            + "".join(f", {v}" for v in (f["group"] or {}).values())
            + "".join(f" [{x}]" for x in (f["directorate"], f["profession"]) if x),
            f["shown"],
        )
        for f in figures
    ]
    if not rows:
        print("  (no figures)")
        return 0
    where_width = max(len(w) for w, _, _ in rows)
    label_width = min(70, max(len(label) for _, label, _ in rows))
    for where, label, shown in rows:
        print(f"  {where:<{where_width}}  {label:<{label_width}}  {shown}")
    return 0


def read_series_file(path: Path) -> tuple[list[dt.date], list[float]]:
    """A CSV of `date,value` rows (other columns ignored; dates as 2004-03-31 or 31/03/2004),
    in date order. Mistakes are reported with the row as a spreadsheet shows it."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not a text CSV file (save it as CSV UTF-8)") from None
    rows = csv.reader(io.StringIO(text))
    heading = [h.strip().lower() for h in next(rows, [])]
    if "date" not in heading or "value" not in heading:
        raise CommandError(f"{path} needs a heading row with columns named date and value")
    at_date, at_value = heading.index("date"), heading.index("value")
    dates, values = [], []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (len(heading) - len(row))
        try:
            day = read_date(cells[at_date])
        except CellProblem as problem:
            raise CommandError(f"row {number}, date {cells[at_date]!r} {problem}") from None
        try:
            value = read_number(cells[at_value])
        except CellProblem as problem:
            raise CommandError(f"row {number}, value {cells[at_value]!r} {problem}") from None
        if dates and day <= dates[-1]:
            raise CommandError(
                f"row {number}: {day:%d/%m/%Y} is not after the row before: put the rows "
                "in date order, one per date"
            )
        dates.append(day)
        values.append(value)
    if not dates:
        raise CommandError(f"{path} has no rows of data under its heading")
    return dates, values


def cmd_spc(args) -> int:
    if args.baseline is not None and args.recalculate_at:
        raise CommandError(
            "give --baseline or --recalculate-at, not both: a baseline fixes the mean and "
            "limits from its first points for the whole chart, so the chart never starts again"
        )
    dates, values = read_series_file(Path(args.file))
    options = spc.Options(
        improvement=args.improvement,
        recalculate_at=tuple(args.recalculate_at),
        baseline=args.baseline,
        target=args.target,
        shift_length=args.shift_length,
        trend_length=args.trend_length,
    )
    try:
        chart = spc.xmr_chart(dates, values, options)
    except spc.SpcInputError as error:
        raise CommandError(str(error)) from None
    if args.json:
        print_json(chart.as_json())
        return 0
    print(f"{len(chart.points)} points; improvement is {args.improvement}")
    for point in chart.points:
        lines = point.lines
        limits = (
            f"{lines.lower_limit:9.2f} {lines.upper_limit:9.2f}"
            if lines.lower_limit is not None
            else f"{'':9} {'':9}"
        )
        print(
            f"  {point.number:>3} {point.date:%d/%m/%Y} {point.value:>10g} "
            f"mean {lines.mean:9.2f} limits {limits}  {point.colour}"
            + (f" ({', '.join(sorted(point.signals))})" if point.signals else "")
        )
    print(f"Variation: {chart.variation_icon}. Assurance: {chart.assurance_icon}.")
    for sentence in spc.reading(chart):
        print(f"  {sentence}")
    return 0


def cmd_verify(args) -> int:
    from ..kept import verify

    engine = engine_for(args)
    found = verify.verify(engine)
    if found.other_definitions:
        print(
            "The kept figures were counted by another version of the measures' definitions: "
            "the dashboard does not read them, and counts them again."
        )
    if found.ok:
        print(
            f"Every kept figure ({found.readings:,} reading{'s' if found.readings != 1 else ''})"
            " is what a fresh count of the records gives."
        )
    else:
        n = len(found.differences)
        print(
            f"{n:,} of {found.readings:,} kept readings differ from a fresh count of the records:"
        )
        for difference in found.differences[:50]:
            print(f"  {difference.words()}")
        if n > 50:
            print(f"  (and {n - 50:,} more)")
    if args.repair:
        rebuilt = verify.repair(engine)
        print(f"Rebuilt {rebuilt:,} kept readings from fresh counts.")
        return 0
    return 0 if found.ok else 1
