"""Targets (metrics.md, "Targets"): each target's actual at D, its status, whether its period
is still in progress, and the trajectory of interim targets towards an aspirational one."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import catalogue, metrics, settings
from . import schema as s
from .periods import Period, financial_year_period

MET, NEAR, NOT_MET, NO_DATA = "met", "near", "not_met", "no_data"
# Under disclosure control a target whose actual is `*` has its status withheld too: "met"
# beside a `*` and a target of 7 would say the count is exactly 7.
NOT_SHOWN = "not_shown"
STATUS_WORDS = {
    MET: "Met",
    NEAR: "Near",
    NOT_MET: "Not met",
    NO_DATA: "No data",
    NOT_SHOWN: "Not shown",
}


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

    def as_dict(self) -> dict:
        return asdict(self)


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


@dataclass(frozen=True)
class Measurement:
    """What a target measures at D: its metric, scope, and the day or period to measure."""

    metric: str
    scope: metrics.Scope
    measured_on: dt.date | None  # None: nothing to measure yet
    period: Period | None  # for period metrics


def measurement(row, as_of: dt.date, earliest: dt.date | None) -> Measurement:
    """A target's actual is its metric over its period cut at D: point-in-time metrics at
    min(period end, D); period metrics over [period start, min(period end, D)]."""
    start, end = target_period(row)
    metric = catalogue.METRICS[row["metric"]]
    scope = metrics.Scope(row["directorate"] or None, row["profession"] or None)
    cut = as_of if end is None else min(end, as_of)
    if start is not None and start > as_of:
        return Measurement(metric.key, scope, None, None)  # not started
    if metric.kind == catalogue.POINT:
        return Measurement(metric.key, scope, cut, None)
    first = start or earliest
    if first is None or first > cut:
        return Measurement(metric.key, scope, None, None)
    return Measurement(metric.key, scope, cut, Period(first, cut))


def actuals(conn: Connection, measurements: list[Measurement], as_of: dt.date) -> list:
    """The actual of each measurement. People-in-post metrics are measured for all their days
    at once (one statement per metric and scope), the others one by one."""
    found: list = [None] * len(measurements)
    batches: dict[tuple, list[int]] = {}
    for i, m in enumerate(measurements):
        if m.measured_on is None:
            continue
        if m.period is None and m.metric in metrics.POST_METRICS:
            batches.setdefault((m.metric, m.scope), []).append(i)
        elif m.period is None:
            found[i] = metrics.value(conn, m.metric, m.measured_on, None, m.scope)
        else:
            found[i] = metrics.value(conn, m.metric, as_of, m.period, m.scope)
    for (key, scope), positions in batches.items():
        values = metrics.point_values(
            conn, key, [measurements[i].measured_on for i in positions], scope
        )
        for i, value in zip(positions, values, strict=True):
            found[i] = value
    return found


def result(row, m: Measurement, actual, as_of: dt.date, tolerance: float) -> TargetResult:
    start, end = target_period(row)
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
        measured_on=m.measured_on,
        directorate=row["directorate"] or None,
        profession=row["profession"] or None,
        parent_target_id=row["parent_target_id"] or None,
        owner=row["owner"],
        financial_year=row["financial_year"],
    )


def evaluate_targets(conn: Connection, as_of: dt.date) -> list[TargetResult]:
    """Every target in use (not retired), aspirational first, each with its actual and status
    at D."""
    tolerance = float(settings.get(conn, "near_tolerance"))
    earliest = metrics.earliest_data_date(conn)
    rows = conn.execute(sa.select(s.targets).where(s.targets.c.retired.is_(False))).mappings().all()
    measured = [measurement(row, as_of, earliest) for row in rows]
    results = [
        result(row, m, actual, as_of, tolerance)
        for row, m, actual in zip(rows, measured, actuals(conn, measured, as_of), strict=True)
    ]
    level_order = {"aspirational": 0, "interim": 1}
    return sorted(
        results,
        key=lambda t: (level_order.get(t.level, 2), t.period_start or dt.date.min, t.target_id),
    )


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
