"""Erasing a person (the right to erasure): every row about them, on every sheet, and in the
copies an undo keeps; their code taken out of the records (file names of past imports and
the audit log); logged without their code. On SQLite the file is then rewritten so that no
copy of the erased rows is left in free pages or the write-ahead log (PostgreSQL: README).

So that restoring a backup made before an erasure does not bring the person back, each
erasure also keeps the code as a keyed hash (HMAC-SHA256, in the `erasures` table). The key
is a file beside the SQLite database (`uep.sqlite.erasure-key`, readable by its owner only),
never inside it: person codes are short, so a hash kept with its key, or a salted hash, could
be undone by trying every code, and the database and its backups would name the person after
all. A restore (backups.py) erases again the people whose hashes it finds among its codes."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import audit, db
from . import contract as c
from . import schema as s
from .acting import Acting, require_lead

# What the code becomes where it is taken out of a record
ERASED_MARK = "[erased]"


@dataclass(frozen=True)
class Erasure:
    rows: dict[str, int]  # sheet -> rows removed ("undo copies" for the kept copies)
    records_cleaned: int = 0  # past file names, log entries and undo copies the code left
    # free text in the programme's own sheets that still names the code (not changed here)
    still_mentioned: list[str] = field(default_factory=list)
    # None: not SQLite; False: the write-ahead log could not be emptied (readers held it)
    file_compacted: bool | None = None

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class Found:
    """What the database holds about a person, before an erasure."""

    rows: dict[str, int]  # sheet -> rows about the person
    records: int  # past file names, log entries and undo copies that name the code
    mentions: list[str]  # free text in the programme's own sheets that names the code

    @property
    def anything(self) -> bool:
        return bool(self.rows or self.records or self.mentions)


def _naming(code: str) -> re.Pattern:
    """The code as a whole (not inside a longer code: erasing P1 leaves P12), in any case."""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", re.IGNORECASE)


def _without(value, naming: re.Pattern):
    """A stored value (text, or JSON of lists and dicts) with the code taken out."""
    if isinstance(value, str):
        return naming.sub(ERASED_MARK, value)
    if isinstance(value, list):
        return [_without(item, naming) for item in value]
    if isinstance(value, dict):
        return {_without(k, naming): _without(v, naming) for k, v in value.items()}
    return value


def _records(conn: Connection, code: str):
    """(table, id column, column, row id, value) of each record outside the data that names
    the code: file names and warnings of imports, audit log details, and undo copies of
    other rows (an edited target whose old title named the person)."""
    naming = _naming(code)
    in_json = json.dumps(code)[1:-1]  # how the code is written inside stored JSON
    changes = s.import_changes
    others = sa.or_(changes.c.person_id.is_(None), changes.c.person_id != code)
    places = [
        (s.imports, s.imports.c.file_names, code, sa.true()),
        (s.imports, s.imports.c.warnings, in_json, sa.true()),
        (s.audit_log, s.audit_log.c.details, in_json, sa.true()),
        (changes, changes.c.before, in_json, others),  # the person's own copies go anyway
    ]
    for table, column, needle, which in places:
        as_text = column if isinstance(column.type, sa.Text) else sa.cast(column, sa.Text)
        query = sa.select(table.c.id, column).where(
            which, as_text.icontains(needle, autoescape=True)
        )
        for row_id, value in conn.execute(query):
            if _without(value, naming) != value:
                yield table, column, row_id, value


def _mentions(conn: Connection, code: str) -> list[str]:
    """Free text of the programme's own sheets (a target's title, an action's description, a
    chart's reason to start again) that names the code: the lead's words, which the lead
    changes; an erasure does not rewrite them."""
    naming = _naming(code)
    found = []
    for sheet in c.SHEETS:
        table = s.DATA_TABLES[sheet.name]
        columns = [
            col.name for col in sheet.columns if col.kind == c.TEXT and col.name != "person_id"
        ]
        if not columns:
            continue
        keys = [table.c[k] for k in sheet.key]
        for column in columns:
            query = sa.select(*keys, table.c[column]).where(
                table.c[column].icontains(code, autoescape=True)
            )
            if "person_id" in sheet.column_names:
                query = query.where(table.c.person_id != code)  # those rows go anyway
            for *key, value in conn.execute(query):
                if naming.search(value):
                    row = ", ".join(
                        v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else str(v) for v in key
                    )
                    found.append(f"{sheet.name} ({row}): {column}")
    r = s.spc_recalculations
    for series, month, reason in conn.execute(
        sa.select(r.c.series, r.c.month, r.c.reason).where(
            r.c.reason.icontains(code, autoescape=True)
        )
    ):
        if naming.search(reason):
            found.append(f"chart recalculation ({series}, {month:%m/%Y}): reason")
    k = s.target_check_ins
    for column in ("figure_says", "why", "being_done"):
        for target_id, meeting, words in conn.execute(
            sa.select(k.c.target_id, k.c.meeting_date, k.c[column]).where(
                k.c[column].icontains(code, autoescape=True)
            )
        ):
            if naming.search(words):
                found.append(f"check-in ({target_id}, {meeting:%d/%m/%Y}): {column}")
    return found


def _rows_about(conn: Connection, person_id: str) -> dict[str, int]:
    found = {}
    for name in ("people",) + c.PERSON_SHEETS:
        table = s.DATA_TABLES[name]
        n = conn.execute(
            sa.select(sa.func.count()).select_from(table).where(table.c.person_id == person_id)
        ).scalar()
        if n:
            found[name] = int(n)
    return found


def rows_about(engine: Engine, person_id: str) -> dict[str, int]:
    """How many rows each sheet holds about the person (what an erasure would remove)."""
    with db.reading(engine) as conn:
        return _rows_about(conn, person_id.strip())


def find(engine: Engine, person_id: str) -> Found:
    """Everything an erasure of this code would remove or clean, and the free text that
    names it, for the lead to confirm."""
    code = person_id.strip()
    with db.reading(engine) as conn:
        return Found(
            _rows_about(conn, code),
            sum(1 for _ in _records(conn, code)),
            _mentions(conn, code),
        )


KEY_SUFFIX = ".erasure-key"
KEY_BYTES = 32


def key_file(database: Path) -> Path:
    """Where the erasure key of a SQLite database is kept: beside it, not in it."""
    return database.with_name(database.name + KEY_SUFFIX)


def erasure_key(engine: Engine, create: bool = False) -> bytes | None:
    """The key the erasures of this database are hashed with (made on first use when
    `create`); None for a database that is not a SQLite file (there, restores are made with
    PostgreSQL's own tools, and no hash is kept) or that has no key yet."""
    database = db.sqlite_file(engine.url.render_as_string(hide_password=False))
    if database is None:
        return None
    path = key_file(database)
    if create and not path.exists():
        try:
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, db.OWNER_ONLY_FILE)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_bytes(KEY_BYTES))
                file.flush()
                os.fsync(file.fileno())
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) == KEY_BYTES else None


def person_key(key: bytes, code: str) -> str:
    """The code as an erasure keeps it: a keyed hash, which names nobody without the key."""
    return hmac.new(key, code.encode("utf-8"), hashlib.sha256).hexdigest()


def key_check(key: bytes) -> str:
    """Which key made a record (a hash of the key, not the key)."""
    return hmac.new(key, b"uep erasure key check", hashlib.sha256).hexdigest()[:16]


def _erase(conn: Connection, code: str) -> tuple[dict[str, int], int]:
    """Remove the person's rows and undo copies and take the code out of the records:
    (rows removed by sheet, records cleaned)."""
    removed: dict[str, int] = {}
    for name in c.PERSON_SHEETS + ("people",):
        table = s.DATA_TABLES[name]
        result = conn.execute(sa.delete(table).where(table.c.person_id == code))
        if result.rowcount:
            removed[name] = result.rowcount
    kept = conn.execute(sa.delete(s.import_changes).where(s.import_changes.c.person_id == code))
    if kept.rowcount:
        removed["undo copies"] = kept.rowcount
    naming = _naming(code)
    cleaned = 0
    for table, column, row_id, value in list(_records(conn, code)):
        conn.execute(
            sa.update(table)
            .where(table.c.id == row_id)
            .values({column.name: _without(value, naming)})
        )
        cleaned += 1
    return removed, cleaned


def _codes_held(conn: Connection) -> list[str]:
    """Every person code the data hold: on any sheet about people, or in an undo copy."""
    tables = [s.DATA_TABLES[name] for name in ("people",) + c.PERSON_SHEETS]
    held = sa.union(
        *(sa.select(t.c.person_id.label("code")) for t in tables),
        sa.select(s.import_changes.c.person_id.label("code")).where(
            s.import_changes.c.person_id.is_not(None)
        ),
    )
    return [code for (code,) in conn.execute(held)]


@dataclass(frozen=True)
class ErasedAgain:
    people: int  # erased people found again in the data, and erased again
    rows: int
    still_mentioned: list[str]  # the lead's own words that name one of them (not changed)


def erase_again(conn: Connection, key: bytes, person_keys: Iterable[str]) -> ErasedAgain:
    """Erase again, as thoroughly as the first time (rows, undo copies, records), every
    person whose code hashes with `key` to one of `person_keys` (after a restore brought
    them back). Not logged here: the restore that calls it is. The caller compacts the file."""
    wanted = set(person_keys)
    people = rows = 0
    mentions: list[str] = []
    for code in _codes_held(conn) if wanted else []:
        if person_key(key, code) in wanted:
            removed, _ = _erase(conn, code)
            people += 1
            rows += sum(removed.values())
            mentions += _mentions(conn, code)
    return ErasedAgain(people, rows, mentions)


def erase_person(engine: Engine, person_id: str, who: str | Acting) -> Erasure:
    """Remove every row about the person, including the before-copies kept to undo imports,
    and take their code out of past imports' file names, the audit log and other undo
    copies. The audit log records that an erasure happened, by whom and how many rows, never
    the person's code; the erasures table keeps the code as a keyed hash whose key is not in
    the database (for a restore to erase again). On SQLite the file is then rewritten
    (VACUUM) and its write-ahead log emptied, so that no byte of the database files keeps
    the code. Only the programme lead may erase, as the database says when it is written
    (acting.require_lead: access.AccessDenied, and nothing is erased)."""
    code = person_id.strip()
    if not code:
        raise ValueError("give the person's code")
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        removed, cleaned = _erase(conn, code)
        mentions = _mentions(conn, code)
        entry = audit.log(
            conn,
            who,
            "erasure",
            {"rows": sum(removed.values()), "sheets": sorted(removed), "records": cleaned},
        )
        key = erasure_key(engine, create=True)  # made while erasures wait for this one
        if key is not None:
            conn.execute(
                sa.insert(s.erasures).values(
                    audit_id=entry, person_key=person_key(key, code), key_check=key_check(key)
                )
            )
    compacted = db.compact(engine) if db.is_sqlite(engine) else None
    return Erasure(removed, cleaned, mentions, compacted)
