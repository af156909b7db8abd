"""A figure as a page shows it: what it measures, when and where, its value as the audience
may see it and the exact text on screen. Page views return their figures in typed results;
`figures_in` walks any result and `record` writes a figure as `python -m uep_data page` prints
it (docs/page-figures.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .disclosure import NOT_SHOWN, SUPPRESSED
from .formatting import when_words
from .periods import Period

STATUS = "status"  # the unit of a target's status


@dataclass(frozen=True)
class Figure:
    where: str  # headline, table:NAME, chart:NAME, target:ID, screen:N, pack:SECTION
    measure: str  # a measure's key (or another stable key, see README)
    label: str  # the words on screen for it
    unit: str  # people, events, percent, days, pounds, directorates, professions, status
    value: object  # as the audience sees it: a number, "*", a status, or None for no data
    shown: str  # the text on screen, exactly
    as_of: dt.date | None
    start: dt.date | None  # the period it covers (None for a point-in-time figure)
    end: dt.date | None
    directorate: str | None = None
    profession: str | None = None
    group: tuple[tuple[str, object], ...] = ()  # its breakdown cell
    controlled: bool = False  # disclosure control was applied to it
    name: str = ""  # the measure's own label (without saying when or where)
    # what a viewer can tell of the true value from what is shown (for a status beside it)
    bounds: tuple[float, float] = (0, float("inf"))

    @property
    def suppressed(self) -> bool:
        return self.value == SUPPRESSED

    @property
    def withheld(self) -> bool:
        """Hidden so that another figure cannot be worked out: it says nothing of its number."""
        return self.shown == NOT_SHOWN

    @property
    def number(self) -> float | None:
        """The value when it is a number (for charts); None when suppressed or no data."""
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            return None
        return self.value

    @property
    def when_words(self) -> str:
        """When it is measured, in words: "on 31 Mar 2004" or its period."""
        period = None if self.start is None else Period(self.start, self.end)
        return when_words(self.as_of, period)

    def record(self) -> dict:
        """The figure as docs/page-figures.md writes it."""
        return {
            "where": self.where,
            "measure": self.measure,
            "label": self.label,
            "unit": self.unit,
            "value": self.value,
            "shown": self.shown,
            "as_of": self.as_of,
            "from": self.start,
            "to": self.end,
            "directorate": self.directorate,
            "profession": self.profession,
            "group": dict(self.group) or None,
        }


def figures_in(result) -> Iterator[Figure]:
    """Every figure in a page view's result, in the order the page shows them (each once)."""
    seen: set[int] = set()

    def walk(item):
        if isinstance(item, Figure):
            if id(item) not in seen:
                seen.add(id(item))
                yield item
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                yield from walk(getattr(item, f.name))
        elif isinstance(item, dict):
            for value in item.values():
                yield from walk(value)
        elif isinstance(item, (list, tuple)):
            for value in item:
                yield from walk(value)

    yield from walk(result)
