"""The steering group's action plan: what is being done about each target, by whom, by when."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import schema as s


def actions_by_target(conn: Connection) -> dict[str | None, list[dict]]:
    """The action plan, grouped by the target each action serves, soonest due first."""
    rows = conn.execute(
        sa.select(s.actions).order_by(s.actions.c.due_date, s.actions.c.action_id)
    ).mappings()
    grouped: dict[str | None, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["target_id"], []).append(dict(row))
    return grouped
