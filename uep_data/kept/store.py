"""Reading and writing kept figures, and keeping them true.

A kept reading is one base measure (a count, a sum or a median) of the engine, at one moment,
in one scope, by one breakdown: every group's figure exactly as the engine's fresh count gives
it. It is written only from a count made in a read transaction that saw one state of the data
(`db.reading`), and only if no change has been committed since (the data version is the same
under the writers' lock), so a kept reading is always the count of the data as they are. Every
change to the data (`audit.log`) removes the kept readings in its own transaction
(kept/forget.py), so no reading outlives the data it was counted from; the next view counts
them again and keeps them.

Kept readings are read only by code whose definitions of the measures are the ones that
counted them (kept/definitions.py): a database counted by other definitions is emptied of
them when the first new reading is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import db
from .. import schema as s
from ..measures.moments import When
from ..measures.scope import Scope
from ..periods import Period
from . import codec, definitions, forget

OFF = "uep_kept_off"  # a connection's info: count everything afresh, keep nothing
CHUNK = 500
NO_WAIT_MS = 50  # how long a view waits for another writer before keeping nothing


def scope_name(scope: Scope) -> str:
    return codec.dumps([scope.directorate, scope.profession])


def scope_of(name: str) -> Scope:
    directorate, profession = json.loads(name)
    return Scope(directorate, profession)


def by_name(by: tuple[str, ...]) -> str:
    return ",".join(by)


def by_of(name: str) -> tuple[str, ...]:
    return tuple(name.split(",")) if name else ()


def moment_name(when: When) -> str:
    return codec.moment_name(when)


def when_of(name: str) -> When:
    as_of, first, last = codec.moment_of(name)
    return When(as_of, None if first is None else Period(first, last))


@dataclass
class _State:
    """One read transaction's view of the kept readings: whether they may be read, the data
    version they must be of, those already read, and those counted to be written."""

    usable: bool
    version: int
    found: dict
    pending: dict
    tables: dict | None = None  # every kept controlled table's text, by where it is kept

    def keep(self, engine: Engine) -> bool:
        return keep_counted(engine, self)


def _state(conn: Connection) -> _State | None:
    """The kept readings' state for this read transaction, or None where kept readings are
    neither read nor written (outside `db.reading`, or with them turned off)."""
    info = conn.info
    if info.get(OFF) or not info.get(db.SNAPSHOT):
        return None
    state = info.get(db.COUNTED)
    if state is None:
        stored = conn.execute(sa.select(s.kept_state.c.definitions)).scalar()
        state = _State(stored == definitions.current(), _last_entry(conn), {}, {})
        info[db.COUNTED] = state
    return state


def through(
    conn: Connection,
    kind: str,
    source_name: str,
    wanted: Sequence[tuple[str, tuple[str, ...]]],
    whens: Sequence[When],
    scope: Scope,
    count: Callable[[list[When]], dict[tuple[str, tuple[str, ...]], list[dict]]],
) -> dict[tuple[str, tuple[str, ...]], list[dict]]:
    """Each (measure, breakdown)'s readings at each moment, {(key, by): [{group: value} for
    each moment]}: the kept ones where all are kept, the rest counted by `count(moments)`
    (the function that counts afresh, which gives the same shape) and kept for the next
    view. Outside a read transaction of one state of the data, everything is counted."""
    state = _state(conn)
    if state is None or not whens or any("person_id" in by for _, by in wanted):
        return count(list(whens))
    scoped = scope_name(scope)
    names = [(f"{kind}:{key}", by_name(by)) for key, by in wanted]
    moments = [moment_name(w) for w in whens]
    if state.usable:
        _fetch(conn, state, names, moments, scoped)
    missing = [
        i
        for i, moment in enumerate(moments)
        if any((name, moment, scoped, grouped) not in state.found for name, grouped in names)
    ]
    if missing:
        counted = count([whens[i] for i in missing])
        for j, i in enumerate(missing):
            for pair, (name, grouped) in zip(wanted, names, strict=True):
                cell = counted[pair][j]
                where = (name, moments[i], scoped, grouped)
                state.found[where] = cell
                state.pending[where] = (source_name, cell)
    return {
        pair: [dict(state.found[(name, moment, scoped, grouped)]) for moment in moments]
        for pair, (name, grouped) in zip(wanted, names, strict=True)
    }


# --- controlled tables: a measure's table as an audience under disclosure control sees it ---

CONTROLLED = "controlled"  # the kind, and the source, of a kept controlled table


def table_where(key: str, anchor: tuple, rules) -> tuple[str, str, str, str]:
    """Where a controlled table is kept: its measure, its anchor (a financial year's table
    by quarter and month, "Y" and the year; or one moment's, "M" and the moment), and the two
    numbers of the rule it was controlled by (so a change of the rule never reads it)."""
    kind, when = anchor
    moment = f"Y{moment_name(When(when.end, when))}" if kind == "year" else f"M{moment_name(when)}"
    return (
        f"{CONTROLLED}:{key}",
        moment,
        codec.dumps([rules.suppress_up_to, rules.round_to]),
        "",
    )


def anchor_of(moment: str) -> tuple:
    """The anchor `table_where` named."""
    when = when_of(moment[1:])
    return ("year", when.period) if moment[0] == "Y" else ("moment", when)


def kept_table(conn: Connection, key: str, anchor: tuple, rules) -> dict | None:
    """The controlled table kept for this data, or None (then it is built, and kept with
    `keep_table`). Outside a read transaction of one state of the data, always None."""
    state = _state(conn)
    if state is None:
        return None
    where = table_where(key, anchor, rules)
    if where not in state.found and state.usable:
        if state.tables is None:  # all of them at once (a page wants dozens), read as wanted
            k = s.kept_readings
            rows = conn.execute(
                sa.select(k.c.measure, k.c.moment, k.c.scope, k.c.breakdown, k.c.figures).where(
                    k.c.source == CONTROLLED
                )
            )
            state.tables = {(m, moment, scoped, b): text for m, moment, scoped, b, text in rows}
        figures = state.tables.get(where)
        if figures is not None:
            state.found[where] = codec.table_from(figures)
    return state.found.get(where)


def keep_table(conn: Connection, key: str, anchor: tuple, rules, table: dict) -> None:
    """Keep a controlled table built in this read transaction (written as its readings are)."""
    state = _state(conn)
    if state is None:
        return
    where = table_where(key, anchor, rules)
    state.found[where] = table
    state.pending[where] = (CONTROLLED, table)


def figures_text(source_name: str, figures: dict) -> str:
    return codec.table_text(figures) if source_name == CONTROLLED else codec.groups_text(figures)


def figures_of(row) -> dict:
    """A kept reading's figures, as they were kept."""
    if row["source"] == CONTROLLED:
        return codec.table_from(row["figures"])
    return codec.groups_from(row["figures"])


def _fetch(conn, state: _State, names, moments, scoped) -> None:
    """Read into the state the kept readings asked for that it does not hold yet."""
    k = s.kept_readings
    for grouped in dict.fromkeys(g for _, g in names):
        measures = [n for n, g in names if g == grouped]
        unread = [
            m
            for m in dict.fromkeys(moments)
            if any((n, m, scoped, grouped) not in state.found for n in measures)
        ]
        for part in _chunks(unread):
            rows = conn.execute(
                sa.select(k.c.measure, k.c.moment, k.c.figures).where(
                    k.c.measure.in_(measures),
                    k.c.moment.in_(part),
                    k.c.scope == scoped,
                    k.c.breakdown == grouped,
                )
            )
            for name, moment, figures in rows:
                state.found[(name, moment, scoped, grouped)] = codec.groups_from(figures)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- writing what a read transaction counted --------------------------------------------------


def _last_entry(conn: Connection) -> int:
    """The audit log's latest entry: every change to the data logs one in its transaction, so
    a read transaction's counts are of the data as they are while no entry has been added
    since (an export or a sign-in since also stops them being kept: they are counted again)."""
    return int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(s.audit_log.c.id), 0))).scalar())


def keep_counted(engine: Engine, state: _State | None) -> bool:
    """Write the readings a read transaction counted, if no change has been committed since
    it began (and no writer is busy: a view never waits to keep what it counted). True if
    they were written. Called by `db.reading` once its transaction has ended."""
    if state is None or not state.pending:
        return False
    with _writing_if_free(engine) as conn:
        if conn is None or _last_entry(conn) != state.version:
            return False
        current = definitions.current()
        stored = conn.execute(sa.select(s.kept_state.c.definitions)).scalar()
        if stored != current:  # counted by other definitions: none of them may be read
            forget.readings_and_definitions(conn)
            conn.execute(
                sa.insert(s.kept_state).values(id=1, definitions=current, counted_at=db.now())
            )
        _write(conn, state.pending)
    return True


def _write(conn: Connection, pending: dict) -> None:
    k = s.kept_readings
    items = list(pending.items())
    for part in _chunks(items):
        # the same reading written by another view of the same data: replaced, not doubled
        for (name, moment, scoped, grouped), _ in part:
            conn.execute(
                sa.delete(k).where(
                    k.c.measure == name,
                    k.c.moment == moment,
                    k.c.scope == scoped,
                    k.c.breakdown == grouped,
                )
            )
        conn.execute(
            sa.insert(k),
            [
                {
                    "source": source_name,
                    "measure": name,
                    "moment": moment,
                    "scope": scoped,
                    "breakdown": grouped,
                    "figures": figures_text(source_name, cell),
                }
                for (name, moment, scoped, grouped), (source_name, cell) in part
            ],
        )


@contextlib.contextmanager
def _writing_if_free(engine: Engine):
    """A write transaction if the writers' lock is free now, else None (nothing waits)."""
    with engine.connect().execution_options(uep_writer=True) as conn:
        sqlite = db.is_sqlite(conn)
        if sqlite:  # the driver's own connection: a PRAGMA through SQLAlchemy would begin
            conn.connection.dbapi_connection.execute(f"PRAGMA busy_timeout = {NO_WAIT_MS}")
        try:
            transaction = conn.begin()
        except sa.exc.OperationalError:  # SQLite: another writer holds the lock
            yield None
            return
        finally:
            if sqlite:
                conn.connection.dbapi_connection.execute(
                    f"PRAGMA busy_timeout = {db.SQLITE_BUSY_TIMEOUT_MS}"
                )
        try:
            if not sqlite:
                got = conn.execute(
                    sa.text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": db.WRITER_LOCK_KEY}
                ).scalar()
                if not got:
                    transaction.rollback()
                    yield None
                    return
            yield conn
            transaction.commit()
        except BaseException:
            if transaction.is_active:
                transaction.rollback()
            raise


def kept_count(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(s.kept_readings)).scalar())


def all_kept(conn: Connection) -> list[dict]:
    k = s.kept_readings
    return [
        dict(row)
        for row in conn.execute(
            sa.select(
                k.c.source, k.c.measure, k.c.moment, k.c.scope, k.c.breakdown, k.c.figures
            ).order_by(k.c.id)
        ).mappings()
    ]


def counted_at(conn: Connection) -> dt.datetime | None:
    return conn.execute(sa.select(s.kept_state.c.counted_at)).scalar()
