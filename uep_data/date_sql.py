"""Date arithmetic in SQL that reads the same on SQLite and PostgreSQL.

SQLite keeps dates as ISO text and has julianday()/date(); PostgreSQL has a date type where
date - date is a number of days. Each construct here compiles to the right form for both.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class days_between(FunctionElement):
    """Whole days from `earlier` to `later` (later - earlier)."""

    type = sa.Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_pg(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return f"({compiler.process(later, **kw)} - {compiler.process(earlier, **kw)})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    later, earlier = list(element.clauses)
    return (
        f"CAST(julianday({compiler.process(later, **kw)}) - "
        f"julianday({compiler.process(earlier, **kw)}) AS INTEGER)"
    )


class add_days(FunctionElement):
    """The date `days` days after `day` (days may be negative); days must be a literal int."""

    type = sa.Date()
    inherit_cache = True
    name = "add_days"


@compiles(add_days)
def _add_days_pg(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} + {compiler.process(days, **kw)})"


@compiles(add_days, "sqlite")
def _add_days_sqlite(element, compiler, **kw):
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, ({compiler.process(days, **kw)}) || ' days')"


class year_month(FunctionElement):
    """The month of a date as 'YYYY-MM' text (for grouping by month)."""

    type = sa.String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month)
def _year_month_pg(element, compiler, **kw):
    (day,) = list(element.clauses)
    return f"to_char({compiler.process(day, **kw)}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _year_month_sqlite(element, compiler, **kw):
    (day,) = list(element.clauses)
    return f"substr({compiler.process(day, **kw)}, 1, 7)"
