"""The trust's lists that coverage is measured against: its directorates and professions as
uploaded, or the built-in lists while none have been uploaded."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import contract as c
from .. import schema as s


def _literal_rows(columns: list[tuple[str, sa.types.TypeEngine]], rows) -> sa.Subquery:
    selects = [
        sa.select(
            *(sa.literal(value, type_).label(name) for (name, type_), value in zip(columns, row))
        )
        for row in rows
    ]
    return sa.union_all(*selects).subquery()


def directorate_list(conn: Connection) -> sa.FromClause:
    """The trust's directorates (directorate, directorate_type)."""
    if conn.execute(sa.select(sa.func.count()).select_from(s.directorates)).scalar():
        return sa.select(s.directorates.c.directorate, s.directorates.c.directorate_type).subquery()
    return _literal_rows(
        [("directorate", sa.Text()), ("directorate_type", sa.String())], c.BUILT_IN_DIRECTORATES
    )


def profession_list(conn: Connection) -> sa.FromClause:
    """The trust's professions (profession, clinical, professionally_qualified)."""
    if conn.execute(sa.select(sa.func.count()).select_from(s.professions)).scalar():
        return sa.select(
            s.professions.c.profession,
            s.professions.c.clinical,
            s.professions.c.professionally_qualified,
        ).subquery()
    return _literal_rows(
        [
            ("profession", sa.Text()),
            ("clinical", sa.Boolean()),
            ("professionally_qualified", sa.Boolean()),
        ],
        c.BUILT_IN_PROFESSIONS,
    )


def names(conn: Connection, dimension: str) -> list[str]:
    """The names on the trust's list of directorates or professions, in alphabetical order."""
    table = directorate_list(conn) if dimension == "directorate" else profession_list(conn)
    return [
        name for (name,) in conn.execute(sa.select(table.c[dimension]).order_by(table.c[dimension]))
    ]


def directorate_type(conn: Connection, directorate: str) -> str | None:
    """The type of a directorate on the trust's list (None if it is not on the list)."""
    table = directorate_list(conn)
    return conn.execute(
        sa.select(table.c.directorate_type).where(table.c.directorate == directorate)
    ).scalar()
