"""What changed between an earlier date (the last meeting, the last report) and D: figures
on both dates, what happened in between, and the targets whose status moved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .. import measures, targets
from ..disclosure import offered
from ..formatting import STATUS_WORDS
from ..measures import When
from ..periods import Period, last_report_date
from .ask import Ask
from .parts import ChangeRow, Changes, MovedTarget, TargetLine
from .target_lines import target_line

# What the "what changed" table shows: people in post and the hurdles on both dates, and what
# happened in between
ON_BOTH_DATES = (
    "in_employment",
    "directorates_covered_pct",
    "professions_covered_pct",
    "clinical_posts",
    "professional_posts",
    "management_posts",
    "in_professional_training",
)
IN_BETWEEN = (
    "job_starts",
    "people_supported",
    "contacts",
    "work_prep_participants",
    "recruits_lived_experience_pct",
)


def since_or_last_report(since, as_of: dt.date, audience) -> dt.date:
    """The date "what changed" counts from: the one chosen, if it comes before D, else the
    end of the quarter before D's (the last quarterly report). Under disclosure control it is
    one of the month ends offered.since_dates_offered gives (the span to D a month, the
    quarter to date or the year to date), like every period such an audience sees."""
    if not isinstance(since, dt.date) or since >= as_of:
        return last_report_date(as_of)
    if audience.controlled:
        offered.check(as_of, Period(as_of.replace(day=1), as_of), since)
    return since


def changes_since(
    ask: Ask,
    since: dt.date,
    lines: Sequence[TargetLine],
    where: str = "table:what_changed",
    earlier: Sequence[targets.TargetResult] | None = None,
) -> Changes:
    """What changed between `since` and D; `earlier` holds the targets' results on `since`
    when the caller has them (read with D's, in one pass)."""
    filters = ask.filters
    if since >= filters.as_of:
        raise ValueError("the earlier date must come before the as-of date")
    both = [When(since), When(filters.as_of)]
    ask.policy.prepare_all([(key, both) for key in ON_BOTH_DATES])  # built together
    point = []
    for key in ON_BOTH_DATES:
        then, now = ask.series(key, [When(since), When(filters.as_of)], where)
        point.append(ChangeRow(measures.measure(key).label, then, now))
    between = Period(since + dt.timedelta(days=1), filters.as_of)
    happened = tuple(
        ask.figure(key, where, when=ask.when(key, period=between))
        for key in IN_BETWEEN
        if not filters.narrowed or measures.scopable(key)
    )
    if earlier is None:
        earlier = targets.evaluate_targets(ask.conn, since, ask.read)
    earlier = {t.target_id: t for t in earlier}
    moved = []
    for line in lines:
        before = earlier.get(line.target_id)
        if before is None or before.status == line.status_key:
            continue
        before_line = target_line(ask, before)
        if "not_shown" in (line.status_key, before_line.status_key):
            continue  # a status that moved would tell what the `*` hides
        moved.append(MovedTarget(line, STATUS_WORDS[before.status], line.status))
    return Changes(since, tuple(point), happened, tuple(moved))
