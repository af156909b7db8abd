"""The audit log (docs/who-sees-what.md, "Records kept"): who imported which file, who undid an
import, who changed a target, a setting or a role, who exported what, who erased a person,
who signed in and out and in which role; with times. Every change goes through `log`; the
log never holds a person's code."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import db, events
from . import schema as s
from .access import ROLE_NAMES
from .kept import forget
from .uk_time import uk_day_starts

ACTIONS = {
    "import": "Import",
    "undo": "Undo of an import",
    "targets_edit": "Targets or actions changed",
    "check_in": "Target check-in recorded",
    "setting": "Setting changed",
    "export": "Export",
    "erasure": "Person erased",
    "recalculation": "Chart recalculation changed",
    "backup": "Backup made",
    "restore": "Database restored from a backup",
    "sign_in": "Signed in",
    "sign_out": "Signed out",
}
# Entries that change neither the data nor the settings: the dashboard's caches stay
NOT_CHANGES = ("export", "sign_in", "sign_out")
# Entries that change the rows the measures count: the kept readings go with them
# (kept/forget.py); targets, actions, check-ins, settings and recalculations are counted by no
# measure (a test holds every source to the tables it reads)
DATA_CHANGES = ("import", "undo", "erasure", "restore")


def log(
    conn: Connection,
    who: str,
    action: str,
    details: dict,
    when: dt.datetime | None = None,
    *,
    above_id: int | None = None,
) -> int:
    """Record one change, inside the caller's transaction (so it is kept only if the change
    is); returns the entry's number. `above_id`: the number is made higher than this (so
    that after a restore the dashboard's data version still moves on). A change to the data
    removes the kept readings in the same transaction: they are counted again from the rows
    as they are now by the next view that asks (kept/store.py)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action}")
    if action in DATA_CHANGES:
        forget.every_reading(conn)
    values = {"at": when or db.now(), "who": who, "action": action, "details": details}
    if above_id is not None:
        latest = conn.execute(sa.select(sa.func.max(s.audit_log.c.id))).scalar() or 0
        values["id"] = max(latest, above_id) + 1
    entry = conn.execute(sa.insert(s.audit_log).values(**values)).inserted_primary_key[0]
    events.report_on_commit(conn, action, who, entry=entry, **system_log_facts(action, details))
    return entry


def system_log_facts(action: str, details: dict) -> dict:
    """What the system log says of an entry (events.py): counts, numbers, and the names of
    sheets, settings and series; never a file's name, a value, a code or a person's words."""
    d = details or {}
    if action == "import":
        sheets = d.get("sheets", {})
        totals = {
            count: sum(c.get(count, 0) for c in sheets.values())
            for count in ("inserted", "updated", "deleted")
        }
        return {"import_id": d.get("import_id"), **totals, "sheets": ", ".join(sheets)}
    if action == "undo":
        return {"import_id": d.get("import_id")}
    if action == "targets_edit":
        kept = ("import_id", "sheet", "inserted", "updated")
        return {key: d.get(key) for key in kept}
    if action == "check_in":
        return {key: d.get(key) for key in ("import_id", "target_id", "meeting_date", "change")}
    if action == "setting":
        return {"setting": d.get("key")}  # not its value: a role mapping names staff
    if action == "export":
        return {"what": d.get("what"), "audience": d.get("audience")}
    if action == "erasure":
        return {"rows": d.get("rows", 0), "sheets": ", ".join(d.get("sheets", []))}
    if action == "recalculation":
        return {key: d.get(key) for key in ("change", "series", "month")}
    if action in ("backup", "restore"):
        kept = ("file", "erasures_made_again", "erasures_undone")
        return {key: d.get(key) for key in kept}
    if action in ("sign_in", "sign_out"):
        return {"role": d.get("role"), "sign_ins_ended": d.get("sign_ins_ended")}
    return {}


def entries(
    conn: Connection,
    *,
    action: str | None = None,
    who: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 1000,
) -> list[dict]:
    """The log, newest first, filtered by action, by who (part of the name), and by dates
    (days on UK clocks, as the log's times are shown)."""
    a = s.audit_log
    query = sa.select(a).order_by(a.c.id.desc()).limit(limit)
    if action:
        query = query.where(a.c.action == action)
    if who:
        query = query.where(sa.func.lower(a.c.who).contains(who.lower()))
    if since:
        query = query.where(a.c.at >= uk_day_starts(since))
    if until:
        query = query.where(a.c.at < uk_day_starts(until + dt.timedelta(days=1)))
    return [dict(row) for row in conn.execute(query).mappings()]


def people_acting(conn: Connection) -> list[str]:
    return [
        w
        for (w,) in conn.execute(
            sa.select(s.audit_log.c.who).distinct().order_by(s.audit_log.c.who)
        )
    ]


def describe(entry: dict) -> str:
    """One line in plain words for the audit page."""
    d = entry["details"] or {}
    action = entry["action"]
    if action == "import":
        sheets = d.get("sheets", {})
        counts = ", ".join(
            f"{name} +{c['inserted']} ~{c['updated']}"
            + (f" -{c['deleted']}" if c.get("deleted") else "")
            for name, c in sheets.items()
        )
        return f"{d.get('file_names', '')} (import {d.get('import_id')}): {counts}"
    if action == "undo":
        return f"Undid import {d.get('import_id')} ({d.get('file_names', '')})"
    if action == "setting":
        return f"{d.get('key')}: {d.get('before')!r} → {d.get('after')!r}"
    if action == "targets_edit":
        return (
            f"{d.get('sheet')}: {d.get('inserted', 0)} added, {d.get('updated', 0)} "
            f"changed (import {d.get('import_id')})"
        )
    if action == "check_in":
        return (
            f"Check-in on target {d.get('target_id')} for the meeting of "
            f"{_date_words(d.get('meeting_date'))} {d.get('change', 'added')} "
            f"(import {d.get('import_id')})"
        )
    if action == "export":
        return f"{d.get('what')} ({d.get('audience', '')})"
    if action == "recalculation":
        month = d.get("month", "")
        return (
            f"{'Added' if d.get('change') == 'added' else 'Removed'}: {d.get('series')} "
            f"starts again in {month[:7]} ({d.get('reason', '')})"
        )
    if action == "erasure":
        return f"A person's records erased: {d.get('rows', 0)} rows"
    if action == "backup":
        return f"Backup written to {d.get('file', '')}"
    if action in ("sign_in", "sign_out"):
        role = d.get("role")
        words = f"as {ROLE_NAMES[role]}" if role in ROLE_NAMES else "with no role"
        if action == "sign_in":
            return f"Signed in {words}"
        ended = d.get("sign_ins_ended", 0)
        return f"Signed out {words}: {ended} open sign-in{'s' if ended != 1 else ''} ended"
    if action == "restore":
        kept = d.get("replaced_kept_in")
        again, undone = d.get("erasures_made_again", 0), d.get("erasures_undone", 0)
        return (
            f"Restored from {d.get('file', '')}"
            + (f" (the data it replaced kept in {kept})" if kept else "")
            + (f"; {_erasures(again)} made since the backup made again" if again else "")
            + (
                f"; {_erasures(undone)} made since the backup undone, as confirmed"
                if undone
                else ""
            )
        )
    return str(d)


def _erasures(n: int) -> str:
    return f"{n} erasure{'s' if n != 1 else ''}"


def _date_words(iso) -> str:
    from .periods import format_date

    try:
        return format_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


def data_version(conn: Connection) -> int:
    """A number that changes whenever the data or settings change (every change is audited;
    exports, sign-ins and sign-outs are logged too but change nothing): the dashboard's
    caches are keyed on it."""
    a = s.audit_log
    return int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(a.c.id), 0)).where(
                a.c.action.not_in(NOT_CHANGES)
            )
        ).scalar()
    )
