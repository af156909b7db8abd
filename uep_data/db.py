"""The database: where it is, how to connect, creating or upgrading it, and writing safely.

SQLite (a file) by default; PostgreSQL through `UEP_DATABASE_URL`, or `database_url` in
`.streamlit/secrets.toml` (read here too, so that the command line and the dashboard use the
same database), or the command line's --db.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import stat
import tomllib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import events

# Dates handed straight to sqlite3 (the importer's bulk insert) are stored as ISO text, the
# form SQLAlchemy's Date type stores and compares on SQLite. Python's own default adapter
# does the same but is deprecated from 3.12; this one is ours. (datetime is a different
# type and is not affected.)
sqlite3.register_adapter(dt.date, dt.date.isoformat)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "uep.sqlite"
ENVIRONMENT_VARIABLE = "UEP_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# One PostgreSQL advisory lock serialises the writers (imports, undo, edits).
WRITER_LOCK_KEY = 7_351_995
# Another serialises migrations: several machines' services may start them at once.
MIGRATION_LOCK_KEY = 7_351_996
# a connection's info, inside `reading`: every statement sees one state of the data; and what
# its transaction counted afresh, kept once it has ended (kept/store.py)
SNAPSHOT = "uep_snapshot"
COUNTED = "uep_kept_counted"
# The data are about people's mental health: the files are their owner's alone.
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700
# Files SQLite keeps beside the database while it is open
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")


# The secrets files Streamlit reads (a later one wins): the user's own, then the project's
# (./dashboard serves from the project's folder)
SECRETS_SETTING = "database_url"
PROJECT_SECRETS = PROJECT_ROOT / ".streamlit" / "secrets.toml"


class UnusableDatabase(Exception):
    """A database setting that cannot be used; the message says what to change (one line)."""


@dataclass(frozen=True)
class Chosen:
    """The database to use, and where that was said (for the line every command prints)."""

    url: str
    source: str


def secrets_files() -> list[Path]:
    return [Path.home() / ".streamlit" / "secrets.toml", PROJECT_SECRETS]


def _secrets_setting() -> tuple[str, Path] | None:
    found = None
    for path in secrets_files():
        if not path.is_file():
            continue
        try:
            secrets = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise UnusableDatabase(f"{path} cannot be read ({error}): correct it") from None
        url = secrets.get(SECRETS_SETTING)
        if isinstance(url, str) and url.strip():
            found = (url.strip(), path)
    return found


def chosen_database(given: str | None = None) -> Chosen:
    """The database to use: `given` (the command line's --db), else UEP_DATABASE_URL, else
    `database_url` in the secrets files the dashboard reads, else the SQLite file under data/
    in the project. The dashboard and every command choose the same way."""
    if given:
        return Chosen(given, "--db")
    url = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if url:
        return Chosen(url, ENVIRONMENT_VARIABLE)
    setting = _secrets_setting()
    if setting is not None:
        return Chosen(setting[0], f"{SECRETS_SETTING} in {setting[1]}")
    return Chosen(f"sqlite:///{DEFAULT_SQLITE_PATH}", "the default")


def default_database_url() -> str:
    """UEP_DATABASE_URL if set, else `database_url` in the secrets files, else the SQLite
    file under data/ in the project."""
    return chosen_database().url


def normalise_url(url: str) -> str:
    """Accept the URLs people copy from elsewhere: postgres:// and postgresql:// use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.make_url(normalise_url(url)).render_as_string(hide_password=True)
    except Exception:
        return re.sub(r"//[^/@]*@", "//***@", url)  # unreadable: no part that may be a password


# The databases the dashboard is written and tested for, each with its driver's module
DATABASES = (
    ("SQLite", "sqlite3", "sqlite:///path/to/uep.sqlite"),
    ("PostgreSQL", "psycopg", "postgresql://user:password@host/database"),
)


def databases_installed() -> list[tuple[str, str]]:
    """The databases that can be used here, their drivers installed: (name, example URL)."""
    import importlib.util

    return [
        (name, example)
        for name, module, example in DATABASES
        if importlib.util.find_spec(module) is not None
    ]


def _installed_words() -> str:
    return "the databases installed for this dashboard are " + " and ".join(
        f"{name} ({example})" for name, example in databases_installed()
    )


def parse_url(url: str) -> sa.URL:
    """The URL as SQLAlchemy reads it, or UnusableDatabase saying how to write one."""
    try:
        return sa.make_url(normalise_url(url))
    except sa.exc.ArgumentError:
        raise UnusableDatabase(
            f"{describe(url)!r} is not a database URL: write one such as "
            + " or ".join(example for _, example in databases_installed())
        ) from None


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL (None for another database, or one in memory)."""
    parsed = parse_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if database.startswith("file:"):
        return None
    return Path(database)


def _owner_only(path: Path, bits: int) -> None:
    """Take away every permission of the group and others (a file made before this version
    was readable by everyone on the computer)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        try:
            path.chmod(mode & bits)
        except PermissionError:
            warnings.warn(
                f"{path} can be read by others and is not ours to change: ask its owner to "
                f"run chmod go= {path}",
                stacklevel=2,
            )


def keep_private(path: Path) -> None:
    """Make the database file (and its folder, when we make it) readable by its owner only,
    before SQLite first opens it; tighten an existing file, and the -wal and -shm files
    beside it, that others could read. SQLite gives its -wal and -shm files the database
    file's own permissions, so those follow. A folder someone chose (not the dashboard's own
    data folder) is left as it is: it may hold other people's files."""
    folder = path.parent
    if not folder.exists():
        folder.mkdir(parents=True, mode=OWNER_ONLY_FOLDER, exist_ok=True)
        folder.chmod(OWNER_ONLY_FOLDER)
    elif folder.resolve() == DEFAULT_SQLITE_PATH.parent.resolve():
        _owner_only(folder, OWNER_ONLY_FOLDER)
    try:
        # O_EXCL: made here, with no moment in which others could open it
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY_FILE))
    except FileExistsError:
        pass
    for file in [path] + [Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS]:
        if file.exists():
            _owner_only(file, OWNER_ONLY_FILE)


def create_engine(url: str | None = None) -> Engine:
    """An engine for the URL (default: `default_database_url()`), set up for safe writing."""
    url = normalise_url(url or default_database_url())
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(url)
        if path is not None:
            keep_private(path)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _set_up_sqlite(engine)
        events.watch_transactions(engine)  # the audit log's entries echoed as they commit
        return engine
    try:
        # JIT compilation pays off for long analytical queries; the dashboard's statements
        # run in tens of milliseconds and PostgreSQL spent longer compiling them (150 ms for
        # people supported each financial year) than running them
        options = {"options": "-c jit=off"} if parsed.get_backend_name() == "postgresql" else {}
        engine = sa.create_engine(url, pool_pre_ping=True, connect_args=options)
    except sa.exc.NoSuchModuleError:
        raise UnusableDatabase(
            f"{describe(url)} names {parsed.drivername}, which is not a kind of database "
            f"SQLAlchemy knows: {_installed_words()}"
        ) from None
    except ImportError as error:
        raise UnusableDatabase(
            f"{describe(url)} needs the {parsed.get_backend_name()} driver {error.name}, which "
            f"is not installed: {_installed_words()}"
        ) from None
    events.watch_transactions(engine)  # the audit log's entries echoed as they commit
    return engine


def unreachable(url: str, error: Exception) -> str:
    """A database that could not be reached or opened, in one line for people."""
    reason = getattr(error, "orig", None) or error
    first = str(reason).strip().splitlines()[0] if str(reason).strip() else type(reason).__name__
    said = f"cannot reach the database {describe(url)}: {first.removeprefix('connection failed: ')}"
    if sqlite_file(url) is not None:
        return said
    return said + " (is the server running, and are its address, user and password right?)"


def _set_up_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, say when a transaction begins (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        cursor.execute("PRAGMA synchronous = NORMAL")
        # deleted rows are overwritten with zeros, not left in free pages (erasure)
        cursor.execute("PRAGMA secure_delete = ON")
        # a 64 MiB page cache: a large import's index pages stay in memory
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def on_begin(connection):
        # A writer takes the write lock before it reads what it will change, so two imports
        # at once run one after the other instead of failing half-way.
        if connection.get_execution_options().get("uep_writer"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


def is_sqlite(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "sqlite"


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing write transaction, with other writers held off until it ends."""
    with engine.connect().execution_options(uep_writer=True) as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY}
                )
            yield connection


@contextlib.contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction: every query in it sees the same data. The figures it counted
    afresh are kept once it has ended, if the data have not changed since (kept/store.py)."""
    with engine.connect() as connection:
        connection.info[SNAPSHOT] = True
        try:
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.exec_driver_sql(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
                yield connection
            counted = connection.info.pop(COUNTED, None)
        finally:  # the pooled connection's own: nothing of this transaction stays on it
            connection.info.pop(SNAPSHOT, None)
            connection.info.pop(COUNTED, None)
    if counted is not None:
        counted.keep(engine)


def compact(engine: Engine) -> bool:
    """Rewrite a SQLite database without its free pages (VACUUM) and empty its write-ahead
    log (a TRUNCATE checkpoint), so that no byte of its files keeps deleted rows. False if
    that could not be finished now (another connection was writing, or kept reading past
    the busy timeout); the deleted rows are then still in the log until a later compaction."""
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection  # in autocommit: VACUUM runs outside a transaction
        connection.execute("VACUUM")
        busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0
    except sqlite3.OperationalError:
        return False
    finally:
        raw.close()


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Copy a SQLite database, as it is at one moment, into a new file readable by its owner
    only (SQLite's online backup: the dashboard goes on reading and writing meanwhile). The
    copy is one self-contained file (no write-ahead log). Refuses to overwrite a file."""
    raw = engine.raw_connection()
    try:
        _backup_into_new_file(raw.driver_connection, target)
    finally:
        raw.close()


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Copy a SQLite database file (opened read-only) into a new file, as backup_sqlite."""
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _backup_into_new_file(reading, target)
    finally:
        reading.close()


def _backup_into_new_file(source: sqlite3.Connection, target: Path) -> None:
    os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, OWNER_ONLY_FILE))
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        copy.close()
        target.unlink(missing_ok=True)
        raise
    copy.close()


def restore_sqlite(engine: Engine, source: Path) -> None:
    """Replace the database's contents with a backup file's, through SQLite's backup API
    into the open database: other connections (a running dashboard) keep working and read
    the restored data at their next query, where replacing the file under them would
    corrupt it."""
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    raw = engine.raw_connection()
    try:
        backup.backup(raw.driver_connection)
    finally:
        raw.close()
        backup.close()


def now() -> dt.datetime:
    """The time stamped on imports and the audit log (UTC, without a zone for portability)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


# --- creating and upgrading --------------------------------------------------------------


def _alembic_config(connection: Connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    return config


MIGRATIONS = Path(__file__).parent / "migrations" / "versions"


def _newest_migration() -> str:
    """The newest migration's revision, from its file name (each file is named after its
    revision: 0003_spc_recalculations.py is revision 0003; a test holds them to it)."""
    return max(path.name.split("_", 1)[0] for path in MIGRATIONS.glob("[0-9]*_*.py"))


def _stored_version(engine: Engine) -> str | None:
    """The schema version stored (None for a database without one). A database that cannot
    be reached says so (OperationalError), rather than reading as one not yet set up."""
    with engine.connect() as connection:
        try:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        except sa.exc.SQLAlchemyError:
            return None


class NewerSchema(Exception):
    """The database was migrated by a newer version of the dashboard than this one."""


def upgrade(engine: Engine) -> None:
    """Create the schema, or bring an existing database up to this version's schema.

    Existing data are kept: every change is a migration. A database at a revision this
    version does not know (a newer version migrated it) raises NewerSchema, saying what to do.
    """
    stored = _stored_version(engine)
    if stored == _newest_migration():
        return  # up to date, the usual case: no need to load alembic (a tenth of a second)
    if stored is not None and stored not in known_schema_versions():
        raise NewerSchema(
            f"the database's schema is at revision {stored}, which this version of the "
            f"dashboard does not know (its newest is {_newest_migration()}): a newer version "
            "migrated it. Run that version, or restore the backup made before the upgrade "
            "(deploy/README.md, Upgrading and rolling back)."
        )
    from alembic import command

    from .kept import forget

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas on several machines each migrate before they start (deploy/README):
            # one migrates while the others wait, then they find the schema up to date.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        command.upgrade(_alembic_config(connection), "head")
        # what a new schema holds may be counted differently: every kept figure is counted
        # again (in the upgrade's transaction, so a database never holds figures of another)
        forget.readings_and_definitions(connection)


def schema_version(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def latest_schema_version() -> str:
    from alembic.script import ScriptDirectory

    with contextlib.closing(create_engine("sqlite://").connect()) as connection:
        return ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()


def known_schema_versions() -> set[str]:
    """Every schema version this version of the code can open (and upgrade from)."""
    from alembic.script import ScriptDirectory

    with contextlib.closing(create_engine("sqlite://").connect()) as connection:
        scripts = ScriptDirectory.from_config(_alembic_config(connection))
        return {script.revision for script in scripts.walk_revisions()}


def is_ready(engine: Engine) -> bool:
    """Whether the database exists and is at this version's schema."""
    return _stored_version(engine) == _newest_migration()
