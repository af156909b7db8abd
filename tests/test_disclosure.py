"""Disclosure control (confidentiality.md): NHS Digital's rule, percentages from rounded
figures, no averages over 1-7 people, and no `*` recoverable from a total."""

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from uep_data.disclosure import (
    CONTROLLED,
    EXACT,
    SUPPRESSED,
    Policy,
    Rules,
    control_breakdown,
    control_count,
    control_percentage,
    control_table,
)
from uep_data.measures import Reading, When
from uep_data.periods import Period

D = dt.date(2004, 3, 31)
A_QUARTER = When(D, Period(dt.date(2004, 1, 1), D))  # part of a year: below trust level
A_YEAR = When(D, Period(dt.date(2003, 4, 1), D))


def shown(audience, key, when, reading, cell=()):
    """A trust-wide figure (no breakdown cell) as the audience sees it."""
    return Policy(None, audience).shown(key, when, cell, reading)[0]


def test_zero_stays_zero_one_to_seven_is_a_star_eight_and_over_round_to_five():
    assert [control_count(n) for n in (0, 1, 7, 8, 12, 13, 37, 100)] == [
        0,
        "*",
        "*",
        10,
        10,
        15,
        35,
        100,
    ]


def test_the_two_numbers_are_settings():
    rules = Rules(suppress_up_to=4, round_to=10)
    assert [control_count(n, rules) for n in (4, 5, 14, 15)] == ["*", 10, 10, 20]


def test_trust_wide_totals_and_the_programme_lead_see_exact_figures():
    assert shown(CONTROLLED, "in_employment", When(D), Reading(3)) == 3
    assert shown(CONTROLLED, "job_starts", A_YEAR, Reading(3)) == 3
    assert shown(EXACT, "job_starts", A_QUARTER, Reading(3)) == 3
    assert shown(CONTROLLED, "job_starts", A_QUARTER, Reading(3)) == SUPPRESSED
    assert shown(CONTROLLED, "contacts", A_QUARTER, Reading(3)) == 3  # events, not people


def test_percentages_below_trust_level_come_from_the_rounded_figures():
    # 9 of 23 people is 39%; shown from 10 of 25 it is 40%
    share = "recruits_lived_experience_pct"
    assert shown(CONTROLLED, share, A_QUARTER, Reading(9 / 23 * 100, 9, 23)) == 40
    assert shown(EXACT, share, A_QUARTER, Reading(9 / 23 * 100, 9, 23)) == 9 / 23 * 100
    assert shown(CONTROLLED, share, A_QUARTER, Reading(3 / 23 * 100, 3, 23)) == SUPPRESSED
    assert control_percentage(0, 0) is None


def test_a_median_over_one_to_seven_people_is_not_shown():
    median = "median_days_offer_to_start"
    assert shown(CONTROLLED, median, A_QUARTER, Reading(42.0, over=7)) == SUPPRESSED
    assert shown(CONTROLLED, median, A_QUARTER, Reading(42.0, over=8)) == 42.0
    assert shown(EXACT, median, A_QUARTER, Reading(42.0, over=3)) == 42.0


def test_a_lone_star_beside_a_known_total_gets_a_companion():
    table = control_breakdown({"A": 20, "B": 3, "C": 12})
    assert table.as_breakdown() == {"A": 20, "B": "*", "C": "*"}
    assert table.grand_total == 35  # the trust-wide total, exact


def test_a_lone_star_beside_zeros_hides_a_zero_rather_than_give_itself_away():
    table = control_breakdown({"A": 5, "B": 0, "C": 0})
    shown = table.as_breakdown()
    assert list(shown.values()).count(SUPPRESSED) == 2 and table.grand_total == 5


# --- properties --------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=60)
small_counts = st.integers(min_value=0, max_value=12)


@st.composite
def grids(draw, max_rows=5, max_columns=4, values=counts):
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    rows = [f"r{i}" for i in range(n_rows)]
    columns = [f"c{j}" for j in range(n_columns)]
    cells = {(r, c): draw(values) for r in rows for c in columns}
    return cells, rows, columns


def lines_of(table):
    """(total as shown, parts as shown) for every line of a table."""
    for r in table.rows:
        yield table.row_totals[r], [table.cells[(r, c)] for c in table.columns]
    for c in table.columns:
        yield table.column_totals[c], [table.cells[(r, c)] for r in table.rows]
    yield table.grand_total, [table.row_totals[r] for r in table.rows]
    yield table.grand_total, [table.column_totals[c] for c in table.columns]
    yield table.grand_total, list(table.cells.values())


@given(grids())
@settings(max_examples=300)
def test_no_count_from_one_to_seven_is_ever_shown_below_trust_level(grid):
    cells, rows, columns = grid
    table = control_table(cells, rows, columns)
    shown = list(table.cells.values())
    if len(rows) > 1 and len(columns) > 1:  # subtotals (in a single line: cells and total)
        shown += [*table.row_totals.values(), *table.column_totals.values()]
    for value in shown:
        assert value == SUPPRESSED or value == 0 or (value >= 8 and value % 5 == 0)
    for key, true in cells.items():
        assert (table.cells[key] == 0) == (true == 0) or table.cells[key] == SUPPRESSED


@given(grids())
@settings(max_examples=300)
def test_wherever_a_total_is_shown_its_parts_hold_no_star_or_at_least_two(grid):
    cells, rows, columns = grid
    table = control_table(cells, rows, columns)
    for total, parts in lines_of(table):
        if total != SUPPRESSED and len(parts) > 1:
            assert parts.count(SUPPRESSED) != 1


def feasible_values(table, rules, limit):
    """Every assignment of true values consistent with what a table shows (brute force over
    small tables): shown counts are rounded to the nearest 5 (or exact 0), * is 0..limit, and
    every shown total must match its parts."""
    half = rules.round_to // 2

    def options(shown):
        if shown == SUPPRESSED:
            return range(0, limit + 1)
        if shown == 0:
            return range(0, 1)
        return range(max(rules.suppress_up_to + 1, shown - half), shown + half + 1)

    keys = [(r, c) for r in table.rows for c in table.columns]
    for values in itertools.product(*(options(table.cells[k]) for k in keys)):
        assignment = dict(zip(keys, values, strict=True))
        ok = True
        two_way = len(table.rows) > 1 and len(table.columns) > 1
        for r in table.rows if two_way else []:
            total = sum(assignment[(r, c)] for c in table.columns)
            if table.row_totals[r] != SUPPRESSED and total not in options(table.row_totals[r]):
                ok = False
                break
        if not ok:
            continue
        for c in table.columns if two_way else []:
            total = sum(assignment[(r, c)] for r in table.rows)
            if table.column_totals[c] != SUPPRESSED and total not in options(
                table.column_totals[c]
            ):
                ok = False
                break
        if ok and sum(values) == table.grand_total:
            yield assignment


@given(grids(max_rows=2, max_columns=2, values=small_counts))
@settings(max_examples=100, deadline=None)
def test_no_suppressed_count_can_be_worked_out_from_what_the_table_shows(grid):
    cells, rows, columns = grid
    rules = Rules()
    table = control_table(cells, rows, columns, rules)
    hidden = [k for k, v in table.cells.items() if v == SUPPRESSED and 1 <= cells[k] <= 7]
    if not hidden or sum(1 for v in cells.values() if v) == 1 and len(cells) == 1:
        return  # a single group is the trust-wide total itself, which is published
    solutions = list(feasible_values(table, rules, limit=max(cells.values()) + 3))
    assert cells in solutions  # the truth is one of them
    for key in hidden:
        assert len({s[key] for s in solutions}) > 1, (key, table.cells)


@given(st.dictionaries(st.sampled_from("ABCDEFGH"), counts, min_size=1))
@settings(max_examples=300)
def test_a_breakdown_against_the_trust_wide_total_never_isolates_a_star(breakdown):
    table = control_breakdown(breakdown)
    shown = list(table.as_breakdown().values())
    if len(shown) > 1:
        assert shown.count(SUPPRESSED) != 1
    assert table.grand_total == sum(breakdown.values())
