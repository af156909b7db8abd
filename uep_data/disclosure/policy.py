"""Who sees what (docs/who-sees-what.md): which figures are below trust level, and how each is
shown to an audience. The one place that applies the rules: every figure a page view returns
is made by views/ask.py through `Policy.shown`.

A figure is identified by its measure, the moment it is read at and its cell (the scope it
is narrowed to and the breakdown group it belongs to). Its controlled value depends on
nothing else: a count below trust level is read from its measure's whole table for that
moment, with every line a viewer could add up (a directorate and its professions, a
directorate type and its directorates, a financial year and its quarters and months, the
year to date month by month), controlled once with secondary suppression across all of them
(suppression.py). So the same figure shows the same value on every page, in the pack, in
every download and on every date it is looked at from.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..kept import store as kept_store
from ..measures import lists
from ..measures import registry as r
from ..measures.dimensions import DIMENSIONS
from ..measures.in_post import PROFESSION_KINDS
from ..measures.moments import PERIOD, When
from ..periods import Period, financial_year_period
from ..values import financial_year_of
from .offered import (
    is_financial_year_end,
    is_month_end,
    is_standard_part,
    months_of,
    quarters_of,
    standard_parts,
    whole_financial_years,
)
from .rules import (
    DEFAULT_RULES,
    NOT_SHOWN,
    SUPPRESSED,
    Rules,
    control_count,
    control_percentage,
)
from .suppression import INFINITY, WITHHELD, control_table, shown_bounds


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
    """Whether a figure is below trust level, so that a controlled audience sees it under
    the rule: narrowed to a directorate, a profession or any other group; any count of
    people that is not one of the programme's published trust-wide figures (a group within
    one, such as people in clinical posts, or a measure declared without saying it is
    published); a figure of people over anything but whole financial years (a month, a
    quarter, the year to date); a figure on a day that is not a month's end; a running
    total except at a financial year's end. A share is below trust level when either of its
    counts is."""
    m = r.measure(key)
    if m.how in (r.RATIO, r.MEDIAN):
        return any(below_trust_level(part, when, cell) for part in m.parts)
    if not about_people(key):
        return False
    if cell or not m.published:
        return True
    if r.kind_of(key) == PERIOD:
        return not (
            when.period is not None
            and whole_financial_years(when.period)
            and when.period.end <= when.as_of
        )
    if m.running_total:
        return not is_financial_year_end(when.as_of)
    return not is_month_end(when.as_of)


def additive(key: str) -> bool:
    """Whether a measure's groups add up to its total (each row counted in one group)."""
    return r.measure(key).how in (r.COUNT_ROWS, r.SUM)


@dataclass(frozen=True)
class Shown:
    """A figure as an audience may see it; whether disclosure control was applied; what a
    viewer can tell of its true value from it (for a status read beside it); and its words
    where they are not the value's own."""

    value: object
    controlled: bool
    bounds: tuple[float, float]
    text: str | None = None


def _exact(value) -> Shown:
    return Shown(value, False, (value, value) if isinstance(value, (int, float)) else (0, INFINITY))


# Controlled tables shared by every view read in a `tables_shared` block of the same database
# and data version (the dashboard's page views): a table depends on nothing but the data, the
# rules, its measure and its moments, so the steering group's Overview, Targets and Meeting
# build each once between them. Bounded: the tables used longest ago go first.
TABLES_KEPT = 400
_shared_tables: OrderedDict[tuple, dict] = OrderedDict()
_shared_lock = threading.Lock()
_sharing: ContextVar[tuple | None] = ContextVar("uep_sharing_tables", default=None)


@contextlib.contextmanager
def tables_shared(database: str, version: int):
    """Within the block, the views read share their controlled tables with every other
    view of the same database at the same data version (`version` must change whenever the
    data, the lists or the settings do: audit.data_version)."""
    token = _sharing.set((database, version))
    try:
        yield
    finally:
        _sharing.reset(token)


class Policy:
    """Disclosure control for one audience over one read of the database (one page view)."""

    def __init__(self, conn: Connection, audience: Audience):
        self.conn = conn
        self.audience = audience
        self._tables: dict[tuple, dict] = {}
        self._shared = _sharing.get()

    def _shared_key(self, *parts) -> tuple | None:
        return None if self._shared is None else (*self._shared, self.rules, *parts)

    def _from_shared(self, *parts):
        key = self._shared_key(*parts)
        if key is None:
            return None
        with _shared_lock:
            found = _shared_tables.get(key)
            if found is not None:
                _shared_tables.move_to_end(key)
            return found

    def _to_shared(self, value, *parts) -> None:
        key = self._shared_key(*parts)
        if key is None:
            return
        with _shared_lock:
            _shared_tables[key] = value
            while len(_shared_tables) > TABLES_KEPT:
                _shared_tables.popitem(last=False)

    def _has_table(self, key: str, anchor) -> bool:
        """Whether the table is at hand: built by this policy, or by another view of the same
        data (then taken from there)."""
        if anchor in self._tables.get(key, {}):
            return True
        found = self._from_shared(key, anchor)
        if found is None:
            # kept in the database for this state of the data (by an earlier view, or an
            # earlier run of the dashboard), under the same rule
            found = kept_store.kept_table(self.conn, key, anchor, self.rules)
            if found is None:
                return False
            self._to_shared(found, key, anchor)
        self._tables.setdefault(key, {})[anchor] = found
        return True

    @property
    def rules(self) -> Rules:
        return self.audience.rules

    # --- one figure ----------------------------------------------------------------------

    def shown(self, key: str, when: When, cell: Cell, reading: measures.Reading) -> Shown:
        if self.audience.controlled and not cell and self._count_given_away(key, when):
            return Shown(SUPPRESSED, True, (0, INFINITY), NOT_SHOWN)
        if not self.audience.controlled or not below_trust_level(key, when, cell):
            return _exact(reading.value)
        m = r.measure(key)
        klass = r.disclosure_class(key)
        if klass == r.CONTROLLED_COUNT:
            if reading.value is None:
                return Shown(None, True, (0, INFINITY))
            return self._counted(self.count(key, when, cell, reading.value))
        if klass in (r.SHARE_OF_PEOPLE, r.COST_PER_PERSON):
            numerator = self.part(m.numerator, when, cell, reading.numerator)
            denominator = self.part(m.denominator, when, cell, reading.denominator)
            if klass == r.COST_PER_PERSON:
                return self._per_person(numerator, denominator)
            value = control_percentage(numerator.value, denominator.value)
            # a share of a count that is not shown is not shown either (it says nothing)
            withheld = NOT_SHOWN in (numerator.text, denominator.text)
            text = NOT_SHOWN if withheld and value == SUPPRESSED else None
            return Shown(value, True, _share_bounds(numerator, denominator, m.scale), text)
        if klass == r.AVERAGE_OVER_PEOPLE:
            if 1 <= (reading.over or 0) <= self.rules.suppress_up_to:
                return Shown(SUPPRESSED, True, (0, INFINITY))
            return Shown(reading.value, True, (0, INFINITY))
        return _exact(reading.value)

    def _per_person(self, money: Shown, people: Shown) -> Shown:
        if money.value is None or people.value in (None, 0):
            return Shown(None, True, (0, INFINITY))
        if people.value == SUPPRESSED:
            return Shown(SUPPRESSED, True, (0, INFINITY))
        return Shown(money.value / people.value, True, (0, INFINITY))

    def part(self, key: str, when: When, cell: Cell, value) -> Shown:
        """A ratio's numerator or denominator as it may be shown."""
        if value is None or not below_trust_level(key, when, cell):
            return _exact(value)
        return self._counted(self.count(key, when, cell, value))

    def _counted(self, value) -> Shown:
        if value == WITHHELD:  # too few to show any part of its table
            return Shown(SUPPRESSED, True, (0, INFINITY), NOT_SHOWN)
        return Shown(value, True, shown_bounds(value, self.rules))

    def count(self, key: str, when: When, cell: Cell, value):
        """A count of people below trust level, as its measure's whole table shows it. A
        cell the table does not hold is withheld: no figure reaches a controlled audience
        without passing through the lines a viewer could add up. So is a count over a
        period that is not a standard part of a financial year (a target's own 15 April to
        14 March, or a span between two dates): only standard periods are lines of the year's
        table, and a period of its own would pin the months between it and them."""
        if r.kind_of(key) == PERIOD and when.period and not is_standard_part(when.period):
            return WITHHELD
        if not additive(key):
            return control_count(value, self.rules)
        cell = self._canonical(cell)
        if cell is None:  # a directorate of another type: none, as anyone can tell
            return 0
        table, node = self._table_for(key, when, cell)
        return table.get(node, WITHHELD)

    def _canonical(self, cell: Cell) -> Cell | None:
        """A cell with a directorate's own type (or a profession's own kind) is the cell of
        the directorate (or profession) alone; None when they do not match (nobody)."""
        rollups = self._rollups()
        found = dict(cell)
        for rolled, (below, of) in rollups.items():
            if rolled in found and below in found:
                if of.get(found[below]) != found[rolled]:
                    return None
                del found[rolled]
        return tuple(sorted(found.items()))

    # --- the whole table a figure belongs to -------------------------------------------------

    def prepare(self, key: str, whens) -> None:
        """Build at once the tables a series of figures will be read from (one statement per
        breakdown for all of them, rather than for each): the same tables, sooner."""
        self.prepare_all([(key, whens)])

    def prepare_all(self, asked) -> None:
        """`prepare` for several measures, each at its moments: the counts of one source that
        want the same tables are read together, their rows made once (each by its own
        breakdowns)."""
        if not self.audience.controlled:
            return
        wanted: dict[str, dict] = {}
        for key, whens in asked:
            m = r.measure(key)
            for count in m.parts if m.how in (r.RATIO, r.MEDIAN) else (key,):
                counted = r.measure(count).counts_nonzero_groups_of
                if counted is not None:  # an exact count of groups reads its stock's tables
                    stock = counted[0]
                    tables = wanted.setdefault(stock, {})
                    for when in whens:
                        if not below_trust_level(count, when, ()):
                            anchor, moments, year, _ = self._anchor(stock, When(when.as_of))
                            if anchor not in tables and not self._has_table(stock, anchor):
                                tables[anchor] = (anchor, moments, year)
                if r.disclosure_class(count) != r.CONTROLLED_COUNT or not additive(count):
                    continue
                tables = wanted.setdefault(count, {})
                for when in whens:
                    if r.kind_of(count) == PERIOD and not is_standard_part(when.period):
                        continue  # withheld without a table (`count`)
                    if below_trust_level(count, when, ()):
                        anchor, moments, year, _ = self._anchor(count, when)
                        if anchor not in tables and not self._has_table(count, anchor):
                            tables[anchor] = (anchor, moments, year)
        together: dict[tuple, list[str]] = {}
        for count, tables in wanted.items():
            if tables:
                together.setdefault((r.source_of(count).name, tuple(tables)), []).append(count)
        for counts in together.values():
            self._build(counts, list(wanted[counts[0]].values()))

    def _table_for(self, key: str, when: When, cell: Cell) -> tuple[dict, tuple]:
        """The controlled table holding the figure, and the figure's place in it."""
        anchor, moments, year, t = self._anchor(key, when)
        if not self._has_table(key, anchor):
            self._build([key], [(anchor, moments, year)])
        return self._tables[key][anchor], (t, cell)

    def _anchor(self, key: str, when: When):
        """Which table a figure is in: for a count over part of a financial year, the year's
        table by quarter and month; otherwise the table of its own moment. The table's name,
        its moments, its year (if it is one) and the figure's moment in it."""
        source = r.source_of(key)
        if r.kind_of(key) == PERIOD and when.period is not None and not source.uses_as_of:
            year = financial_year_period(financial_year_of(when.period.start))
            if when.period in standard_parts(year):
                anchor = ("year", year)
                return anchor, table_moments(anchor), year, when.period
        anchor = ("moment", when)
        return anchor, table_moments(anchor), None, when.period or when.as_of

    def _build(self, keys: list[str], tables: list) -> None:
        """Read the measures (counts of one source) at every moment of the tables by every
        breakdown a page can ask for of each (each dimension, and the crosses of CROSSES), and
        control each measure's table once across every line. Each table depends only on its
        own measure and moments, however many are read together."""
        shapes = {key: _breakdowns(key) for key in keys}
        bys = {
            key: [(), *((d,) for d in dims), *crosses] for key, (dims, crosses) in shapes.items()
        }
        order = [(n, t) for n, (_, moments, _) in enumerate(tables) for t in moments]
        whens = [tables[n][1][t] for n, t in order]
        for key, read in measures.read_breakdowns_of(self.conn, keys, whens, bys).items():
            true: list[dict] = [{} for _ in tables]
            for by, found in read.items():
                for (n, t), groups in zip(order, found, strict=True):
                    for group, reading in groups.items():
                        cell = tuple(sorted(zip(by, group, strict=True)))
                        true[n][(t, cell)] = reading.value or 0
            self._control(key, tables, *shapes[key], true)

    def _control(self, key: str, tables: list, dims, crosses, true: list[dict]) -> None:
        for n, (anchor, moments, year) in enumerate(tables):
            values = {
                d: DIMENSIONS[d].all_values(
                    self.conn, sorted({dict(c)[d] for (_, c) in true[n] if d in dict(c)}, key=str)
                )
                for d in dims
            }
            # every group on the lists is a figure (a 0 is shown as 0)
            cells = _cells(dims, values, crosses)
            for t in moments:
                for c in cells:
                    true[n].setdefault((t, c), 0)
            lines = list(self._lines(list(moments), dims, values, crosses, cells, year))
            exact = [(t, ()) for t in moments if not below_trust_level(key, moments[t], ())]
            hidden: list = []
            if r.measure(key).adds_to and year is not None:
                more, fixed, hidden = self._leavers(key, moments, year, true[n], lines, exact)
                lines += more
                exact += fixed
            counts, counted_by = self._nonzero_counts(key, moments, values, true[n])
            # a year's figures are seen month by month, each from its period's end: its exact
            # total only once the year has ended
            seen_from = None if year is None else {node: _seen_from(node) for node in true[n]}
            # a count that would give a figure away is not shown, and the table is made again
            # without it (until none does)
            kept, given_away = list(range(len(counts))), []
            while True:
                controlled = control_table(
                    true[n],
                    lines,
                    self.rules,
                    exact,
                    [counts[i] for i in kept],
                    hidden,
                    seen_from,
                )
                if not controlled.counts_given_away:
                    break
                dropped = [kept[i] for i in controlled.counts_given_away]
                given_away += [counted_by[i] for i in dropped]
                kept = [i for i in kept if i not in dropped]
            table = controlled.shown
            for coverage, t in given_away:
                table[(GIVEN_AWAY, coverage, t)] = True
            self._tables.setdefault(key, {})[anchor] = table
            self._to_shared(table, key, anchor)
            kept_store.keep_table(self.conn, key, anchor, self.rules, table)

    def _nonzero_counts(self, key: str, moments, values, true: dict):
        """What a count shown exactly beside the table tells of it: directorates covered says
        how many directorates have someone in employment, so whether a `*` beside it is 0.
        (Taken as the number of non-zero groups itself: a viewer can know no more than that.)
        The counts, and for each, which measure and moment says it."""
        counts, counted_by = [], []
        for other, m in r.MEASURES.items():
            if m.counts_nonzero_groups_of is None or m.counts_nonzero_groups_of[0] != key:
                continue
            dimension = m.counts_nonzero_groups_of[1]
            if dimension not in values:
                continue
            for t, when in moments.items():
                if below_trust_level(other, when, ()):
                    continue  # controlled itself: a rounded count of directorates tells little
                parts = [(t, ((dimension, v),)) for v in values[dimension]]
                counts.append((parts, sum(1 for p in parts if true.get(p, 0))))
                counted_by.append((other, t))
        return counts, counted_by

    def _count_given_away(self, key: str, when: When) -> bool:
        """Whether an exact count (directorates covered, or a share made of it) would give a
        figure of its table away at this moment, so is not shown (`_control`)."""
        for part in (key, *r.measure(key).parts):
            m = r.measure(part)
            if m.counts_nonzero_groups_of is None or below_trust_level(part, when, ()):
                continue
            stock = m.counts_nonzero_groups_of[0]
            table, _ = self._table_for(stock, When(when.as_of), ())
            if table.get((GIVEN_AWAY, part, when.as_of)):
                return True
        return False

    def _leavers(self, key: str, moments, year: Period, true: dict, lines, exact):
        """A flow's stock at two month ends, shown exactly, tells with the flow between them
        how many left: starts in a month = the month's net change in people in employment +
        those who left (or moved). For every period of the year's table, the net change (known
        exactly) and the leavers (never shown, but worked out by a viewer whenever the starts
        are: none may be pinned at 1 to 7) are figures of the table, with the lines a viewer
        would write. Only the trust-wide total: below it the stock is controlled too."""
        stock = r.measure(key).adds_to
        days = sorted({p.start - ONE_DAY for p in moments} | {p.end for p in moments})
        whens = [When(day) for day in days]
        if any(below_trust_level(stock, w, ()) for w in whens):
            return [], [], []
        found = measures.read(self.conn, [stock], whens)[stock]
        level = {
            w.as_of: cell.get((), measures.NOTHING).value or 0
            for w, cell in zip(whens, found, strict=True)
        }
        more, fixed, hidden = [], [], []
        for p in moments:
            net = level[p.end] - level[p.start - ONE_DAY]
            true[(NET, p)] = net
            true[(LEFT, p)] = true.get((p, ()), 0) - net
            more.append(((p, ()), [(NET, p), (LEFT, p)]))
            fixed.append((NET, p))
            if (p, ()) in exact:  # the starts shown exactly: the leavers are known, and allowed
                fixed.append((LEFT, p))
            else:
                hidden.append((LEFT, p))
        for total, parts in list(lines):  # the leavers add up as the starts do
            if total[1] == () and all(c == () for _, c in parts):
                more.append(((LEFT, total[0]), [(LEFT, t) for t, _ in parts]))
        return more, fixed, hidden

    def _lines(self, order, dims, values, crosses, cells, year):
        """Every total and the parts it is the sum of: the trust-wide total of each
        dimension's groups, each side of every cross, every rolled-up group (a directorate
        type) of its members; and over a year, the year of its quarters, a quarter of its
        months, the year to date of the year to the month before and the month."""
        rollups = self._rollups()
        # the lines of one moment, as cells: every moment of the table has the same
        template: list[tuple[Cell, list[Cell]]] = []
        for d in dims:
            template.append(((), [((d, v),) for v in values[d]]))
        for a, b in crosses:
            for x in values[a]:
                template.append((((a, x),), [_cell({a: x, b: y}) for y in values[b]]))
            for y in values[b]:
                template.append((((b, y),), [_cell({a: x, b: y}) for x in values[a]]))
        for rolled, (below, of) in rollups.items():
            if rolled not in dims or below not in dims:
                continue
            for v in values[rolled]:
                members = [x for x in values[below] if of.get(x) == v]
                template.append((((rolled, v),), [((below, x),) for x in members]))
                # a directorate type by profession is its directorates by profession
                for other in _crossed_with(rolled, crosses):
                    if other in _crossed_with(below, crosses):
                        for y in values[other]:
                            template.append(
                                (
                                    _cell({rolled: v, other: y}),
                                    [_cell({below: x, other: y}) for x in members],
                                )
                            )
        for t in order:
            for total, parts in template:
                yield (t, total), [(t, c) for c in parts]
        if year is None:
            return
        quarters = quarters_of(year)
        months = months_of(year)
        months_of_quarter = [(q, months_of(q)) for q in quarters]
        to_dates = [
            (Period(year.start, month.end), Period(year.start, before.end), month)
            for before, month in zip(months, months[1:], strict=False)
        ]
        for c in cells:
            yield (year, c), [(q, c) for q in quarters]
            for q, its_months in months_of_quarter:
                yield (q, c), [(mo, c) for mo in its_months]
                # the quarter to the end of its second month, and the quarter of it
                first, second, third = its_months
                so_far = Period(q.start, second.end)
                yield (so_far, c), [(first, c), (second, c)]
                yield (q, c), [(so_far, c), (third, c)]
            for to_date, before, month in to_dates:
                yield (to_date, c), [(before, c), (month, c)]

    def _rollups(self) -> dict:
        """Dimensions that are sums of another: a directorate type of its directorates, a
        kind of profession of its professions."""
        if "_rollups" not in self._tables:
            shared = self._from_shared("_rollups")
            if shared is not None:
                self._tables["_rollups"] = shared
                return shared
            directorates = lists.directorate_list(self.conn)
            professions = lists.profession_list(self.conn)
            types = dict(
                self.conn.execute(
                    directorates.select().with_only_columns(
                        directorates.c.directorate, directorates.c.directorate_type
                    )
                ).all()
            )
            kinds = {}
            for name, clinical, qualified in self.conn.execute(professions.select()).all():
                kinds[name] = (
                    PROFESSION_KINDS[0]
                    if clinical and qualified
                    else PROFESSION_KINDS[1]
                    if clinical
                    else PROFESSION_KINDS[2]
                )
            self._tables["_rollups"] = {
                "directorate_type": ("directorate", types),
                "profession_kind": ("profession", kinds),
            }
            self._to_shared(self._tables["_rollups"], "_rollups")
        return self._tables["_rollups"]


# the marks of a table's own figures: counts that would give it away, net changes, leavers
GIVEN_AWAY = "_given_away"
NET = "_net_change"
LEFT = "_left"
ONE_DAY = dt.timedelta(days=1)

# the two-way breakdowns pages show (a grid, or one dimension within a filter on another);
# each is in its measure's table with both its sides
CROSSES = (
    ("directorate", "profession"),
    ("directorate_type", "profession"),
    ("directorate", "profession_kind"),
    ("cohort", "outcome"),
)


def table_moments(anchor: tuple) -> dict:
    """A controlled table's moments, each figure's moment in it and the moment it is read
    at: a financial year's table, its quarters and months and each year and quarter to date;
    one moment's table, that moment."""
    kind, when = anchor
    if kind == "year":
        return {p: When(p.end, p) for p in standard_parts(when)}
    return {when.period or when.as_of: when}


def controlled_table_afresh(conn: Connection, key: str, anchor: tuple, rules: Rules) -> dict:
    """A measure's controlled table built from the rows, as a view with nothing kept or
    shared builds it (for `kept.verify`)."""
    policy = Policy(conn, Audience(controlled=True, rules=rules))
    policy._shared = None
    year = anchor[1] if anchor[0] == "year" else None
    policy._build([key], [(anchor, table_moments(anchor), year)])
    return policy._tables[key][anchor]


def _seen_from(node) -> dt.date:
    """The first day a figure of a year's table can be seen: its period's end (a count over
    the period, the net change over it or the leavers in it)."""
    period = node[1] if node[0] in (NET, LEFT) else node[0]
    return period.end


def _cell(groups: dict) -> Cell:
    return tuple(sorted(groups.items()))


def _crossed_with(d: str, crosses) -> list[str]:
    return [b if a == d else a for a, b in crosses if d in (a, b)]


def _cells(dims, values, crosses) -> list[Cell]:
    cells = [()]
    for d in dims:
        cells += [((d, v),) for v in values[d]]
    for a, b in crosses:
        cells += [_cell({a: x, b: y}) for x in values[a] for y in values[b]]
    return cells


def _breakdowns(key: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The dimensions a count's controlled table is broken down by (what it can be narrowed
    to, then its declared breakdowns), and the crosses of CROSSES among them."""
    m = r.measure(key)
    source = r.source_of(key)
    scope = [d for d in ("directorate", "profession") if d in source.scope_columns]
    dims = tuple(dict.fromkeys([*scope, *(d for d in m.breakdowns if d != "month")]))
    crosses = tuple(pair for pair in CROSSES if set(pair) <= set(dims))
    return dims, crosses


def _share_bounds(numerator: Shown, denominator: Shown, scale: float) -> tuple[float, float]:
    n_low, n_high = numerator.bounds
    d_low, d_high = denominator.bounds
    if not d_high or d_high == INFINITY or n_high == INFINITY:
        return (0, INFINITY)
    return (scale * n_low / d_high, scale * n_high / max(d_low, 1))


__all__ = [
    "Audience",
    "CONTROLLED",
    "EXACT",
    "Policy",
    "Shown",
    "below_trust_level",
    "cell_of",
    "tables_shared",
]
