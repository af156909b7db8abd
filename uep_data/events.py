"""The system log: the dashboard's events (imports, undo, edits, settings, exports,
erasures, backups and restores, sign-ins and sign-outs, and the refusals: an upload refused,
a change refused, a connection refused, a sign-in with no role) as one line each on standard
error, where systemd's journal (or a container's log) keeps them beside the server's own.

The audit log (audit.py) stays the record of what was done; this is its echo for the
trust's IT, who watch the system log and not the dashboard's tables. So a line holds no
confidential value: never a person's code, nothing from an uploaded file (no cell's value,
no file name), no free text a person typed (a recalculation's reason, a setting's value),
only what happened, who did it (the staff member's name as the audit log has it), numbers
and the names of sheets, settings and pages. A line looks like

    2026-12-06T22:10:03Z INFO uep-dashboard event=import who="lead@trust.nhs.uk" import_id=12 inserted=40 updated=2 deleted=0 sheets="Contacts"

An event recorded in the audit log goes to the system log only when its transaction
commits (an import undone by a failed check is not reported as made).
"""

from __future__ import annotations

import logging
import re
import sys
import time

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

LOGGER_NAME = "uep.events"
NAME = "uep-dashboard"  # how the lines name the program (journalctl -g uep-dashboard)
_PENDING = "uep_events_pending"  # the lines a transaction waits to commit, in conn.info
_LONGEST = 200  # characters of any one value: a name, a host, a reason
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\]')

log = logging.getLogger(LOGGER_NAME)


class _StandardError(logging.StreamHandler):
    """Writes to standard error as it is when the line is written (not when the handler was
    made), so that a process that changes sys.stderr, or a test capturing it, gets them."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


class _Formatter(logging.Formatter):
    converter = time.gmtime  # UTC, as stored times are; journald adds its own clock too

    def __init__(self):
        super().__init__(f"%(asctime)s %(levelname)s {NAME} %(message)s", "%Y-%m-%dT%H:%M:%SZ")


def _set_up() -> None:
    if not any(isinstance(handler, _StandardError) for handler in log.handlers):
        handler = _StandardError()
        handler.setFormatter(_Formatter())
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False  # one line per event, whatever else configures logging


def value_text(value) -> str:
    """A value as it appears in a line: numbers as they are; text quoted, with quotes,
    backslashes and control characters (a line break in a host name, say) escaped, so that
    nothing a visitor sends can begin a line of its own; at most 200 characters."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if len(text) > _LONGEST:
        text = text[: _LONGEST - 1] + "…"
    escaped = _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return f'"{escaped}"'


def line(event: str, who: str | None = None, **facts) -> str:
    """The words of one event: `event=NAME who="..." key=value ...` (facts that are None are
    left out)."""
    parts = [f"event={event}"]
    if who is not None:
        parts.append(f"who={value_text(who)}")
    parts += [f"{key}={value_text(value)}" for key, value in facts.items() if value is not None]
    return " ".join(parts)


def report(event: str, who: str | None = None, *, level: int = logging.INFO, **facts) -> None:
    """One event to the system log, now (a refusal, which nothing undoes)."""
    _set_up()
    log.log(level, line(event, who, **facts))


def refused(event: str, who: str | None = None, **facts) -> None:
    """A refusal: as a warning, for IT to look into if there are many."""
    report(event, who, level=logging.WARNING, **facts)


# --- events that wait for their transaction ------------------------------------------------


def report_on_commit(conn: Connection, event: str, who: str | None = None, **facts) -> None:
    """One event to the system log once the transaction `conn` is in commits; nothing if it
    is rolled back. On an engine not made by db.create_engine (nothing watches its
    transactions), at once."""
    if _committed not in conn.engine.dispatch.commit:  # (an engine's copy with options too)
        report(event, who, **facts)
        return
    conn.info.setdefault(_PENDING, []).append(line(event, who, **facts))


def watch_transactions(engine: Engine) -> None:
    """Have the engine's transactions report their events when they commit (db.create_engine
    calls it for every engine the dashboard uses)."""
    sa.event.listen(engine, "begin", _forget)
    sa.event.listen(engine, "commit", _committed)
    sa.event.listen(engine, "rollback", _forget)


def _forget(conn: Connection) -> None:
    # conn.info belongs to the pooled connection: a new transaction starts with none
    conn.info.pop(_PENDING, None)


def _committed(conn: Connection) -> None:
    pending = conn.info.pop(_PENDING, None)
    if pending:
        _set_up()
        for text in pending:
            log.info(text)
