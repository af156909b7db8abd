"""Reading measures from the database: any declared measure, at many moments at once, in a
scope, broken down by its declared dimensions, in as few statements as the declarations allow
(every count and sum over one source is one grouped statement)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import db
from ..periods import Period
from . import registry as r
from .moments import When, moment_table, when_for
from .scope import TRUST_WIDE, Scope
from .source import Source

Group = tuple  # a breakdown cell: one value per dimension of `by`, in order


@dataclass(frozen=True)
class Reading:
    """A measure's value, unrounded, with what it is made of: a ratio's numerator and
    denominator, or how many rows a median is over (disclosure control works from these)."""

    value: int | float | None
    numerator: int | float | None = None
    denominator: int | float | None = None
    over: int | None = None


NOTHING = Reading(None)


def when_of(key: str, as_of: dt.date, period: Period | None = None) -> When:
    """The moment a measure is read at for D and the chosen period (default: the financial
    year to D), by its kind and its period rule."""
    return when_for(r.kind_of(key), r.measure(key).period_rule, as_of, period)


def read(
    conn: Connection,
    keys: Iterable[str],
    whens: Sequence[When],
    scope: Scope = TRUST_WIDE,
    by: tuple[str, ...] = (),
) -> dict[str, list[dict[Group, Reading]]]:
    """Each measure at each moment: {key: [{group: reading} for each moment]}. Without `by`
    the one group is (). A measure that cannot be narrowed to the scope reads None."""
    keys = list(dict.fromkeys(keys))
    for key in keys:
        _check_breakdown(key, by)
    if not whens:
        return {key: [] for key in keys}
    base: dict[str, list[dict]] = {}
    needed = _base_measures(keys)
    by_source: dict[str, list[r.Measure]] = {}
    for key in needed:
        m = r.measure(key)
        if m.how == r.MEDIAN:
            base[key] = _kept().through(
                conn,
                "median",
                m.source.name,
                [(key, by)],
                whens,
                scope,
                lambda moments, m=m: {(m.key, by): _medians(conn, m, moments, scope, by)},
            )[(key, by)]
        else:
            by_source.setdefault(m.source.name, []).append(m)
    for measures in by_source.values():
        base.update(_kept_or_grouped(conn, measures, whens, scope, by))
    return {
        key: _no_figure_where_none(key, _assemble(key, base, len(whens)), whens, scope, by)
        for key in keys
    }


def _no_figure_where_none(key, cells, whens, scope, by):
    """Nothing where the measure is not a figure (registry.no_figure_because)."""
    return [
        ({(): NOTHING} if not by else {}) if r.no_figure_because(key, when, scope) else cell
        for cell, when in zip(cells, whens, strict=True)
    ]


def read_one(
    conn: Connection, key: str, when: When, scope: Scope = TRUST_WIDE, by: tuple[str, ...] = ()
) -> dict[Group, Reading]:
    return read(conn, [key], [when], scope, by)[key][0]


def value(
    conn: Connection,
    key: str,
    as_of: dt.date,
    period: Period | None = None,
    scope: Scope = TRUST_WIDE,
):
    """One measure at D over the period (default: the financial year to D), in scope,
    unrounded; None where there is nothing to measure or the measure is not recorded by
    directorate or profession and a scope is asked for."""
    return read_one(conn, key, when_of(key, as_of, period), scope).get((), NOTHING).value


def summary(
    conn: Connection, as_of: dt.date, period: Period | None = None, scope: Scope = TRUST_WIDE
) -> dict[str, int | float | None]:
    """Every metric of docs/measures.md, unrounded, keyed as there."""
    by_when: dict[When, list[str]] = {}
    for key in r.metric_keys():
        by_when.setdefault(when_of(key, as_of, period), []).append(key)
    found: dict[str, object] = {}
    for when, keys in by_when.items():
        for key, readings in read(conn, keys, [when], scope).items():
            found[key] = readings[0].get((), NOTHING).value
    return {key: found[key] for key in r.metric_keys()}


RECORD_COLUMNS = (
    "person_id",
    "directorate",
    "profession",
    "pay_band",
    "start_date",
    "hours",
    "management_role",
)


def records_behind(conn: Connection, key: str, when: When, scope: Scope) -> list[dict] | None:
    """The pseudonymous records behind a count of people at a moment in a scope, one per
    thing counted (a person in post under the post the figure counts them by, a post that
    started...), with what the source knows of each (RECORD_COLUMNS), so that a cell's list
    and its figure are the same people. None where the measure is not a count of rows or
    people by person (a share, a sum, a median; or a source without person codes)."""
    m = r.measure(key)
    if m.how not in (r.COUNT_ROWS, r.COUNT_PEOPLE) or "person_id" not in m.source.columns:
        return None
    needed = frozenset({*m.needs, *(c for c in RECORD_COLUMNS if c in m.source.columns)})
    needed |= frozenset(scope.as_group()) & m.source.columns
    rows = m.source.rows(conn, moment_table([when]), [when], needed)
    conditions = _scope_conditions(m.source, rows, scope)
    if conditions is None:
        return None
    if m.where is not None:
        conditions.append(m.where(rows))
    shown = [rows.c[c] for c in RECORD_COLUMNS if c in rows.c]
    order = [rows.c[c] for c in ("start_date", "person_id") if c in rows.c]
    found = conn.execute(sa.select(*shown).where(*conditions).order_by(*order)).mappings()
    records = [dict(row) for row in found]
    if m.how == r.COUNT_PEOPLE:  # each person once, as the figure counts them
        records = list({row["person_id"]: row for row in records}.values())
    return records


# --- how ---------------------------------------------------------------------------------


def _check_breakdown(key: str, by: tuple[str, ...]) -> None:
    """A measure is broken down by its declared dimensions, or by what it can be narrowed to
    (a figure for each directorate is the figure narrowed to each in turn)."""
    m = r.measure(key)
    scope = r.source_of(key).scope_columns - r.not_within(key)
    allowed = (*m.breakdowns, *sorted(scope - set(m.breakdowns)))
    wrong = [d for d in by if d not in allowed]
    if wrong:
        raise ValueError(
            f"{r.measure(key).label} cannot be broken down by {', '.join(wrong)} "
            f"(it can be by {', '.join(allowed) or 'nothing'})"
        )


def _base_measures(keys: Iterable[str]) -> list[str]:
    """The counts, sums and medians the measures are made of."""
    found: list[str] = []
    for key in keys:
        m = r.measure(key)
        if m.how == r.RATIO:
            found += _base_measures(m.parts)
        else:
            found.append(key)
            if m.how == r.MEDIAN:
                found += _base_measures([m.over])
    return list(dict.fromkeys(found))


def _scope_conditions(source: Source, rows, scope: Scope) -> list | None:
    """The conditions that narrow a source's rows to the scope; None if they cannot be."""
    conditions = []
    for column, wanted in (("directorate", scope.directorate), ("profession", scope.profession)):
        if wanted is None or column in source.unaffected_by:
            continue
        if column not in source.scope_columns:
            return None
        conditions.append(rows.c[column] == wanted)
    return conditions


def _aggregate(m: r.Measure, rows):
    condition = m.where(rows) if m.where is not None else None
    if m.how == r.COUNT_ROWS:
        if condition is None:
            return sa.func.count()
        return sa.func.sum(sa.case((condition, 1), else_=0))
    if m.how in (r.COUNT_PEOPLE, r.COUNT_DISTINCT):
        column = rows.c.person_id if m.how == r.COUNT_PEOPLE else rows.c[m.column]
        if condition is not None:
            column = sa.case((condition, column))
        return sa.func.count(sa.distinct(column))
    if m.how == r.SUM:
        if condition is None:
            return sa.func.sum(rows.c[m.column])
        return sa.func.sum(sa.case((condition, rows.c[m.column]), else_=0))
    raise ValueError(f"{m.key} is not a count or a sum")


def _counts_distinct(m: r.Measure) -> bool:
    return m.how in (r.COUNT_PEOPLE, r.COUNT_DISTINCT) and m.where is None


def _distinct_then_counted(m: r.Measure, rows, conditions, by):
    """A count of distinct people (or values) alone in its statement, as the rows made
    distinct and then counted: the same number as `count(DISTINCT …)`, which PostgreSQL works
    out by sorting every row of each group, where a DISTINCT can hash them (15-20% off
    counting the people supported in 20 years of contacts). SQLite does both alike, and a
    little slower this way, so it keeps `count(DISTINCT …)`."""
    column = rows.c.person_id if m.how == r.COUNT_PEOPLE else rows.c[m.column]
    each = (
        sa.select(rows.c.n, *(rows.c[d] for d in by), column.label("counted"))
        .where(*conditions)
        .distinct()
        .subquery("each_once")
    )
    groups = [each.c.n, *(each.c[d] for d in by)]
    return sa.select(*groups, sa.func.count(each.c.counted)).group_by(*groups)


def _number(value, m: r.Measure):
    """Counts as whole numbers, money as pounds and pence."""
    if value is None:
        return None
    if m.counts == r.MONEY:
        return float(value)
    return int(value)


def _kept():
    """kept/store.py (which reads measures' moments and scopes: loaded on first use)."""
    from ..kept import store

    return store


def _kept_or_grouped(conn, measures: list[r.Measure], whens, scope, by) -> dict[str, list[dict]]:
    """`_grouped`'s counts, kept ones read where there are (kept/store.py)."""
    found = _kept().through(
        conn,
        "count",
        measures[0].source.name,
        [(m.key, by) for m in measures],
        whens,
        scope,
        lambda moments: {
            (key, by): cells for key, cells in _grouped(conn, measures, moments, scope, by).items()
        },
    )
    return {m.key: found[(m.key, by)] for m in measures}


def _grouped(conn, measures: list[r.Measure], whens, scope, by) -> dict[str, list[dict]]:
    """Every count and sum over one source, at every moment, in one statement (or one per
    moment for a source that takes D as it is)."""
    source = measures[0].source
    if source.one_moment_at_a_time and len(whens) > 1:
        parts = [_grouped(conn, measures, [when], scope, by) for when in whens]
        return {m.key: [part[m.key][0] for part in parts] for m in measures}
    needed = frozenset({*by, *(c for m in measures for c in m.needs)})
    needed |= frozenset(scope.as_group()) & source.columns
    rows = source.rows(conn, moment_table(whens), whens, needed)
    conditions = _scope_conditions(source, rows, scope)
    if conditions is None:
        return {m.key: [{(): None} if not by else {} for _ in whens] for m in measures}
    group_columns = [rows.c[d] for d in by]
    statement = (
        _distinct_then_counted(measures[0], rows, conditions, by)
        if len(measures) == 1 and _counts_distinct(measures[0]) and not db.is_sqlite(conn)
        else sa.select(rows.c.n, *group_columns, *(_aggregate(m, rows) for m in measures))
        .where(*conditions)
        .group_by(rows.c.n, *group_columns)
    )
    found: dict[str, list[dict]] = {
        m.key: [({(): _zero(m)} if not by else {}) for _ in whens] for m in measures
    }
    for row in conn.execute(statement):
        n, group, values = row[0], tuple(row[1 : 1 + len(by)]), row[1 + len(by) :]
        for m, v in zip(measures, values, strict=True):
            found[m.key][n][group] = _number(v, m)
    return found


def read_breakdowns(
    conn: Connection,
    key: str,
    whens: Sequence[When],
    bys: Sequence[tuple[str, ...]],
    scope: Scope = TRUST_WIDE,
) -> dict[tuple[str, ...], list[dict[Group, Reading]]]:
    """A count or a sum at each moment by each of several breakdowns (the total is `()`), as
    `read` gives each: {by: [{group: reading} for each moment]}. The source's rows are made
    once and grouped every way in one statement, not made again for each breakdown (unless
    they are cheaper to read again: `Source.cheap_to_read_again`)."""
    return read_breakdowns_of(conn, [key], whens, bys, scope)[key]


def read_breakdowns_of(
    conn: Connection,
    keys: Sequence[str],
    whens: Sequence[When],
    bys: Sequence[tuple[str, ...]] | Mapping[str, Sequence[tuple[str, ...]]],
    scope: Scope = TRUST_WIDE,
) -> dict[str, dict[tuple[str, ...], list[dict[Group, Reading]]]]:
    """`read_breakdowns` for several counts and sums of one source at once, each by the same
    breakdowns or (a mapping) by its own: {key: {by: [{group: reading} for each moment]}},
    all from one making of the rows."""
    keys = list(dict.fromkeys(keys))
    wanted = {
        key: list(dict.fromkeys(bys[key] if isinstance(bys, Mapping) else bys)) for key in keys
    }
    ms = [r.measure(key) for key in keys]
    for key in keys:
        for by in wanted[key]:
            _check_breakdown(key, by)
    if len({r.source_of(key).name for key in keys}) > 1:
        raise ValueError(f"{', '.join(keys)} are not read from one source")
    source = r.source_of(keys[0])
    bys = list(dict.fromkeys(by for key in keys for by in wanted[key]))
    plain = all(m.how not in (r.RATIO, r.MEDIAN) for m in ms)
    if not plain or len(bys) < 2 or source.cheap_to_read_again:
        each = {
            by: read(conn, [key for key in keys if by in wanted[key]], whens, scope, by)
            for by in bys
        }
        return {key: {by: each[by][key] for by in wanted[key]} for key in keys}
    if not whens:
        return {key: {by: [] for by in wanted[key]} for key in keys}
    if source.one_moment_at_a_time and len(whens) > 1:
        parts = [read_breakdowns_of(conn, keys, [when], wanted, scope) for when in whens]
        return {
            key: {by: [part[key][by][0] for part in parts] for by in wanted[key]} for key in keys
        }
    found = _kept().through(
        conn,
        "count",
        source.name,
        [(m.key, by) for m in ms for by in bys],
        whens,
        scope,
        lambda moments: _counted_every_way(conn, ms, moments, bys, scope),
    )
    # every measure was grouped every way (little more work once the rows are made): each
    # keeps the breakdowns it was asked for
    return {
        key: {
            by: _no_figure_where_none(
                key,
                [{g: Reading(v) for g, v in cell.items()} for cell in found[(key, by)]],
                whens,
                scope,
                by,
            )
            for by in wanted[key]
        }
        for key in keys
    }


def _counted_every_way(conn, ms: list[r.Measure], whens, bys, scope) -> dict[tuple, list[dict]]:
    """Counts and sums of one source by every breakdown, {(key, by): [{group: value} for each
    moment]}, from one making of its rows."""
    source = ms[0].source
    columns = list(dict.fromkeys(d for by in bys for d in by))
    needed = frozenset({*columns, *(c for m in ms for c in m.needs)})
    needed |= frozenset(scope.as_group()) & source.columns
    rows = source.rows(conn, moment_table(whens), whens, needed)
    conditions = _scope_conditions(source, rows, scope)
    if conditions is None:
        return {
            (m.key, by): [{(): None} if not by else {} for _ in whens] for m in ms for by in bys
        }
    # the rows once (a materialised CTE), then one grouping of them for each breakdown, the
    # columns a breakdown does not group by left empty (a typed NULL, as PostgreSQL needs)
    shared = sa.select(*rows.c).where(*conditions).cte("counted").prefix_with("MATERIALIZED")
    groupings = []
    for number, by in enumerate(bys):
        grouped = [shared.c[d] if d in by else _null_like(shared.c[d]) for d in columns]
        groupings.append(
            sa.select(
                shared.c.n,
                sa.literal(number).label("breakdown"),
                *(g.label(d) for g, d in zip(grouped, columns, strict=True)),
                *(_aggregate(m, shared).label(f"value_{i}") for i, m in enumerate(ms)),
            ).group_by(shared.c.n, *(shared.c[d] for d in by))
        )
    found = {
        m.key: {by: [({(): _zero(m)} if not by else {}) for _ in whens] for by in bys} for m in ms
    }
    place = {d: 2 + i for i, d in enumerate(columns)}
    first_value = 2 + len(columns)
    for row in conn.execute(sa.union_all(*groupings)):
        by = bys[row[1]]
        group = tuple(row[place[d]] for d in by)
        for i, m in enumerate(ms):
            found[m.key][by][row[0]][group] = _number(row[first_value + i], m)
    return {(m.key, by): found[m.key][by] for m in ms for by in bys}


def _null_like(column):
    if isinstance(column.type, sa.types.NullType):
        return sa.null()
    return sa.cast(sa.null(), column.type)


def _zero(m: r.Measure):
    """A count of nothing is 0; a sum of no rows is nothing to measure."""
    return None if m.how == r.SUM else 0


def _medians(conn, m: r.Measure, whens, scope, by) -> list[dict]:
    if m.source.one_moment_at_a_time and len(whens) > 1:
        return [_medians(conn, m, [when], scope, by)[0] for when in whens]
    needed = frozenset({*by, m.column}) | (frozenset(scope.as_group()) & m.source.columns)
    rows = m.source.rows(conn, moment_table(whens), whens, needed)
    conditions = _scope_conditions(m.source, rows, scope)
    if conditions is None:
        return [{(): None} if not by else {} for _ in whens]
    partition = [rows.c.n, *(rows.c[d] for d in by)]
    ordered = (
        sa.select(
            *partition,
            rows.c[m.column].label("value"),
            sa.func.row_number()
            .over(partition_by=partition, order_by=rows.c[m.column])
            .label("position"),
            sa.func.count().over(partition_by=partition).label("size"),
        )
        .where(*conditions)
        .subquery("ordered")
    )
    # the middle position, or the two middle positions of an even count (integer division)
    middle = sa.or_(
        ordered.c.position == (ordered.c.size + 1) // 2,
        ordered.c.position == (ordered.c.size + 2) // 2,
    )
    keys = [ordered.c.n, *(ordered.c[d] for d in by)]
    found = [({(): None} if not by else {}) for _ in whens]
    for row in conn.execute(
        sa.select(*keys, sa.func.avg(ordered.c.value)).where(middle).group_by(*keys)
    ):
        found[row[0]][tuple(row[1:-1])] = None if row[-1] is None else float(row[-1])
    return found


def _assemble(key: str, base: dict[str, list[dict]], moments: int) -> list[dict[Group, Reading]]:
    m = r.measure(key)
    out = []
    for n in range(moments):
        if m.how == r.RATIO:
            numerators = _assemble(m.numerator, base, moments)[n]
            denominators = _assemble(m.denominator, base, moments)[n]
            groups = dict.fromkeys([*denominators, *numerators])
            cell = {}
            for g in groups:
                den = denominators.get(g, NOTHING).value
                # a group with rows for the denominator but none for the numerator: none count
                num = numerators[g].value if g in numerators else (0 if den else None)
                value = None if num is None or not den else m.scale * float(num) / float(den)
                cell[g] = Reading(value, num, den)
            out.append(cell)
        elif m.how == r.MEDIAN:
            medians = base[key][n]
            over = base[m.over][n]
            groups = dict.fromkeys([*over, *medians])
            out.append({g: Reading(medians.get(g), over=over.get(g) or 0) for g in groups})
        else:
            out.append({g: Reading(v) for g, v in base[key][n].items()})
    return out
