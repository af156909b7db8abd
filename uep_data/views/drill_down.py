"""Drill-down: from a trust-wide figure to its directorates, from a directorate to its
professions, and (for the programme lead at their desk only) to the pseudonymous records of
the people in post behind a cell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..disclosure import Audience
from ..figures import Figure
from ..measures import registry as r
from .ask import Ask
from .filters import Filters
from .parts import Breakdown


def why_not_drillable(key: str) -> str | None:
    """Why the drill-down does not offer a measure, in words (None: it does): the measures
    it offers are the programme's metrics (what targets are set on) that are recorded by
    directorate and by profession."""
    if key not in measures.MEASURES:
        return f"there is no measure called {key!r}"
    m = measures.measure(key)
    if not {"directorate", "profession"} <= set(m.breakdowns):
        return (
            f"{m.label} is not recorded by directorate and profession, so it cannot be broken down"
        )
    if not m.metric:
        return (
            f"{m.label} is a part of another figure, not one of the programme's metrics: the "
            "drill-down offers the metrics that targets are set on"
        )
    return None


# the measures a drill-down offers
DRILLABLE = tuple(key for key in measures.MEASURES if why_not_drillable(key) is None)


def counted_by(key: str) -> str:
    """The count whose records are listed behind a figure: the figure itself, a share's
    denominator, or what a median is taken over."""
    m = measures.measure(key)
    if m.how == r.RATIO:
        return counted_by(m.denominator)
    if m.how == r.MEDIAN:
        return counted_by(m.over)
    return key


@dataclass(frozen=True)
class DrillDownPage:
    filters: Filters
    measure: str
    label: str
    unit: str
    breakdown: Breakdown | None  # by directorate (trust-wide) or by profession (in one)
    cell: Figure | None  # one directorate and one profession
    # the records behind the cell's figure, the same people it counts (programme lead only)
    records: tuple[dict, ...] | None


def drill_down(
    conn: Connection, filters: Filters, audience: Audience, measure: str = DRILLABLE[0]
) -> DrillDownPage:
    refused = why_not_drillable(measure)
    if refused:
        raise ValueError(refused)
    ask = Ask(conn, filters, audience)
    m = measures.measure(measure)
    breakdown = cell = records = None
    if filters.directorate and filters.profession:
        cell = ask.figure(measure, "headline")
        if not audience.controlled:  # the people behind the figure (the lead only)
            count = counted_by(measure)
            found = measures.records_behind(conn, count, ask.when(count), filters.scope)
            records = None if found is None else tuple(found)
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
