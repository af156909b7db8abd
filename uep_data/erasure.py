"""Erasing a person (the right to erasure): every row about them, on every sheet, and in the
copies an undo keeps; logged without their code."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import access, audit, db
from . import contract as c
from . import schema as s


@dataclass(frozen=True)
class Erasure:
    rows: dict[str, int]  # sheet -> rows removed

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def rows_about(engine: Engine, person_id: str) -> dict[str, int]:
    """How many rows each sheet holds about the person (what an erasure would remove)."""
    with db.reading(engine) as conn:
        found = {}
        for name in ("people",) + c.PERSON_SHEETS:
            table = s.DATA_TABLES[name]
            n = conn.execute(
                sa.select(sa.func.count()).select_from(table).where(table.c.person_id == person_id)
            ).scalar()
            if n:
                found[name] = int(n)
        return found


def erase_person(engine: Engine, person_id: str, who: str, role: str) -> Erasure:
    """Remove every row about the person, including the before-copies kept to undo imports.
    The audit log records that an erasure happened, by whom and how many rows, never the
    person's code. Only the programme lead may erase."""
    access.require_lead(role)
    person_id = person_id.strip()
    removed: dict[str, int] = {}
    with db.writing(engine) as conn:
        for name in c.PERSON_SHEETS + ("people",):
            table = s.DATA_TABLES[name]
            result = conn.execute(sa.delete(table).where(table.c.person_id == person_id))
            if result.rowcount:
                removed[name] = result.rowcount
        kept = conn.execute(
            sa.delete(s.import_changes).where(s.import_changes.c.person_id == person_id)
        )
        if kept.rowcount:
            removed["undo copies"] = kept.rowcount
        audit.log(conn, who, "erasure", {"rows": sum(removed.values()), "sheets": sorted(removed)})
    return Erasure(removed)
