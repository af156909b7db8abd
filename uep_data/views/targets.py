"""Targets: every target with its actual and status, the monthly charts of the measures that
have targets, the trajectory of the interim targets towards each aspirational one, a target
by directorate and by profession, and the action plan beside its targets."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import action_plan, check_ins, measures, targets
from ..check_ins import CheckIn
from ..disclosure import Audience
from ..formatting import format_date
from ..words import words_for
from .ask import Ask
from .filters import Filters
from .forecasts import Forecaster, TargetForecast
from .parts import Breakdown, TargetLine
from .spc_panels import SpcPanel, spc_panels
from .target_lines import Trajectory, target_lines, trajectories

BY = ("directorate", "profession")


@dataclass(frozen=True)
class TargetBreakdown:
    target: TargetLine
    by_directorate: Breakdown
    by_profession: Breakdown

    @property
    def target_applies_to_each(self) -> bool:
        """Whether each directorate's (or profession's) bar is read against the target: a
        share (a percentage) is, so its line is drawn across the bars; a count is not (35
        people trust-wide is not 35 in each directorate), so it is said in words instead."""
        return self.target.unit == "percent"

    @property
    def target_note(self) -> str:
        if self.target_applies_to_each:
            return ""
        where = self.target.where_words
        whole = "the whole trust" if where in ("", "Trust-wide") else f"{where} as a whole"
        return (
            f"The target ({self.target.target_words}) is set for {whole}, not for each "
            "directorate or profession, so it is not drawn across these bars."
        )


@dataclass(frozen=True)
class Action:
    action_id: str
    description: str
    owner: str
    due: str
    status: str  # in words
    overdue: bool = False  # due before D and still open

    @property
    def status_words(self) -> str:
        return f"{self.status}, overdue" if self.overdue else self.status


@dataclass(frozen=True)
class ActionGroup:
    target_id: str | None
    title: str
    actions: tuple[Action, ...]
    target: TargetLine | None = None  # the target the actions serve, with its status

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)

    @property
    def flags(self) -> str:
        """What the group's title carries: the target's status (icon and word) and how many
        of its actions are overdue: "✗ Not met · 1 overdue"."""
        words = []
        if self.target is not None:
            words.append(self.target.status.shown)
        if self.overdue:
            words.append(f"! {self.overdue} overdue")
        return " · ".join(words)


@dataclass(frozen=True)
class TargetCheckIns:
    """A target's check-ins, the latest first (the earlier ones are its history)."""

    target: TargetLine
    check_ins: tuple[CheckIn, ...]

    @property
    def latest(self) -> CheckIn:
        return self.check_ins[0]

    @property
    def earlier(self) -> tuple[CheckIn, ...]:
        return self.check_ins[1:]


@dataclass(frozen=True)
class TargetsPage:
    filters: Filters
    targets: tuple[TargetLine, ...]
    spc: tuple[SpcPanel, ...]
    trajectories: tuple[Trajectory, ...]
    breakable: tuple[TargetLine, ...]  # targets that can be shown by directorate and profession
    breakdown: TargetBreakdown | None  # the one chosen (the first, unless asked)
    actions: tuple[ActionGroup, ...]
    check_ins: tuple[TargetCheckIns, ...] = ()  # the targets with check-ins, in their order
    # where each target still running (or open-ended) is heading
    forecasts: tuple[TargetForecast, ...] = ()

    def check_ins_of(self, target_id: str) -> TargetCheckIns | None:
        return next((c for c in self.check_ins if c.target.target_id == target_id), None)


def breakable(lines, results) -> tuple[TargetLine, ...]:
    """The targets whose measure can be broken down by directorate and profession and that
    have something to measure yet."""
    measured = {t.target_id for t in results if t.when is not None}
    return tuple(
        line
        for line in lines
        if line.target_id in measured and set(BY) <= set(measures.measure(line.metric).breakdowns)
    )


def target_breakdown(ask: Ask, line: TargetLine, result: targets.TargetResult) -> TargetBreakdown:
    """A target's measure by directorate and by profession, over the target's own period
    (and within its scope)."""
    scope = measures.Scope(line.directorate, line.profession)
    where = f"chart:target_{line.target_id}_by"
    return TargetBreakdown(
        line,
        *(
            ask.breakdown(line.metric, by, f"{where}_{by}", when=result.when, scope=scope)
            for by in BY
        ),
    )


def action_groups(conn: Connection, lines, as_of) -> tuple[ActionGroup, ...]:
    """The action plan by target (each group with its target's status), every action with
    its status and whether it is overdue on D."""
    by_id = {line.target_id: line for line in lines}
    grouped = action_plan.actions_by_target(conn)
    ordered = sorted(grouped.items(), key=lambda kv: by_id[kv[0]].title if kv[0] in by_id else "~")
    return tuple(
        ActionGroup(
            target_id,
            by_id[target_id].title if target_id in by_id else "Not linked to a target",
            tuple(
                Action(
                    a["action_id"],
                    a["description"],
                    a["owner"] or "",
                    format_date(a["due_date"]),
                    words_for(a["status"] or "not_started"),
                    action_plan.is_overdue(a, as_of),
                )
                for a in items
            ),
            by_id.get(target_id),
        )
        for target_id, items in ordered
    )


def target_check_ins(conn: Connection, lines) -> tuple[TargetCheckIns, ...]:
    found = check_ins.by_target(conn)
    return tuple(
        TargetCheckIns(line, found[line.target_id]) for line in lines if line.target_id in found
    )


def targets_page(
    conn: Connection,
    filters: Filters,
    audience: Audience,
    breakdown_of: str | None = None,
    results: tuple[targets.TargetResult, ...] | None = None,
) -> TargetsPage:
    ask = Ask(conn, filters.trust_wide(), audience)
    results = (
        results
        if results is not None
        else tuple(targets.evaluate_targets(conn, filters.as_of, ask.read))
    )
    lines = target_lines(ask, results)
    with_targets = {line.metric for line in lines}
    can_break = breakable(lines, results)
    chosen = next((t for t in can_break if t.target_id == breakdown_of), None) or (
        can_break[0] if can_break else None
    )
    by_id = {t.target_id: t for t in results}
    return TargetsPage(
        filters,
        lines,
        spc_panels(ask, [k for k in measures.monthly_series() if k in with_targets], lines),
        trajectories(ask, lines),
        can_break,
        None if chosen is None else target_breakdown(ask, chosen, by_id[chosen.target_id]),
        action_groups(conn, lines, filters.as_of),
        target_check_ins(conn, lines),
        heading(ask, lines),
    )


def heading(ask: Ask, lines) -> tuple[TargetForecast, ...]:
    """The forecasts of the targets whose period has not ended on D (interim targets of past
    years are history)."""
    running = [t for t in lines if t.period_end is None or t.period_end > ask.filters.as_of]
    return Forecaster(ask).for_lines(running)


__all__ = ["TargetsPage", "targets_page"]
