"""Shared fixtures: real databases (SQLite files, and PostgreSQL when CI provides one), and
the sample and empty databases the page tests open."""

from __future__ import annotations

import os
import shutil
import time
import uuid
import warnings

import pytest
import sqlalchemy as sa

from uep_data import db, importer, sample

# every database a test makes: its kept figures counted afresh before it is torn down
pytest_plugins = ["tests.every_database_verified", "pytester"]

POSTGRES_VARIABLE = "UEP_TEST_POSTGRES_URL"
POSTGRES_URL = os.environ.get(POSTGRES_VARIABLE, "").strip()
SKIP_POSTGRES = (
    f"PostgreSQL tests need {POSTGRES_VARIABLE} (a server URL whose user may "
    "create databases); .ci/run starts the machine's PostgreSQL and sets it"
)


def _postgres_database():
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    admin = sa.create_engine(db.normalise_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    name = f"uep_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.make_url(db.normalise_url(POSTGRES_URL)).set(database=name)
    return admin, name, url.render_as_string(hide_password=False)


def _drop_postgres_database(admin, name):
    """Drop a test database. PostgreSQL's autovacuum may be working in it just then (after a
    test that wrote a lot); a role without the right to stop that worker is refused, so the
    drop is tried again for a few seconds, and a database that still cannot go is left
    behind with a warning rather than failing the test that used it."""
    for attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            break
        except sa.exc.DBAPIError as error:
            if attempt == 19:
                warnings.warn(f"test database {name} left behind: {error.orig}", stacklevel=1)
            time.sleep(0.5)
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A URL to an empty database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'uep.sqlite'}"
        return
    if not POSTGRES_URL:
        pytest.skip(SKIP_POSTGRES)
    admin, name, url = _postgres_database()
    try:
        yield url
    finally:
        _drop_postgres_database(admin, name)


@pytest.fixture
def engine(database_url):
    """An engine on a new database with the schema created (and no data)."""
    engine = db.create_engine(database_url)
    db.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path):
    """An engine on a new SQLite database, for tests that need no second database."""
    engine = db.create_engine(f"sqlite:///{tmp_path / 'uep.sqlite'}")
    db.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sample_workbook() -> bytes:
    return sample.SAMPLE_PATH.read_bytes()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def sample_engine(request, tmp_path_factory, sample_workbook):
    """A database holding the bundled sample data, imported as any upload is (read-only)."""
    admin = name = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'uep.sqlite'}"
    else:
        if not POSTGRES_URL:
            pytest.skip(SKIP_POSTGRES)
        admin, name, url = _postgres_database()
    engine = db.create_engine(url)
    db.upgrade(engine)
    result = importer.import_files(engine, [("uep_sample.xlsx", sample_workbook)], who="test")
    assert result.status == "imported", [str(p) for p in result.problems]
    yield engine
    engine.dispose()
    if admin is not None:
        _drop_postgres_database(admin, name)


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory, sample_workbook):
    """A SQLite database holding the sample data, for the page tests (read-only)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'uep.sqlite'}"
    engine = db.create_engine(url)
    db.upgrade(engine)
    importer.import_files(engine, [("uep_sample.xlsx", sample_workbook)], who="test")
    engine.dispose()
    return url


@pytest.fixture
def part_time_posts(monkeypatch) -> str:
    """The README's worked example ("Adding a measure"), declared as it teaches: people in
    part-time posts. Its key."""
    from uep_data.measures import in_post
    from uep_data.measures import registry as r

    example = r.Measure(
        "part_time_posts",
        "People in part-time posts",
        r.UNIT_PEOPLE,
        "People in post on the date in a part-time post.",
        r.COUNT_ROWS,
        r.PEOPLE,
        in_post.PEOPLE_IN_POST,
        where=lambda rows: rows.c.hours == "part_time",
        where_needs=("hours",),
        breakdowns=r.IN_POST_BREAKDOWNS,
    )
    monkeypatch.setitem(r.MEASURES, example.key, example)
    return example.key


@pytest.fixture
def sample_copy_url(sample_url, tmp_path, monkeypatch):
    """A copy of the sample database that one test may change, and that the app opens."""
    path = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    return url


@pytest.fixture(scope="session")
def empty_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('empty') / 'uep.sqlite'}"
    db.upgrade(db.create_engine(url))
    return url
