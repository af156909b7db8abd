"""What every command shares: the modules loaded when first used (so that an import's reading
workers start before SQLAlchemy and the data core load), the mistakes a command refuses, the
database it uses and says it used, dates, periods and scopes as the dashboard reads them."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

from ..contract import normalise_name
from ..periods import Period, financial_year_to_date
from ..values import EARLIEST_DATE, LATEST_DATE, CellProblem, read_date
from ..words import did_you_mean


def loaded_on_first_use(name: str):
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


sa = loaded_on_first_use("sqlalchemy")


backups = loaded_on_first_use("uep_data.backups")


dates = loaded_on_first_use("uep_data.dates")


db = loaded_on_first_use("uep_data.db")


disclosure = loaded_on_first_use("uep_data.disclosure")


erasure = loaded_on_first_use("uep_data.erasure")


importer = loaded_on_first_use("uep_data.importer")


measures = loaded_on_first_use("uep_data.measures")


sample = loaded_on_first_use("uep_data.sample")


undo = loaded_on_first_use("uep_data.undo")


schema = loaded_on_first_use("uep_data.schema")


targets = loaded_on_first_use("uep_data.targets")


template = loaded_on_first_use("uep_data.template")


class CommandError(Exception):
    """A mistake in how the command was used; the message says what to do."""


def year_argument(text: str) -> int:
    """A financial year by the year it starts in: 2003 (for 2003/04); 2003/04 is taken too."""
    first = text.strip().split("/")[0].split("-")[0]
    if not (first.isdigit() and len(first) == 4 and 1900 <= int(first) <= 2200):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a year: give the year the financial year starts in, as 2003 "
            "for 2003/04"
        )
    return int(first)


def date_argument(text: str) -> dt.date:
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


def check_scope(conn, directorate: str | None, profession: str | None) -> None:
    """A directorate or profession must be one on the trust's list, spelt as listed: a slip
    is refused with the name it is closest to, never answered with zeros."""
    from ..measures import lists  # loaded here: it loads SQLAlchemy (see loaded_on_first_use)

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


def said_which(chosen) -> None:
    """One line on stderr: the database a command used and where that was set (so that a
    command never quietly works on another database than the dashboard shows)."""
    print(f"Database: {db.describe(chosen.url)} ({chosen.source})", file=sys.stderr)


def engine_for(args, upgrade: bool = False):
    chosen = db.chosen_database(args.db)
    url = chosen.url
    path = db.sqlite_file(url)
    if not upgrade and path is not None and not path.exists():
        # asked to read: an empty file is never left behind where no database was
        raise CommandError(
            f"there is no database at {path} ({chosen.source}): check --db, or create one "
            "with `.venv/bin/python -m uep_data init` (or `sample` for the sample data)"
        )
    engine = db.create_engine(url)
    try:
        if upgrade:
            try:
                db.upgrade(engine)
            except db.NewerSchema as newer:
                raise CommandError(str(newer)) from None
        elif not db.is_ready(engine):
            raise CommandError(
                f"the database ({db.describe(url)}, {chosen.source}) is not set up for this "
                "version: run `.venv/bin/python -m uep_data init` first"
            )
    except sa.exc.OperationalError as error:
        raise CommandError(db.unreachable(url, error)) from None
    said_which(chosen)
    return engine


def json_default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data) -> None:
    print(json.dumps(data, indent=2, default=json_default))


# --- commands ----------------------------------------------------------------------------


def as_of_for(conn, given: dt.date | None) -> dt.date:
    return given or dates.latest_data_date(conn) or dt.date.today()


def period_for(args, as_of: dt.date) -> Period:
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


def new_file(path: Path) -> None:
    """Where a command writes a file: refused in one line if it cannot be written there."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder: give a file name, such as {path / 'file.xlsx'}")
    if not path.parent.is_dir():
        raise CommandError(
            f"the folder {path.parent} does not exist: create it, or give a path in a folder "
            "that exists"
        )


def confirmed(args, question: str, why: str) -> bool:
    """Whether the person at the keyboard says yes (or gave --yes). Without a keyboard to
    ask at (a script, a pipe) and without --yes, the command refuses rather than guess,
    saying `why` it asks."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CommandError(f"{why}: add --yes to confirm when not at a keyboard")
    try:
        answer = input(f"{question} Type yes to go on: ")
    except EOFError:
        return False
    return answer.strip().lower() == "yes"
