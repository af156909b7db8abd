"""Every kept reading counted afresh from the rows, and each difference said in plain words;
and the kept readings rebuilt from fresh counts (`python -m uep_data verify [--repair]`).

A fresh count is the engine's own grouped statement (`engine._grouped`, `engine._medians`),
the one a page runs when nothing is kept: a kept figure and a fresh count cannot mean
different things."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .. import db
from .. import schema as s
from ..periods import Period, format_date
from . import codec, definitions, forget, store

MOMENTS_AT_ONCE = 200  # moments counted afresh in one statement


@dataclass(frozen=True)
class Difference:
    """A kept reading that is not what a fresh count gives."""

    measure: str  # the measure's key
    moment: str
    scope: str
    by: tuple[str, ...]
    kept: dict
    fresh: dict

    def words(self) -> str:
        from ..measures import registry

        kind, _, key = self.measure.partition(":")
        label = registry.measure(key).label if key in registry.MEASURES else key
        if kind == store.CONTROLLED:
            what = f"{label} as the steering group and the board see it"
            when, scope = _table_words(self.moment, self.scope)
        else:
            what = f"{label}{' (its median)' if kind == 'median' else ''}"
            when = _moment_words(self.moment)
            scope = store.scope_of(self.scope).words()
        groups = [
            g
            for g in dict.fromkeys([*self.kept, *self.fresh])
            if self.kept.get(g, _NONE) != self.fresh.get(g, _NONE)
        ]
        said = _node_words if kind == store.CONTROLLED else lambda g: _group_words(self.by, g)
        shown = "; ".join(
            f"{said(g)}: kept {_value_words(self.kept, g)}, "
            f"counted afresh {_value_words(self.fresh, g)}"
            for g in groups[:5]
        )
        more = f" (and {len(groups) - 5} more)" if len(groups) > 5 else ""
        by = f", by {', '.join(self.by)}" if self.by else ""
        return f"{what}, {when}, {scope}{by}: {shown}{more}"


_NONE = object()


def _moment_words(name: str) -> str:
    as_of, first, last = codec.moment_of(name)
    if first is None:
        return f"on {format_date(as_of)}"
    return f"from {format_date(first)} to {format_date(last)} as seen on {format_date(as_of)}"


def _table_words(moment: str, rules: str) -> tuple[str, str]:
    """A kept controlled table's moments and rule, in words."""
    kind, when = store.anchor_of(moment)
    up_to, round_to = json.loads(rules)
    rule = f"counts of 1 to {up_to} shown as *, others rounded to {round_to}"
    if kind == "year":
        return f"the year {format_date(when.start)} to {format_date(when.end)}", rule
    return _moment_words(moment[1:]), rule


def _node_words(node: tuple) -> str:
    """A figure of a controlled table: its moment and its cell (or one of the table's own
    marks: a count that would give a figure away, a net change, the leavers)."""
    first, *rest = node
    if isinstance(first, str):
        return " ".join(str(part) for part in node).strip("_").replace("_", " ")
    if isinstance(first, Period):
        when = f"{format_date(first.start)} to {format_date(first.end)}"
    else:
        when = format_date(first)
    cell = rest[0] if rest else ()
    return f"{when}, " + (", ".join(f"{d} {v}" for d, v in cell) or "trust-wide")


def _group_words(by: tuple[str, ...], group: tuple) -> str:
    if not by:
        return "the whole"
    return ", ".join(
        f"{d} {v if v not in (None, '') else 'not recorded'}"
        for d, v in zip(by, group, strict=False)
    )


def _value_words(cell: dict, group) -> str:
    return "nothing" if group not in cell else str(cell[group])


@dataclass(frozen=True)
class Verified:
    """What a verification found: how many kept readings were counted afresh, the
    differences, and whether the kept readings were counted by other definitions (then they
    are not read at all, and are counted again)."""

    readings: int
    differences: list[Difference]
    other_definitions: bool

    @property
    def ok(self) -> bool:
        return not self.differences


def fresh_counts(conn: Connection, rows: Iterable[dict]) -> dict[tuple, dict]:
    """A fresh count of each kept reading's figures: {(measure, moment, scope, by): cell}."""
    from ..measures import engine, registry

    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        kind, _, key = row["measure"].partition(":")
        groups.setdefault((kind, row["source"], row["scope"], row["breakdown"]), []).append(
            {**row, "key": key}
        )
    found = {}
    for (kind, _, scoped, grouped), members in groups.items():
        if kind == store.CONTROLLED:
            found |= _fresh_tables(conn, members)
            continue
        scope, by = store.scope_of(scoped), store.by_of(grouped)
        keys = list(dict.fromkeys(row["key"] for row in members))
        every_moment = list(dict.fromkeys(row["moment"] for row in members))
        # a few hundred moments at a time: each is a term of one compound SELECT, and SQLite
        # takes no more than 500 in one statement
        for moments in store._chunks(every_moment, MOMENTS_AT_ONCE):
            whens = [store.when_of(m) for m in moments]
            if kind == "median":
                cells = {
                    key: engine._medians(conn, registry.measure(key), whens, scope, by)
                    for key in keys
                }
            else:
                cells = engine._grouped(conn, [registry.measure(k) for k in keys], whens, scope, by)
            for key in keys:
                for moment, cell in zip(moments, cells[key], strict=True):
                    found[(f"{kind}:{key}", moment, scoped, grouped)] = cell
    return found


def _fresh_tables(conn: Connection, rows: list[dict]) -> dict[tuple, dict]:
    """Each kept controlled table built afresh from the rows, under its own rule."""
    from ..disclosure.policy import controlled_table_afresh
    from ..disclosure.rules import Rules

    found = {}
    for row in rows:
        up_to, round_to = json.loads(row["scope"])
        anchor = store.anchor_of(row["moment"])
        table = controlled_table_afresh(conn, row["key"], anchor, Rules(up_to, round_to))
        found[(row["measure"], row["moment"], row["scope"], row["breakdown"])] = table
    return found


def verify(engine_: Engine, tables_at_most: int | None = None) -> Verified:
    """Count every kept reading afresh, in one read transaction, and compare. With
    `tables_at_most`, only that many kept controlled tables are built afresh (each costs as
    much as its measure's whole table under disclosure control), chosen across the measures;
    every other reading is counted."""
    with _fresh_reading(engine_) as conn:
        rows = store.all_kept(conn)
        if tables_at_most is not None:
            rows = _some_tables(rows, tables_at_most)
        stored = conn.execute(sa.select(s.kept_state.c.definitions)).scalar()
        fresh = fresh_counts(conn, rows)
    differences = []
    for row in rows:
        where = (row["measure"], row["moment"], row["scope"], row["breakdown"])
        kept = store.figures_of(row)
        if kept != fresh[where]:
            differences.append(
                Difference(
                    row["measure"],
                    row["moment"],
                    row["scope"],
                    store.by_of(row["breakdown"]),
                    kept,
                    fresh[where],
                )
            )
    other = bool(rows) and stored != definitions.current()
    return Verified(len(rows), differences, other)


def _some_tables(rows: list[dict], at_most: int) -> list[dict]:
    """Every reading but the controlled tables, and `at_most` of those: the newest kept of
    each measure first."""
    tables = [row for row in rows if row["measure"].startswith(f"{store.CONTROLLED}:")]
    if len(tables) <= at_most:
        return rows
    newest: dict[str, dict] = {}
    for row in tables:
        newest[row["measure"]] = row
    chosen = list(newest.values())[::-1][:at_most]
    return [row for row in rows if not row["measure"].startswith(f"{store.CONTROLLED}:")] + chosen


def repair(engine_: Engine) -> int:
    """Count every kept reading afresh and keep the fresh counts, by this code's definitions,
    in one write transaction: the number of readings rebuilt."""
    with db.writing(engine_) as conn:
        conn.info[store.OFF] = True
        try:
            rows = store.all_kept(conn)
            fresh = fresh_counts(conn, rows)
            forget.readings_and_definitions(conn)
            conn.execute(
                sa.insert(s.kept_state).values(
                    id=1, definitions=definitions.current(), counted_at=db.now()
                )
            )
            store._write(
                conn,
                {
                    where: (row["source"], fresh[where])
                    for row in rows
                    for where in [(row["measure"], row["moment"], row["scope"], row["breakdown"])]
                },
            )
        finally:
            conn.info.pop(store.OFF, None)
    return len(rows)


class _fresh_reading:
    """A read transaction in which nothing kept is read or written."""

    def __init__(self, engine_: Engine):
        self.engine = engine_

    def __enter__(self) -> Connection:
        self.connection = self.engine.connect()
        self.connection.info[store.OFF] = True
        self.transaction = self.connection.begin()
        if self.connection.dialect.name == "postgresql":
            self.connection.exec_driver_sql(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            )
        return self.connection

    def __exit__(self, *exc) -> None:
        try:
            self.transaction.rollback()
        finally:
            self.connection.info.pop(store.OFF, None)
            self.connection.close()
