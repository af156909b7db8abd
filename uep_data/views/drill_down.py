"""Drill-down: from a trust-wide figure to its directorates, from a directorate to its
professions, and (for the programme lead at their desk only) to the pseudonymous records of
the people in post behind a cell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..disclosure import Audience
from ..figures import Figure
from ..measures.in_post import records_in_post
from .ask import Ask
from .filters import Filters
from .parts import Breakdown

# the measures a drill-down offers: metrics that can be broken down by directorate and
# by profession
DRILLABLE = tuple(
    key
    for key, m in measures.MEASURES.items()
    if m.metric and {"directorate", "profession"} <= set(m.breakdowns)
)


@dataclass(frozen=True)
class DrillDownPage:
    filters: Filters
    measure: str
    label: str
    unit: str
    breakdown: Breakdown | None  # by directorate (trust-wide) or by profession (in one)
    cell: Figure | None  # one directorate and one profession
    records: tuple[dict, ...] | None  # the people in post there (programme lead only)


def drill_down(
    conn: Connection, filters: Filters, audience: Audience, measure: str = DRILLABLE[0]
) -> DrillDownPage:
    if measure not in DRILLABLE:
        raise ValueError(f"{measure} cannot be broken down by directorate and profession")
    ask = Ask(conn, filters, audience)
    m = measures.measure(measure)
    breakdown = cell = records = None
    if filters.directorate and filters.profession:
        cell = ask.figure(measure, "headline")
        if not audience.controlled and measures.kind_of(measure) == measures.POINT:
            records = tuple(
                records_in_post(conn, filters.as_of, filters.directorate, filters.profession)
            )
    elif filters.directorate:
        breakdown = ask.breakdown(
            measure, "profession", "chart:drill_down", scope=measures.Scope(filters.directorate)
        )
    else:
        breakdown = ask.breakdown(
            measure,
            "directorate",
            "chart:drill_down",
            scope=measures.Scope(None, filters.profession),
        )
    return DrillDownPage(filters, measure, m.label, m.unit, breakdown, cell, records)
