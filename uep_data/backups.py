"""Backups of the database and restoring one (SQLite: the online backup API; PostgreSQL:
pg_dump and pg_restore, which the README gives). A backup and a restore are logged.

A restore replaces the data in the open database rather than the file under it, and first
keeps a copy of what it replaces beside the database: the dashboard holds the file open for
as long as it runs, so refusing while it is in use would mean stopping the dashboard for
every restore, and swapping the file under open connections would corrupt it. A mistaken
restore can be reversed by restoring the copy.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import audit, db, erasure, person_codes, settings
from . import schema as s
from .uk_time import on_uk_clocks

SQLITE_HEADER = b"SQLite format 3\x00"

POSTGRES_ADVICE = """\
On PostgreSQL, back up and restore with PostgreSQL's own tools (see the README):
  pg_dump --format=custom --file=uep-backup.dump "postgresql://USER@HOST/DATABASE"
  pg_restore --clean --if-exists --no-owner --dbname="postgresql://USER@HOST/DATABASE" \\
      uep-backup.dump
then restart the dashboard."""


class BackupError(Exception):
    """A backup or a restore that cannot be made; the message says what to do."""


class ErasuresWouldBeUndone(BackupError):
    """Erasures made since the backup that a restore cannot make again: it refuses until
    told how many it would undo."""

    def __init__(self, count: int):
        self.count = count
        people = "those people" if count != 1 else "that person"
        super().__init__(
            f"{count} erasure{'s' if count != 1 else ''} made since this backup cannot be made "
            "again (made by an earlier version of the dashboard, or the erasure key beside the "
            f"database is missing): restoring it would bring {people} back. Nothing was "
            f"restored. To restore anyway, add --undo-erasures {count}, then erase {people} "
            "again from your own record of the requests"
        )


@dataclass(frozen=True)
class Stake:
    """What a restore would do to the erasures made since the backup."""

    made_again: int  # erasures it makes again in the restored data
    undone: int  # erasures it cannot make again: their people come back


@dataclass(frozen=True)
class Restored:
    replaced_kept_in: Path | None  # the copy of the data the restore replaced
    upgraded: bool  # the backup was made by an earlier version and has been upgraded
    erasures_made_again: int = 0  # erasures made since the backup, made again
    erasures_undone: int = 0  # erasures made since the backup that could not be (confirmed)
    people_erased_again: int = 0  # people of those erasures that the backup held
    # the lead's own words in the restored data that name one of them (not changed)
    still_mentioned: list[str] = field(default_factory=list)


def _require_sqlite(engine: Engine) -> Path:
    path = db.sqlite_file(engine.url.render_as_string(hide_password=False))
    if path is None:
        raise BackupError(POSTGRES_ADVICE if engine.dialect.name == "postgresql" else "")
    return path


def _name_for_the_record(path: Path, engine: Engine) -> str:
    """The file's name as the log keeps it (a code-shaped part of it replaced)."""
    with db.reading(engine) as conn:
        rule = settings.person_code_rule(conn)
    return person_codes.file_names_for_the_record([path.name], rule)


@dataclass(frozen=True)
class Backup:
    file: Path
    folder_made: Path | None  # the folder made for it, if it did not exist (owner only)


def make_backup(engine: Engine, target: Path, who: str) -> Backup:
    """Write a copy of the whole database, as it is at one moment, to a new file (readable
    by its owner only), and log it. A missing folder is made, readable by its owner only,
    as the database's own folder is."""
    database = _require_sqlite(engine)
    if target.exists():
        raise BackupError(f"{target} already exists: give a new file name")
    if target.resolve() == database.resolve():
        raise BackupError("give a file other than the database itself")
    folder_made = None
    if not target.parent.exists():
        try:
            target.parent.mkdir(parents=True, mode=db.OWNER_ONLY_FOLDER)
            target.parent.chmod(db.OWNER_ONLY_FOLDER)  # whatever the umask
        except OSError as error:
            raise BackupError(
                f"cannot make the folder {target.parent}: {error.strerror or error}"
            ) from None
        folder_made = target.parent
    elif not target.parent.is_dir():
        raise BackupError(f"{target.parent} is not a folder: give a path in a folder")
    try:
        db.backup_sqlite(engine, target)
    except OSError as error:
        raise BackupError(f"cannot write {target}: {error.strerror or error}") from None
    with db.writing(engine) as conn:  # logged once the copy is written
        audit.log(conn, who, "backup", {"file": _name_for_the_record(target, engine)})
    return Backup(target, folder_made)


def check_backup(source: Path) -> tuple[str, tuple[int, dt.datetime, str] | None]:
    """The schema version a backup file is at and its latest log entry (number, time and
    action), or a BackupError saying why it cannot be restored."""
    if not source.is_file():
        raise BackupError(f"there is no file {source}")
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(
                f"{source} is not a SQLite database (a file made by `python -m uep_data backup` is)"
            )
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = backup.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"{source} is damaged ({verdict}): use another backup")
        tables = {name for (name,) in backup.execute("SELECT name FROM sqlite_master")}
        if not {"alembic_version", "audit_log", "people"} <= tables:
            raise BackupError(f"{source} is a SQLite database but not this dashboard's")
        (version,) = backup.execute("SELECT version_num FROM alembic_version").fetchone()
        latest_entry = backup.execute(
            "SELECT id, at, action FROM audit_log ORDER BY id DESC LIMIT 1"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{source} cannot be read as a database: {error}") from None
    finally:
        backup.close()
    if version not in db.known_schema_versions():
        raise BackupError(
            f"{source} was made by a newer version of the dashboard: update this copy of the "
            "dashboard first"
        )
    if latest_entry is None:
        return version, None
    entry_id, at, action = latest_entry
    return version, (entry_id, dt.datetime.fromisoformat(at), action)


@contextmanager
def _reading_file(path: Path) -> Iterator[sa.Connection]:
    """A read-only look into a SQLite file (a backup, or the copy of the live data), which
    leaves the file exactly as it is (no write-ahead log is started in it)."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    engine = sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@dataclass
class _Records:
    """The records a restore carries across from the live database: the audit log, the
    erasures' keyed hashes and the sign-in sessions."""

    log: list[dict]
    erasures: list[dict]
    sessions: list[dict] | None  # None: the database had none to carry

    @property
    def last_id(self) -> int:
        return max((e["id"] for e in self.log), default=0)


def _read_records(conn, sessions: bool = True) -> _Records:
    tables = set(sa.inspect(conn).get_table_names())

    def rows(table: sa.Table, order) -> list[dict]:
        if table.name not in tables:
            return []
        return [dict(r) for r in conn.execute(sa.select(table).order_by(order)).mappings()]

    return _Records(
        rows(s.audit_log, s.audit_log.c.id),
        rows(s.erasures, s.erasures.c.id),
        rows(s.sign_in_sessions, s.sign_in_sessions.c.session_key)
        if sessions and s.sign_in_sessions.name in tables
        else None,
    )


def _entry_key(entry) -> tuple:
    """What makes two log entries one: a backup of this database has its entries under the
    same numbers, at the same moments, by the same people (an erasure since may have taken
    a code out of the details, so those are not compared)."""
    return (entry["id"], entry["at"], entry["who"], entry["action"])


def _since_backup(live: _Records, backup_keys: set, key: bytes | None) -> tuple[list[str], int]:
    """The erasures in the live log that the backup's log lacks (made since the backup, or
    in another copy of the data): the keyed hashes of those the restore can make again, and
    how many it cannot (no hash: made by an earlier version; or the key is not the one they
    were made with)."""
    check = erasure.key_check(key) if key is not None else None
    hashes = {r["audit_id"]: r for r in live.erasures}
    again, undone = [], 0
    for entry in live.log:
        if entry["action"] != "erasure" or _entry_key(entry) in backup_keys:
            continue
        record = hashes.get(entry["id"])
        if record is not None and record["key_check"] == check:
            again.append(record["person_key"])
        else:
            undone += 1
    return again, undone


def _backup_log_keys(source: Path) -> set:
    a = s.audit_log
    with _reading_file(source) as conn:
        rows = conn.execute(sa.select(a.c.id, a.c.at, a.c.who, a.c.action)).mappings()
        return {_entry_key(r) for r in rows}


def erasures_at_stake(engine: Engine, source: Path) -> Stake:
    """What restoring this backup would do to the erasures made since it was taken (to say
    before asking; `restore` works it out again from the data it replaces)."""
    with db.reading(engine) as conn:
        live = _read_records(conn, sessions=False)
    again, undone = _since_backup(live, _backup_log_keys(source), erasure.erasure_key(engine))
    return Stake(len(again), undone)


def _union(live: _Records, backup: _Records) -> tuple[list[dict], list[dict]]:
    """The audit log and erasure records after a restore: every live entry as it is now
    (with any code an erasure took out of it still out), and every entry of the backup's
    that the live log lacks (a backup from elsewhere: renumbered after the live entries if
    its number is taken)."""
    live_keys = {_entry_key(e) for e in live.log}
    taken = {e["id"] for e in live.log}
    next_id = max(taken | {e["id"] for e in backup.log}, default=0) + 1
    log, moved = list(live.log), {}
    for entry in backup.log:
        if _entry_key(entry) in live_keys:
            continue
        if entry["id"] in taken:
            moved[entry["id"]] = next_id
            entry = {**entry, "id": next_id}
            next_id += 1
        log.append(entry)
    live_entries_of_backup = {e["id"] for e in backup.log if _entry_key(e) in live_keys}
    kept = {(r["audit_id"], r["person_key"]) for r in live.erasures}
    hashes = [{k: v for k, v in r.items() if k != "id"} for r in live.erasures]
    for record in backup.erasures:
        if record["audit_id"] in live_entries_of_backup:
            continue  # the live database has it (or an erasure since removed it)
        record = {**record, "audit_id": moved.get(record["audit_id"], record["audit_id"])}
        if (record["audit_id"], record["person_key"]) not in kept:
            hashes.append({k: v for k, v in record.items() if k != "id"})
    return sorted(log, key=lambda e: e["id"]), hashes


def copy_path_for(database: Path, when) -> Path:
    """Where a restore keeps the data it replaces: beside the database, named by the time
    on UK clocks and its zone."""
    local = on_uk_clocks(when)
    return database.with_name(
        f"{database.name}.before-restore-{local:%Y%m%d-%H%M%S}-{local.tzname()}"
    )


def _remove_sqlite_files(path: Path) -> None:
    for file in [path] + [Path(f"{path}{suffix}") for suffix in db.SQLITE_COMPANIONS]:
        file.unlink(missing_ok=True)


def restore(engine: Engine, source: Path, who: str, *, undoing_erasures: int = 0) -> Restored:
    """Replace the database's data with a backup's, keeping a copy of what it replaces
    beside the database, and log the restore. The backup is first made ready in a working
    copy beside the database, which then replaces the data in one step (no moment shows the
    backup unfinished):

    - it is brought up to this version's schema;
    - its audit log becomes the union of its own entries and the live log's (nothing logged
      since the backup is lost), and the live database's erasure records and sign-in
      sessions are carried across (a sign-out since the backup stays a sign-out);
    - every erasure made since the backup is made again, as thoroughly as the first time,
      and the copy rewritten (VACUUM) so that no byte of it keeps an erased code. Erasures it
      cannot make again (made by an earlier version, or with a key that is gone) make it
      refuse, unless `undoing_erasures` is exactly how many they are.

    If the live database changes while the copy is made ready, nothing is restored."""
    database = _require_sqlite(engine)
    if source.resolve() == database.resolve():
        raise BackupError("give a backup file, not the database itself")
    version, _ = check_backup(source)
    key = erasure.erasure_key(engine)
    with db.reading(engine) as conn:
        has_data = sa.inspect(conn).has_table("audit_log")
    work = database.with_name(f"{database.name}.restoring-{secrets.token_hex(6)}")
    kept = None
    done = False
    try:
        try:
            db.copy_sqlite_file(source, work)
        except (OSError, sqlite3.DatabaseError) as error:
            raise BackupError(f"{source} could not be copied to be restored: {error}") from None
        if has_data:
            kept = copy_path_for(database, db.now())
            db.backup_sqlite(engine, kept)  # what is replaced, and the records carried across
            with _reading_file(kept) as conn:
                live = _read_records(conn)
        else:
            live = _Records([], [], None)
        ready = db.create_engine(f"sqlite:///{work}")
        try:
            db.upgrade(ready)
            with db.reading(ready) as conn:
                backup = _read_records(conn, sessions=False)
            again, undone = _since_backup(live, {_entry_key(e) for e in backup.log}, key)
            if undone and undoing_erasures != undone:
                raise ErasuresWouldBeUndone(undone)
            log, hashes = _union(live, backup)
            with db.writing(ready) as conn:
                conn.execute(sa.delete(s.audit_log))
                if log:
                    conn.execute(sa.insert(s.audit_log), log)
                conn.execute(sa.delete(s.erasures))
                if hashes:
                    conn.execute(sa.insert(s.erasures), hashes)
                if live.sessions is not None:
                    conn.execute(sa.delete(s.sign_in_sessions))
                    if live.sessions:
                        conn.execute(sa.insert(s.sign_in_sessions), live.sessions)
                found = (
                    erasure.erase_again(conn, key, again)
                    if again
                    else erasure.ErasedAgain(0, 0, [])
                )
            if not db.compact(ready):
                raise BackupError("the backup could not be made ready; nothing was restored")
            raw = ready.raw_connection()  # one file again, without a write-ahead log
            try:
                raw.driver_connection.execute("PRAGMA journal_mode = DELETE")
            finally:
                raw.close()
        finally:
            ready.dispose()
        with db.reading(engine) as conn:
            latest = (
                conn.execute(sa.select(sa.func.max(s.audit_log.c.id))).scalar() if has_data else 0
            )
        if (latest or 0) != live.last_id:
            raise BackupError(
                "the database changed while the backup was being made ready (an import, an "
                "erasure, a sign-in): nothing was restored; run restore again"
            )
        try:
            db.restore_sqlite(engine, work)
        except sqlite3.DatabaseError as error:
            raise BackupError(
                f"{source} could not be restored ({error}); the database is unchanged"
            ) from None
        done = True
    finally:
        _remove_sqlite_files(work)
        if kept is not None and not done:
            kept.unlink(missing_ok=True)  # nothing was replaced
    db.upgrade(engine)
    name = _name_for_the_record(source, engine)
    with db.writing(engine) as conn:
        audit.log(
            conn,
            who,
            "restore",
            {
                "file": name,
                "replaced_kept_in": kept.name if kept else None,
                "erasures_made_again": len(again),
                "erasures_undone": undone,
            },
            above_id=live.last_id,  # the dashboard's caches are keyed on the log's latest entry
        )
    return Restored(
        kept,
        version != db.latest_schema_version(),
        len(again),
        undone,
        found.people,
        found.still_mentioned,
    )
