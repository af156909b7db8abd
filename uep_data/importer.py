"""Importing an upload: check everything, work out what would change, and write it all in
one transaction or nothing at all.

(Undoing the newest import, and the history of imports, are in undo.py.)

Rows are matched by the contract's keys: a new key inserts, a stored key whose values
differ updates (only the columns the upload has), an identical row is left alone. A sheet
in replace mode also removes the stored rows the upload does not have. An import records
what an undo needs: its id on every row it inserted, and the rows it changed or removed as
they were before.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import audit, db, events, person_codes, settings
from . import contract as c
from . import schema as s
from .access import AccessDenied
from .acting import Acting, of, require_lead
from .problems import Problem, ProblemList
from .validation import check_against_database, check_rows, chunks
from .workbook import Reading, SheetRows, Upload, start_reading

# Sheets in the order they are written (lists and people before the rows that use them)
WRITE_ORDER = c.SHEET_NAMES


class _RowsOfColumns(Sequence):
    """The rows of a bulk load, read from its columns when asked (a tuple a row is made
    only for the rows shown)."""

    def __init__(self, columns: list[list]):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(*(column[index] for column in self.columns)))
        return tuple(column[index] for column in self.columns)

    def __iter__(self):
        return zip(*self.columns)


@dataclass
class SheetChanges:
    """What importing one sheet would do."""

    sheet: str
    replaced: bool = False
    columns: tuple[str, ...] = ()  # the order of the values in each insert
    # the rows to add (a bulk load's are read from new_columns when asked)
    inserts: list[tuple] | _RowsOfColumns = field(default_factory=list)
    # (row id, the stored row before, the new values of the columns that differ)
    updates: list[tuple[int, dict, dict]] = field(default_factory=list)
    deletes: list[dict] = field(default_factory=list)  # stored rows removed (replace mode)
    unchanged: int = 0
    # the inserts column by column, when every row of the sheet is new: a bulk load is
    # written from these, without a tuple a row
    new_columns: list[list] | None = None

    @property
    def counts(self) -> dict[str, int]:
        return {
            "inserted": len(self.inserts),
            "updated": len(self.updates),
            "unchanged": self.unchanged,
            "deleted": len(self.deletes),
        }

    def inserted_rows(self, limit: int | None = None) -> list[dict]:
        """The rows to be added, as dicts (the first `limit` of them)."""
        return [dict(zip(self.columns, row)) for row in self.inserts[:limit]]

    @property
    def changes_anything(self) -> bool:
        return bool(self.inserts or self.updates or self.deletes)


@dataclass
class ImportResult:
    """The outcome of an import (or of a dry run): refused with problems, or the changes."""

    status: str  # refused | checked (dry run) | imported | no_changes
    problems: ProblemList
    warnings: list[str]
    changes: dict[str, SheetChanges]
    import_id: int | None = None
    file_names: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "refused"

    def sheet_counts(self) -> dict[str, dict]:
        return {name: {**ch.counts, "replaced": ch.replaced} for name, ch in self.changes.items()}

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "import_id": self.import_id,
            "errors": [p.as_dict() for p in self.problems],
            "error_count": self.problems.total,
            "warnings": list(self.warnings),
            "sheets": self.sheet_counts(),
        }


# --- keys and comparison -----------------------------------------------------------------


def stored_columns(sheet: c.Sheet) -> tuple[str, ...]:
    """The columns a sheet's rows are stored with (the contract's, plus occurrence)."""
    return sheet.column_names + (("occurrence",) if sheet.counts_identical_rows else ())


def _keys_of(sheet: c.Sheet, sheet_rows: SheetRows) -> list[tuple]:
    """Each row's key as stored; identical contact rows are numbered by their occurrence."""
    keys = list(zip(*(sheet_rows.values[k] for k in sheet.key)))
    if sheet.counts_identical_rows:
        occurrences = [1] * len(keys)  # each row is its key's first occurrence...
        if len(set(keys)) < len(keys):  # ...but where a key repeats, its rows are numbered
            repeated = {key for key, count in Counter(keys).items() if count > 1}
            seen: Counter = Counter()
            for index, key in enumerate(keys):
                if key in repeated:
                    seen[key] += 1
                    occurrences[index] = seen[key]
        sheet_rows.values["occurrence"] = occurrences
        keys = list(zip(*(sheet_rows.values[k] for k in sheet.key_columns)))
    return keys


def _first_rows(
    sheet: c.Sheet, sheet_rows: SheetRows, keys: list[tuple], problems: ProblemList
) -> dict[tuple, int] | None:
    """Key -> the row that holds it; a key held twice is a problem, a blank key is skipped
    (a blank required cell is a problem already). None when every row holds a key of its
    own, none blank (the usual case, found without a loop in Python): each row is then the
    first with its key."""
    blank_keys = any(None in sheet_rows.values[k] for k in sheet.key_columns)
    if not blank_keys and len(set(keys)) == len(keys):
        return None
    first_row: dict[tuple, int] = {}
    for index, key in enumerate(keys):
        if None in key:
            continue
        if key in first_row:
            problems.append(
                Problem(
                    sheet.name,
                    sheet_rows.row_numbers[index],
                    None,
                    _describe_key(sheet, key),
                    f"repeats row {sheet_rows.row_numbers[first_row[key]]}: "
                    f"{c.only_once_words(sheet)}, so remove one of them",
                )
            )
        else:
            first_row[key] = index
    return first_row


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and round(float(a), 6) == round(float(b), 6)
    return a == b


def _describe_key(sheet: c.Sheet, key: tuple) -> str:
    parts = []
    for name, value in zip(sheet.key, key):
        parts.append(
            f"{name} {value.strftime('%d/%m/%Y') if hasattr(value, 'strftime') else value}"
        )
    return ", ".join(parts)


def _stored_rows_for(
    conn: Connection, table: sa.Table, sheet: c.Sheet, sheet_rows: SheetRows, everything: bool
) -> dict[tuple, dict]:
    """Stored rows by key: all of them (replace mode), or those sharing the first part of the
    upload's keys (a few more than needed: only those matching a whole key are used)."""
    key_cols = [table.c[k] for k in sheet.key_columns]
    query = sa.select(table)
    stored: dict[tuple, dict] = {}
    if everything:
        batches = [query]
    else:
        first_values = set(sheet_rows.values[sheet.key_columns[0]])
        first_values.discard(None)
        batches = [query.where(key_cols[0].in_(part)) for part in chunks(sorted(first_values))]
    for batch in batches:
        for row in conn.execute(batch).mappings():
            stored[tuple(row[col.name] for col in key_cols)] = dict(row)
    return stored


def plan_sheet(
    conn: Connection, sheet_rows: SheetRows, replace: bool, problems: ProblemList
) -> SheetChanges:
    """Compare one sheet's rows with the database: inserts, updates, unchanged, deletes."""
    sheet = c.SHEETS_BY_NAME[sheet_rows.sheet]
    table = s.DATA_TABLES[sheet.name]
    keys = _keys_of(sheet, sheet_rows)
    first_row = _first_rows(sheet, sheet_rows, keys, problems)
    stored = _stored_rows_for(conn, table, sheet, sheet_rows, everything=replace)
    compared = [col for col in sheet_rows.columns if col not in sheet.key_columns]
    changes = SheetChanges(sheet.name, replaced=replace, columns=stored_columns(sheet))
    columns = [sheet_rows.values[col] for col in changes.columns]
    if not stored:  # nothing of this sheet stored yet for these keys: every row is new
        if first_row is None:
            changes.inserts = _RowsOfColumns(columns)
            changes.new_columns = columns
        else:
            rows = list(zip(*columns))
            changes.inserts = [rows[index] for index in sorted(first_row.values())]
        return changes
    rows = list(zip(*columns))
    if first_row is None:
        first_row = dict(zip(keys, range(len(keys))))
    for key, index in first_row.items():
        before = stored.pop(key, None)
        if before is None:
            changes.inserts.append(rows[index])
            continue
        row = sheet_rows.row(index)
        differing = {col: row[col] for col in compared if not _same(row[col], before[col])}
        if differing:
            changes.updates.append((before["id"], before, differing))
        else:
            changes.unchanged += 1
    if replace:
        changes.deletes = list(stored.values())
    return changes


# --- importing ---------------------------------------------------------------------------


def _check_replace(upload: Upload, replace: Collection[str]) -> set[str]:
    names = set()
    for name in replace:
        sheet = c.SHEETS_BY_NAME.get(c.normalise_name(name))
        if sheet is None:
            upload.problems.append(
                Problem(
                    name,
                    None,
                    None,
                    "",
                    "cannot be replaced: it is not a sheet of the "
                    "template (" + ", ".join(c.SHEET_NAMES) + ")",
                )
            )
        elif sheet.name not in upload.sheets:
            upload.problems.append(
                Problem(
                    sheet.name,
                    None,
                    None,
                    "",
                    "was to be replaced but is not in this upload; "
                    "replacing it with nothing would delete all its "
                    "rows",
                )
            )
        else:
            names.add(sheet.name)
    return names


def _plan(conn: Connection, upload: Upload, replace: set[str]) -> dict[str, SheetChanges]:
    check_rows(upload)
    check_against_database(conn, upload, replace)
    return {
        name: plan_sheet(conn, upload.sheets[name], name in replace, upload.problems)
        for name in WRITE_ORDER
        if name in upload.sheets
    }


class _RefusedOnChecking(Exception):
    """The workbook checks found what the reading could not: the transaction is undone."""

    def __init__(self, upload: Upload):
        self.upload = upload


def _refused_on_checking(engine: Engine, upload: Upload, replace: Collection[str]) -> ImportResult:
    """The result for an upload its checks refused: its problems, with every other problem
    an upload is checked for, so that all of them can be fixed at once."""
    replace_set = _check_replace(upload, replace)
    with db.reading(engine) as conn:
        _plan(conn, upload, replace_set)
    return ImportResult(
        "refused", upload.problems, upload.warnings, {}, file_names=upload.file_names
    )


def import_upload(
    engine: Engine,
    upload: Upload,
    *,
    replace: Collection[str] = (),
    who: str | Acting = "command line",
    dry_run: bool = False,
    action: str = "import",
    checked: Callable[[], Upload] | None = None,
) -> ImportResult:
    """Check an upload against the contract and the database and, if nothing is wrong and
    this is not a dry run, write all of it in one transaction. Nothing is written otherwise.
    `action` names the change in the audit log (an upload, or an edit of the targets).
    `who` (a name at this computer, or acting.Acting) must be the programme lead when the
    transaction begins: else access.AccessDenied, and nothing is written.

    `checked`, when given, waits for the upload's file checks and returns the upload they
    leave: this very upload if they found nothing, else another (refused) one. It is asked
    just before the result is given (or the transaction committed), so that checking the
    workbooks overlaps planning and writing; what the checks refuse is never kept.

    A refused upload is reported to the system log (events.py) with how many problems it
    has, not what they are: the problems quote the file's values.
    """
    result = _import_upload(engine, upload, replace, who, dry_run, action, checked)
    if result.status == "refused":
        events.refused(
            f"{action}_refused", of(who).who, problems=result.problems.total, checked_only=dry_run
        )
    return result


def _import_upload(
    engine: Engine,
    upload: Upload,
    replace: Collection[str],
    who: str | Acting,
    dry_run: bool,
    action: str,
    checked: Callable[[], Upload] | None,
) -> ImportResult:
    replace_set = _check_replace(upload, replace)
    if dry_run:
        with db.reading(engine) as conn:
            changes = _plan(conn, upload, replace_set)
        if checked is not None and (final := checked()) is not upload:
            return _refused_on_checking(engine, final, replace)
        status = "refused" if upload.problems.total else "checked"
        return ImportResult(
            status, upload.problems, upload.warnings, changes, file_names=upload.file_names
        )
    try:
        with db.writing(engine) as conn:
            who = require_lead(conn, who).who
            changes = _plan(conn, upload, replace_set)
            if upload.problems.total:  # nothing has been written: leave without writing
                if checked is not None and (final := checked()) is not upload:
                    return _refused_on_checking(engine, final, replace)
                return ImportResult(
                    "refused",
                    upload.problems,
                    upload.warnings,
                    changes,
                    file_names=upload.file_names,
                )
            import_id = _write(conn, upload, changes, who, action)
            status = (
                "imported" if any(ch.changes_anything for ch in changes.values()) else "no_changes"
            )
            conn.execute(
                sa.update(s.imports).where(s.imports.c.id == import_id).values(status=status)
            )
            if checked is not None and (final := checked()) is not upload:
                raise _RefusedOnChecking(final)  # leaving the block undoes every write
    except _RefusedOnChecking as refusal:
        return _refused_on_checking(engine, refusal.upload, replace)
    return ImportResult(
        status, upload.problems, upload.warnings, changes, import_id, upload.file_names
    )


class _OnlyALook(Exception):
    """Leaves a look at an import without keeping anything of it."""


@contextlib.contextmanager
def as_if_imported(engine: Engine, upload: Upload, checked: ImportResult) -> Iterator[Connection]:
    """A connection that sees the data as they would be after importing an upload its dry
    run `checked` passed (its planned changes written), in a transaction that is always rolled
    back: to read what the figures would become, before the lead says yes. Nothing of it is
    kept, logged or seen by anyone else; other writers wait until it ends. Never read it
    through views shared across sessions (policy.tables_shared)."""
    try:
        with db.writing(engine) as conn:
            _write(conn, upload, checked.changes, "preview")  # reads only its names and hash
            yield conn
            raise _OnlyALook
    except _OnlyALook:
        pass


def import_reading(engine: Engine, reading: Reading, **options) -> ImportResult:
    """Import an upload being read (workbook.start_reading): planned, and written, as soon as
    its files are read, while their checks finish; kept only if the checks pass."""
    try:
        return import_upload(engine, reading.provisional(), checked=reading.upload, **options)
    except AccessDenied:
        reading.close()  # the checks still running are not wanted
        raise


def sheets_of(upload: Upload) -> list[str]:
    """The sheets of the template an upload holds, in the template's order."""
    return [name for name in c.SHEET_NAMES if name in upload.sheets]


def import_kept_upload(engine: Engine, upload: Upload, **options) -> ImportResult:
    """Check (dry_run=True) or import an upload that was read once and is kept to be checked
    again and imported (the Upload page's): each time from a copy, so that it stays as read."""
    return import_upload(engine, upload.copy(), **options)


def import_files(
    engine: Engine,
    files: Sequence[tuple[str, bytes]],
    *,
    replace: Collection[str] = (),
    who: str | Acting = "command line",
    dry_run: bool = False,
    csv_sheets: dict[str, str] | None = None,
) -> ImportResult:
    """Read files (one .xlsx and/or .csv files) and import them."""
    return import_reading(
        engine, start_reading(files, csv_sheets), replace=replace, who=who, dry_run=dry_run
    )


def row_as_json(row: dict) -> dict:
    return {
        k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v) for k, v in row.items()
    }


def row_from_json(table: sa.Table, data: dict) -> dict:
    row = {}
    for name, value in data.items():
        if value is not None and isinstance(table.c[name].type, sa.DateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(table.c[name].type, sa.Date):
            value = dt.date.fromisoformat(value)
        row[name] = value
    return row


def new_import_record(
    conn: Connection,
    when: dt.datetime,
    who: str,
    file_names: str,
    file_hash: str,
    warnings: list | None = None,
) -> int:
    """The `imports` row of one change to the data (an upload, or a check-in written on the
    page): the history lists it and "undo the last import" takes it back. Its id goes on every
    row it adds and on the copy of every row it changes."""
    return conn.execute(
        sa.insert(s.imports)
        .values(
            imported_at=when,
            imported_by=who,
            file_names=file_names,
            file_hash=file_hash,
            status="imported",
            warnings=warnings or [],
        )
        .returning(s.imports.c.id)
    ).scalar_one()


def _write(
    conn: Connection,
    upload: Upload,
    changes: dict[str, SheetChanges],
    who: str,
    action: str = "import",
) -> int:
    when = db.now()
    # a person's code in a file name ("P0042 route fix.xlsx") is never kept in the records
    file_names = person_codes.file_names_for_the_record(
        (name for name, _ in upload.files), settings.person_code_rule(conn)
    )
    import_id = new_import_record(
        conn, when, who, file_names, upload.file_hash, list(upload.warnings)
    )
    for name, change in changes.items():
        table = s.DATA_TABLES[name]
        log = []
        if change.deletes:
            log += [
                {
                    "import_id": import_id,
                    "sheet": name,
                    "row_id": row["id"],
                    "action": "deleted",
                    "person_id": row.get("person_id"),
                    "before": row_as_json(row),
                }
                for row in change.deletes
            ]
            for part in chunks(row["id"] for row in change.deletes):
                conn.execute(sa.delete(table).where(table.c.id.in_(part)))
        if change.updates:
            log += [
                {
                    "import_id": import_id,
                    "sheet": name,
                    "row_id": row_id,
                    "action": "updated",
                    "person_id": before.get("person_id"),
                    "before": row_as_json(before),
                }
                for row_id, before, _ in change.updates
            ]
            # one statement shape per set of changed columns, run as executemany
            by_shape: dict[tuple, list] = {}
            for row_id, _, differing in change.updates:
                by_shape.setdefault(tuple(sorted(differing)), []).append(
                    {"_id": row_id, **{f"_{k}": v for k, v in differing.items()}}
                )
            for columns, params in by_shape.items():
                statement = (
                    sa.update(table)
                    .where(table.c.id == sa.bindparam("_id"))
                    .values({col: sa.bindparam(f"_{col}") for col in columns})
                )
                conn.execute(statement, params)
        if change.inserts:
            if change.new_columns is not None:
                rows = zip(repeat(import_id), *_as_stored(conn, table, change))
            else:
                rows = ((import_id, *row) for row in change.inserts)
            with _indexes_built_after(conn, table, len(change.inserts)):
                bulk_insert(conn, table, ("import_id",) + change.columns, rows)
        if log:
            conn.execute(sa.insert(s.import_changes), log)
        conn.execute(
            sa.insert(s.import_sheets).values(
                import_id=import_id, sheet=name, replaced=change.replaced, **change.counts
            )
        )
    details = {
        "import_id": import_id,
        "file_names": file_names,
        "file_hash": upload.file_hash,
        "sheets": {n: {**ch.counts, "replaced": ch.replaced} for n, ch in changes.items()},
    }
    if action == "targets_edit":
        details.update(
            sheet=", ".join(changes),
            inserted=sum(len(ch.inserts) for ch in changes.values()),
            updated=sum(len(ch.updates) for ch in changes.values()),
        )
    audit.log(conn, who, action, details, when)
    return import_id


def _as_stored(conn: Connection, table: sa.Table, change: SheetChanges) -> list[list]:
    """A bulk load's columns as the driver takes them: on SQLite, dates as the ISO text
    SQLAlchemy stores, each distinct date converted once (not once a row by the driver)."""
    if conn.dialect.name != "sqlite":
        return change.new_columns
    columns = []
    for name, values in zip(change.columns, change.new_columns):
        if isinstance(table.c[name].type, sa.Date):
            iso = {v: v.isoformat() for v in set(values) if v is not None}
            values = list(map(iso.get, values, values))
        columns.append(values)
    return columns


# A bulk load builds a table's indexes afterwards, in one sorted pass, rather than entry by
# entry: 100,000 contacts go in 0.12 s instead of 0.25 s, and their two indexes are then built
# in ~0.16 s: ~0.28 s in all against ~0.33 s (processor time; bench/README.md). The contacts key is
# a unique index for this (schema.KEY_AS_INDEX): built again, it holds the rows to their key
# as the constraint did (the plan has refused a key that repeats, and a key index that could
# not be built would undo the whole import). Worth it only when the new rows are many and
# outnumber the stored ones (the index is rebuilt whole). SQLite only: there, readers keep
# reading the data as they were; PostgreSQL would hold every reader of the table off while
# the index is away (DROP INDEX takes an exclusive lock until the import commits).
INDEX_AFTER_LOAD_FROM = 20_000


@contextlib.contextmanager
def _indexes_built_after(conn: Connection, table: sa.Table, new_rows: int) -> Iterator[None]:
    indexes = sorted(table.indexes, key=lambda index: index.name)
    if not indexes or conn.dialect.name != "sqlite" or new_rows < INDEX_AFTER_LOAD_FROM:
        yield
        return
    stored = conn.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0
    if stored > new_rows:  # the ids run from 1: the largest is at least the rows stored
        yield
        return
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:  # in the same transaction: the import is still all or nothing
        index.create(conn)


def bulk_insert(
    conn: Connection, table: sa.Table, columns: Sequence[str], rows: Iterable[tuple]
) -> None:
    """Insert many rows through the driver: COPY on PostgreSQL, executemany on SQLite (the
    only two databases the dashboard runs on).

    SQLAlchemy's per-row parameter processing costs more than the insert itself for a large
    upload, so the values go to the driver as they are (db.py teaches sqlite3 to store dates
    as ISO text, as SQLAlchemy does).
    """
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    if conn.dialect.name == "postgresql":
        driver_connection = conn.connection.driver_connection
        with driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    placeholders = ", ".join(["?"] * len(columns))
    # the driver's executemany takes the rows as they come, without a list of them all
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.executemany(
            f"INSERT INTO {quote(table.name)} ({names}) VALUES ({placeholders})", rows
        )
    finally:
        cursor.close()
