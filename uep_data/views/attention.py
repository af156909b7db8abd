"""What needs attention, first on the Overview and first in the board pack: every target in
force that is not met or only near (with its owner, its figure and its period), or that at the
present rate will likely be missed by its deadline (with its forecast), funding that
ends within a year, actions of the plan that are overdue, and danger points where more people
are than at the last meeting. Then the Making Data Count summary: every monthly series the
audience may see, with its latest value, its target, its two icons and one line of reading,
as trust board reports have it.

Every figure comes from `Ask` (or from target lines made by it), so it is already under the
audience's disclosure control; a danger point is said to be rising only where both of its
figures are shown as numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import action_plan, measures, spc
from ..check_ins import CheckIn
from ..figures import Figure
from ..formatting import STATUS_ICONS, STATUS_WORDS, comparison_words, format_date, format_value
from ..measures import When
from ..measures.funding import ending_within
from ..words import words_for
from .ask import Ask
from .forecasts import Forecaster
from .parts import TargetLine, in_a_list, target_name
from .spc_panels import SpcPanel
from .target_lines import in_force

# What each kind of item is flagged with: an icon, a word and a colour (the status whose
# colour it takes), so that nothing is said by colour alone.
FLAGS = {
    "not_met": (STATUS_ICONS["not_met"], STATUS_WORDS["not_met"], "not_met"),
    "near": (STATUS_ICONS["near"], STATUS_WORDS["near"], "near"),
    "ending": ("◷", "Ending", "near"),
    "overdue": ("!", "Overdue", "not_met"),
    "rising": ("▲", "Rising", "not_met"),
    "missing": ("↘", "Likely missed", "not_met"),
}


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # "target", "funding", "action", "danger_points"
    flag: str  # a key of FLAGS
    title: str
    detail: str  # the figure and its period, or what ends or is due when
    owner: str = ""
    target: TargetLine | None = None
    figures: tuple[Figure, ...] = ()
    check_in: CheckIn | None = None  # the target's latest check-in

    @property
    def icon(self) -> str:
        return FLAGS[self.flag][0]

    @property
    def flag_words(self) -> str:
        return FLAGS[self.flag][1]

    @property
    def colour(self) -> str:
        """The status whose colour the flag takes (met, near, not_met)."""
        return FLAGS[self.flag][2]


@dataclass(frozen=True)
class Attention:
    as_of: dt.date
    since: dt.date  # danger points are compared with this date (the last meeting or report)
    items: tuple[AttentionItem, ...]

    @property
    def targets(self) -> tuple[AttentionItem, ...]:
        return tuple(i for i in self.items if i.kind == "target")

    @property
    def summary(self) -> str:
        """One sentence: how many things need attention, of each kind."""
        if not self.items:
            return (
                f"Nothing needs attention on {format_date(self.as_of)}: every target in force "
                "is met, no funding ends within a year, no action is overdue and no danger "
                "point is rising."
            )
        counts = []
        for flag, one, many in (
            ("not_met", "target not met", "targets not met"),
            ("near", "target only near", "targets only near"),
            ("missing", "target likely to be missed", "targets likely to be missed"),
            (
                "ending",
                "funding stream ending within a year",
                "funding streams ending within a year",
            ),
            ("overdue", "overdue action", "overdue actions"),
        ):
            n = sum(i.flag == flag for i in self.items)
            if n:
                counts.append(f"{n} {one if n == 1 else many}")
        if any(i.flag == "rising" for i in self.items):
            counts.append("more people at the danger points")
        return f"On {format_date(self.as_of)}: " + in_a_list(counts) + "."


def targets_needing_attention(
    lines: Sequence[TargetLine], as_of: dt.date, check_ins: dict[str, tuple[CheckIn, ...]]
) -> list[AttentionItem]:
    """Every target in force on D (its period covers D; targets of years that have ended are
    history, on Targets) whose status is not met or near, not met first."""
    found = []
    for line in lines:
        if in_force([line], as_of) is None or line.status_key not in ("not_met", "near"):
            continue
        detail = (
            f"{line.actual.shown} against {comparison_words(line.comparison)} "
            f"{format_value(line.target_value, line.unit)} ({target_name(line).lower()}; "
            f"measured {line.measured_words})"
        )
        if line.where_words != "Trust-wide":
            detail += f"; {line.where_words}"
        history = check_ins.get(line.target_id, ())
        found.append(
            AttentionItem(
                "target",
                line.status_key,
                line.title,
                detail,
                line.owner,
                line,
                (line.actual, line.status),
                history[0] if history else None,
            )
        )
    return sorted(found, key=lambda i: i.flag != "not_met")


def targets_likely_missed(ask: Ask, lines: Sequence[TargetLine]) -> list[AttentionItem]:
    """Every target whose deadline is still to come (this year's, and next year's interim
    targets once they are set: the room can act before they begin) that at the present rate
    has less than an even chance of being met by it (its forecast says why)."""
    as_of = ask.filters.as_of
    running = [line for line in lines if line.period_end is not None and line.period_end > as_of]
    found = []
    for line, heading in zip(running, Forecaster(ask).for_lines(running), strict=True):
        if heading.chance is None or heading.chance.value >= 50:
            continue
        found.append(
            AttentionItem(
                "target",
                "missing",
                f"At this rate {line.title} will be missed: chance of meeting "
                f"{heading.chance.shown}",
                heading.words,
                line.owner,
                line,
                (heading.chance,),
            )
        )
    return found


def funding_ending(conn: Connection, as_of: dt.date) -> list[AttentionItem]:
    """Grants and contracts that end within a year of D (names and dates, not figures)."""
    from .funding import a_year_after

    return [
        AttentionItem(
            "funding",
            "ending",
            row["stream"],
            f"{words_for(row['funding_type'])}"
            + (f" from {row['funder']}" if row["funder"] else "")
            + f": ends on {format_date(row['end_date'])}",
        )
        for row in ending_within(conn, as_of, a_year_after(as_of))
    ]


def overdue_actions(conn: Connection, as_of: dt.date, titles: dict[str, str]):
    """Actions of the plan due before D and not done (nor dropped)."""
    found = []
    for target_id, actions in action_plan.actions_by_target(conn).items():
        for a in actions:
            if not action_plan.is_overdue(a, as_of):
                continue
            serves = titles.get(target_id or "", "")
            found.append(
                AttentionItem(
                    "action",
                    "overdue",
                    a["description"],
                    f"Due {format_date(a['due_date'])}, {words_for(a['status']).lower()}"
                    + (f"; for “{serves}”" if serves else ""),
                    a["owner"] or "",
                )
            )
    return found


def danger_points_rising(ask: Ask, since: dt.date) -> list[AttentionItem]:
    """The danger points with more people on D than on the last meeting's date: one item,
    naming each that rose (only where both figures are shown as numbers)."""
    as_of = ask.filters.as_of
    if since >= as_of:
        return []
    here = ask.at("attention") if ask.place is None else ask

    def at(day: dt.date):
        return here.breakdown(
            "at_danger_point",
            "danger_point",
            "attention:danger_points",
            when=When(day),
            scope=measures.TRUST_WIDE,
        )

    now, then = at(as_of), at(since)
    rising = []
    figures: list[Figure] = []
    for part in now.parts:
        before = then.figure_for(part.value)
        if part.figure.number is not None and before.number is not None:
            if part.figure.number > before.number:
                rising.append(f"{part.words.lower()} ({before.shown} → {part.figure.shown})")
                figures += [before, part.figure]
    if not rising:
        return []
    total = (
        f"{now.total.shown} people at a danger point now, {then.total.shown} on "
        f"{format_date(since)}"
        if now.total.number is not None and then.total.number is not None
        else f"since {format_date(since)}"
    )
    return [
        AttentionItem(
            "danger_points",
            "rising",
            "Danger points rising",
            f"{total}; more people {in_a_list(rising)}",
            figures=(now.total, then.total, *figures),
        )
    ]


def attention(
    ask: Ask,
    lines: Sequence[TargetLine],
    since: dt.date,
    check_ins: dict[str, tuple[CheckIn, ...]],
) -> Attention:
    conn, as_of = ask.conn, ask.filters.as_of
    titles = {line.target_id: line.title for line in lines}
    items = (
        targets_needing_attention(lines, as_of, check_ins)
        + targets_likely_missed(ask, lines)
        + funding_ending(conn, as_of)
        + overdue_actions(conn, as_of, titles)
        + danger_points_rising(ask, since)
    )
    return Attention(as_of, since, tuple(items))


# --- the Making Data Count summary -----------------------------------------------------------


@dataclass(frozen=True)
class SpcSummaryRow:
    key: str
    title: str
    latest: Figure | None  # the last month's figure
    latest_month: str  # "March 2004"
    target_words: str  # "at least 35 (35 people in employment by 31 March 2004)", or "None"
    variation_icon: str
    assurance_icon: str
    reading: str  # one line
    explanation: str | None  # the target's status and the assurance together, if they differ
    note: str | None = None  # why there is no chart


def spc_summary(panels: Sequence[SpcPanel]) -> tuple[SpcSummaryRow, ...]:
    """One row for each monthly series the audience may see."""
    rows = []
    for panel in panels:
        latest = panel.points[-1] if panel.points else None
        month = "" if latest is None else f"{(latest.end or latest.as_of):%B %Y}"
        target = panel.target
        target_words = (
            "No target"
            if target is None
            else f"{comparison_words(target.comparison)} {format_value(target.value, panel.unit)}"
        )
        chart = panel.chart
        if chart is None:  # no chart: no icons, and the reason in place of a reading
            icons, reading, explanation = (
                (spc.NO_ICON, spc.NO_ICON),
                panel.note or "Not drawn.",
                None,
            )
        else:
            icons = (chart.variation_icon, chart.assurance_icon)
            reading, explanation = spc.one_line(*icons), panel.explanation
        rows.append(
            SpcSummaryRow(
                panel.key,
                panel.title,
                latest,
                month,
                target_words,
                *icons,
                reading,
                explanation,
                panel.note if chart is None else None,
            )
        )
    return tuple(rows)


__all__ = ["Attention", "AttentionItem", "SpcSummaryRow", "attention", "spc_summary"]
