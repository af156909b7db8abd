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
STATUS_WORDS = {MET: "Met", NEAR: "Near", NOT_MET: "Not met", NO_DATA: "No data"}


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


def evaluate(
    conn: Connection, row, as_of: dt.date, tolerance: float, earliest: dt.date | None
) -> TargetResult:
    """One target's actual over its period cut at D, and its status."""
    start, end = target_period(row)
    metric = catalogue.METRICS[row["metric"]]
    scope = metrics.Scope(row["directorate"] or None, row["profession"] or None)
    cut = as_of if end is None else min(end, as_of)
    actual = None
    measured_on = None
    started = start is None or start <= as_of
    if started:
        if metric.kind == catalogue.POINT:
            measured_on = cut
            actual = metrics.value(conn, metric.key, cut, None, scope)
        else:
            first = start or earliest
            if first is not None and first <= cut:
                measured_on = cut
                actual = metrics.value(conn, metric.key, as_of, Period(first, cut), scope)
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
        measured_on=measured_on,
        directorate=row["directorate"] or None,
        profession=row["profession"] or None,
        parent_target_id=row["parent_target_id"] or None,
        owner=row["owner"],
        financial_year=row["financial_year"],
    )


def evaluate_targets(conn: Connection, as_of: dt.date) -> list[TargetResult]:
    """Every target, aspirational first, each with its actual and status at D."""
    tolerance = float(settings.get(conn, "near_tolerance"))
    earliest = metrics.earliest_data_date(conn)
    rows = conn.execute(sa.select(s.targets)).mappings().all()
    results = [evaluate(conn, row, as_of, tolerance, earliest) for row in rows]
    level_order = {"aspirational": 0, "interim": 1}
    return sorted(
        results,
        key=lambda t: (level_order.get(t.level, 2), t.period_start or dt.date.min, t.target_id),
    )
