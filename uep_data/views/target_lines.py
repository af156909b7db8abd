"""Targets as the pages show them: each target's actual over its own period (controlled where
it is below trust level) and its status; the target a headline is read against; and the
trajectory of interim targets towards an aspirational one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .. import measures, targets
from ..formatting import format_date, target_period_words, target_value_words, when_words
from ..measures import NOTHING, When
from .ask import Ask
from .parts import TargetLine


def target_line(ask: Ask, t: targets.TargetResult) -> TargetLine:
    m = measures.measure(t.metric)
    scope = measures.Scope(t.directorate, t.profession)
    where = f"target:{t.target_id}"
    if t.when is None:  # nothing to measure yet
        actual = ask.figure(
            t.metric,
            where,
            when=When(ask.filters.as_of),
            scope=scope,
            reading=NOTHING,
            label=f"{m.label} (not measured yet)",
        )
        measured = "not measured yet"
    else:
        actual = ask.figure(
            t.metric,
            where,
            when=t.when,
            scope=scope,
            reading=t.reading,
            label=f"{m.label} ({when_words(t.when.as_of, t.when.period)})",
        )
        measured = when_words(t.when.as_of, t.when.period)
    return TargetLine(
        target_id=t.target_id,
        title=t.title,
        level=t.level.capitalize(),
        metric=t.metric,
        unit=m.unit,
        comparison=t.comparison,
        target_value=t.value,
        target_words=target_value_words(t, m.unit),
        period_words=target_period_words(t),
        measured_words=measured,
        where_words=scope.words(),
        owner=t.owner or "",
        in_progress=t.in_progress,
        period_start=t.period_start,
        period_end=t.period_end,
        directorate=t.directorate,
        profession=t.profession,
        parent_target_id=t.parent_target_id,
        financial_year=t.financial_year,
        actual=actual,
        status=ask.status(t, actual),
    )


def target_lines(ask: Ask, results: Sequence[targets.TargetResult]) -> tuple[TargetLine, ...]:
    # the controlled tables every actual is read from, built together
    ask.policy.prepare_all([(t.metric, [t.when]) for t in results if t.when is not None])
    return tuple(target_line(ask, t) for t in results)


def in_force(lines: Sequence[TargetLine], day: dt.date) -> TargetLine | None:
    """Of the targets given, the one in force on the day: its period covers the day, and of
    several, the one whose period ends soonest (a year's interim target before the
    open-ended aspirational one), as the monthly charts read their target."""
    covering = [
        t
        for t in lines
        if (t.period_start is None or t.period_start <= day)
        and (t.period_end is None or day <= t.period_end)
    ]
    return min(covering, key=lambda t: (t.period_end or dt.date.max, t.target_id), default=None)


def _on(lines: Sequence[TargetLine], key: str, scope: measures.Scope) -> list[TargetLine]:
    return [
        t
        for t in lines
        if t.metric == key
        and t.directorate == scope.directorate
        and t.profession == scope.profession
    ]


def target_for(
    lines: Sequence[TargetLine], key: str, as_of: dt.date, scope: measures.Scope
) -> TargetLine | None:
    """The target a headline is read against: the target on its measure, in its scope, in
    force on D (the interim target of D's year, else the aspirational target)."""
    matching = _on(lines, key, scope)
    found = in_force(matching, as_of)
    if found is None:  # no target covers D: the aspirational one, if any
        found = next((t for t in matching if t.level == "Aspirational"), None)
    return found


def aim_for(
    lines: Sequence[TargetLine], key: str, as_of: dt.date, scope: measures.Scope
) -> TargetLine | None:
    """The long-term (aspirational) target on the measure, where it is not the target in
    force: shown beside it, so that a headline and the Targets page say the same."""
    shown = target_for(lines, key, as_of, scope)
    aim = next((t for t in _on(lines, key, scope) if t.level == "Aspirational"), None)
    return None if aim is None or aim is shown else aim


@dataclass(frozen=True)
class Trajectory:
    aspirational: TargetLine
    interim: tuple[TargetLine, ...]  # its own steps (the same measure, where), by their ends
    years: tuple[str, ...]  # each step's year ("2003/04"), for the chart's axis
    actuals: tuple  # Figures: the aspirational target's measure at each step's end, up to D
    actual_years: tuple[str, ...]  # the year of each actual (steps begun by D)
    not_drawn: tuple[TargetLine, ...] = ()  # linked to it but measuring something else


def step_year(step: TargetLine) -> str:
    """A step as its year: its financial year, or the date its period ends."""
    if step.financial_year:
        return step.financial_year
    if step.period_end:
        return format_date(step.period_end)
    return "Open-ended"


def trajectories(ask: Ask, lines: Sequence[TargetLine]) -> tuple[Trajectory, ...]:
    """For each aspirational target with interim targets: its own steps (interim targets
    linked to it that measure the same thing in the same place; others linked to it are
    named, not drawn as its steps), and the aspirational target's own measure (in its scope)
    at each step's end (point-in-time measures) or over each step's period (period
    measures), up to D."""
    found = []
    as_of = ask.filters.as_of
    for aim in (t for t in lines if t.level == "Aspirational"):
        linked = sorted(
            (t for t in lines if t.parent_target_id == aim.target_id),
            key=lambda t: t.period_end or dt.date.max,
        )
        own = (aim.metric, aim.directorate, aim.profession)
        steps = [t for t in linked if (t.metric, t.directorate, t.profession) == own]
        if not steps:
            continue
        scope = measures.Scope(aim.directorate, aim.profession)
        whens, measured = [], []
        for step in steps:
            if step.period_start and step.period_start > as_of:
                continue
            measured.append(step_year(step))
            end = min(step.period_end or as_of, as_of)
            period = measures.when_of(aim.metric, end, _period(step.period_start or end, end))
            whens.append(When(end) if period.period is None else When(as_of, period.period))
        actuals = ask.series(aim.metric, whens, f"chart:trajectory_{aim.target_id}", scope)
        found.append(
            Trajectory(
                aim,
                tuple(steps),
                tuple(step_year(s) for s in steps),
                actuals,
                tuple(measured),
                tuple(t for t in linked if t not in steps),
            )
        )
    return tuple(found)


def _period(start: dt.date, end: dt.date):
    from ..periods import Period

    return Period(min(start, end), end)
