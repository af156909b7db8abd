"""Work preparation: the ten-week programme's places that started in the period, where
participants went next, and the cohorts of the period with their outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..disclosure import Audience
from ..figures import Figure
from ..formatting import format_date
from ..measures.work_prep import cohort_starts, cohorts_starting_in
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
    # the cohorts with places that started in the period, by outcome: over the period, so
    # that each cohort is a line of its year's table (a cohort counted since the programme
    # began would equal its one year's exact total, and pin its outcomes)
    cohorts: Grid
    cohort_started: dict  # cohort -> when it started, in words
    any_places: bool  # whether any place is recorded at all (by D)


def work_preparation(conn: Connection, filters: Filters, audience: Audience) -> WorkPreparationPage:
    trust = filters.trust_wide()
    ask = Ask(conn, trust, audience)
    starts = cohort_starts(conn, trust.as_of)
    when = ask.when("work_prep_participants")
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
            when=when,
            row_values=cohorts_starting_in(conn, when.period),
        ),
        {name: format_date(day) for name, day in starts.items()},
        bool(starts),
    )
