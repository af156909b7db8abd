"""The database: where it is, how to connect, creating or upgrading it, and writing safely.

SQLite (a file) by default; any SQLAlchemy URL, PostgreSQL included, through
`UEP_DATABASE_URL` (or the app's secrets, or the command line's --db).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

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


def default_database_url() -> str:
    """UEP_DATABASE_URL if set, else the SQLite file under data/ in the project."""
    url = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    return url or f"sqlite:///{DEFAULT_SQLITE_PATH}"


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
        return "the database"


def create_engine(url: str | None = None) -> Engine:
    """An engine for the URL (default: `default_database_url()`), set up for safe writing."""
    url = normalise_url(url or default_database_url())
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _set_up_sqlite(engine)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


def _set_up_sqlite(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, say when a transaction begins (see below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never wait for a writer
        cursor.execute("PRAGMA synchronous = NORMAL")
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
    """A read transaction: every query in it sees the same data."""
    with engine.connect() as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                )
            yield connection


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
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.SQLAlchemyError:
        return None


def upgrade(engine: Engine) -> None:
    """Create the schema, or bring an existing database up to this version's schema.

    Existing data are kept: every change is a migration.
    """
    if _stored_version(engine) == _newest_migration():
        return  # up to date, the usual case: no need to load alembic (a tenth of a second)
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def schema_version(engine: Engine) -> str | None:
    """The migration the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def latest_schema_version() -> str:
    from alembic.script import ScriptDirectory

    with contextlib.closing(create_engine("sqlite://").connect()) as connection:
        return ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()


def is_ready(engine: Engine) -> bool:
    """Whether the database exists and is at this version's schema."""
    return _stored_version(engine) == _newest_migration()
