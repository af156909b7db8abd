"""The command line over the same core as the dashboard, for scripts and for checking the
numbers without a browser. It never imports streamlit."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.util
import io
import json
import os
import sys
from pathlib import Path

from . import collector, spc, workbook
from .contract import normalise_name
from .formatting import STATUS_WORDS, format_value, format_when, when_words
from .periods import Period, financial_year_to_date, format_date, last_report_date
from .values import EARLIEST_DATE, LATEST_DATE, CellProblem, read_date, read_number
from .words import did_you_mean


def _loaded_on_first_use(name: str):
    """The module `name`, loaded when first used (importlib's LazyLoader). SQLAlchemy, the
    data core, the measures and openpyxl (for the template) take ~0.4 s to load: `import`
    starts its reading workers first, and they read meanwhile."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sa = _loaded_on_first_use("sqlalchemy")
backups = _loaded_on_first_use("uep_data.backups")
dates = _loaded_on_first_use("uep_data.dates")
db = _loaded_on_first_use("uep_data.db")
disclosure = _loaded_on_first_use("uep_data.disclosure")
erasure = _loaded_on_first_use("uep_data.erasure")
importer = _loaded_on_first_use("uep_data.importer")
measures = _loaded_on_first_use("uep_data.measures")
sample = _loaded_on_first_use("uep_data.sample")
schema = _loaded_on_first_use("uep_data.schema")
targets = _loaded_on_first_use("uep_data.targets")
template = _loaded_on_first_use("uep_data.template")


class CommandError(Exception):
    """A mistake in how the command was used; the message says what to do."""


def _date(text: str) -> dt.date:
    """A date as uploads read it: 31/03/2004 or 2004-03-31."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        try:
            day = read_date(text)
        except CellProblem as problem:
            raise argparse.ArgumentTypeError(f"'{text}' {problem}") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise argparse.ArgumentTypeError(
            f"{text} is outside the years the programme's data can hold "
            f"({EARLIEST_DATE.year} to {LATEST_DATE.year})"
        )
    return day


def _check_scope(conn, directorate: str | None, profession: str | None) -> None:
    """A directorate or profession must be one on the trust's list, spelt as listed: a slip
    is refused with the name it is closest to, never answered with zeros."""
    from .measures import lists  # loaded here: it loads SQLAlchemy (see _loaded_on_first_use)

    for dimension, name in (("directorate", directorate), ("profession", profession)):
        if name is None:
            continue
        listed = lists.names(conn, dimension)
        if name in listed:
            continue
        guess = did_you_mean(name, listed, normalise_name)
        raise CommandError(
            f"there is no {dimension} called '{name}'"
            + (
                f": did you mean '{guess}'?"
                if guess
                else f". The {dimension}s are: " + "; ".join(listed)
            )
        )


def _engine(args, upgrade: bool = False):
    url = args.db or db.default_database_url()
    path = db.sqlite_file(url)
    if not upgrade and path is not None and not path.exists():
        # asked to read: an empty file is never left behind where no database was
        raise CommandError(
            f"there is no database at {path}: check --db, or create one with "
            "`.venv/bin/python -m uep_data init` (or `sample` for the sample data)"
        )
    engine = db.create_engine(args.db)
    if upgrade:
        try:
            db.upgrade(engine)
        except db.NewerSchema as newer:
            raise CommandError(str(newer)) from None
    elif not db.is_ready(engine):
        raise CommandError(
            f"the database ({db.describe(args.db or db.default_database_url())}) "
            "is not set up for this version: run `.venv/bin/python -m uep_data init` "
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
    # The reading and the plan are a million small objects and no reference cycles: the cycle
    # collector would only walk them again and again (~8% of the command's own time).
    try:
        with collector.paused():
            engine = _engine(args, upgrade=not args.dry_run)
            result = importer.import_reading(
                engine, reading, replace=args.replace, who=args.who, dry_run=args.dry_run
            )
    finally:
        reading.close()
    return _report_import(result, args.json, args.dry_run)


def cmd_sample(args) -> int:
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
    if undone.changed_nothing:
        print(
            f"Undid import {undone.import_id} ({undone.file_names}, "
            f"{format_when(undone.imported_at)}): it had changed nothing, so nothing "
            "changed. The next undo reverses the import before it."
        )
        return 0
    print(
        f"Undid import {undone.import_id} ({undone.file_names}, "
        f"{format_when(undone.imported_at)}). The data are as they were before it."
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
    return given or dates.latest_data_date(conn) or dt.date.today()


def _period(args, as_of: dt.date) -> Period:
    default = financial_year_to_date(as_of)
    try:
        period = Period(args.start or default.start, args.end or default.end)
    except ValueError as error:
        raise CommandError(str(error)) from None
    if period.end > as_of:
        raise CommandError(
            f"the period ends after the as-of date ({as_of:%Y-%m-%d}): figures as of a date "
            "count nothing after it, so give --to on or before --as-of"
        )
    return period


def cmd_summary(args) -> int:
    engine = _engine(args)
    scope = measures.Scope(args.directorate, args.profession)
    with db.reading(engine) as conn:
        _check_scope(conn, args.directorate, args.profession)
        as_of = _as_of(conn, args.as_of)
        period = _period(args, as_of)
        values = measures.summary(conn, as_of, period, scope)
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
    engine = _engine(args)
    with db.reading(engine) as conn:
        as_of = _as_of(conn, args.as_of)
        results = targets.evaluate_targets(conn, as_of)
    if args.json:
        _print_json({"as_of": as_of, "targets": [t.as_dict() for t in results]})
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


def cmd_page(args) -> int:
    from . import page_request

    if (args.start is None) != (args.end is None):
        raise CommandError("give both --from and --to, or neither (the page's own period)")
    options = {}
    if args.measure:
        options["measure"] = args.measure
    if args.since:
        options["since"] = args.since
    engine = _engine(args)
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
        _print_json({**heading, "figures": figures})
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


def cmd_template(args) -> int:
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
        # the board sees figures at the end of a month
        as_of = args.as_of or disclosure.offered.last_month_end(_as_of(conn, None))
    since = args.since or last_report_date(as_of)
    if since >= as_of:
        raise CommandError("--since must be before --as-of (the last report came before this one)")
    problem = disclosure.offered.refusal(as_of, financial_year_to_date(as_of), since)
    if problem:
        raise CommandError(problem)
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


def _confirmed(args, question: str) -> bool:
    """Whether the person at the keyboard says yes (or gave --yes). Without a keyboard to
    ask at (a script, a pipe) and without --yes, the command refuses rather than guess."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CommandError("this cannot be undone: add --yes to confirm when not at a keyboard")
    try:
        answer = input(f"{question} Type yes to go on: ")
    except EOFError:
        return False
    return answer.strip().lower() == "yes"


def cmd_erase(args) -> int:
    engine = _engine(args)
    code = args.person_id.strip()
    if not code:
        raise CommandError("give the person's code, such as P0042")
    found = erasure.find(engine, code)
    if not found.anything:
        print(f"Nothing is stored about {code}.")
        return 0
    if found.rows:
        print(
            f"{sum(found.rows.values())} rows about {code}: "
            + ", ".join(f"{n} on {sheet}" for sheet, n in found.rows.items())
            + ". Copies kept for undoing imports go too."
        )
    if found.records:
        print(
            f"{code} is named in {found.records} past record{'s' if found.records != 1 else ''} "
            "(file names, log entries or undo copies): it is taken out of them too."
        )
    if not _confirmed(args, f"Erase everything about {code}? This cannot be undone."):
        print("Nothing was erased.")
        return 1
    done = erasure.erase_person(engine, code, who=args.who)
    print(
        f"Erased {done.total} rows"
        + (
            f" and took the code out of {done.records_cleaned} past "
            + ("records" if done.records_cleaned != 1 else "record")
            if done.records_cleaned
            else ""
        )
        + ". The audit log records that an erasure was made, not whose."
    )
    for place in done.still_mentioned:
        print(f"  Still named in your own words: {place}: edit it, then erase again.")
    if done.file_compacted is False:
        print(
            "  The database was busy, so its file may still hold the erased rows: run this "
            "command again when nobody is importing."
        )
    elif done.file_compacted is None:
        print(
            "  On PostgreSQL, old copies of the rows stay in the table files until VACUUM "
            "FULL and in backups: see the README."
        )
    return 0


def cmd_backup(args) -> int:
    engine = _engine(args)
    try:
        backups.make_backup(engine, Path(args.file), who=args.who)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    print(
        f"Wrote a backup of the whole database to {args.file} (readable by you only). "
        "Keep it as safe as the database: it holds everything."
    )
    return 0


def _erasures(n: int) -> str:
    return f"{n} erasure{'s' if n != 1 else ''}"


def cmd_restore(args) -> int:
    engine = db.create_engine(args.db)  # a new installation may restore into nothing
    source = Path(args.file)
    if not db.is_sqlite(engine):
        raise CommandError(backups.POSTGRES_ADVICE)
    try:
        backups.check_backup(source)  # before asking: a wrong file is said at once
        stake = backups.erasures_at_stake(engine, source)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    if stake.undone and args.undo_erasures != stake.undone:
        raise CommandError(str(backups.ErasuresWouldBeUndone(stake.undone)))
    said = ""
    if stake.made_again:
        said += f" The {_erasures(stake.made_again)} made since this backup will be made again."
    if stake.undone:
        said += (
            f" The {_erasures(stake.undone)} made since this backup will be undone: "
            "those people come back."
        )
    if not _confirmed(
        args,
        f"Replace everything in {db.describe(str(engine.url))} with the backup {source}? "
        f"A copy of what it replaces is kept beside the database.{said}",
    ):
        print("Nothing was restored.")
        return 1
    try:
        done = backups.restore(engine, source, who=args.who, undoing_erasures=args.undo_erasures)
    except backups.BackupError as error:
        raise CommandError(str(error)) from None
    print(f"Restored the database from {source}.")
    if done.replaced_kept_in:
        print(f"  What it replaced is kept in {done.replaced_kept_in} (readable by you only).")
    if done.upgraded:
        print("  The backup was made by an earlier version and has been brought up to date.")
    if done.erasures_made_again:
        print(
            f"  {_erasures(done.erasures_made_again)} made after this backup "
            f"{'were' if done.erasures_made_again != 1 else 'was'} made again: "
            f"{done.people_erased_again} of those people {'were' if done.people_erased_again != 1 else 'was'} "
            "in the backup and erased again (every row, undo copy and record)."
        )
    for place in done.still_mentioned:
        print(f"  An erased person is still named in your own words: {place}: edit it.")
    if done.erasures_undone:
        print(
            f"  {_erasures(done.erasures_undone)} made after this backup could not be made "
            "again: the restored data hold those people again. Erase them again (the audit "
            "log never says who they were: use your record of the requests)."
        )
    print("  The audit log keeps every entry, the backup's and those made since.")
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
    sub = command(
        "undo", cmd_undo, "undo the newest import not yet undone (even one that changed nothing)"
    )
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
    sub = command(
        "page",
        cmd_page,
        "every figure a page shows to a role, exactly as the dashboard shows it",
    )
    sub.add_argument("name", metavar="NAME", help="the page's address, such as overview")
    sub.add_argument(
        "--as",
        dest="role",
        required=True,
        metavar="ROLE",
        help="programme_lead, steering_group or board",
    )
    sub.add_argument("--as-of", type=_date, help="the date D (default: the page's own)")
    sub.add_argument("--from", dest="start", type=_date, help="first day of the period")
    sub.add_argument("--to", dest="end", type=_date, help="last day of the period")
    sub.add_argument("--directorate", help="narrow to a directorate")
    sub.add_argument("--profession", help="narrow to a profession")
    sub.add_argument("--measure", help="the drill-down's figure (a measure's key)")
    sub.add_argument("--since", type=_date, help="the last meeting or report, for what changed")
    sub.add_argument("--json", action="store_true", help="print the figures as JSON")
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
    sub = command(
        "erase",
        cmd_erase,
        "erase every row about a person, by their code (logged without the code)",
    )
    sub.add_argument("person_id", metavar="PERSON_ID", help="the person's code, such as P0042")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_argument("--who", default="command line", help="who is erasing (for the log)")
    sub = command("backup", cmd_backup, "write a copy of the whole database (SQLite) to a file")
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--who", default="command line", help="who is backing up (for the log)")
    sub = command(
        "restore",
        cmd_restore,
        "replace the database with a backup (SQLite), keeping a copy of what it replaces",
    )
    sub.add_argument("file", metavar="FILE")
    sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    sub.add_argument(
        "--undo-erasures",
        type=int,
        default=0,
        metavar="N",
        help="restore even though the N erasures made since the backup that cannot be made "
        "again would be undone (N must be their number)",
    )
    sub.add_argument("--who", default="command line", help="who is restoring (for the log)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code = args.handler(args)
        sys.stdout.flush()  # here, where a reader that stopped early is caught, not at exit
        return code
    except BrokenPipeError:
        # the reader stopped early (piped into head): nothing more to say, and no traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
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
