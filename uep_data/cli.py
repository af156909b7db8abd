"""The command line over the same core as the dashboard, for scripts and for checking the
numbers without a browser. It never imports streamlit."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import io
import json
import sys
from pathlib import Path

from . import catalogue, spc, workbook
from .periods import Period, financial_year_to_date, last_report_date
from .values import EARLIEST_DATE, LATEST_DATE, CellProblem, read_date, read_number


def _loaded_on_first_use(name: str):
    """The module `name`, loaded when first used (importlib's LazyLoader). SQLAlchemy and
    the data core take a fifth of a second to load: `import` starts its reading workers
    first, and they read meanwhile."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sa = _loaded_on_first_use("sqlalchemy")
db = _loaded_on_first_use("uep_data.db")
importer = _loaded_on_first_use("uep_data.importer")
schema = _loaded_on_first_use("uep_data.schema")
# the measures, the targets and the sample are loaded by the commands that use them


class CommandError(Exception):
    """A mistake in how the command was used; the message says what to do."""


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date: write it as 2004-03-31"
        ) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text} is outside the years the programme's data can hold "
            f"({EARLIEST_DATE.year} to {LATEST_DATE.year})"
        )
    return day


def _engine(args, upgrade: bool = False):
    engine = db.create_engine(args.db)
    if upgrade:
        db.upgrade(engine)
    elif not db.is_ready(engine):
        raise CommandError(
            f"the database ({db.describe(args.db or db.default_database_url())}) "
            "is not set up for this version: run `python -m uep_data init` "
            "first"
        )
    return engine


def _json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, default=_json_default))


# --- commands ----------------------------------------------------------------------------


def cmd_init(args) -> int:
    engine = _engine(args, upgrade=True)
    print(
        f"The database is ready ({db.describe(str(engine.url))}, schema "
        f"{db.schema_version(engine)})."
    )
    return 0


def _report_import(result: importer.ImportResult, as_json: bool, dry_run: bool) -> int:
    if as_json:
        _print_json(result.as_dict())
        return 0 if result.ok else 1
    if not result.ok:
        print(
            f"Nothing was imported: {result.problems.total} problem"
            f"{'s' if result.problems.total != 1 else ''} to fix.",
            file=sys.stderr,
        )
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        if result.problems.total > len(result.problems):
            print(
                f"  ... and {result.problems.total - len(result.problems)} more.", file=sys.stderr
            )
        return 1
    heading = {
        "checked": "Checked (dry run, nothing written)",
        "imported": f"Imported (import {result.import_id})",
        "no_changes": f"Nothing changed: the data were already up to date (import "
        f"{result.import_id})",
    }[result.status]
    print(f"{heading}: {result.file_names}")
    for sheet, counts in result.sheet_counts().items():
        mode = " (replaced)" if counts["replaced"] else ""
        line = (
            f"  {sheet}{mode}: {counts['inserted']} added, {counts['updated']} changed, "
            f"{counts['unchanged']} unchanged"
        )
        if counts["replaced"]:
            line += f", {counts['deleted']} removed"
        print(line)
    for warning in result.warnings:
        print(f"  Note: {warning}")
    return 0


def cmd_import(args) -> int:
    files = []
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            raise CommandError(f"there is no file {name}")
        files.append((path.name, path.read_bytes()))
    reading = workbook.start_reading(files)  # read in workers while the database is readied
    try:
        engine = _engine(args, upgrade=not args.dry_run)
        result = importer.import_reading(
            engine, reading, replace=args.replace, who=args.who, dry_run=args.dry_run
        )
    finally:
        reading.close()
    return _report_import(result, args.json, args.dry_run)


def cmd_sample(args) -> int:
    from . import sample

    if args.rebuild_workbook:
        path = sample.write_sample_workbook()
        print(f"Rebuilt the sample workbook: {path}")
        return 0
    engine = _engine(args, upgrade=True)
    if args.if_empty:
        with engine.connect() as conn:
            if conn.execute(sa.select(sa.func.count()).select_from(schema.imports)).scalar():
                print("The database already holds imported data: the sample was not loaded.")
                return 0
    data = sample.SAMPLE_PATH.read_bytes()
    result = importer.import_files(engine, [(sample.SAMPLE_PATH.name, data)], who=args.who)
    return _report_import(result, False, False)


def cmd_undo(args) -> int:
    engine = _engine(args)
    try:
        undone = importer.undo_last_import(engine, who=args.who)
    except importer.NothingToUndo:
        print("There is no import to undo.")
        return 1
    print(
        f"Undid import {undone.import_id} ({undone.file_names}, "
        f"{undone.imported_at:%d %b %Y %H:%M}). The data are as they were before it."
    )
    for sheet, counts in undone.restored.items():
        print(
            "  "
            + sheet
            + ": "
            + ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())
        )
    return 0


def _as_of(conn, given: dt.date | None) -> dt.date:
    from . import metrics

    return given or metrics.latest_data_date(conn) or dt.date.today()


def cmd_summary(args) -> int:
    from . import metrics
    from .formatting import format_value

    engine = _engine(args)
    scope = metrics.Scope(args.directorate, args.profession)
    with db.reading(engine) as conn:
        as_of = _as_of(conn, args.as_of)
        default = financial_year_to_date(as_of)
        try:
            period = Period(args.start or default.start, args.end or default.end)
        except ValueError as error:
            raise CommandError(str(error)) from None
        values = metrics.summary(conn, as_of, period, scope)
    if args.json:
        _print_json(
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
        f"{where}: as of {as_of:%d %b %Y}; period {period.start:%d %b %Y} to {period.end:%d %b %Y}"
    )
    width = max(len(m.label) for m in catalogue.CATALOGUE)
    for metric in catalogue.CATALOGUE:
        print(f"  {metric.label:<{width}}  {format_value(values[metric.key], metric.unit)}")
    return 0


def cmd_targets(args) -> int:
    from . import targets
    from .formatting import format_value
    from .targets import STATUS_WORDS

    engine = _engine(args)
    with db.reading(engine) as conn:
        as_of = _as_of(conn, args.as_of)
        results = targets.evaluate_targets(conn, as_of)
    if args.json:
        _print_json({"as_of": as_of, "targets": [t.as_dict() for t in results]})
        return 0
    print(f"Targets as of {as_of:%d %b %Y}")
    for t in results:
        unit = catalogue.METRICS[t.metric].unit
        progress = " (in progress)" if t.in_progress else ""
        print(
            f"  {t.target_id:<10} {STATUS_WORDS[t.status]:<8}{progress:<14} "
            f"actual {format_value(t.actual, unit):>9} "
            f"{'>=' if t.comparison == 'at_least' else '<='} {format_value(t.value, unit):>9}"
            f"  {t.title}"
        )
    return 0


def cmd_template(args) -> int:
    # imported here: openpyxl (and numpy with it) cost every other command a tenth of a second
    from . import template

    path = Path(args.out)
    path.write_bytes(template.template_bytes())
    print(f"Wrote the upload template to {path}")
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


def cmd_board_pack(args) -> int:
    from . import board_pack

    engine = _engine(args)
    with db.reading(engine) as conn:
        as_of = _as_of(conn, args.as_of)
    since = args.since or last_report_date(as_of)
    if since >= as_of:
        raise CommandError("--since must be before --as-of (the last report came before this one)")
    out = Path(args.out)
    if out.is_dir():
        raise CommandError(f"{out} is a folder: give a file name, such as {out / 'pack.pdf'}")
    if not out.parent.is_dir():
        raise CommandError(f"the folder {out.parent} does not exist")
    with db.reading(engine) as conn:
        document, _ = board_pack.board_pack_pdf(conn, as_of, since)
    try:
        out.write_bytes(document)
    except OSError as error:
        raise CommandError(f"cannot write {out}: {error.strerror or error}") from None
    board_pack.log_export(engine, as_of, args.who)  # logged once it is written
    print(
        f"Wrote the board pack as of {as_of:%d %b %Y} (changes since {since:%d %b %Y}) to "
        f"{out}: under board-level disclosure control"
    )
    return 0


def cmd_spc(args) -> int:
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
        _print_json(chart.as_json())
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


# --- arguments ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m uep_data",
        description="User Employment Programme data: set up the database, import the "
        "programme's workbook, undo an import, and print the programme's figures.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name, handler, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        if name not in ("template", "spc"):
            sub.add_argument(
                "--db",
                metavar="URL",
                default=None,
                help="database URL (default: UEP_DATABASE_URL, else the SQLite "
                "file the dashboard uses)",
            )
        return sub

    command("init", cmd_init, "create the database, or upgrade it to this version")
    sub = command("sample", cmd_sample, "load the bundled sample data (1995-2004)")
    sub.add_argument(
        "--rebuild-workbook",
        action="store_true",
        help="regenerate sample_data/uep_sample.xlsx from the generator instead",
    )
    sub.add_argument(
        "--if-empty",
        action="store_true",
        help="only if nothing has been imported yet (used by ./dashboard)",
    )
    sub.add_argument("--who", default="command line", help=argparse.SUPPRESS)
    sub = command("import", cmd_import, "import a workbook (.xlsx) or CSV files")
    sub.add_argument("files", nargs="+", metavar="FILE")
    sub.add_argument(
        "--replace",
        action="append",
        default=[],
        metavar="SHEET",
        help="replace every stored row of this sheet with the upload's rows",
    )
    sub.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    sub.add_argument("--json", action="store_true", help="print the result as JSON")
    sub.add_argument("--who", default="command line", help="who is importing (for the log)")
    sub = command("undo", cmd_undo, "undo the last import")
    sub.add_argument("--who", default="command line", help="who is undoing (for the log)")
    sub = command("summary", cmd_summary, "every metric at a date over a period")
    sub.add_argument("--as-of", type=_date, help="the date D (default: the latest in the data)")
    sub.add_argument(
        "--from",
        dest="start",
        type=_date,
        help="first day of the period (default: 1 April of D's financial year)",
    )
    sub.add_argument("--to", dest="end", type=_date, help="last day of the period (default: D)")
    sub.add_argument("--directorate", help="narrow to a directorate")
    sub.add_argument("--profession", help="narrow to a profession")
    sub.add_argument("--json", action="store_true", help="print the metrics as JSON")
    sub = command("targets", cmd_targets, "every target with its actual and status")
    sub.add_argument("--as-of", type=_date, help="the date D (default: the latest in the data)")
    sub.add_argument("--json", action="store_true", help="print the targets as JSON")
    sub = command("template", cmd_template, "write the upload template workbook")
    sub.add_argument("out", metavar="OUT.xlsx")
    sub = command(
        "board-pack",
        cmd_board_pack,
        "write the board pack (PDF) for the board's papers, under disclosure control",
    )
    sub.add_argument("--as-of", type=_date, help="the date D (default: the latest in the data)")
    sub.add_argument(
        "--since",
        type=_date,
        help="the last report's date, for 'what changed' (default: the end of the quarter "
        "before D's)",
    )
    sub.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write it")
    sub.add_argument("--who", default="command line", help="who is exporting (for the log)")
    sub = command(
        "spc",
        cmd_spc,
        "a Making Data Count XmR chart of a CSV of date,value rows: colours, limits, icons",
    )
    sub.add_argument("file", metavar="FILE.csv")
    sub.add_argument(
        "--improvement",
        choices=spc.IMPROVEMENT_DIRECTIONS,
        required=True,
        help="which direction is better",
    )
    sub.add_argument(
        "--recalculate-at",
        type=int,
        action="append",
        default=[],
        metavar="N",
        help="a new section (own mean and limits) starts at point N (from 1); repeatable",
    )
    sub.add_argument(
        "--baseline", type=int, metavar="N", help="limits from the first N points, extended"
    )
    sub.add_argument("--target", type=float, metavar="X", help="the target, for assurance")
    sub.add_argument(
        "--shift-length",
        type=int,
        default=spc.DEFAULT_SHIFT_LENGTH,
        metavar="N",
        help=f"points in a row on one side of the mean (default {spc.DEFAULT_SHIFT_LENGTH})",
    )
    sub.add_argument(
        "--trend-length",
        type=int,
        default=spc.DEFAULT_TREND_LENGTH,
        metavar="N",
        help=f"points in a row rising or falling (default {spc.DEFAULT_TREND_LENGTH})",
    )
    sub.add_argument("--json", action="store_true", help="print the chart as JSON")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CommandError as error:
        print(f"uep_data: {error}", file=sys.stderr)
        return 2
    except sa.exc.OperationalError as error:
        print(
            f"uep_data: the database could not be reached or used: "
            f"{str(error.orig).splitlines()[0] if error.orig else error}",
            file=sys.stderr,
        )
        return 2
