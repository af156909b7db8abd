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
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import audit, db, person_codes, settings
from . import schema as s

SQLITE_HEADER = b"SQLite format 3\x00"

POSTGRES_ADVICE = """\
On PostgreSQL, back up and restore with PostgreSQL's own tools (see the README):
  pg_dump --format=custom --file=uep-backup.dump "postgresql://USER@HOST/DATABASE"
  pg_restore --clean --if-exists --no-owner --dbname="postgresql://USER@HOST/DATABASE" \\
      uep-backup.dump
then restart the dashboard."""


class BackupError(Exception):
    """A backup or a restore that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class Restored:
    replaced_kept_in: Path | None  # the copy of the data the restore replaced
    erasures_since: int  # erasures made after the backup, which the restore has undone
    upgraded: bool  # the backup was made by an earlier version and has been upgraded


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


def make_backup(engine: Engine, target: Path, who: str) -> None:
    """Write a copy of the whole database, as it is at one moment, to a new file (readable
    by its owner only), and log it."""
    database = _require_sqlite(engine)
    if target.exists():
        raise BackupError(f"{target} already exists: give a new file name")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.resolve() == database.resolve():
        raise BackupError("give a file other than the database itself")
    try:
        db.backup_sqlite(engine, target)
    except OSError as error:
        raise BackupError(f"cannot write {target}: {error.strerror or error}") from None
    with db.writing(engine) as conn:  # logged once the copy is written
        audit.log(conn, who, "backup", {"file": _name_for_the_record(target, engine)})


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


def _erasures_since(conn, backup_latest: tuple[int, dt.datetime, str] | None) -> int:
    """Erasures in the database's log made after the backup was taken (a restore brings
    those people back). A backup of this database has its log as a prefix of this log, so
    what follows its latest entry came after; a backup from elsewhere is dated instead."""
    a = s.audit_log
    later = a.c.action == "erasure"
    if backup_latest is not None:
        entry_id, at, action = backup_latest
        same = conn.execute(
            sa.select(a.c.id).where(a.c.id == entry_id, a.c.at == at, a.c.action == action)
        ).first()
        later = later & (a.c.id > entry_id if same else a.c.at >= at)
    return int(conn.execute(sa.select(sa.func.count()).select_from(a).where(later)).scalar())


def copy_path_for(database: Path, when) -> Path:
    """Where a restore keeps the data it replaces: beside the database, named by the time."""
    return database.with_name(f"{database.name}.before-restore-{when:%Y%m%d-%H%M%S}")


def restore(engine: Engine, source: Path, who: str) -> Restored:
    """Replace the database's data with a backup's, keeping a copy of what it replaces
    beside the database; bring the backup up to this version's schema; log the restore.
    The restored log is the backup's, with the restore as its latest entry."""
    database = _require_sqlite(engine)
    if source.resolve() == database.resolve():
        raise BackupError("give a backup file, not the database itself")
    version, backup_latest = check_backup(source)
    kept = None
    with db.reading(engine) as conn:
        has_data = sa.inspect(conn).has_table("audit_log")
        if has_data:
            last_id = conn.execute(sa.select(sa.func.max(s.audit_log.c.id))).scalar() or 0
            erasures = _erasures_since(conn, backup_latest)
        else:
            last_id = erasures = 0
    if has_data:
        kept = copy_path_for(database, db.now())
        db.backup_sqlite(engine, kept)
    try:
        db.restore_sqlite(engine, source)
    except sqlite3.DatabaseError as error:
        raise BackupError(
            f"{source} could not be restored ({error}); the database is unchanged"
        ) from None
    upgraded = version != db.latest_schema_version()
    db.upgrade(engine)
    name = _name_for_the_record(source, engine)
    with db.writing(engine) as conn:
        audit.log(
            conn,
            who,
            "restore",
            {"file": name, "replaced_kept_in": kept.name if kept else None},
            above_id=last_id,  # the dashboard's caches are keyed on the log's latest entry
        )
    return Restored(kept, int(erasures), upgraded)
