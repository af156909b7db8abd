"""The pieces page views are made of: a breakdown (one figure per group), a grid (directorate
by profession), a target with its actual and status, and the like. Every number in them is a
`Figure` made by `Ask`, already under the audience's disclosure control."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..figures import Figure
from ..formatting import comparison_words, format_value
from ..measures.dimensions import DIMENSIONS


@dataclass(frozen=True)
class Part:
    """One group of a breakdown: its value (a code or a name), the words shown for it, and its
    figure."""

    value: object
    words: str
    figure: Figure


@dataclass(frozen=True)
class Breakdown:
    measure: str
    label: str
    unit: str
    by: str  # the dimension
    by_label: str  # "Directorate"
    parts: tuple[Part, ...]
    total: Figure | None = None

    def figure_for(self, value) -> Figure:
        return next(p.figure for p in self.parts if p.value == value)

    @property
    def withheld(self) -> bool:
        """Every group is withheld: too few people to show any of them."""
        return bool(self.parts) and all(p.figure.withheld for p in self.parts)

    @property
    def all_suppressed(self) -> bool:
        """Every group that has something is `*` (or not shown): a chart of it would tell
        nothing."""
        some = [p.figure for p in self.parts if p.figure.value not in (0, None)]
        return bool(some) and all(f.suppressed for f in some)

    @property
    def empty(self) -> bool:
        return all(p.figure.value in (0, None) for p in self.parts)

    def why_not_drawn(self, up_to: int, clickable: bool = False) -> str | None:
        """The sentence shown instead of a chart that would tell nothing: every group withheld,
        or every group with anyone a `*` (unless its bars are the way into the drill-down).
        None when the chart is worth drawing."""
        by = self.by_label.lower()
        if self.withheld:
            return (
                f"{self.label} by {by} is not shown: there are too few to show any {by} "
                f"without a count of 1 to {up_to} people being worked out."
            )
        if self.all_suppressed and not clickable:
            starred = [p.words for p in self.parts if p.figure.suppressed and not p.figure.withheld]
            hidden = [p.words for p in self.parts if p.figure.withheld]
            none = [p.words for p in self.parts if p.figure.value == 0 and not p.figure.suppressed]
            said = []
            if starred:
                are = "are each" if len(starred) > 1 else "is"
                said.append(
                    f"{in_a_list(starred)} {are} shown as * (1 to {up_to} people, or a zero "
                    "hidden beside them)"
                )
            if hidden:
                said.append(f"{in_a_list(hidden)} not shown")
            if none:
                said.append(f"{in_a_list(none)} {'have' if len(none) > 1 else 'has'} none")
            return f"{self.label} by {by}: " + "; ".join(said) + ". A chart would tell no more."
        return None


@dataclass(frozen=True)
class Grid:
    measure: str
    label: str
    unit: str
    rows_by: str
    columns_by: str
    rows: tuple[tuple[object, str], ...]  # (value, words)
    columns: tuple[tuple[object, str], ...]
    cells: dict  # (row value, column value) -> Figure
    row_totals: dict  # row value -> Figure
    column_totals: dict  # column value -> Figure
    total: Figure

    @property
    def empty(self) -> bool:
        return all(f.value in (0, None) for f in self.cells.values())

    def why_not_drawn(self, up_to: int) -> str | None:
        """The sentence shown instead of a grid whose every cell is withheld."""
        if self.cells and all(f.withheld for f in self.cells.values()):
            rows, columns = (DIMENSIONS[k].label.lower() for k in (self.rows_by, self.columns_by))
            return (
                f"{self.label} by {rows} and {columns} is not shown: there are "
                f"too few to show any cell without a count of 1 to {up_to} people being "
                "worked out."
            )
        return None


def in_a_list(words: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


@dataclass(frozen=True)
class TargetLine:
    """A target as a page shows it: what it is, its actual (over its own period, controlled
    where below trust level) and its status (withheld beside a `*`)."""

    target_id: str
    title: str
    level: str  # "Aspirational" or "Interim"
    metric: str
    unit: str
    comparison: str
    target_value: float
    target_words: str  # "≥ 35"
    period_words: str  # "2003/04", "Open-ended"
    measured_words: str  # when its actual is measured: "on 31 Mar 2004", "1999/00 to 2003/04"
    where_words: str  # "Trust-wide" or the directorate and profession
    owner: str
    in_progress: bool
    period_start: dt.date | None
    period_end: dt.date | None
    directorate: str | None
    profession: str | None
    parent_target_id: str | None
    financial_year: str | None
    actual: Figure
    status: Figure

    @property
    def status_key(self) -> str:
        return self.status.value


def target_name(line: TargetLine) -> str:
    """Which target a figure is read against, in words: "Target for 2003/04" (an interim
    target, by its period) or "Long-term target" (an aspirational one)."""
    if line.level == "Aspirational":
        return "Long-term target"
    return f"Target for {line.period_words}"


@dataclass(frozen=True)
class Headline:
    figure: Figure
    meaning: str
    target: TargetLine | None  # the target in force on D
    trend: tuple[Figure, ...] = ()
    aim: TargetLine | None = None  # the long-term target, where it is not the one in force
    # the target's status now and the monthly chart's assurance, where they disagree
    explanation: str | None = None

    @property
    def target_name(self) -> str:
        return "" if self.target is None else target_name(self.target)

    @property
    def aim_text(self) -> str | None:
        """The long-term target beside the one in force: "Long-term target: at least 100%"."""
        if self.aim is None:
            return None
        a = self.aim
        return (
            f"Long-term target: {comparison_words(a.comparison)} "
            f"{format_value(a.target_value, a.unit)}"
        )

    @property
    def target_text(self) -> str:
        """The target it is read against, and, where the target is measured over another
        period than the headline, the target's own figure and period (its status is read
        from that figure, not from the headline's)."""
        if self.target is None:
            return "No target set"
        t = self.target
        words = f"Target: {comparison_words(t.comparison)} {format_value(t.target_value, t.unit)}"
        a, f = t.actual, self.figure
        if (a.as_of, a.start, a.end) != (f.as_of, f.start, f.end):
            words += f" ({t.measured_words}: {a.shown})"
        return words


@dataclass(frozen=True)
class ChangeRow:
    label: str
    then: Figure
    now: Figure


@dataclass(frozen=True)
class MovedTarget:
    target: TargetLine
    before: str  # the status before, in words
    after: Figure  # the status now


@dataclass(frozen=True)
class Changes:
    """What changed between an earlier date (the last meeting, the last report) and D."""

    since: dt.date
    point: tuple[ChangeRow, ...]  # figures on both dates
    happened: tuple[Figure, ...]  # what happened in between
    moved: tuple[MovedTarget, ...] = field(default_factory=tuple)

    def happened_figure(self, measure: str) -> Figure | None:
        return next((f for f in self.happened if f.measure == measure), None)

    def point_row(self, measure: str) -> ChangeRow | None:
        return next((row for row in self.point if row.now.measure == measure), None)
