"""Undoing the newest import exactly (the rows it inserted removed, the rows it changed or
removed put back as they were, in one transaction), and the history of imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import audit, db
from . import contract as c
from . import schema as s
from .acting import Acting, require_lead
from .importer import WRITE_ORDER, row_from_json
from .validation import chunks


class NothingToUndo(Exception):
    """There is no import left to undo."""


@dataclass
class UndoResult:
    import_id: int
    file_names: str
    imported_at: dt.datetime
    restored: dict[str, dict[str, int]]
    changed_nothing: bool = False  # the import had changed nothing, so neither did its undo


class UndoMoved(NothingToUndo):
    """The import asked about is no longer the one an undo would reverse."""


UNDOABLE = ("imported", "no_changes")


def last_undoable_import(conn: Connection) -> dict | None:
    """The import an undo reverses: the newest one not yet undone, whether or not it changed
    anything (an import that changed nothing is undone too, changing nothing and saying so,
    so that an undo never skips past it to an earlier import). With its sheets' counts, and
    `first_in_force`: no earlier import is still in force, so undoing it takes away the
    data it brought (the bundled sample, or the first full load) and leaves none of theirs."""
    row = (
        conn.execute(
            sa.select(s.imports)
            .where(s.imports.c.status.in_(UNDOABLE))
            .order_by(s.imports.c.id.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    # undoing it leaves no import in force: the bundled sample or the first full load
    earlier = conn.execute(
        sa.select(sa.func.count())
        .select_from(s.imports)
        .where(s.imports.c.status.in_(UNDOABLE), s.imports.c.id < row["id"])
    ).scalar()
    sheets = {
        r["sheet"]: {k: r[k] for k in ("inserted", "updated", "unchanged", "deleted", "replaced")}
        for r in conn.execute(
            sa.select(s.import_sheets)
            .where(s.import_sheets.c.import_id == row["id"])
            .order_by(s.import_sheets.c.id)
        ).mappings()
    }
    return {**dict(row), "sheets": sheets, "first_in_force": not earlier}


def changes_words(sheets: dict) -> str:
    """What an import changed, in words, the sheets' rows named ("3 people and 3 posts added;
    2 support contacts changed"), or "nothing"."""
    parts = []
    for key, word in (("inserted", "added"), ("updated", "changed"), ("deleted", "removed")):
        said = [c.rows(name, counts[key]) for name, counts in sheets.items() if counts.get(key)]
        if said:
            listed = ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else said[0]
            parts.append(f"{listed} {word}")
    return "; ".join(parts) or "nothing"


def undo_last_import(
    engine: Engine, who: str | Acting = "command line", expected_id: int | None = None
) -> UndoResult:
    """Undo the newest import not yet undone: remove the rows it added, put back the rows it
    changed or removed as they were. The data are then exactly as before it. An import that
    changed nothing is marked undone and nothing else changes. With `expected_id` (the import
    the person was shown), nothing is done unless that is still the one to undo. Only the
    programme lead, as the database says when it is written (acting.require_lead)."""
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        last = last_undoable_import(conn)
        if last is None:
            raise NothingToUndo("there is no import to undo")
        if expected_id is not None and last["id"] != expected_id:
            raise UndoMoved(
                f"another import ({last['file_names']}) has been made or undone since: "
                "nothing was undone; look at the history again"
            )
        import_id = last["id"]
        restored: dict[str, dict[str, int]] = {}
        for name in (*s.EDITED_TABLES, *reversed(WRITE_ORDER)):
            table = s.UNDOABLE_TABLES[name]
            removed = conn.execute(sa.delete(table).where(table.c.import_id == import_id))
            if removed.rowcount:
                restored.setdefault(name, {})["removed"] = removed.rowcount
        logged = (
            conn.execute(
                sa.select(s.import_changes)
                .where(s.import_changes.c.import_id == import_id)
                .order_by(s.import_changes.c.id)
            )
            .mappings()
            .all()
        )
        for entry in logged:
            table = s.UNDOABLE_TABLES[entry["sheet"]]
            before = row_from_json(table, entry["before"])
            if entry["action"] == "updated":
                values = {k: v for k, v in before.items() if k != "id"}
                conn.execute(sa.update(table).where(table.c.id == entry["row_id"]).values(values))
                key = "restored"
            else:
                conn.execute(sa.insert(table).values(before))
                key = "put_back"
            counts = restored.setdefault(entry["sheet"], {})
            counts[key] = counts.get(key, 0) + 1
        conn.execute(sa.delete(s.import_changes).where(s.import_changes.c.import_id == import_id))
        when = db.now()
        conn.execute(
            sa.update(s.imports)
            .where(s.imports.c.id == import_id)
            .values(status="undone", undone_at=when, undone_by=who)
        )
        audit.log(
            conn,
            who,
            "undo",
            {"import_id": import_id, "file_names": last["file_names"], "restored": restored},
            when,
        )
    return UndoResult(
        import_id,
        last["file_names"],
        last["imported_at"],
        restored,
        changed_nothing=last["status"] == "no_changes",
    )


def import_history(conn: Connection, limit: int = 200) -> list[dict]:
    """Imports, newest first, each with its per-sheet counts."""
    imports = (
        conn.execute(sa.select(s.imports).order_by(s.imports.c.id.desc()).limit(limit))
        .mappings()
        .all()
    )
    ids = [row["id"] for row in imports]
    sheets: dict[int, dict] = {}
    for part in chunks(ids):
        for row in conn.execute(
            sa.select(s.import_sheets)
            .where(s.import_sheets.c.import_id.in_(part))
            .order_by(s.import_sheets.c.id)
        ).mappings():
            sheets.setdefault(row["import_id"], {})[row["sheet"]] = {
                k: row[k] for k in ("inserted", "updated", "unchanged", "deleted", "replaced")
            }
    return [{**dict(row), "sheets": sheets.get(row["id"], {})} for row in imports]
