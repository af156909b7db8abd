"""Who is making a change, checked in the very transaction that writes it.

A dashboard page asks for a change in a callback, which runs before the app looks again at
who is signed in: the role the page was last drawn for may be gone by then (another lead
has just taken it away, or the sign-in has ended). So every change (an import, an undo, an
edit of the targets or the action plan, a check-in, a setting, a role, a chart's
recalculation point, an erasure) is written by a function that is told who is acting, not
which role they had, and that checks, inside its write transaction and before it writes or
logs anything, that this person holds the programme lead's role in the role mapping in
force at that moment (the roles saved in Settings, else the secrets file's `[roles]`).

Without sign-in (local mode, on this computer only) the person at this computer is the
programme lead, as is whoever runs the command line (they hold the database itself). Either
way, a session previewing another role with "View as" changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import access, events, settings
from . import schema as s

LOCAL_LEAD = "Programme lead (local mode, this computer)"


@dataclass(frozen=True)
class Acting:
    """Someone making a change: how the audit log names them and, when they are signed in,
    what the role mapping is looked up with (the name the sign-in service vouches for, their
    groups), the secrets file's `[roles]` as it is now, and their sign-in's record."""

    who: str  # as the audit log names them
    signed_in: bool = False  # False: the person at this computer (local mode, command line)
    name: str | None = None  # the name the sign-in service vouches for
    groups: tuple[str, ...] = ()
    secrets_roles: Mapping | None = None  # the secrets file's [roles], {role: [entries]}
    sign_in_key: str | None = None  # their sign-in's record (sign_in_sessions)
    viewing_as: str | None = None  # the role chosen in "View as", if any

    @classmethod
    def at_this_computer(cls, who: str, viewing_as: str | None = None) -> Acting:
        """The programme lead at this computer: local mode, or the command line."""
        return cls(who, viewing_as=viewing_as)


def of(who: str | Acting) -> Acting:
    """Who is acting: a plain name is someone at this computer with the database in hand (the
    command line, a script), who acts as the programme lead."""
    return who if isinstance(who, Acting) else Acting.at_this_computer(who)


VIEWING_AS_ANOTHER = (
    "You are viewing the dashboard as the {role}: nothing was changed. Switch “View as” back "
    "to the programme lead to make changes."
)
SIGN_IN_ENDED = "Your sign-in has ended: nothing was changed. Sign in again."
NOT_THE_LEAD = (
    "You are not the programme lead in the roles now in force (they may have been changed "
    "since this page was shown): nothing was changed."
)


def require_lead(conn: Connection, who: str | Acting) -> Acting:
    """Refuse (access.AccessDenied, saying why) unless the person acting is the programme lead
    now, as the database in this transaction says; returns who is acting. Call it inside the
    write transaction, before anything is written or logged."""
    acting = of(who)
    if acting.viewing_as not in (None, access.PROGRAMME_LEAD):
        role = access.ROLE_NAMES.get(acting.viewing_as, str(acting.viewing_as)).lower()
        _refuse(acting, VIEWING_AS_ANOTHER.format(role=role), f"viewing as the {role}")
    if not acting.signed_in:
        return acting
    if acting.sign_in_key is None or _sign_in_ended(conn, acting.sign_in_key):
        _refuse(acting, SIGN_IN_ENDED, "the sign-in has ended")
    mapping, _ = access.mapping_in_force(settings.get(conn, "role_mapping"), acting.secrets_roles)
    if mapping.role_for(acting.name, acting.groups) != access.PROGRAMME_LEAD:
        _refuse(acting, NOT_THE_LEAD, "not the programme lead in the roles in force")
    return acting


def _refuse(acting: Acting, message: str, why: str) -> None:
    """Refuse the change, and say so in the system log (a refusal the transaction's rollback
    does not take back)."""
    events.refused("change_refused", acting.who, why=why)
    raise access.AccessDenied(message)


def _sign_in_ended(conn: Connection, sign_in_key: str) -> bool:
    """Whether the sign-in's record says it has ended (signed out anywhere, idle, too old).
    A sign-in with no record yet (its first run found the database busy) is not ended: the
    session's own check before the change has looked at it."""
    table = s.sign_in_sessions
    ended = conn.execute(
        sa.select(table.c.ended_at).where(table.c.session_key == sign_in_key)
    ).first()
    return ended is not None and ended.ended_at is not None
