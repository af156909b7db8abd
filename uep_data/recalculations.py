"""Recalculation points of the monthly Making Data Count charts: the months where a chart
starts a new section with its own mean and limits, because the programme changed (a new
service, a new funder, a change in how something is counted). The programme lead sets them;
each change is logged."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import audit, db
from . import schema as s
from .acting import Acting, require_lead
from .measures import monthly_series

REASON_LENGTH = 300


def listed(conn: Connection, series: str | None = None) -> list[dict]:
    """The recalculation points, by series and month."""
    r = s.spc_recalculations
    query = sa.select(r).order_by(r.c.series, r.c.month)
    if series is not None:
        query = query.where(r.c.series == series)
    return [dict(row) for row in conn.execute(query).mappings()]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def problem_with(series: str, month: dt.date | None, reason: str) -> str | None:
    """What is wrong with a new recalculation point, in plain words (None if it is fine)."""
    if series not in monthly_series():
        return "choose one of the monthly charts"
    if not isinstance(month, dt.date):
        return "give the first month of the new section"
    if not reason.strip():
        return "say why the chart starts again here (for example, what changed that month)"
    if len(reason) > REASON_LENGTH:
        return f"keep the reason under {REASON_LENGTH} characters"
    return None


def add(engine, series: str, month: dt.date, reason: str, who: str | Acting) -> str | None:
    """Start a new section of a chart at a month; returns what is wrong, or None once saved
    (and logged). Only the programme lead, as the database says when it is written
    (acting.require_lead)."""
    problem = problem_with(series, month, reason)
    if problem:
        return problem
    month = first_of_month(month)
    r = s.spc_recalculations
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        exists = conn.execute(
            sa.select(r.c.id).where(r.c.series == series, r.c.month == month)
        ).first()
        if exists:
            return f"the chart already starts again in {month:%B %Y}"
        when = db.now()
        conn.execute(
            sa.insert(r).values(
                series=series, month=month, reason=reason.strip(), set_at=when, set_by=who
            )
        )
        audit.log(
            conn,
            who,
            "recalculation",
            {"change": "added", "series": series, "month": month.isoformat(), "reason": reason},
            when,
        )
    return None


def remove(engine, recalculation_id: int, who: str | Acting) -> None:
    """Remove a recalculation point (logged); only the programme lead, as `add`."""
    r = s.spc_recalculations
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        row = conn.execute(sa.select(r).where(r.c.id == recalculation_id)).mappings().first()
        if row is None:
            return
        conn.execute(sa.delete(r).where(r.c.id == recalculation_id))
        audit.log(
            conn,
            who,
            "recalculation",
            {
                "change": "removed",
                "series": row["series"],
                "month": row["month"].isoformat(),
                "reason": row["reason"],
            },
        )


def points_for(months: list[dt.date], starts: list[dt.date]) -> tuple[int, ...]:
    """The point numbers (from 1) where sections start, for a chart whose points are the given
    months (month ends): the first point in or after each start month, leaving out the first
    point (a chart always starts a section there) and months outside the chart."""
    numbers = set()
    for start in starts:
        for number, month in enumerate(months, start=1):
            if month >= start:
                if number > 1 and first_of_month(month) == first_of_month(start):
                    numbers.add(number)
                break
    return tuple(sorted(numbers))


def long_enough(
    months: list[dt.date], starts: list[dict], minimum: int
) -> tuple[list[dict], list[dict]]:
    """The recalculation points a chart applies, and those that wait: a chart starts again at
    a point only when every section it makes has at least `minimum` months (Making Data
    Count's 13 for limits), so a change set for last month waits until a year of new months
    is in. Points are taken in date order; one that waits does not split the chart."""
    applied: list[dict] = []
    waiting: list[dict] = []
    for start in sorted(starts, key=lambda r: r["month"]):
        trial = [r["month"] for r in [*applied, start]]
        numbers = points_for(months, trial)
        edges = [1, *numbers, len(months) + 1]
        sections = [b - a for a, b in zip(edges, edges[1:], strict=False)]
        if len(numbers) == len(trial) and min(sections) >= minimum:
            applied.append(start)
        else:
            waiting.append(start)
    return applied, waiting
