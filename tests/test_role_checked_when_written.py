"""Every change is checked against the roles in force in the transaction that writes it
(finding: callbacks that change data ran before the app looked again at who was signed in,
and used the role of the page's last run: 0.3 s after another lead removed them, a lead
saved roles, giving the role back to themselves and making a steering-group member a lead,
logged as theirs). Here a lead removed between the page and the click is refused by every
function that changes data, and nothing is written or logged; the pages are in
tests/test_role_checked_on_the_pages.py."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from tests.builders import DIRECTORATES, PROFESSIONS, person_rows, post, signed_in, workbook_bytes
from uep_data import (
    access,
    acting,
    check_ins,
    db,
    editing,
    erasure,
    importer,
    recalculations,
    schema,
    setting_changes,
    settings,
    undo,
)
from uep_data import sign_in_sessions as sessions

ANN, BOB, SAM = "ann@trust.nhs.uk", "bob@trust.nhs.uk", "sam@trust.nhs.uk"
BOTH_LEADS = {"programme_lead": [ANN, BOB], "steering_group": [SAM]}
WITHOUT_ANN = {"programme_lead": [BOB], "steering_group": [SAM]}
TARGET = {
    "target_id": "EMP",
    "title": "35 in post",
    "metric": "in_employment",
    "level": "aspirational",
    "value": 35,
}
STARTERS = workbook_bytes(
    {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows("N1"),
        "employments": [post("N1", dt.date(2004, 3, 1))],
    }
)


@pytest.fixture
def programme(engine):
    """A small programme with two leads in the roles saved in Settings, an import to undo, a
    target, a chart's recalculation point; Ann is about to lose the role."""
    data = {
        "directorates": DIRECTORATES,
        "professions": PROFESSIONS,
        "people": person_rows("P1", "P2"),
        "employments": [post("P1", dt.date(2003, 4, 1)), post("P2", dt.date(2003, 5, 1))],
        "targets": [TARGET],
    }
    result = importer.import_files(engine, [("t.xlsx", workbook_bytes(data))], who="set up")
    assert result.ok, [str(p) for p in result.problems]
    assert setting_changes.change(engine, "role_mapping", BOTH_LEADS, "set up") is None
    assert recalculations.add(engine, "in_employment", dt.date(2003, 6, 1), "why", "set up") is None
    return engine


def everything(engine) -> dict[str, list[tuple]]:
    """Every row of every table but the sign-in records: the data, the imports and their undo
    copies, the settings, the check-ins, the recalculation points and the audit log."""
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.select(t).order_by(*t.primary_key.columns))]
            for name, t in schema.metadata.tables.items()
            if t is not schema.sign_in_sessions and t.primary_key.columns
        }


def point_id(engine) -> int:
    with engine.connect() as conn:
        return recalculations.listed(conn)[0]["id"]


# each change the dashboard can make, as a lead asks for it on a page
CHANGES = {
    "roles": lambda e, who: setting_changes.change(
        e, "role_mapping", {"programme_lead": [ANN, SAM], "steering_group": [SAM]}, who
    ),
    "a setting": lambda e, who: setting_changes.change(e, "round_to", 10, who),
    "an import": lambda e, who: importer.import_files(e, [("s.xlsx", STARTERS)], who=who),
    "an undo": lambda e, who: undo.undo_last_import(e, who=who),
    "the targets": lambda e, who: editing.save(e, "targets", [{**TARGET, "value": 40}], who=who),
    "a check-in": lambda e, who: check_ins.record(
        e, "EMP", dt.date(2004, 4, 15), "Says", "Why", "Doing", None, who=who
    ),
    "an erasure": lambda e, who: erasure.erase_person(e, "P1", who=who),
    "a recalculation point": lambda e, who: recalculations.add(
        e, "contacts", dt.date(2003, 9, 1), "why", who
    ),
    "removing a recalculation point": lambda e, who: recalculations.remove(e, point_id(e), who),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_lead_removed_after_the_page_was_shown_changes_nothing(programme, change):
    ann = signed_in(ANN)  # the page was shown to Ann as the lead
    assert setting_changes.change(programme, "role_mapping", WITHOUT_ANN, signed_in(BOB)) is None
    before = everything(programme)
    with pytest.raises(access.AccessDenied, match="not the programme lead"):
        CHANGES[change](programme, ann)
    assert everything(programme) == before  # nothing written, nothing logged as hers


@pytest.mark.parametrize("change", CHANGES)
def test_a_lead_in_the_roles_in_force_makes_the_change_logged_as_theirs(programme, change):
    CHANGES[change](programme, signed_in(BOB))
    with programme.connect() as conn:
        newest = conn.execute(
            sa.select(schema.audit_log.c.who).order_by(schema.audit_log.c.id.desc())
        ).first()
    assert newest.who == BOB


def test_the_secrets_roles_count_only_as_the_secrets_file_says_now(sqlite_engine):
    """With nothing saved in Settings, the secrets file's [roles] as it is when the change is
    asked for decide (a lead taken out of the file is refused)."""
    assert setting_changes.change(sqlite_engine, "round_to", 10, signed_in(ANN, BOTH_LEADS)) is None
    with pytest.raises(access.AccessDenied, match="not the programme lead"):
        setting_changes.change(sqlite_engine, "round_to", 15, signed_in(ANN, WITHOUT_ANN))
    assert settings.current(sqlite_engine)["round_to"] == 10


def test_a_lead_who_has_signed_out_elsewhere_changes_nothing(programme):
    claims = {"iss": "https://sign-in.example", "sub": ANN, "iat": int(time.time())}
    lifetimes = sessions.Lifetimes.from_settings(30, 8)
    assert sessions.check(programme, claims, lifetimes) == sessions.ACTIVE
    key = sessions.SignIn.from_claims(claims).session_key
    assert (
        setting_changes.change(programme, "round_to", 10, signed_in(ANN, sign_in_key=key)) is None
    )
    sessions.sign_out(programme, claims)
    with pytest.raises(access.AccessDenied, match="sign-in has ended"):
        setting_changes.change(programme, "round_to", 15, signed_in(ANN, sign_in_key=key))
    assert settings.current(programme)["round_to"] == 10


@pytest.mark.parametrize("role", [access.STEERING_GROUP, access.BOARD])
def test_the_lead_previewing_another_role_with_view_as_changes_nothing(programme, role):
    """In local mode the person at this computer is the lead, but not while "View as" shows
    them another role's dashboard; signed in, the same."""
    before = everything(programme)
    for who in (
        acting.Acting.at_this_computer(acting.LOCAL_LEAD, viewing_as=role),
        signed_in(BOB, viewing_as=role),
    ):
        with pytest.raises(access.AccessDenied, match="View as"):
            setting_changes.change(programme, "round_to", 10, who)
        with pytest.raises(access.AccessDenied, match="View as"):
            undo.undo_last_import(programme, who=who)
    assert everything(programme) == before
    at_this_computer = acting.Acting.at_this_computer(acting.LOCAL_LEAD, access.PROGRAMME_LEAD)
    assert setting_changes.change(programme, "round_to", 10, at_this_computer) is None


def test_a_change_waiting_for_another_writer_is_checked_against_what_that_writer_saved(
    programme,
):
    """The check is in the transaction that writes: Ann's change, asked for while Bob's
    removal of her is being written, waits for it and then sees it."""
    writing = threading.Event()

    def bob_removes_ann():
        with db.writing(programme) as conn:
            writing.set()
            time.sleep(0.5)  # Ann asks meanwhile
            settings.put(conn, "role_mapping", WITHOUT_ANN, BOB)

    bob = threading.Thread(target=bob_removes_ann)
    bob.start()
    writing.wait(10)
    try:
        with pytest.raises(access.AccessDenied, match="not the programme lead"):
            setting_changes.change(programme, "round_to", 10, signed_in(ANN))
    finally:
        bob.join()
    assert settings.current(programme)["round_to"] == 5
