"""Work preparation: the ten-week programme's places that started in the period and where
participants went next, and every cohort's places and outcomes since the programme began."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..dates import earliest_data_date
from ..disclosure import Audience
from ..figures import Figure
from ..formatting import format_date
from ..measures import When
from ..measures.work_prep import cohort_starts
from ..periods import Period
from .ask import Ask
from .filters import Filters
from .parts import Breakdown, Grid


@dataclass(frozen=True)
class WorkPreparationPage:
    filters: Filters
    participants: Figure
    open_employment_pct: Figure
    education_pct: Figure
    outcomes: Breakdown  # places that started in the period, by outcome
    cohorts: Grid  # every cohort started by D, by outcome
    cohort_started: dict  # cohort -> when it started, in words


def work_preparation(conn: Connection, filters: Filters, audience: Audience) -> WorkPreparationPage:
    trust = filters.trust_wide()
    ask = Ask(conn, trust, audience)
    starts = cohort_starts(conn, trust.as_of)
    first = earliest_data_date(conn) or trust.as_of
    since_start = When(trust.as_of, Period(min(first, trust.as_of), trust.as_of))
    order = sorted(starts, key=lambda name: (starts[name] or dt.date.max, str(name)))
    return WorkPreparationPage(
        trust,
        ask.figure("work_prep_participants", "headline"),
        ask.figure("work_prep_open_employment_pct", "headline"),
        ask.figure("work_prep_education_pct", "headline"),
        ask.breakdown("work_prep_participants", "outcome", "chart:work_prep_outcomes"),
        ask.grid(
            "work_prep_participants",
            "cohort",
            "outcome",
            "chart:work_prep_cohorts",
            when=since_start,
            row_values=order,
        ),
        {name: format_date(day) for name, day in starts.items()},
    )
