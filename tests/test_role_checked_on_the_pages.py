"""A lead who loses the role while a page is open changes nothing with its buttons (finding:
callbacks ran before the app looked again at who was signed in, with the role of the page's
last run: a lead removed by another lead saved roles, giving it back to themselves). Driven
headless with AppTest, signed in; the other lead's change is made in the database between
the page being shown and the click, as it is from another browser. The data functions'
own checks are in tests/test_role_checked_when_written.py."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, AUTH, as_signed_in, shown
from tests.builders import snapshot
from tests.test_lead_pages import NEW_STARTERS, XLSX
from uep_data import access, audit, db, schema, settings, undo
from web import identity

ANN, BOB, SAM = "ann@trust.nhs.uk", "bob@trust.nhs.uk", "sam@trust.nhs.uk"
BOTH_LEADS = {"programme_lead": [ANN, BOB], "steering_group": [SAM], "board": []}
WITHOUT_ANN = {"programme_lead": [BOB], "steering_group": [SAM], "board": []}


@pytest.fixture
def url(sample_copy_url):
    url = sample_copy_url
    save_roles(url, BOTH_LEADS, "set up")
    return url


def save_roles(url: str, mapping: dict, who: str) -> None:
    with db.writing(db.create_engine(url)) as conn:
        settings.put(conn, "role_mapping", mapping, who)


def ann_on(page: str) -> AppTest:
    """Ann, signed in as one of the two leads, with a page open."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.user = as_signed_in({"is_logged_in": True, "email": ANN})
    at.run()
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def bob_removes_ann(url: str) -> None:
    """The other lead takes the role away from Ann, from another browser."""
    save_roles(url, WITHOUT_ANN, BOB)


def press(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if shown(b.label).startswith(label)).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def logged_by(url: str, who: str) -> list[dict]:
    with db.create_engine(url).connect() as conn:
        # what they changed (their signing in and out is logged too, as it should be)
        return [
            e
            for e in audit.entries(conn)
            if e["who"] == who and e["action"] not in ("sign_in", "sign_out")
        ]


def refused_on_screen(at: AppTest) -> bool:
    return any("not the programme lead" in shown(e.value) for e in at.error)


def test_a_lead_removed_meanwhile_cannot_give_the_role_back_with_save_roles(url):
    at = ann_on("settings")
    next(t for t in at.text_area if t.label == "Programme lead").set_value(f"{ANN}\n{SAM}")
    bob_removes_ann(url)
    press(at, "Save roles")
    assert settings.current(db.create_engine(url))["role_mapping"] == WITHOUT_ANN
    assert logged_by(url, ANN) == []
    assert [t.value for t in at.title] == ["You have no access"]
    assert refused_on_screen(at)


def test_a_lead_removed_meanwhile_cannot_change_a_setting(url):
    at = ann_on("settings")
    box = next(n for n in at.number_input if n.label == settings.LABELS["suppress_up_to"])
    box.set_value(3)
    bob_removes_ann(url)
    press(at, "Save disclosure control")
    assert settings.current(db.create_engine(url))["suppress_up_to"] == 7
    assert logged_by(url, ANN) == []


def test_a_lead_removed_meanwhile_cannot_import_the_upload_on_screen(url):
    at = ann_on("upload")
    at.file_uploader[0].set_value(("starters.xlsx", NEW_STARTERS, XLSX)).run()
    before = snapshot(db.create_engine(url))
    bob_removes_ann(url)
    press(at, "Import these changes")
    assert snapshot(db.create_engine(url)) == before
    assert logged_by(url, ANN) == []
    assert refused_on_screen(at)


def test_a_lead_removed_meanwhile_cannot_undo_the_import_on_screen(url):
    at = ann_on("history")
    press(at, "Undo the import of")
    bob_removes_ann(url)
    engine = db.create_engine(url)
    with db.reading(engine) as conn:
        before = undo.last_undoable_import(conn)
    press(at, "Yes, undo it")
    with db.reading(engine) as conn:
        assert undo.last_undoable_import(conn) == before
    assert logged_by(url, ANN) == []


def test_a_lead_removed_meanwhile_cannot_erase_a_person(url):
    at = ann_on("erase")
    at.text_input(key="erase_code").set_value("P0001").run()
    at.text_input(key="erase_confirm").set_value("P0001").run()
    bob_removes_ann(url)
    press(at, "Erase every row")
    with db.create_engine(url).connect() as conn:
        left = conn.execute(
            sa.select(sa.func.count())
            .select_from(schema.people)
            .where(schema.people.c.person_id == "P0001")
        ).scalar()
    assert left == 1
    assert logged_by(url, ANN) == []
    assert refused_on_screen(at)


def test_in_local_mode_a_session_viewing_as_the_board_changes_no_setting(url):
    """The lead at this computer previewing the board's view (here set under a page still
    showing Settings) is not the lead for changes."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/settings.py").run()
    box = next(n for n in at.number_input if n.label == settings.LABELS["suppress_up_to"])
    box.set_value(3)
    at.session_state[identity.VIEW_AS_ROLE] = access.BOARD
    press(at, "Save disclosure control")
    assert settings.current(db.create_engine(url))["suppress_up_to"] == 7
    assert any("View as" in shown(e.value) for e in at.error)
