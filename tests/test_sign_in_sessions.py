"""Sign-in sessions kept on the server (finding: after signing out in one window, another
open window went on showing data, and a copy of the sign-in cookie taken before signing out
still opened the dashboard; nothing on the server ended a session and the cookie lasted 30
days). Each sign-in is known by its ID token's claims, which a copied cookie carries too."""

import datetime as dt

import sqlalchemy as sa

from uep_data import db, setting_changes, settings
from uep_data import sign_in_sessions as sessions

LIFETIMES = sessions.Lifetimes(idle=dt.timedelta(minutes=30), absolute=dt.timedelta(hours=8))
START = dt.datetime(2026, 11, 30, 9, 0, 0)


def claims(sub="lead@trust.nhs.uk", at=START, nonce="n1", **more) -> dict:
    """An ID token's claims, issued at `at` (UTC)."""
    issued = int(at.replace(tzinfo=dt.UTC).timestamp())
    return {"iss": "https://login.example", "sub": sub, "iat": issued, "nonce": nonce, **more}


def check(engine, who, at, active=True):
    return sessions.check(engine, who, LIFETIMES, active=active, now=at)


def test_a_new_sign_in_is_recorded_at_its_first_run_and_goes_on(engine):
    lead = claims()
    assert check(engine, lead, START + dt.timedelta(seconds=5)) == sessions.ACTIVE
    assert check(engine, lead, START + dt.timedelta(minutes=20)) == sessions.ACTIVE
    with engine.connect() as conn:
        (rows,) = conn.execute(sa.text("SELECT count(*) FROM sign_in_sessions")).one()
    assert rows == 1


def test_signing_out_ends_every_sign_in_of_that_person_and_every_copy_of_its_cookie(engine):
    office = claims(nonce="office")
    laptop = claims(nonce="laptop", at=START + dt.timedelta(hours=1))
    colleague = claims(sub="member@trust.nhs.uk", nonce="m")
    later = START + dt.timedelta(hours=1, minutes=1)
    for who in (office, laptop, colleague):
        assert check(engine, who, later) == sessions.ACTIVE
    copied_cookie = dict(office)  # the same claims, in another browser

    assert sessions.sign_out(engine, laptop, now=later) == 2

    after = later + dt.timedelta(seconds=1)
    assert check(engine, office, after) == sessions.SIGNED_OUT
    assert check(engine, laptop, after) == sessions.SIGNED_OUT
    assert check(engine, copied_cookie, after) == sessions.SIGNED_OUT
    assert check(engine, colleague, after) == sessions.ACTIVE


def test_a_sign_in_issued_before_signing_out_and_never_seen_is_refused_a_new_one_is_not(engine):
    first = claims(nonce="first")
    assert check(engine, first, START) == sessions.ACTIVE
    unseen = claims(nonce="unseen", at=START + dt.timedelta(minutes=1))
    sessions.sign_out(engine, first, now=START + dt.timedelta(minutes=2))
    assert check(engine, unseen, START + dt.timedelta(minutes=3)) == sessions.SIGNED_OUT
    again = claims(nonce="again", at=START + dt.timedelta(minutes=4))
    assert check(engine, again, START + dt.timedelta(minutes=4)) == sessions.ACTIVE


def test_a_sign_in_ends_after_the_idle_lifetime_with_nothing_done(engine):
    lead = claims()
    assert check(engine, lead, START) == sessions.ACTIVE
    assert check(engine, lead, START + dt.timedelta(minutes=29)) == sessions.ACTIVE
    # the data-version poll looks every 10 s without counting as something done
    for seconds in range(0, 31 * 60, 10):
        check(engine, lead, START + dt.timedelta(minutes=29, seconds=seconds), active=False)
    assert check(engine, lead, START + dt.timedelta(minutes=59, seconds=1)) == sessions.IDLE
    assert check(engine, lead, START + dt.timedelta(minutes=60)) == sessions.IDLE


def test_a_sign_in_ends_after_the_absolute_lifetime_however_busy(engine):
    lead = claims()
    moment = START
    while moment < START + dt.timedelta(hours=8):
        assert check(engine, lead, moment) == sessions.ACTIVE
        moment += dt.timedelta(minutes=20)
    assert check(engine, lead, START + dt.timedelta(hours=8)) == sessions.EXPIRED
    # a copy of its cookie first seen now is too old as well
    assert check(engine, claims(nonce="copy"), START + dt.timedelta(hours=9)) == sessions.EXPIRED


def test_claims_without_a_subject_or_time_issued_are_not_a_sign_in(engine):
    assert check(engine, {"email": "lead@trust.nhs.uk"}, START) == sessions.NOT_A_SIGN_IN
    assert check(engine, claims(iat=None), START) == sessions.NOT_A_SIGN_IN


def test_the_records_hold_no_name_or_address(engine):
    check(engine, claims(email="lead@trust.nhs.uk"), START)
    with engine.connect() as conn:
        row = conn.execute(sa.text("SELECT * FROM sign_in_sessions")).one()
    assert not any("lead" in str(value) or "trust" in str(value) for value in row)


def test_the_lifetimes_are_settings_of_30_minutes_and_8_hours_unless_changed(engine):
    current = settings.current(engine)
    assert (current["session_idle_minutes"], current["session_absolute_hours"]) == (30, 8)
    assert setting_changes.change(engine, "session_idle_minutes", 1, "lead")
    assert setting_changes.change(engine, "session_absolute_hours", 48, "lead")
    assert setting_changes.change(engine, "session_idle_minutes", 15, "lead") is None
    assert settings.current(engine)["session_idle_minutes"] == 15


def test_old_records_are_removed_when_a_new_sign_in_is_recorded(engine):
    check(engine, claims(nonce="old"), START)
    check(engine, claims(nonce="new", at=START + dt.timedelta(days=2)), START + dt.timedelta(2))
    with db.reading(engine) as conn:
        (rows,) = conn.execute(sa.text("SELECT count(*) FROM sign_in_sessions")).one()
    assert rows == 1
