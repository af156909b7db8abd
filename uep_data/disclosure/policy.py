"""Who sees what (confidentiality.md): which figures are below trust level, and how each is
shown to an audience. The one place that applies the rules of rules.py to figures: every
figure a page view returns comes through `Policy.shown`.

A figure is identified by its measure, the moment it is read at and its cell (the scope it is
narrowed to and the breakdown group it belongs to). Its controlled value depends on nothing
else: a count below trust level is read from the whole table of its measure at that moment
(every directorate by every profession, or every value of its breakdown), controlled once with
secondary suppression, so the same figure shows the same value on every page, in the pack and
in every download.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..measures import registry as r
from ..measures.dimensions import DIMENSIONS
from ..measures.moments import PERIOD, When
from .rules import (
    DEFAULT_RULES,
    SUPPRESSED,
    ControlledTable,
    Rules,
    control_count,
    control_percentage,
    control_table,
    exact_table,
)

MIN_TRUST_LEVEL_DAYS = 365  # a count of people over less than a year is below trust level


@dataclass(frozen=True)
class Audience:
    """Who a figure is shown to: exactly (the programme lead at their desk) or under
    disclosure control (steering group, board, the meeting room)."""

    controlled: bool
    rules: Rules = DEFAULT_RULES

    @property
    def words(self) -> str:
        return "under disclosure control" if self.controlled else "exact figures"


EXACT = Audience(controlled=False)
CONTROLLED = Audience(controlled=True)

Cell = tuple[tuple[str, object], ...]  # sorted (dimension, value) pairs; () is trust-wide


def cell_of(scope: measures.Scope, group: dict | None) -> Cell:
    return tuple(sorted({**scope.as_group(), **(group or {})}.items()))


def about_people(key: str) -> bool:
    return r.disclosure_class(key) != r.EXACT


def below_trust_level(key: str, when: When, cell: Cell) -> bool:
    """Whether a figure is below trust level: narrowed to a directorate, profession or any
    other group, or a count (or share) of people over less than a year. A month is below
    trust level (confidentiality.md), and so is any part of a year: seven people who started
    since the last meeting could point a meeting room at its newest colleagues."""
    if not about_people(key):
        return False
    if cell:
        return True
    return (
        r.kind_of(key) == PERIOD
        and when.period is not None
        and (when.period.end - when.period.start).days + 1 < MIN_TRUST_LEVEL_DAYS
    )


def additive(key: str) -> bool:
    """Whether a measure's groups add up to its total (each row counted in one group)."""
    return r.measure(key).how in (r.COUNT_ROWS, r.SUM)


class Policy:
    """Disclosure control for one audience over one read of the database (one page view)."""

    def __init__(self, conn: Connection, audience: Audience):
        self.conn = conn
        self.audience = audience
        self._tables: dict[tuple, ControlledTable] = {}

    # --- one figure ----------------------------------------------------------------------

    def shown(
        self, key: str, when: When, cell: Cell, reading: measures.Reading
    ) -> tuple[object, bool]:
        """The figure as the audience may see it, and whether it was controlled."""
        if reading.value is None and r.measure(key).how != r.RATIO:
            return None, False
        if not self.audience.controlled or not below_trust_level(key, when, cell):
            return reading.value, False
        klass = r.disclosure_class(key)
        m = r.measure(key)
        if klass == r.CONTROLLED_COUNT:
            return self.count(key, when, cell, reading.value), True
        if klass == r.SHARE_OF_PEOPLE:
            numerator = self.part(m.numerator, when, cell, reading.numerator)
            denominator = self.part(m.denominator, when, cell, reading.denominator)
            return control_percentage(numerator, denominator), True
        if klass == r.AVERAGE_OVER_PEOPLE:
            over = reading.over or 0
            if 1 <= over <= self.audience.rules.suppress_up_to:
                return SUPPRESSED, True
            return reading.value, True
        if klass == r.COST_PER_PERSON:
            people = self.part(m.denominator, when, cell, reading.denominator)
            if reading.numerator is None or people in (None, 0):
                return None, True
            if people == SUPPRESSED:
                return SUPPRESSED, True
            return reading.numerator / people, True
        return reading.value, False

    def part(self, key: str, when: When, cell: Cell, value):
        """A ratio's numerator or denominator as it may be shown."""
        if value is None or not below_trust_level(key, when, cell):
            return value
        return self.count(key, when, cell, value)

    def count(self, key: str, when: When, cell: Cell, value):
        """A count of people below trust level, as its measure's whole table shows it."""
        rules = self.audience.rules
        if not additive(key) or not cell:
            return control_count(value, rules)
        table, where = self._table_for(key, when, cell)
        if table is None:
            return control_count(value, rules)
        return where(table)

    # --- the tables a cell belongs to --------------------------------------------------------

    def _table_for(self, key: str, when: When, cell: Cell):
        dims = dict(cell)
        m = r.measure(key)
        grid = "directorate" in m.breakdowns and "profession" in m.breakdowns
        if grid and set(dims) <= {"directorate", "profession"}:
            table = self._table(key, when, ("directorate", "profession"), ())
            d, p = dims.get("directorate"), dims.get("profession")
            if d is not None and p is not None:
                return table, lambda t: t.cells.get((d, p), 0)
            if d is not None:
                return table, lambda t: t.row_totals.get(d, 0)
            return table, lambda t: t.column_totals.get(p, 0)
        scope = tuple((k, v) for k, v in cell if k in ("directorate", "profession"))
        others = [k for k in dims if k not in dict(scope)]
        if len(others) == 1 and others[0] in m.breakdowns:
            table = self._table(key, when, (others[0],), scope)
            value = dims[others[0]]
            return table, lambda t: t.cells.get((value, "count"), 0)
        return None, None

    def _table(self, key: str, when: When, by: tuple[str, ...], scope: Cell) -> ControlledTable:
        found = self._tables.get((key, when, by, scope))
        if found is not None:
            return found
        within = measures.Scope(**dict(scope))
        readings = measures.read_one(self.conn, key, when, within, by)
        counts = {group: reading.value or 0 for group, reading in readings.items()}
        rows = DIMENSIONS[by[0]].all_values(self.conn, [g[0] for g in counts])
        if len(by) == 2:
            columns = DIMENSIONS[by[1]].all_values(self.conn, [g[1] for g in counts])
            cells = counts
        else:
            columns = ["count"]
            cells = {(g[0], "count"): v for g, v in counts.items()}
        total_cell = scope
        total = measures.read_one(self.conn, key, when, within).get((), measures.NOTHING).value
        trust_level = not below_trust_level(key, when, total_cell)
        table = control_table(
            cells,
            rows,
            columns,
            self.audience.rules,
            grand_total_is_trust_wide=trust_level,
            grand_total=total or 0,
            column_totals={"count": total or 0} if len(by) == 1 else None,
        )
        self._tables[(key, when, by, scope)] = table
        return table


__all__ = [
    "Audience",
    "EXACT",
    "CONTROLLED",
    "Policy",
    "below_trust_level",
    "cell_of",
    "exact_table",
]
