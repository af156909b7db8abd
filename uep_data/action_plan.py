"""The steering group's action plan: what is being done about each target, by whom, by when."""

from __future__ import annotations

import datetime as dt

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


OPEN = ("not_started", "in_progress")  # an action still to be done (not done, not dropped)


def is_overdue(action: dict, as_of: dt.date) -> bool:
    """An action is overdue on D when its due date is before D and it is still open."""
    due = action.get("due_date")
    return due is not None and due < as_of and (action.get("status") or "not_started") in OPEN
