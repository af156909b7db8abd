"""Targets (docs/measures.md, "Targets"): each target's actual at D, its status, whether its period
is still in progress, and the trajectory of interim targets towards an aspirational one."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import measures, settings
from . import schema as s
from .formatting import STATUS_WORDS
from .measures.moments import POINT, When, effective_period
from .periods import Period, financial_year_period

MET, NEAR, NOT_MET, NO_DATA = "met", "near", "not_met", "no_data"
# Under disclosure control a target whose actual is `*` has its status withheld too: "met"
# beside a `*` and a target of 7 would say the count is exactly 7.
NOT_SHOWN = "not_shown"
__all__ = ["STATUS_WORDS", "MET", "NEAR", "NOT_MET", "NO_DATA", "NOT_SHOWN"]


@dataclass(frozen=True)
class TargetResult:
    target_id: str
    title: str
    metric: str
    level: str
    value: float
    comparison: str
    actual: float | int | None
    status: str
    in_progress: bool
    period_start: dt.date | None
    period_end: dt.date | None
    measured_on: dt.date | None  # point metrics: the day; period metrics: the last day
    directorate: str | None
    profession: str | None
    parent_target_id: str | None
    owner: str | None
    financial_year: str | None
    when: When | None = None  # when the actual is read (None: nothing to measure yet)
    reading: measures.Reading = measures.NOTHING  # the actual with what it is made of

    def as_dict(self) -> dict:
        found = asdict(self)
        found.pop("reading")
        when = found.pop("when")
        found["measured_from"] = when and when["period"] and when["period"]["start"]
        return found


def status_of(actual, value: float, comparison: str, tolerance: float) -> str:
    """met / near (within the tolerance of the value, default 10%) / not_met / no_data."""
    if actual is None:
        return NO_DATA
    if comparison == "at_most":
        if actual <= value:
            return MET
        return NEAR if actual <= (1 + tolerance) * value else NOT_MET
    if actual >= value:
        return MET
    return NEAR if actual >= (1 - tolerance) * value else NOT_MET


def target_period(row) -> tuple[dt.date | None, dt.date | None]:
    """A target's period: its financial year, or period_start/period_end (either may be open)."""
    if row["financial_year"]:
        year = financial_year_period(row["financial_year"])
        return year.start, year.end
    return row["period_start"], row["period_end"]


def measured_at(row, as_of: dt.date, earliest: dt.date | None) -> When | None:
    """When a target's actual is read: its metric over its period cut at D (point-in-time
    metrics at min(period end, D); period metrics over [period start, min(period end, D)]).
    None while there is nothing to measure yet."""
    start, end = target_period(row)
    cut = as_of if end is None else min(end, as_of)
    if start is not None and start > as_of:
        return None  # not started
    if measures.kind_of(row["metric"]) == POINT:
        return When(cut)
    first = start or earliest
    if first is None or first > cut:
        return None
    rule = measures.measure(row["metric"]).period_rule
    return When(as_of, effective_period(rule, Period(first, cut), as_of))


def scope_of(row) -> measures.Scope:
    return measures.Scope(row["directorate"] or None, row["profession"] or None)


def actuals(conn: Connection, rows, whens: list[When | None], read=None) -> list[measures.Reading]:
    """The reading of each target's actual: the metrics of one scope that are measured at the
    same days or periods are read together (one statement per source). `read(keys, whens,
    scope)` reads them: `measures.read` on the connection, unless a page view's reader (which
    remembers what it has read) is given."""
    read = read or functools.partial(measures.read, conn)
    found: list = [measures.NOTHING] * len(rows)
    moments_of: dict[tuple, list[When]] = {}
    for row, when in zip(rows, whens, strict=True):
        if when is not None:
            moments_of.setdefault((row["metric"], scope_of(row)), []).append(when)
    batches: dict[tuple, list[str]] = {}
    for (key, scope), moments in moments_of.items():
        batches.setdefault((scope, tuple(dict.fromkeys(moments))), []).append(key)
    readings: dict[tuple, measures.Reading] = {}
    for (scope, moments), keys in batches.items():
        for key, cells in read(keys, list(moments), scope).items():
            for when, cell in zip(moments, cells, strict=True):
                readings[(key, scope, when)] = cell.get((), measures.NOTHING)
    for i, (row, when) in enumerate(zip(rows, whens, strict=True)):
        if when is not None:
            found[i] = readings[(row["metric"], scope_of(row), when)]
    return found


def result(
    row, when: When | None, reading: measures.Reading, as_of: dt.date, tolerance: float
) -> TargetResult:
    start, end = target_period(row)
    actual = reading.value
    return TargetResult(
        target_id=row["target_id"],
        title=row["title"],
        metric=row["metric"],
        level=row["level"],
        value=float(row["value"]),
        comparison=row["comparison"],
        actual=actual,
        status=status_of(actual, float(row["value"]), row["comparison"], tolerance),
        in_progress=end is None or end > as_of,
        period_start=start,
        period_end=end,
        measured_on=None if when is None else (when.end or when.as_of),
        when=when,
        reading=reading,
        directorate=row["directorate"] or None,
        profession=row["profession"] or None,
        parent_target_id=row["parent_target_id"] or None,
        owner=row["owner"],
        financial_year=row["financial_year"],
    )


def evaluate_targets(conn: Connection, as_of: dt.date, read=None) -> list[TargetResult]:
    """Every target in use (not retired), aspirational first, each with its actual and status
    at D (`read` as in `actuals`)."""
    return evaluate_targets_on(conn, [as_of], read)[0]


def evaluate_targets_on(
    conn: Connection, days: list[dt.date], read=None
) -> list[list[TargetResult]]:
    """`evaluate_targets` on each of several days (D and the date "what changed" counts from),
    every metric read for all the days at once (`read` as in `actuals`)."""
    from .dates import earliest_data_date

    tolerance = float(settings.get(conn, "near_tolerance"))
    earliest = earliest_data_date(conn)
    rows = conn.execute(sa.select(s.targets).where(s.targets.c.retired.is_(False))).mappings().all()
    whens = [measured_at(row, day, earliest) for day in days for row in rows]
    readings = actuals(conn, list(rows) * len(days), whens, read)
    level_order = {"aspirational": 0, "interim": 1}
    found = []
    for n, day in enumerate(days):
        part = slice(n * len(rows), (n + 1) * len(rows))
        results = [
            result(row, when, reading, day, tolerance)
            for row, when, reading in zip(rows, whens[part], readings[part], strict=True)
        ]
        found.append(
            sorted(
                results,
                key=lambda t: (
                    level_order.get(t.level, 2),
                    t.period_start or dt.date.min,
                    t.target_id,
                ),
            )
        )
    return found


@dataclass(frozen=True)
class TargetInForce:
    target_id: str
    title: str
    value: float
    comparison: str


def targets_in_force(
    conn: Connection, metric: str, days: list[dt.date]
) -> list[TargetInForce | None]:
    """For each day, the trust-wide target on the metric in force that day (not retired, its
    period covering the day): the one whose period ends soonest, so a year's interim target
    comes before the open-ended aspirational one."""
    t = s.targets
    rows = (
        conn.execute(
            sa.select(t).where(
                t.c.retired.is_(False),
                t.c.metric == metric,
                sa.func.coalesce(t.c.directorate, "") == "",
                sa.func.coalesce(t.c.profession, "") == "",
            )
        )
        .mappings()
        .all()
    )
    periods = [(row, *target_period(row)) for row in rows]
    in_force: list[TargetInForce | None] = []
    for day in days:
        covering = [
            (end or dt.date.max, row["target_id"], row)
            for row, start, end in periods
            if (start is None or start <= day) and (end is None or day <= end)
        ]
        if not covering:
            in_force.append(None)
            continue
        row = min(covering, key=lambda c: (c[0], c[1]))[2]
        in_force.append(
            TargetInForce(row["target_id"], row["title"], float(row["value"]), row["comparison"])
        )
    return in_force
