"""Settings the programme lead can change (kept in the database, each change logged)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import audit, db
from . import schema as s
from .disclosure import Rules
from .measures.registry import measure
from .person_codes import DEFAULT_RULE, CodeRule, problem_with_rule

DEFAULTS: dict[str, object] = {
    # a target not met but within this fraction of its value is "near"
    "near_tolerance": 0.10,
    # NHS Digital's rule below trust level: 1..suppress_up_to shown as *, others rounded
    "suppress_up_to": 7,
    "round_to": 5,
    # who has which role when sign-in is on: {role: [emails, @domains, group:names]}
    "role_mapping": {},
    # Making Data Count charts: points in a row that make a shift, and a trend
    "spc_shift_length": 6,
    "spc_trend_length": 6,
    # how the programme's person codes are written: {"pattern": regex, "description": words}
    "person_code": DEFAULT_RULE.as_setting(),
    # with sign-in on: a sign-in ends after this many minutes with nothing done in it, and
    # this many hours after signing in whatever is done (README, "Sign-in")
    "session_idle_minutes": 30,
    "session_absolute_hours": 8,
    # the meeting's screens the programme lead shows, in the order shown
    "meeting_screens": [
        "attention",
        "in_employment",
        "spc",
        "spc_summary",
        "heading",
        "targets",
        "coverage",
        "recruitment",
        "danger_points",
        "funding",
        "changes",
    ],
}
# every screen meeting mode can show, by its name in the setting
MEETING_SCREENS = {
    "attention": "What needs attention",
    "in_employment": measure("in_employment").label,
    "spc": f"{measure('in_employment').label}, month by month",
    "spc_summary": "Making Data Count summary",
    "heading": f"Where {measure('in_employment').label.lower()} is heading",
    "targets": "Targets at a glance",
    "coverage": "Where supported people work",
    "recruitment": measure("recruits_lived_experience_pct").label,
    "danger_points": "Danger points now",
    "funding": "Funding",
    "changes": "Since the last meeting",
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
    audit.log(conn, who, "setting", {"key": key, "before": before, "after": value}, when)


LABELS = {
    "near_tolerance": "How close counts as near a target",
    "suppress_up_to": "Counts shown as * (1 up to this number)",
    "round_to": "Other counts below trust level rounded to the nearest",
    "role_mapping": "Who has which role when sign-in is on",
    "spc_shift_length": "Points in a row on one side of the average that make a shift",
    "spc_trend_length": "Points in a row rising or falling that make a trend",
    "person_code": "How person codes are written",
    "session_idle_minutes": "Minutes with nothing done before a sign-in ends",
    "session_absolute_hours": "Hours after signing in before a sign-in ends",
    "meeting_screens": "Meeting mode's screens, in order",
}


# The whole-number settings: their lowest and highest values, and how to ask for one
WHOLE_NUMBERS = {
    "suppress_up_to": (1, 20, "from 1 to 20 (NHS Digital uses 7)"),
    "round_to": (1, 100, "from 1 to 100 (NHS Digital uses 5)"),
    "spc_shift_length": (5, 12, "of points from 5 to 12 (Making Data Count uses 6)"),
    "spc_trend_length": (5, 12, "of points from 5 to 12 (Making Data Count uses 6)"),
    "session_idle_minutes": (5, 240, "of minutes from 5 to 240 (30 unless changed)"),
    "session_absolute_hours": (1, 24, "of hours from 1 to 24 (8 unless changed)"),
}


def problem_with(key: str, value) -> str | None:
    """What is wrong with a new value for a setting, in plain words (None if it is fine)."""
    if key == "near_tolerance":
        if not isinstance(value, (int, float)) or not 0 <= value <= 0.5:
            return "give a share between 0% and 50%"
    elif key in WHOLE_NUMBERS:
        low, high, words = WHOLE_NUMBERS[key]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"give a whole number {words}"
    elif key == "role_mapping":
        from .access import ROLES

        if not isinstance(value, dict) or set(value) - set(ROLES):
            return "roles are " + ", ".join(ROLES)
        for role, entries in value.items():
            for entry in entries:
                entry = str(entry).strip()
                if not (
                    entry.startswith(("group:", "oid:"))
                    and len(entry.split(":", 1)[1].strip()) > 0
                    or entry.startswith("@")
                    and "." in entry
                    or "@" in entry[1:]
                    and "." in entry.split("@")[-1]
                ):
                    return (
                        f"'{entry}' ({role}) is not an email address, an @domain, a "
                        "group:name or an oid:object-id"
                    )
    elif key == "meeting_screens":
        if (
            not isinstance(value, list)
            or not value
            or len(set(value)) != len(value)
            or set(value) - set(MEETING_SCREENS)
        ):
            return "choose at least one screen, each once"
    elif key == "person_code":
        if not isinstance(value, dict) or set(value) != {"pattern", "description"}:
            return "give a pattern and a description"
        return problem_with_rule(value["pattern"], value["description"])
    else:
        return f"there is no setting called {key}"
    return None


def disclosure_rules(conn: Connection) -> Rules:
    """Disclosure control's two numbers as the programme lead has set them."""
    return Rules(int(get(conn, "suppress_up_to")), int(get(conn, "round_to")))


def person_code_rule(conn: Connection) -> CodeRule:
    """How the programme's person codes are written, as the programme lead has set it."""
    return CodeRule.from_setting(get(conn, "person_code"))


def current(engine) -> dict:
    """Every setting's value now."""
    with db.reading(engine) as conn:
        return {key: get(conn, key) for key in DEFAULTS}
