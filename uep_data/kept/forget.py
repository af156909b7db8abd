"""Forgetting kept figures when the rows behind them change: every change to the data
(`audit.log`) and every schema upgrade removes the kept readings in its own transaction, so
that no kept reading outlives the rows it was counted from. Kept apart from store.py so that
the audit log and the database's upgrade need nothing of the measures."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import schema as s


def every_reading(conn: Connection) -> int:
    """Remove every kept reading, inside the caller's transaction: the number removed."""
    return conn.execute(sa.delete(s.kept_readings)).rowcount or 0


def readings_and_definitions(conn: Connection) -> None:
    """No kept readings, and no definitions they were counted by (a schema upgrade, a
    repair)."""
    conn.execute(sa.delete(s.kept_readings))
    conn.execute(sa.delete(s.kept_state))
