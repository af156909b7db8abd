"""How kept figures are written down: as JSON, with the few kinds of value a figure's key or
value holds (dates, periods, tuples) tagged so that they read back as exactly what was
written (a tuple as a tuple, 2.0 as 2.0, a date as a date). Never pickle: what a database
holds is read as data, not run as code.

A moment is named by text: a day (2025-03-31), or a period seen on a day
(2024-04-01/2025-03-31@2025-03-31)."""

from __future__ import annotations

import datetime as dt
import functools
import json

from ..measures.moments import When
from ..periods import Period


def encoded(value):
    """A value as JSON-ready data, its kind kept."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"t": [encoded(v) for v in value]}
    if isinstance(value, Period):
        return {"p": [value.start.isoformat(), value.end.isoformat()]}
    if isinstance(value, When):
        return {"w": [value.as_of.isoformat(), encoded(value.period)]}
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return {"d": value.isoformat()}
    raise TypeError(f"a kept figure cannot hold {type(value).__name__}")


def decoded(data):
    """The value `encoded` was given."""
    return json.loads(dumps(data), object_hook=_tagged)


def _tagged(data: dict):
    """One tagged value, its insides already read (the JSON reader calls this for each
    object, innermost first)."""
    if len(data) == 1:
        ((kind, inner),) = data.items()
        if kind == "t":
            return tuple(inner)
        if kind == "p":
            return _period(inner[0], inner[1])
        if kind == "w":
            return When(_day(inner[0]), inner[1])
        if kind == "d":
            return _day(inner)
    raise ValueError(f"a kept figure holds an unknown kind of value ({', '.join(data)})")


@functools.lru_cache(maxsize=4096)
def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@functools.lru_cache(maxsize=4096)
def _period(first: str, last: str) -> Period:
    return Period(_day(first), _day(last))


def dumps(data) -> str:
    return json.dumps(data, separators=(",", ":"), allow_nan=False)


# --- a breakdown's figures: [[group, value], ...] ------------------------------------------


def groups_text(cell: dict) -> str:
    return dumps([[encoded(group), encoded(value)] for group, value in cell.items()])


def groups_from(text: str) -> dict:
    return dict(json.loads(text, object_hook=_tagged))


# --- a controlled table's figures: {(moment, cell): shown} and the table's own marks ---------


def table_text(table: dict) -> str:
    """A controlled table written compactly: each moment and each cell once, then each figure
    as [moment's number, cell's number, value]; any other entry (a count that would give a
    figure away, a net change, the leavers) as [entry, value]."""
    moments: dict = {}
    cells: dict = {}
    figures, marks = [], []
    for node, value in table.items():
        if _is_figure(node):
            t, cell = node
            figures.append(
                [
                    moments.setdefault(t, len(moments)),
                    cells.setdefault(cell, len(cells)),
                    encoded(value),
                ]
            )
        else:
            marks.append([encoded(node), encoded(value)])
    # one list, so that the reader reads every tagged value as it goes (`_tagged`)
    return dumps([[encoded(t) for t in moments], [encoded(c) for c in cells], figures, marks])


def _is_figure(node) -> bool:
    return (
        isinstance(node, tuple)
        and len(node) == 2
        and not isinstance(node[0], str)
        and isinstance(node[1], tuple)
    )


def table_from(text: str) -> dict:
    """The table `table_text` wrote."""
    moments, cells, figures, marks = json.loads(text, object_hook=_tagged)
    table = {(moments[m], cells[c]): value for m, c, value in figures}
    table.update((node, value) for node, value in marks)
    return table


# --- moments -----------------------------------------------------------------------------------


def moment_name(when: When) -> str:
    """The text naming a moment a figure is read at: a day, or a period seen on a day (always
    with its day, though most sources' figures over a period do not depend on it)."""
    if when.period is None:
        return when.as_of.isoformat()
    period = f"{when.period.start.isoformat()}/{when.period.end.isoformat()}"
    return f"{period}@{when.as_of.isoformat()}"


def moment_of(name: str) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    """(D, S, E) of a moment's name: D is None for a period alone, S and E for a day."""
    period, _, day = name.partition("@")
    if "/" not in period:
        return dt.date.fromisoformat(period), None, None
    first, last = (dt.date.fromisoformat(part) for part in period.split("/"))
    return (dt.date.fromisoformat(day) if day else None), first, last
