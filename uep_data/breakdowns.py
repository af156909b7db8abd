"""Metrics broken down by directorate, profession or pay band, in SQL.

A breakdown counts the same thing as its metric (metrics.py), group by group, so that its
parts add up to the trust-wide figure: people in post are counted under their primary post
(the one that started last). Percentages come back as numerator and denominator, so that
disclosure control can work them out again from rounded figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import schema as s
from .metrics import (
    TRUST_WIDE,
    Scope,
    directorate_list,
    primary_posts,
    profession_list,
    recruitment_rows,
)
from .periods import Period

DIMENSIONS = ("directorate", "profession", "pay_band", "directorate_type", "profession_kind")
PROFESSION_KINDS = ("Professionally qualified clinical", "Other clinical", "Non-clinical")
# The metrics that can be broken down, and what they are counted from
PEOPLE_IN_POST = ("in_employment", "clinical_posts", "professional_posts", "management_posts")
BREAKDOWN_METRICS = PEOPLE_IN_POST + ("job_starts", "recruits", "recruits_lived_experience_pct")
TRUST_WIDE_LABEL = "Trust-wide (not by directorate)"


@dataclass(frozen=True)
class Group:
    """One group of a breakdown: its labels (one per dimension), and its count (or, for a
    percentage, numerator and denominator)."""

    labels: tuple[str, ...]
    count: int
    denominator: int | None = None


def listed(conn: Connection, dimension: str) -> list[str]:
    """The names on the trust's list for a dimension, in the list's order."""
    if dimension == "directorate_type":
        return ["clinical", "corporate"]
    if dimension == "profession_kind":
        return list(PROFESSION_KINDS)
    if dimension == "directorate":
        table = directorate_list(conn)
    elif dimension == "profession":
        table = profession_list(conn)
    else:
        from .contract import PAY_BANDS

        return list(PAY_BANDS)
    return [
        name for (name,) in conn.execute(sa.select(table.c[dimension]).order_by(table.c[dimension]))
    ]


def breakdown(
    conn: Connection,
    key: str,
    as_of: dt.date,
    period: Period,
    by: tuple[str, ...],
    scope: Scope = TRUST_WIDE,
) -> list[Group]:
    """The metric `key` grouped by the dimensions `by`, groups with nothing left out."""
    if key not in BREAKDOWN_METRICS:
        raise ValueError(f"{key} cannot be broken down by directorate or profession")
    if any(d not in DIMENSIONS for d in by):
        raise ValueError(f"unknown dimension in {by}")
    if key in PEOPLE_IN_POST:
        return _people_in_post(conn, key, as_of, by, scope)
    if any(d in ("directorate_type", "profession_kind") for d in by):
        raise ValueError(f"{key} is broken down by directorate or profession only")
    if key == "job_starts":
        e = s.employments
        columns = [e.c[d] for d in by]
        conditions = [e.c.start_date.between(period.start, period.end)]
        if scope.directorate is not None:
            conditions.append(e.c.directorate == scope.directorate)
        if scope.profession is not None:
            conditions.append(e.c.profession == scope.profession)
        rows = conn.execute(
            sa.select(*columns, sa.func.count()).where(*conditions).group_by(*columns)
        ).all()
        return [Group(tuple(r[:-1]), int(r[-1])) for r in rows]
    r = s.recruitment
    if "pay_band" in by:
        raise ValueError("recruitment is not recorded by pay band")
    columns = [r.c[d] for d in by]
    rows = conn.execute(
        sa.select(*columns, sa.func.sum(r.c.recruits_lived_experience), sa.func.sum(r.c.recruits))
        .where(*recruitment_rows(period, scope))
        .group_by(*columns)
    ).all()
    groups = []
    for row in rows:
        labels = tuple(label or TRUST_WIDE_LABEL for label in row[:-2])
        lived, recruits = int(row[-2] or 0), int(row[-1] or 0)
        if key == "recruits":
            groups.append(Group(labels, recruits))
        else:
            groups.append(Group(labels, lived, recruits))
    return groups


def _people_in_post(conn, key, as_of, by, scope) -> list[Group]:
    posts = primary_posts(as_of, scope)
    professions = profession_list(conn)
    directorates = directorate_list(conn)
    source = posts.outerjoin(professions, professions.c.profession == posts.c.profession)
    source = source.outerjoin(directorates, directorates.c.directorate == posts.c.directorate)
    kind = sa.case(
        (
            sa.and_(
                professions.c.clinical.is_(True), professions.c.professionally_qualified.is_(True)
            ),
            PROFESSION_KINDS[0],
        ),
        (professions.c.clinical.is_(True), PROFESSION_KINDS[1]),
        else_=PROFESSION_KINDS[2],
    )
    named = {
        "directorate": posts.c.directorate,
        "profession": posts.c.profession,
        "pay_band": posts.c.pay_band,
        "directorate_type": directorates.c.directorate_type,
        "profession_kind": kind,
    }
    columns = [named[d].label(d) for d in by]
    query = sa.select(*columns, sa.func.count()).select_from(source)
    if key == "clinical_posts":
        query = query.where(professions.c.clinical.is_(True))
    elif key == "professional_posts":
        query = query.where(professions.c.professionally_qualified.is_(True))
    elif key == "management_posts":
        query = query.where(posts.c.management_role.is_(True))
    rows = conn.execute(query.group_by(*(named[d] for d in by))).all()
    return [Group(tuple(r[:-1]), int(r[-1])) for r in rows]
