"""Disclosure control (docs/who-sees-what.md): NHS Digital's rule, percentages from rounded
figures, no averages over 1-7 people, and no `*` recoverable from a total."""

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, workbook_bytes
from uep_data import db, importer, views
from uep_data.disclosure import (
    CONTROLLED,
    DEFAULT_RULES,
    EXACT,
    SUPPRESSED,
    Rules,
    control_count,
    control_percentage,
)
from uep_data.disclosure.suppression import WITHHELD, control_lines
from uep_data.measures import When
from uep_data.periods import Period

D = dt.date(2004, 3, 31)
A_QUARTER = When(D, Period(dt.date(2004, 1, 1), D))  # part of a year: below trust level
A_YEAR = When(D, Period(dt.date(2003, 4, 1), D))


def small_programme(engine):
    """Three job starts in January to March 2004 (and five earlier in the year); recruitment
    in the same quarter of 23, 9 with lived experience; two starts with a job offer."""
    sheets = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows(*(f"P{n}" for n in range(1, 9))),
        "employments": [post(f"P{n}", dt.date(2003, 5, n)) for n in range(1, 6)]
        + [post(f"P{n}", dt.date(2004, 2, n)) for n in range(6, 9)],
        "stages": [
            {"person_id": "P6", "stage": "job_offer", "date": dt.date(2004, 1, 6)},
            {"person_id": "P7", "stage": "job_offer", "date": dt.date(2004, 1, 7)},
        ],
        "recruitment": [
            {"period": "2004-01", "recruits": 12, "recruits_lived_experience": 5},
            {"period": "2004-02", "recruits": 11, "recruits_lived_experience": 4},
        ],
    }
    assert importer.import_files(engine, [("t.xlsx", workbook_bytes(sheets))]).ok


def shown(engine, audience, key, when):
    """A trust-wide figure as the audience sees it."""
    with db.reading(engine) as conn:
        ask = views.Ask(conn, views.Filters(D, A_YEAR.period), audience)
        return ask.figure(key, "test", when=when).value


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


def test_trust_wide_totals_and_the_programme_lead_see_exact_figures(sqlite_engine):
    small_programme(sqlite_engine)
    assert shown(sqlite_engine, CONTROLLED, "in_employment", When(D)) == 8
    assert shown(sqlite_engine, CONTROLLED, "job_starts", A_YEAR) == 8  # a whole year
    assert shown(sqlite_engine, EXACT, "job_starts", A_QUARTER) == 3
    assert shown(sqlite_engine, CONTROLLED, "job_starts", A_QUARTER) == SUPPRESSED


def test_percentages_below_trust_level_come_from_the_rounded_figures(sqlite_engine):
    # 9 of 23 people is 39%; shown from 10 of 25 it is 40%
    small_programme(sqlite_engine)
    share = "recruits_lived_experience_pct"
    assert shown(sqlite_engine, CONTROLLED, share, A_QUARTER) == 40
    assert shown(sqlite_engine, EXACT, share, A_QUARTER) == 9 / 23 * 100
    assert control_percentage(0, 0) is None


def test_a_median_over_one_to_seven_people_is_not_shown(sqlite_engine):
    small_programme(sqlite_engine)
    median = "median_days_offer_to_start"
    assert shown(sqlite_engine, CONTROLLED, median, A_QUARTER) == SUPPRESSED  # over 2 starts
    assert shown(sqlite_engine, EXACT, median, A_QUARTER) == 31  # 6 Jan to 6 Feb, 7 Jan to 7 Feb


def breakdown_shown(counts: dict, rules: Rules = DEFAULT_RULES) -> dict:
    """A one-way breakdown under a trust-wide total (exact), as shown."""
    shown = control_lines(
        {"total": sum(counts.values()), **counts}, [("total", list(counts))], rules, ["total"]
    )
    return {k: shown[k] for k in counts}


def test_a_lone_star_the_total_would_give_away_gets_a_companion():
    # 24 - (13 to 17) would leave B at 7 to 11: so 7. The other figure is hidden, "not shown"
    assert breakdown_shown({"A": 17, "B": 7}) == {"A": WITHHELD, "B": "*"}


def test_a_lone_star_the_total_cannot_give_away_stays_alone():
    # 35 - (18 to 22) - (8 to 12) leaves B anywhere from 1 to 7
    assert breakdown_shown({"A": 20, "B": 3, "C": 12}) == {"A": 20, "B": "*", "C": 10}


def test_a_lone_star_beside_zeros_hides_a_zero_rather_than_give_itself_away():
    shown = breakdown_shown({"A": 5, "B": 0, "C": 0})
    assert list(shown.values()).count(SUPPRESSED) == 2  # a hidden zero is a `*`: 0 to 7


def test_when_nothing_else_can_be_hidden_the_figures_are_not_shown():
    # an exact 14 of two `*`: 7 each, whatever is done, so neither is shown
    assert breakdown_shown({"A": 7, "B": 7}) == {"A": WITHHELD, "B": WITHHELD}


# --- properties --------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=60)
small_counts = st.integers(min_value=0, max_value=12)
HIDDEN = (SUPPRESSED, WITHHELD)


@st.composite
def grids(draw, max_rows=5, max_columns=4, values=counts):
    n_rows = draw(st.integers(1, max_rows))
    n_columns = draw(st.integers(1, max_columns))
    rows = [f"r{i}" for i in range(n_rows)]
    columns = [f"c{j}" for j in range(n_columns)]
    cells = {(r, c): draw(values) for r in rows for c in columns}
    return cells, rows, columns


def grid_lines(rows, columns):
    """A grid's lines: each row and column total of its cells, the grand total of both."""
    for r in rows:
        yield ("row", r), [("cell", r, c) for c in columns]
    for c in columns:
        yield ("column", c), [("cell", r, c) for r in rows]
    yield ("grand",), [("row", r) for r in rows]
    yield ("grand",), [("column", c) for c in columns]


def control_grid(cells, rows, columns, rules=DEFAULT_RULES):
    """A grid below trust level under its exact trust-wide grand total, as shown."""
    true = {("cell", r, c): v for (r, c), v in cells.items()}
    true |= {("row", r): sum(cells[(r, c)] for c in columns) for r in rows}
    true |= {("column", c): sum(cells[(r, c)] for r in rows) for c in columns}
    true[("grand",)] = sum(cells.values())
    return control_lines(true, list(grid_lines(rows, columns)), rules, [("grand",)])


@given(grids())
@settings(max_examples=300)
def test_no_count_from_one_to_seven_is_ever_shown_below_trust_level(grid):
    cells, rows, columns = grid
    shown = control_grid(cells, rows, columns)
    for key, value in shown.items():
        if key != ("grand",):
            assert value in HIDDEN or value == 0 or (value >= 8 and value % 5 == 0), value
    for (r, c), true in cells.items():  # a zero shows as 0, or is hidden
        assert (shown[("cell", r, c)] == 0) == (true == 0) or shown[("cell", r, c)] in HIDDEN


def feasible_values(shown, rows, columns, rules, limit):
    """Every assignment of true cell values consistent with what the grid shows (brute force
    over small grids): a rounded figure is one of the 5 values that round to it (over 7),
    0 is 0, a `*` is 0 to 7, "not shown" anything up to `limit`; every total the sum of its
    parts."""
    half = rules.round_to // 2

    def options(value):
        if value == SUPPRESSED:
            return range(0, rules.suppress_up_to + 1)
        if value == WITHHELD:
            return range(0, limit + 1)
        if value == 0:
            return range(0, 1)
        return range(max(rules.suppress_up_to + 1, value - half), value + half + 1)

    keys = [(r, c) for r in rows for c in columns]
    for values in itertools.product(*(options(shown[("cell", *k)]) for k in keys)):
        assignment = dict(zip(keys, values, strict=True))
        totals = {("row", r): sum(assignment[(r, c)] for c in columns) for r in rows}
        totals |= {("column", c): sum(assignment[(r, c)] for r in rows) for c in columns}
        totals[("grand",)] = sum(values)
        if totals[("grand",)] != shown[("grand",)]:
            continue
        if all(total in options(shown[key]) for key, total in totals.items() if key != ("grand",)):
            yield assignment


@given(grids(max_rows=2, max_columns=3, values=small_counts))
@settings(max_examples=200, deadline=None)
def test_no_suppressed_count_can_be_worked_out_from_what_the_grid_shows(grid):
    """Checked by trying every value each hidden figure could have (a one-column grid is a
    breakdown under a trust-wide total)."""
    cells, rows, columns = grid
    if len(cells) == 1:
        return  # a single group is the trust-wide total itself, which is published
    rules = Rules()
    shown = control_grid(cells, rows, columns, rules)
    hidden = [k for k, v in cells.items() if 1 <= v <= 7 and shown[("cell", *k)] in HIDDEN]
    solutions = list(feasible_values(shown, rows, columns, rules, limit=sum(cells.values())))
    assert cells in solutions  # the truth is one of them
    for key in hidden:
        assert len({s[key] for s in solutions}) > 1, (key, shown)
