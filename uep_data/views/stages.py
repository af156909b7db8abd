"""Stages of support: the danger points on D, the journey in the period, the time from job
offer to start, and how many stay in post."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..disclosure import Audience
from ..figures import Figure
from ..measures import When
from .ask import Ask
from .filters import Filters
from .parts import Breakdown

RETENTION = ("retention_13_weeks_pct", "retention_26_weeks_pct", "retention_52_weeks_pct")


@dataclass(frozen=True)
class StagesPage:
    filters: Filters
    danger_points: Breakdown  # trust-wide, on D
    funnel: Breakdown  # trust-wide, in the period (steps are not recorded by directorate)
    median_days_offer_to_start: Figure
    starts_with_offer: Figure
    offer_to_start_days: Breakdown  # starts by whole fortnights from offer to start
    retention: tuple[Figure, ...]


def stages(conn: Connection, filters: Filters, audience: Audience) -> StagesPage:
    ask = Ask(conn, filters, audience)
    trust = measures.TRUST_WIDE
    return StagesPage(
        filters,
        ask.breakdown(
            "at_danger_point",
            "danger_point",
            "chart:danger_points",
            when=When(filters.as_of),
            scope=trust,
        ),
        ask.breakdown("people_reaching_stage", "stage", "chart:journey", scope=trust),
        ask.figure("median_days_offer_to_start", "headline"),
        ask.figure("starts_with_offer", "headline"),
        ask.breakdown("starts_with_offer", "fortnight", "chart:offer_to_start_days"),
        tuple(ask.figure(key, "table:retention") for key in RETENTION),
    )
