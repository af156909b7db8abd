"""Settings the programme lead can change (kept in the database, each change logged)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import db
from . import schema as s

DEFAULTS: dict[str, object] = {
    # a target not met but within this fraction of its value is "near"
    "near_tolerance": 0.10,
    # NHS Digital's rule below trust level: 1..suppress_up_to shown as *, others rounded
    "suppress_up_to": 7,
    "round_to": 5,
    # who has which role when sign-in is on: {role: [emails, @domains, group:names]}
    "role_mapping": {},
}


def get(conn: Connection, key: str):
    """The setting's value, or its default."""
    stored = conn.execute(sa.select(s.settings.c.value).where(s.settings.c.key == key)).first()
    return DEFAULTS[key] if stored is None else stored[0]


def put(conn: Connection, key: str, value, who: str) -> None:
    """Change a setting (inside the caller's write transaction) and log who changed it."""
    if key not in DEFAULTS:
        raise KeyError(f"unknown setting {key}")
    before = get(conn, key)
    when = db.now()
    updated = conn.execute(
        sa.update(s.settings)
        .where(s.settings.c.key == key)
        .values(value=value, changed_at=when, changed_by=who)
    )
    if not updated.rowcount:
        conn.execute(
            sa.insert(s.settings).values(key=key, value=value, changed_at=when, changed_by=who)
        )
    conn.execute(
        sa.insert(s.audit_log).values(
            at=when,
            who=who,
            action="setting",
            details={"key": key, "before": before, "after": value},
        )
    )
