"""Monthly series of the metrics, for trends and Making Data Count charts, in SQL.

Each series covers the months of a period: point-in-time metrics at each month end,
period metrics over each calendar month (the first and last months cut to the period).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import schema as s
from .date_sql import year_month
from .metrics import TRUST_WIDE, Scope, point_values, recruitment_rows
from .periods import Period, month_end, month_ends

# The series the dashboard draws, and what each counts
SERIES = {
    "in_employment": "People in employment at each month end",
    "job_starts": "Job starts each month",
    "contacts": "Support contacts each month",
    "recruits_lived_experience_pct": "Recruits with lived experience each month",
}


# Which direction is better, for the Making Data Count colours: more people in work, more job
# starts and a larger share of recruits with lived experience are improvements; more support
# contacts are neither better nor worse (they follow need).
IMPROVEMENT = {
    "in_employment": "high",
    "job_starts": "high",
    "contacts": "neither",
    "recruits_lived_experience_pct": "high",
}
CHART_MONTHS = 36  # the monthly charts show the last three years


def complete_months(as_of: dt.date, earliest: dt.date | None, months: int = CHART_MONTHS):
    """The period of the last `months` whole months up to D (D's month counts when D is its
    last day), starting no earlier than the month of the earliest data; None when there is
    no whole month yet."""
    last = as_of if as_of == month_end(as_of) else as_of.replace(day=1) - dt.timedelta(days=1)
    first = last.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    if earliest is not None and earliest.replace(day=1) > first:
        first = earliest.replace(day=1)
    if first > last:
        return None
    return Period(first, last)


@dataclass(frozen=True)
class MonthlyPoint:
    month: dt.date  # the month's last day
    value: int | float | None
    numerator: int | None = None  # for percentages: the counts the value is made of
    denominator: int | None = None


def _months(period: Period) -> list[dt.date]:
    """The last day of every month the period touches (each month's label)."""
    return month_ends(Period(period.start, month_end(period.end)))


def in_employment_by_month(
    conn: Connection, period: Period, scope: Scope = TRUST_WIDE
) -> list[MonthlyPoint]:
    """People in post at each month end (each person once, under their primary post)."""
    ends = [min(end, period.end) for end in _months(period)]
    values = point_values(conn, "in_employment", ends, scope)
    return [MonthlyPoint(day, value) for day, value in zip(ends, values, strict=True)]


def _as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _counts_by_month(conn, column, conditions) -> dict[str, int]:
    month = year_month(column)
    return dict(
        conn.execute(sa.select(month, sa.func.count()).where(*conditions).group_by(month)).all()
    )


def job_starts_by_month(
    conn: Connection, period: Period, scope: Scope = TRUST_WIDE
) -> list[MonthlyPoint]:
    e = s.employments
    conditions = [e.c.start_date.between(period.start, period.end)]
    if scope.directorate is not None:
        conditions.append(e.c.directorate == scope.directorate)
    if scope.profession is not None:
        conditions.append(e.c.profession == scope.profession)
    counts = _counts_by_month(conn, e.c.start_date, conditions)
    return [MonthlyPoint(day, counts.get(day.strftime("%Y-%m"), 0)) for day in _months(period)]


def contacts_by_month(
    conn: Connection, period: Period, by: str | None = None
) -> dict[str | None, list[MonthlyPoint]]:
    """Contacts each month, in all or split by mode, topic or contact_with."""
    ct = s.contacts
    month = year_month(ct.c.date)
    columns = [month] + ([ct.c[by]] if by else [])
    rows = conn.execute(
        sa.select(*columns, sa.func.count())
        .where(ct.c.date.between(period.start, period.end))
        .group_by(*columns)
    ).all()
    found: dict = {}
    for row in rows:
        found[(row[0], row[1] if by else None)] = int(row[-1])
    keys = sorted({k for _, k in found}, key=str) if by else [None]
    return {
        key: [
            MonthlyPoint(day, found.get((day.strftime("%Y-%m"), key), 0)) for day in _months(period)
        ]
        for key in keys
    }


def recruitment_by_month(
    conn: Connection, period: Period, scope: Scope = TRUST_WIDE
) -> list[MonthlyPoint]:
    """The share of recruits with lived experience, month by month, with its counts."""
    r = s.recruitment
    rows = conn.execute(
        sa.select(r.c.period, sa.func.sum(r.c.recruits_lived_experience), sa.func.sum(r.c.recruits))
        .where(*recruitment_rows(period, scope))
        .group_by(r.c.period)
    ).all()
    found = {month_end(_as_date(p)): (int(le or 0), int(n or 0)) for p, le, n in rows}
    points = []
    for day in _months(period):
        lived, recruits = found.get(day, (None, None))
        value = None if not recruits else 100 * lived / recruits
        points.append(MonthlyPoint(day, value, lived, recruits))
    return points


def series(
    conn: Connection, key: str, period: Period, scope: Scope = TRUST_WIDE
) -> list[MonthlyPoint]:
    """One of the dashboard's monthly series by its key (SERIES)."""
    if key == "in_employment":
        return in_employment_by_month(conn, period, scope)
    if key == "job_starts":
        return job_starts_by_month(conn, period, scope)
    if key == "contacts":
        return contacts_by_month(conn, period)[None]
    if key == "recruits_lived_experience_pct":
        return recruitment_by_month(conn, period, scope)
    raise ValueError(f"no monthly series for {key}")


__all__ = [
    "SERIES",
    "IMPROVEMENT",
    "complete_months",
    "MonthlyPoint",
    "series",
    "in_employment_by_month",
    "job_starts_by_month",
    "contacts_by_month",
    "recruitment_by_month",
]
