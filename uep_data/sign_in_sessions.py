"""Sign-in sessions kept on the server (with sign-in configured).

The sign-in cookie a browser holds is signed but, on its own, valid for 30 days, wherever it
is copied to. So every run checks the sign-in against a record here: a sign-in is known by
its ID token's claims (issuer, subject, time issued and the one-off nonce, hashed), which
the cookie carries and a copy of it carries too.

- The first run of a new sign-in makes its record; every later run checks it.
- Signing out ends every record of that person (every tab, every browser, every copy of
  the cookie); a sign-in issued before that moment and not yet seen is refused too.
- A sign-in ends when nothing has been done in it for the idle lifetime, and, whatever is
  done, once the absolute lifetime has passed since the person signed in.
- Signing in (when the record is made) and signing out are logged in the audit log: who
  (the name the role comes from), when, and the role.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from . import audit, db
from . import schema as s

ACTIVE = "active"
SIGNED_OUT = "signed_out"
IDLE = "idle"
EXPIRED = "expired"
NOT_A_SIGN_IN = "not_a_sign_in"  # claims without a subject or a time issued

# how often the record's last-seen time is written while the person is active: the idle
# lifetime is kept to within this
TOUCH_EVERY = dt.timedelta(seconds=60)

WHY_ENDED = {
    SIGNED_OUT: "You signed out (in this or another window), so this window no longer "
    "shows the dashboard.",
    IDLE: "You were signed out because nothing was done in the dashboard for a while.",
    EXPIRED: "You were signed out because the time a sign-in lasts has passed.",
    NOT_A_SIGN_IN: "Your sign-in could not be checked. Please sign in again.",
}


@dataclass(frozen=True)
class Lifetimes:
    idle: dt.timedelta
    absolute: dt.timedelta

    @classmethod
    def from_settings(cls, idle_minutes: int, absolute_hours: int) -> Lifetimes:
        return cls(dt.timedelta(minutes=int(idle_minutes)), dt.timedelta(hours=int(absolute_hours)))


@dataclass(frozen=True)
class SignIn:
    """One sign-in, as its claims name it."""

    session_key: str
    person_key: str
    signed_in_at: dt.datetime  # UTC, without a zone (as db.now())

    @classmethod
    def from_claims(cls, claims: Mapping) -> SignIn | None:
        """The sign-in the ID token's claims describe; None without a subject or a time
        issued (every OpenID Connect ID token has both)."""
        subject, issued = claims.get("sub"), claims.get("iat")
        if not subject or isinstance(issued, bool) or not isinstance(issued, (int, float)):
            return None
        issuer = str(claims.get("iss") or "")
        person = _hash({"iss": issuer, "sub": str(subject)})
        session = _hash(
            {"iss": issuer, "sub": str(subject), "iat": issued, "nonce": claims.get("nonce")}
        )
        when = dt.datetime.fromtimestamp(int(issued), dt.UTC).replace(tzinfo=None)
        return cls(session, person, when)


@dataclass(frozen=True)
class Person:
    """Who a sign-in is, as the audit log names them: the name their role comes from (or
    what names them when the sign-in service vouches for no name), and their role (None:
    no role)."""

    name: str
    role: str | None


def _hash(value: dict) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def check(
    engine,
    claims: Mapping,
    lifetimes: Lifetimes,
    *,
    active: bool = True,
    now=None,
    person: Person | None = None,
) -> str:
    """Whether this sign-in may go on: ACTIVE, or why not. `active`: the person did
    something (it counts against the idle lifetime); the data-version poll checks without.
    `person`: who signs in, logged when a new sign-in's record is made."""
    sign_in = SignIn.from_claims(claims)
    if sign_in is None:
        return NOT_A_SIGN_IN
    now = now or db.now()
    table = s.sign_in_sessions
    with db.reading(engine) as conn:
        record = conn.execute(
            sa.select(table).where(table.c.session_key == sign_in.session_key)
        ).first()
        signed_out_at = _signed_out_at(conn, sign_in.person_key)
    if record is not None and record.ended_because:
        return record.ended_because
    if now - sign_in.signed_in_at >= lifetimes.absolute:
        if record is not None:
            _end(engine, sign_in.session_key, EXPIRED, now)
        return EXPIRED
    if record is None:
        if signed_out_at is not None and sign_in.signed_in_at < signed_out_at:
            return SIGNED_OUT  # issued before the person signed out, and never seen
        if not active:
            return ACTIVE  # the poll makes no record: the next run does
        _start(engine, sign_in, now, person)
        return ACTIVE
    if now - record.last_seen_at >= lifetimes.idle:
        _end(engine, sign_in.session_key, IDLE, now)
        return IDLE
    if active and now - record.last_seen_at >= TOUCH_EVERY:
        with contextlib.suppress(Busy), _writing_briefly(engine) as conn:
            conn.execute(
                sa.update(table)
                .where(table.c.session_key == sign_in.session_key, table.c.ended_at.is_(None))
                .values(last_seen_at=now)
            )
    return ACTIVE


def sign_out(engine, claims: Mapping, now=None, person: Person | None = None) -> int:
    """End every sign-in of the person these claims name (every tab, browser and copy of
    the cookie), logged as `person`'s signing out; returns how many were open."""
    sign_in = SignIn.from_claims(claims)
    if sign_in is None:
        return 0
    now = now or db.now()
    table = s.sign_in_sessions
    with _writing_briefly(engine, seconds=db.SQLITE_BUSY_TIMEOUT_MS / 1000) as conn:
        ended = conn.execute(
            sa.update(table)
            .where(table.c.person_key == sign_in.person_key, table.c.ended_at.is_(None))
            .values(ended_at=now, ended_because=SIGNED_OUT)
        ).rowcount
        # keep the moment of signing out, for sign-ins issued before it
        _record_if_new(conn, sign_in, now, ended_at=now, ended_because=SIGNED_OUT)
        if person is not None:
            details = {"role": person.role, "sign_ins_ended": ended}
            audit.log(conn, person.name, "sign_out", details, now)
    return ended


class Busy(Exception):
    """The database is held by another writer (a long import) for longer than a session
    check waits."""


@contextlib.contextmanager
def _writing_briefly(engine, seconds: float = 2) -> Iterator:
    """A write transaction for the session records that waits for other writers at most
    `seconds` (raising Busy): a page must not wait for an import to finish. It takes no
    part in the data writers' queue (db.writing): these rows are only ever written here."""
    # on SQLite, BEGIN IMMEDIATE (db's "uep_writer"): the write lock is taken, or waited
    # for, before anything is read
    with engine.connect().execution_options(uep_writer=True) as conn:
        raw = conn.connection.driver_connection
        sqlite = db.is_sqlite(conn)
        if sqlite:
            raw.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            with conn.begin():
                if not sqlite and conn.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{int(seconds * 1000)}ms'")
                yield conn
        except sa.exc.OperationalError as error:
            raise Busy(str(error)) from error
        finally:
            if sqlite:
                raw.execute(f"PRAGMA busy_timeout = {db.SQLITE_BUSY_TIMEOUT_MS}")


def _signed_out_at(conn, person_key: str) -> dt.datetime | None:
    table = s.sign_in_sessions
    return conn.execute(
        sa.select(sa.func.max(table.c.ended_at)).where(
            table.c.person_key == person_key, table.c.ended_because == SIGNED_OUT
        )
    ).scalar()


def _record_if_new(conn, sign_in: SignIn, now: dt.datetime, **ended) -> bool:
    """A sign-in's record, unless it has one already (whether it was made)."""
    table = s.sign_in_sessions
    known = conn.execute(
        sa.select(table.c.session_key).where(table.c.session_key == sign_in.session_key)
    ).first()
    if known is None:
        conn.execute(
            sa.insert(table).values(
                session_key=sign_in.session_key,
                person_key=sign_in.person_key,
                signed_in_at=sign_in.signed_in_at,
                last_seen_at=now,
                **ended,
            )
        )
    return known is None


def _start(engine, sign_in: SignIn, now: dt.datetime, person: Person | None) -> None:
    """The record of a new sign-in, and its entry in the audit log; old records (past any
    absolute lifetime) go. If the database is busy with a long import, the next run makes
    them."""
    table = s.sign_in_sessions
    with contextlib.suppress(Busy), _writing_briefly(engine) as conn:
        # another tab of the same browser may have made it meanwhile
        if _record_if_new(conn, sign_in, now) and person is not None:
            audit.log(conn, person.name, "sign_in", {"role": person.role}, now)
        cutoff = now - KEPT_FOR
        conn.execute(
            sa.delete(table).where(
                sa.or_(
                    table.c.ended_at < cutoff,
                    sa.and_(table.c.ended_at.is_(None), table.c.signed_in_at < cutoff),
                )
            )
        )


def _end(engine, session_key: str, why: str, now: dt.datetime) -> None:
    """End one sign-in (it is refused anyway: if the database is busy, a later run ends
    it)."""
    table = s.sign_in_sessions
    with contextlib.suppress(Busy), _writing_briefly(engine) as conn:
        conn.execute(
            sa.update(table)
            .where(table.c.session_key == session_key, table.c.ended_at.is_(None))
            .values(ended_at=now, ended_because=why)
        )


# Records older than this are removed: the longest absolute lifetime the settings allow
# refuses their sign-ins anyway, whatever the records say.
KEPT_FOR = dt.timedelta(hours=25)
