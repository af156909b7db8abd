"""NHS Digital's rule for counts of people below trust level, and secondary suppression within a
table (confidentiality.md). Which figures are below trust level, and for whom, is decided in
policy.py; this module only knows the rule.

NHS Digital's rule: 0 stays 0; 1 to 7 is shown as `*`; 8 and over are rounded to the
nearest 5 (both numbers are settings). Percentages below trust level come from the rounded
numerator and denominator, as whole numbers; a mean or median over 1 to 7 people is not
shown. Secondary suppression: within a table, wherever a total is shown, its parts hold
either no `*` or at least two, so that no `*` can be worked out by subtraction. Trust-wide
totals are shown exactly: they are the programme's published figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

SUPPRESSED = "*"
SUPPRESSION_NOTE = (
    "A * stands for 1 to {up_to} people, not shown to protect confidentiality. Other figures "
    "below trust level (by directorate, profession or part of a year) are rounded to the "
    "nearest {round_to}; percentages are worked out from the rounded figures."
)

Shown = int | str  # a count as shown: a whole number, or "*"


@dataclass(frozen=True)
class Rules:
    """The two numbers of the rule (settings: suppress_up_to, round_to)."""

    suppress_up_to: int = 7
    round_to: int = 5

    @property
    def note(self) -> str:
        return SUPPRESSION_NOTE.format(up_to=self.suppress_up_to, round_to=self.round_to)


DEFAULT_RULES = Rules()


def round_to_nearest(value: int, step: int) -> int:
    """Round half up to a multiple of step (12 -> 10, 13 -> 15 for step 5)."""
    return int((value + step / 2) // step * step)


def control_count(value: int | None, rules: Rules = DEFAULT_RULES) -> Shown | None:
    """One count of people below trust level, as it may be shown."""
    if value is None:
        return None
    if value == 0:
        return 0
    if value <= rules.suppress_up_to:
        return SUPPRESSED
    return round_to_nearest(value, rules.round_to)


def control_percentage(numerator: Shown | None, denominator: Shown | None) -> float | str | None:
    """A percentage from (already controlled) counts: `*` if either is suppressed, whole."""
    if numerator is None or denominator is None:
        return None
    if numerator == SUPPRESSED or denominator == SUPPRESSED:
        return SUPPRESSED
    if denominator == 0:
        return None
    return float(round(100 * numerator / denominator))


# --- tables ------------------------------------------------------------------------------


@dataclass
class ControlledTable:
    """A table of counts as shown: cells by (row, column), with row, column and grand totals.

    A one-way breakdown is a table with one column. `suppressed` lists the cells shown as *
    (primary: 1 to 7; secondary: hidden so that a * cannot be worked out from a total).
    """

    rows: list[Hashable]
    columns: list[Hashable]
    cells: dict[tuple, Shown]
    row_totals: dict[Hashable, Shown]
    column_totals: dict[Hashable, Shown]
    grand_total: Shown
    secondary: set = field(default_factory=set)

    def cell(self, row, column=None) -> Shown:
        return self.cells[(row, self.columns[0] if column is None else column)]

    def as_breakdown(self) -> dict[Hashable, Shown]:
        """A one-column table as {row: shown count}."""
        column = self.columns[0]
        return {row: self.cells[(row, column)] for row in self.rows}


def exact_table(counts: Mapping[tuple, int], rows: Sequence, columns: Sequence) -> ControlledTable:
    """The table as it is (for the programme lead): nothing rounded or hidden."""
    cells = {(r, c): int(counts.get((r, c), 0)) for r in rows for c in columns}
    row_totals = {r: sum(cells[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(cells[(r, c)] for r in rows) for c in columns}
    return ControlledTable(
        list(rows), list(columns), cells, row_totals, column_totals, sum(row_totals.values())
    )


def control_table(
    counts: Mapping[tuple, int],
    rows: Sequence,
    columns: Sequence,
    rules: Rules = DEFAULT_RULES,
    grand_total_is_trust_wide: bool = True,
    row_totals: Mapping | None = None,
    column_totals: Mapping | None = None,
    grand_total: int | None = None,
) -> ControlledTable:
    """A table of counts of people below trust level, as the steering group may see it.

    Every cell and every subtotal is controlled by the rule; the grand total is shown exactly
    when it is the trust-wide figure. Then, wherever a total is shown, its parts must hold no
    `*` or at least two: where one stands alone, the smallest other non-zero part is hidden
    too (secondary suppression), until no line gives a `*` away.

    `row_totals`, `column_totals` and `grand_total` may be given when a total is not the
    sum of its parts (a person counted in two cells); by default they are the sums.
    """
    exact = exact_table(counts, rows, columns)
    true_rows = dict(row_totals) if row_totals is not None else exact.row_totals
    true_columns = dict(column_totals) if column_totals is not None else exact.column_totals
    shown_cells: dict[tuple, Shown] = {k: control_count(v, rules) for k, v in exact.cells.items()}
    shown_rows = {r: control_count(true_rows[r], rules) for r in rows}
    shown_columns = {c: control_count(true_columns[c], rules) for c in columns}
    true_grand = exact.grand_total if grand_total is None else grand_total
    grand = true_grand if grand_total_is_trust_wide else control_count(true_grand, rules)
    secondary: set = set()

    # Each line: its total and its parts, as (kind, key) references. A table of one column
    # (or one row) is a single line: its cells and the grand total.
    def lines():
        if len(columns) == 1 or len(rows) == 1:
            yield ("grand", None), [("cell", key) for key in exact.cells]
            return
        for r in rows:
            yield ("row_total", r), [("cell", (r, c)) for c in columns]
        for c in columns:
            yield ("column_total", c), [("cell", (r, c)) for r in rows]
        yield ("grand", None), [("row_total", r) for r in rows]
        yield ("grand", None), [("column_total", c) for c in columns]
        yield ("grand", None), [("cell", key) for key in exact.cells]

    def get(ref):
        kind, key = ref
        if kind == "cell":
            return shown_cells[key]
        if kind == "row_total":
            return shown_rows[key]
        if kind == "column_total":
            return shown_columns[key]
        return grand

    def true_value(ref):
        kind, key = ref
        if kind == "cell":
            return exact.cells[key]
        if kind == "row_total":
            return true_rows[key]
        if kind == "column_total":
            return true_columns[key]
        return true_grand

    def hide(ref):
        kind, key = ref
        if kind == "cell":
            shown_cells[key] = SUPPRESSED
        elif kind == "row_total":
            shown_rows[key] = SUPPRESSED
        elif kind == "column_total":
            shown_columns[key] = SUPPRESSED
        secondary.add(ref)

    changed = True
    while changed:
        changed = False
        for total_ref, parts in lines():
            if get(total_ref) == SUPPRESSED:
                continue
            hidden = [p for p in parts if get(p) == SUPPRESSED]
            if len(hidden) != 1:
                continue
            # hide the smallest other part; a zero only if nothing else is left (a lone *
            # beside zeros would otherwise be the total itself)
            candidates = [p for p in parts if get(p) != SUPPRESSED]
            if candidates:
                hide(min(candidates, key=lambda p: (true_value(p) == 0, true_value(p), str(p))))
            elif total_ref[0] != "grand":
                hide(total_ref)  # no other part to hide: hide the total instead
            else:
                continue
            changed = True
    if len(columns) == 1:  # the row totals are the cells, the column total the grand total
        shown_rows = {r: shown_cells[(r, columns[0])] for r in rows}
        shown_columns = {columns[0]: grand}
    elif len(rows) == 1:
        shown_columns = {c: shown_cells[(rows[0], c)] for c in columns}
        shown_rows = {rows[0]: grand}
    return ControlledTable(
        list(rows), list(columns), shown_cells, shown_rows, shown_columns, grand, secondary
    )


def control_breakdown(
    counts: Mapping[Hashable, int],
    rules: Rules = DEFAULT_RULES,
    total_is_trust_wide: bool = True,
    total: int | None = None,
) -> ControlledTable:
    """A one-way breakdown (by directorate, by month...) as a one-column table. Its total is
    taken to be known (the trust-wide figure shown elsewhere on the view)."""
    rows = list(counts)
    return control_table(
        {(r, "count"): v for r, v in counts.items()},
        rows,
        ["count"],
        rules,
        total_is_trust_wide,
        column_totals={"count": total} if total is not None else None,
        grand_total=total,
    )
