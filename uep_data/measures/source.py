"""What a measure counts from: a source of rows (people in post on a day, posts started in a
period, support contacts...), one row per thing counted, with the attributes a figure can be
narrowed or broken down by. Each source is one SQL function, written once in its family's
module; the measures of the registry count, sum or take the median of its rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .moments import When

# rows(conn, moments, whens, needed) -> a selectable with a column `n` (which moment the row
# belongs to) and at least the `needed` columns
RowsFunction = Callable[[Connection, sa.FromClause, Sequence[When], frozenset[str]], sa.FromClause]


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # moments.POINT or moments.PERIOD
    rows: RowsFunction
    columns: frozenset[str]  # what each row carries besides n (dimensions, flags, values)
    # a source whose SQL takes D as a literal answers one moment per statement
    one_moment_at_a_time: bool = False
    # scope parts that do not change what is counted (the list of directorates is the same
    # whichever profession is chosen)
    unaffected_by: frozenset[str] = frozenset()
    # what is counted over a period depends on D as well (posts at least 13 weeks old on D),
    # so a period's figure is not the sum of its months'
    uses_as_of: bool = False
    # rows read straight from one table's index: a figure by several breakdowns reads them
    # again for each (cheaper than keeping them); other sources' rows are made once for all
    cheap_to_read_again: bool = False

    @property
    def scope_columns(self) -> frozenset[str]:
        """How a figure from this source can be narrowed: by directorate and/or profession."""
        return self.columns & {"directorate", "profession"}


def dated_in_period(moments, table, dated, *columns, name: str) -> sa.Subquery:
    """The rows of `table` whose date (`dated`, a column or an expression over the table's
    row) falls in each moment's period, with the moment's number `n` and the columns asked
    for: the shape of most period sources."""
    return (
        sa.select(moments.c.n, *columns)
        .select_from(moments.join(table, dated.between(moments.c.first, moments.c.last)))
        .subquery(name)
    )
