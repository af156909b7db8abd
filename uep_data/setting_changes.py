"""The programme lead changing a setting: the value checked, the change written and logged
only while the person is the programme lead (acting.require_lead), and a pattern for person
codes refused if codes already stored would not fit it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import db, settings
from . import schema as s
from .acting import require_lead
from .person_codes import CodeRule


def _codes_not_fitting(conn: Connection, rule: CodeRule, shown: int = 5) -> str | None:
    """Stored person codes a new pattern would refuse (their next upload would fail)."""
    misfits, total = [], 0
    for (code,) in conn.execute(sa.select(s.people.c.person_id).order_by(s.people.c.person_id)):
        if not rule.compiled.fullmatch(code):
            total += 1
            if len(misfits) < shown:
                misfits.append(code)
    if not total:
        return None
    return (
        f"{total} person code{'s' if total != 1 else ''} already stored would not fit it "
        f"({', '.join(misfits)}{', ...' if total > shown else ''}): write the pattern so that "
        "it fits the codes you already use"
    )


def change(engine, key: str, value, who) -> str | None:
    """Change a setting if the value is good; returns what is wrong, or None once saved (and
    logged). `who` (a name at this computer, or acting.Acting) must be the programme lead
    when it is written: else access.AccessDenied, and nothing is written."""
    problem = settings.problem_with(key, value)
    if problem:
        return problem
    with db.writing(engine) as conn:
        who = require_lead(conn, who).who
        if key == "person_code":
            problem = _codes_not_fitting(conn, CodeRule.from_setting(value))
            if problem:
                return problem
        settings.put(conn, key, value, who)
    return None
