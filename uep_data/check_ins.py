"""Check-ins: at each meeting, for each target, the programme lead's short narrative (what the
figure says, why, what is being done and by when). Shown beside the target on Targets, on its
meeting screen and in the board pack, with the earlier check-ins below it.

A check-in is the lead's own words, not data about people, so the steering group and the
board see it (as text, never as markup). It is written like an edit of the targets: an
`imports` row whose id is on the row, the row before a change kept for the undo, and an
entry in the audit log; so "undo the last import" takes back the last check-in too."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from . import audit, db, importer
from . import schema as s
from .acting import Acting, require_lead
from .periods import format_date

TEXT_LENGTH = 600  # characters in each part: a check-in is short
SHEET = "target_check_ins"  # its name in the import history and the undo copies


@dataclass(frozen=True)
class CheckIn:
    target_id: str
    meeting_date: dt.date
    figure_says: str
    why: str
    being_done: str
    by_when: dt.date | None
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def heading(self) -> str:
        return f"Check-in of {format_date(self.meeting_date)}"

    @property
    def parts(self) -> tuple[tuple[str, str], ...]:
        """Each part in words, as it is shown: (what it is, the lead's words)."""
        found = [("What the figure says", self.figure_says)]
        if self.why:
            found.append(("Why", self.why))
        found.append(("What is being done", self.being_done))
        if self.by_when is not None:
            found.append(("By when", format_date(self.by_when)))
        return tuple(found)

    @property
    def text(self) -> str:
        """The check-in as one paragraph (for a table cell or a line of the pack)."""
        return " ".join(f"{what}: {words.rstrip('.')}." for what, words in self.parts)


def _row_to_check_in(row) -> CheckIn:
    return CheckIn(
        row["target_id"],
        row["meeting_date"],
        row["figure_says"],
        row["why"],
        row["being_done"],
        row["by_when"],
        row["recorded_by"],
        row["recorded_at"],
    )


def by_target(conn: Connection) -> dict[str, tuple[CheckIn, ...]]:
    """Every target's check-ins, the latest meeting first."""
    t = s.target_check_ins
    found: dict[str, list[CheckIn]] = {}
    for row in conn.execute(
        sa.select(t).order_by(t.c.target_id, t.c.meeting_date.desc())
    ).mappings():
        found.setdefault(row["target_id"], []).append(_row_to_check_in(row))
    return {target_id: tuple(items) for target_id, items in found.items()}


def problems_with(
    target_known: bool,
    meeting_date,
    figure_says: str,
    why: str,
    being_done: str,
    by_when,
) -> list[str]:
    """What is wrong with a check-in, in plain words (empty when it can be saved)."""
    found = []
    if not target_known:
        found.append("Choose one of the targets in use.")
    if not isinstance(meeting_date, dt.date):
        found.append("Give the date of the meeting.")
    if not (figure_says or "").strip():
        found.append("Say what the figure says.")
    if not (being_done or "").strip():
        found.append("Say what is being done about it.")
    for what, words in (
        ("What the figure says", figure_says),
        ("Why", why),
        ("What is being done", being_done),
    ):
        if len((words or "").strip()) > TEXT_LENGTH:
            found.append(
                f"{what}: keep it under {TEXT_LENGTH} characters (it has "
                f"{len(words.strip())}); the detail belongs in the papers."
            )
    if by_when is not None and not isinstance(by_when, dt.date):
        found.append("By when: give a date, or leave it empty.")
    elif (
        isinstance(by_when, dt.date)
        and isinstance(meeting_date, dt.date)
        and by_when < meeting_date
    ):
        found.append(
            f"By when ({format_date(by_when)}) is before the meeting "
            f"({format_date(meeting_date)}): give a date on or after it."
        )
    return found


@dataclass(frozen=True)
class Saved:
    problems: tuple[str, ...] = ()
    change: str | None = None  # "added", "changed", or None when nothing changed

    @property
    def ok(self) -> bool:
        return not self.problems


def record(
    engine: Engine,
    target_id: str,
    meeting_date: dt.date,
    figure_says: str,
    why: str,
    being_done: str,
    by_when: dt.date | None,
    who: str | Acting,
) -> Saved:
    """Save the lead's check-in on a target for a meeting (a second one for the same meeting
    replaces the first). Nothing is written if anything is wrong, or if nothing changed;
    otherwise it is logged and can be undone like an import. Only the programme lead, as the
    database says when it is written (acting.require_lead: access.AccessDenied)."""
    values = {
        "figure_says": (figure_says or "").strip(),
        "why": (why or "").strip(),
        "being_done": (being_done or "").strip(),
        "by_when": by_when,
    }
    t = s.target_check_ins
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        known = conn.execute(
            sa.select(s.targets.c.target_id).where(
                s.targets.c.target_id == target_id, s.targets.c.retired.is_(False)
            )
        ).first()
        problems = problems_with(
            known is not None, meeting_date, figure_says, why, being_done, by_when
        )
        if problems:
            return Saved(tuple(problems))
        stored = (
            conn.execute(
                sa.select(t).where(t.c.target_id == target_id, t.c.meeting_date == meeting_date)
            )
            .mappings()
            .first()
        )
        if stored is not None and all(stored[k] == v for k, v in values.items()):
            return Saved()
        when = db.now()
        what = f"check-in on {target_id} for the meeting of {format_date(meeting_date)}"
        fingerprint = json.dumps([target_id, meeting_date.isoformat(), values], default=str)
        import_id = importer.new_import_record(
            conn, when, who, what, hashlib.sha256(fingerprint.encode()).hexdigest()
        )
        written = {**values, "recorded_at": when, "recorded_by": who}
        if stored is None:
            conn.execute(
                sa.insert(t).values(
                    import_id=import_id, target_id=target_id, meeting_date=meeting_date, **written
                )
            )
            change = "added"
        else:
            before = {
                k: (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
                for k, v in dict(stored).items()
            }
            conn.execute(
                sa.insert(s.import_changes).values(
                    import_id=import_id,
                    sheet=SHEET,
                    row_id=stored["id"],
                    action="updated",
                    person_id=None,
                    before=before,
                )
            )
            conn.execute(sa.update(t).where(t.c.id == stored["id"]).values(**written))
            change = "changed"
        conn.execute(
            sa.insert(s.import_sheets).values(
                import_id=import_id,
                sheet=SHEET,
                replaced=False,
                inserted=int(change == "added"),
                updated=int(change == "changed"),
                unchanged=0,
                deleted=0,
            )
        )
        audit.log(
            conn,
            who,
            "check_in",
            {
                "import_id": import_id,
                "target_id": target_id,
                "meeting_date": meeting_date.isoformat(),
                "change": change,
            },
            when,
        )
    return Saved(change=change)


__all__ = ["CheckIn", "Saved", "TEXT_LENGTH", "by_target", "problems_with", "record"]
