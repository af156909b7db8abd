"""How a page view gets its figures: `Ask` reads each from the measures and shows it through
the audience's disclosure control. It is the one way a figure is made, so no figure can reach a
page, the pack, a download or the command line without passing disclosure control."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.engine import Connection

from .. import measures
from ..disclosure import SUPPRESSED, Audience, Policy, cell_of, control_percentage, offered
from ..figures import STATUS, Figure
from ..formatting import format_value, status_text, target_value_words, when_words
from ..measures import NOTHING, Reading, Scope, When
from ..measures import registry as r
from ..measures.dimensions import DIMENSIONS
from ..measures.lists import directorate_type
from ..periods import Period
from ..targets import status_of
from .filters import Filters
from .parts import Breakdown, Grid, Part


def _empty_reading(key: str) -> Reading:
    """What a group with no rows reads: a count of nothing is 0, anything else no data."""
    return Reading(0) if r.measure(key).how in (r.COUNT_ROWS, r.COUNT_PEOPLE) else NOTHING


class Ask:
    def __init__(self, conn: Connection, filters: Filters, audience: Audience):
        if audience.controlled:  # only the dates and periods such an audience is offered
            offered.check(filters.as_of, filters.period)
        self.conn = conn
        self.filters = filters
        self.audience = audience
        self.policy = Policy(conn, audience)
        # (measure, moment, scope, breakdown) -> {group: reading}, shared by every place
        self._read: dict[tuple, dict] = {}
        self.place: str | None = None  # where every figure goes (a meeting screen, the pack)
        self._near_tolerance: float | None = None
        self._facts: dict = {}  # what every place made from this view shares (a dict is shared)

    def at(self, place: str) -> Ask:
        """The same reads and disclosure control, for figures shown in one place (a meeting
        screen, a section of the board pack)."""
        other = copy.copy(self)
        other.place = place
        return other

    def narrowed_to(self, filters: Filters) -> Ask:
        """The same reads and disclosure control, for other filters (the same audience)."""
        other = copy.copy(self)
        other.filters = filters
        return other

    # --- reading ---------------------------------------------------------------------------

    def when(self, key: str, as_of: dt.date | None = None, period: Period | None = None) -> When:
        """When a measure is read for D and the period (the page's, unless given)."""
        return measures.when_of(key, as_of or self.filters.as_of, period or self.filters.period)

    def readings(
        self, key: str, whens: Sequence[When], scope: Scope, by: tuple[str, ...] = ()
    ) -> list[dict]:
        return self.read([key], whens, scope, by)[key]

    def read(
        self,
        keys: Sequence[str],
        whens: Sequence[When],
        scope: Scope = measures.TRUST_WIDE,
        by: tuple[str, ...] = (),
    ) -> dict[str, list[dict]]:
        """`measures.read`, remembered moment by moment for the whole view (and the places
        made from it): a measure read once at a moment is not read again when a chart, a
        trend, a headline or a target asks for it at that moment, and what is missing is
        read together (one statement per source)."""
        missing: dict[tuple[When, ...], list[str]] = {}
        for key in dict.fromkeys(keys):
            wanted = tuple(w for w in dict.fromkeys(whens) if (key, w, scope, by) not in self._read)
            if wanted:
                missing.setdefault(wanted, []).append(key)
        for wanted, unread in missing.items():
            for key, found in measures.read(self.conn, unread, wanted, scope, by).items():
                for when, cell in zip(wanted, found, strict=True):
                    self._read[(key, when, scope, by)] = cell
        return {key: [self._read[(key, w, scope, by)] for w in whens] for key in keys}

    def read_breakdowns(
        self, key: str, whens: Sequence[When], scope: Scope, bys: Sequence[tuple[str, ...]]
    ) -> None:
        """Read a measure by several breakdowns at once (a breakdown and its total, a grid and
        its sides) into what the view remembers: the source's rows are made once for all."""
        whens = list(dict.fromkeys(whens))
        missing = [by for by in bys if any((key, w, scope, by) not in self._read for w in whens)]
        if not missing:
            return
        for by, found in measures.read_breakdowns(self.conn, key, whens, missing, scope).items():
            for when, cell in zip(whens, found, strict=True):
                self._read[(key, when, scope, by)] = cell

    # --- figures ---------------------------------------------------------------------------

    def figure(
        self,
        key: str,
        where: str,
        *,
        when: When | None = None,
        scope: Scope | None = None,
        group: dict | None = None,
        reading: Reading | None = None,
        label: str | None = None,
    ) -> Figure:
        """One measure as the audience may see it (at the page's D, over its period and in
        its scope unless told otherwise)."""
        when = when or self.when(key)
        scope = self.filters.scope if scope is None else scope
        if reading is None:
            reading = self.readings(key, [when], scope)[0].get((), _empty_reading(key))
        shown = self.policy.shown(key, when, cell_of(scope, group), reading)
        value = shown.value
        m = r.measure(key)
        words = shown.text
        if value is None and words is None:  # not a figure here: say why, where there is a why
            words = r.no_figure_because(key, when, scope)
        return Figure(
            where=self.place or where,
            measure=key,
            label=label or self.label(key, when),
            unit=m.unit,
            value=value,
            shown=words or format_value(value, m.unit),
            as_of=when.as_of,
            start=when.start,
            end=when.end,
            directorate=scope.directorate,
            profession=scope.profession,
            group=tuple(sorted((group or {}).items())),
            controlled=shown.controlled,
            name=m.label,
            bounds=shown.bounds,
        )

    def label(self, key: str, when: When) -> str:
        """A measure's label, saying when it is measured if that is not the page's D or
        period."""
        label = r.measure(key).label
        if when.period is None:
            differs = when.as_of != self.filters.as_of
        else:  # over another period than the chosen one (funding counts whole years)
            differs = when.period != self.filters.period
        if differs:
            label += f" ({when_words(when.as_of, when.period)})"
        return label

    def series(
        self, key: str, whens: Sequence[When], where: str, scope: Scope | None = None
    ) -> tuple[Figure, ...]:
        """A measure at each of the moments (read in one statement)."""
        scope = self.filters.scope if scope is None else scope
        readings = self.readings(key, list(whens), scope)
        self.policy.prepare(key, whens)
        return tuple(
            self.figure(
                key,
                where,
                when=when,
                scope=scope,
                reading=found.get((), _empty_reading(key)),
                label=self.label(key, when),
            )
            for when, found in zip(whens, readings, strict=True)
        )

    def breakdown(
        self,
        key: str,
        by: str,
        where: str,
        *,
        when: When | None = None,
        scope: Scope | None = None,
        values: Sequence | None = None,
    ) -> Breakdown:
        """A measure by one dimension: every group on the trust's list or in the vocabulary
        (zeros included), and the total."""
        when = when or self.when(key)
        scope = self.filters.scope if scope is None else scope
        self.read_breakdowns(key, [when], scope, [(by,), ()])
        found = self.readings(key, [when], scope, (by,))[0]
        dimension = DIMENSIONS[by]
        if values is None:
            values = self._in_selection(by, scope)
        shown_values = (
            list(values)
            if values is not None
            else dimension.all_values(self.conn, [g[0] for g in found])
        )
        parts = tuple(
            Part(
                value,
                dimension.words(value),
                self.figure(
                    key,
                    where,
                    when=when,
                    scope=scope,
                    group={by: value},
                    reading=found.get((value,), _empty_reading(key)),
                ),
            )
            for value in shown_values
        )
        m = r.measure(key)
        return Breakdown(
            key,
            m.label,
            m.unit,
            by,
            dimension.label,
            parts,
            self.figure(key, where, when=when, scope=scope),
        )

    def _in_selection(self, by: str, scope: Scope) -> list | None:
        """The groups a breakdown narrowed to a directorate or profession shows: only those in
        the selection (the other directorates are not 0, they are not asked about)."""
        if by == "directorate" and scope.directorate:
            return [scope.directorate]
        if by == "profession" and scope.profession:
            return [scope.profession]
        if by == "directorate_type" and scope.directorate:
            kind = directorate_type(self.conn, scope.directorate)
            return [kind] if kind else None
        return None

    def grid(
        self,
        key: str,
        rows_by: str,
        columns_by: str,
        where: str,
        *,
        when: When | None = None,
        row_values: Sequence | None = None,
    ) -> Grid:
        """A measure by two dimensions (trust-wide), with its row, column and grand totals:
        every value on the trust's lists or in the vocabulary (or the rows given)."""
        when = when or self.when(key)
        scope = measures.TRUST_WIDE
        self.read_breakdowns(
            key, [when], scope, [(rows_by, columns_by), (rows_by,), (columns_by,), ()]
        )
        found = self.readings(key, [when], scope, (rows_by, columns_by))[0]
        rows = (
            list(row_values)
            if row_values is not None
            else DIMENSIONS[rows_by].all_values(self.conn, [g[0] for g in found])
        )
        columns = DIMENSIONS[columns_by].all_values(self.conn, [g[1] for g in found])
        by_row = self.readings(key, [when], scope, (rows_by,))[0]
        by_column = self.readings(key, [when], scope, (columns_by,))[0]
        empty = _empty_reading(key)

        def one(group, reading):
            return self.figure(key, where, when=when, scope=scope, group=group, reading=reading)

        m = r.measure(key)
        return Grid(
            key,
            m.label,
            m.unit,
            rows_by,
            columns_by,
            tuple((v, DIMENSIONS[rows_by].words(v)) for v in rows),
            tuple((v, DIMENSIONS[columns_by].words(v)) for v in columns),
            {
                (rv, cv): one({rows_by: rv, columns_by: cv}, found.get((rv, cv), empty))
                for rv in rows
                for cv in columns
            },
            {rv: one({rows_by: rv}, by_row.get((rv,), empty)) for rv in rows},
            {cv: one({columns_by: cv}, by_column.get((cv,), empty)) for cv in columns},
            self.figure(key, where, when=when, scope=scope),
        )

    def share_of_total(self, breakdown: Breakdown, where: str) -> tuple[Figure, ...]:
        """Each group's share of the breakdown's total, worked out from the figures as shown
        (so from controlled counts for a controlled audience). Measure key: share_of_<key>."""
        total = breakdown.total
        shares = []
        for part in breakdown.parts:
            figure = part.figure
            if figure.controlled or total.controlled:
                value = control_percentage(figure.value, total.value)
            elif figure.value is None or not total.value:
                value = None
            else:
                value = 100 * figure.value / total.value
            shares.append(
                dataclasses.replace(
                    figure,
                    where=self.place or where,
                    measure=f"share_of_{breakdown.measure}",
                    label=f"Share of {breakdown.label.lower()}",
                    name=f"Share of {breakdown.label.lower()}",
                    unit="percent",
                    value=value,
                    shown=format_value(value, "percent"),
                    controlled=figure.controlled or total.controlled,
                )
            )
        return tuple(shares)

    def per_person(
        self, key: str, where: str, money: Figure, people: Figure, group: dict
    ) -> Figure:
        """A part's money per person (a funding stream's cost per person supported, or per
        work preparation participant): worked out from the figures as shown, the money exact
        and the people as the audience sees them, so it tells nothing they do not. `key` is a
        ratio of money over people; no figure for part of a year (money is recorded by year)
        or where there is nobody to divide by."""
        m = r.measure(key)
        when = measures.when_of(key, money.as_of, Period(money.start, money.end))
        words = r.no_figure_because(key, when, measures.TRUST_WIDE)
        value = None
        if words is None and money.value is not None and people.value not in (None, 0):
            value = people.value if people.value == SUPPRESSED else money.value / people.value
        return Figure(
            where=self.place or where,
            measure=key,
            # the part's own, never to be read as the programme's whole figure
            label=f"{m.label}, from this {next(iter(group), 'part')}'s spending",
            unit=m.unit,
            value=value,
            shown=words or format_value(value, m.unit),
            as_of=when.as_of,
            start=when.start,
            end=when.end,
            directorate=None,
            profession=None,
            group=tuple(sorted(group.items())),
            controlled=self.audience.controlled,  # below trust level, whatever its parts
            name=m.label,
            bounds=(0, float("inf")),
        )

    def status(self, target, actual: Figure) -> Figure:
        """A target's status as the audience may see it. Beside a controlled actual it is read
        from what the actual lets a viewer know: shown only if it is the same whatever the
        true figure behind a rounded one (a `*`, or "near" beside 15 for a target of 14,
        would narrow what the figure hides), otherwise "not shown"."""
        status = target.status
        if actual.controlled:
            low, high = actual.bounds
            at_low = status_of(low, target.value, target.comparison, self.near_tolerance)
            at_high = status_of(high, target.value, target.comparison, self.near_tolerance)
            status = at_low if at_low == at_high and actual.value is not None else "not_shown"
            if actual.value is None:
                status = "no_data"
        shown = status_text(status, target.in_progress)
        if status == "not_shown":  # say why, in words (a rounded 15% beside a 15% floor)
            aim = target_value_words(target, r.measure(target.metric).unit)
            why = "not shown" if actual.withheld else "rounded"
            shown += f": the figure is {why} at this level, so it cannot show whether {aim} is met"
        return dataclasses.replace(
            actual,
            where=self.place or f"target:{target.target_id}",
            measure="target_status",
            label="Status",
            name="Status",
            unit=STATUS,
            value=status,
            shown=shown,
            group=(("target", target.target_id),),  # each target has a status of its own
        )

    @property
    def earliest_data_date(self) -> dt.date | None:
        """The first day of anything in the data, read once for the view."""
        if "earliest" not in self._facts:
            from ..dates import earliest_data_date

            self._facts["earliest"] = earliest_data_date(self.conn)
        return self._facts["earliest"]

    @property
    def near_tolerance(self) -> float:
        if self._near_tolerance is None:
            from .. import settings

            self._near_tolerance = float(settings.get(self.conn, "near_tolerance"))
        return self._near_tolerance


__all__ = ["Ask"]
