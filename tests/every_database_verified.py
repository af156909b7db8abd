"""Every database the tests make is verified: each kept figure in it is counted afresh from
its rows (`uep_data.kept.verify`), and a test whose database holds a kept figure that differs
fails, saying which figure and by how much.

Every engine made through `db.create_engine` (by a fixture, a test, or the app that an AppTest
runs in this process) is recorded with the test that made it. A database is verified before
the fixtures that made it are torn down: one made for a single test once that test has run,
one a module's fixture made once the module's last test here has run, one a session's fixture
made once this process's last test has run. A database whose kept readings and log have not
moved since it was last verified is not counted again.

A test that puts rows into a database by hand after a page has kept its figures (rather than
through a change the audit log records, which forgets them) leaves those kept figures stale:
this check finds it. Databases made only by another process (a command the test runs) are
verified when the test has also opened them here."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from uep_data import db
from uep_data import schema as s
from uep_data.kept import verify

SHOWN = 5  # differences said per database
# controlled tables built afresh per database (each costs as much as its measure's whole
# controlled table; the property test and `verify` build them all)
TABLES = 3


@dataclass
class _Made:
    url: str
    nodeid: str
    module: str
    verified: tuple | None = None
    done: bool = False


@dataclass
class _Record:
    made: dict[str, _Made] = field(default_factory=dict)
    current: pytest.Item | None = None


RECORD = _Record()
_create_engine = db.create_engine


def _recording_create_engine(url: str | None = None):
    engine = _create_engine(url)
    item = RECORD.current
    if item is not None:
        name = engine.url.render_as_string(hide_password=False)
        if name not in RECORD.made and _on_file_or_server(engine):
            RECORD.made[name] = _Made(name, item.nodeid, item.module.__name__)
    return engine


def _on_file_or_server(engine) -> bool:
    """A database another engine can open again (not SQLite held in memory)."""
    return engine.dialect.name != "sqlite" or db.sqlite_file(str(engine.url)) is not None


def pytest_configure(config) -> None:
    db.create_engine = _recording_create_engine


def _engine_for(made: _Made):
    """An engine on the database, if it is still there (a file not removed, a server database
    not dropped), without making one where there is none."""
    if made.url.startswith("sqlite"):
        path = db.sqlite_file(made.url)
        if path is None or not path.exists():
            return None
    engine = sa.create_engine(made.url)
    try:
        with engine.connect() as conn:
            if sa.inspect(conn).has_table(s.kept_readings.name):
                return engine
    except sa.exc.OperationalError:  # dropped
        pass
    engine.dispose()
    return None


def _state(conn) -> tuple:
    k, log = s.kept_readings, s.audit_log
    return (
        tuple(conn.execute(sa.select(sa.func.count(), sa.func.max(k.c.id))).one()),
        conn.execute(sa.select(sa.func.max(log.c.id))).scalar(),
    )


def _verify(made: _Made) -> str | None:
    """Words for every kept figure in the database that a fresh count does not give, or None."""
    engine = _engine_for(made)
    if engine is None:
        made.done = True
        return None
    try:
        with engine.connect() as conn:
            state = _state(conn)
        if state == made.verified or state[0][0] == 0:
            made.verified = state
            return None
        found = verify.verify(engine, tables_at_most=TABLES)
        made.verified = state
        if found.ok:
            return None
        said = "\n  ".join(d.words() for d in found.differences[:SHOWN])
        more = len(found.differences) - SHOWN
        return (
            f"{len(found.differences)} of {found.readings} kept figures in the database made by "
            f"{made.nodeid} differ from a fresh count of its rows:\n  {said}"
            + (f"\n  (and {more} more)" if more > 0 else "")
        )
    finally:
        engine.dispose()


def _due(item: pytest.Item, nextitem: pytest.Item | None) -> list[_Made]:
    """The databases whose fixtures are torn down after this test."""
    last_here = nextitem is None
    module_ends = last_here or nextitem.module is not item.module
    return [
        made
        for made in RECORD.made.values()
        if not made.done
        and (
            made.nodeid == item.nodeid
            or (module_ends and made.module == item.module.__name__)
            or last_here
        )
    ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    RECORD.current = item
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    RECORD.current = item
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Before the fixtures go: verify the databases made for this test (and the module's or
    the session's, when they end here)."""
    RECORD.current = item
    said = []
    for made in _due(item, nextitem):
        words = _verify(made)
        if words:
            said.append(words)
    try:
        return (yield)
    finally:
        RECORD.current = None
        if said:
            raise AssertionError("\n".join(said))
