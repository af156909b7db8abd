"""Sign-in in the app, headless (AppTest): a sign-in ended anywhere shows the sign-in page at
the session's next run and lets no callback change anything; an unverified email gets no
role; Settings shows the secrets' roles and the saved roles together, saying which is in
force. The browser tests in tests/e2e/test_sign_in.py do the same with a real provider."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, AUTH, as_signed_in, label
from uep_data import audit, db, settings
from uep_data import sign_in_sessions as sessions

SECRETS_ROLES = {"programme_lead": ["lead@trust.nhs.uk"], "board": ["chair@trust.nhs.uk"]}
LEAD = {"is_logged_in": True, "email": "lead@trust.nhs.uk"}


@pytest.fixture
def url(sample_copy_url):
    return sample_copy_url


def signed_in(user: dict) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.secrets["auth"] = AUTH
    at.secrets["roles"] = SECRETS_ROLES
    at.user = as_signed_in(user)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at) -> list[str]:
    return [t.value for t in at.title]


def shows_data(at) -> bool:
    return any(label("in_employment") in h.proto.body for h in at.get("html"))


def test_an_account_whose_email_is_not_verified_gets_no_role_even_with_the_leads_address(url):
    at = signed_in({**LEAD, "email_verified": False})
    assert titles(at) == ["You have no access"]
    assert any("not verified" in m.value for m in at.markdown)
    assert not shows_data(at)


def test_signing_out_in_another_window_shows_the_sign_in_page_at_the_next_run(url):
    at = signed_in(LEAD)
    assert "Overview" in titles(at) and shows_data(at)
    sessions.sign_out(db.create_engine(url), at.user)  # the same person, another window
    at.run()
    assert titles(at) == ["User Employment Programme"]
    assert [b.label for b in at.button] == ["Sign in"]
    assert "You signed out" in at.info[0].value
    assert not shows_data(at)


def test_a_signed_out_window_cannot_change_anything_with_a_button_it_still_shows(url):
    at = signed_in(LEAD)
    at.switch_page("app_pages/settings.py").run()
    box = next(n for n in at.number_input if n.label == settings.LABELS["suppress_up_to"])
    box.set_value(3)
    sessions.sign_out(db.create_engine(url), at.user)
    next(b for b in at.button if b.label == "Save disclosure control").click().run()
    assert settings.current(db.create_engine(url))["suppress_up_to"] == 7
    assert [b.label for b in at.button] == ["Sign in"]


def test_the_sign_out_button_ends_the_sign_in_on_the_server(url):
    at = signed_in(LEAD)
    claims = dict(at.user)
    next(b for b in at.button if b.label == "Sign out").click().run()
    engine = db.create_engine(url)
    lifetimes = sessions.Lifetimes.from_settings(30, 8)
    assert sessions.check(engine, claims, lifetimes) == sessions.SIGNED_OUT


def test_settings_show_the_secrets_roles_and_the_saved_roles_and_which_is_in_force(url):
    at = signed_in(LEAD)
    at.switch_page("app_pages/settings.py").run()
    assert "In force: the secrets file's `[roles]`" in at.info[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["Role", "Saved here", "Secrets file [roles] (in force)"]
    assert table.iloc[0].tolist() == ["Programme lead", "-", "lead@trust.nhs.uk"]
    assert table.iloc[2].tolist() == ["Board", "-", "chair@trust.nhs.uk"]

    next(t for t in at.text_area if t.label == "Programme lead").set_value("lead@trust.nhs.uk")
    next(b for b in at.button if b.label == "Save roles").click().run()
    assert "In force: the roles saved here." in at.info[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["Role", "Saved here (in force)", "Secrets file [roles]"]
    assert table.iloc[2].tolist() == ["Board", "-", "chair@trust.nhs.uk"]

    # the saved roles are the ones used: the board member of the secrets file has none now
    chair = signed_in({"is_logged_in": True, "email": "chair@trust.nhs.uk"})
    assert titles(chair) == ["You have no access"]


def sign_ins_logged(url) -> list[tuple[str, str, dict]]:
    engine = db.create_engine(url)
    with engine.connect() as conn:
        found = [
            (e["who"], e["action"], e["details"])
            for e in reversed(audit.entries(conn))
            if e["action"] in ("sign_in", "sign_out")
        ]
    engine.dispose()
    return found


def test_signing_in_and_out_is_in_the_audit_log_with_who_and_the_role(url):
    engine = db.create_engine(url)
    with engine.connect() as conn:
        version = audit.data_version(conn)
    at = signed_in(LEAD)
    at.run()  # later runs of the same sign-in are not new sign-ins
    assert sign_ins_logged(url) == [("lead@trust.nhs.uk", "sign_in", {"role": "programme_lead"})]
    with engine.connect() as conn:
        assert audit.data_version(conn) == version  # the dashboard's caches stay
    at.switch_page("app_pages/audit.py").run()
    table = at.dataframe[0].value
    assert table.iloc[0][["Who", "What", "Details"]].tolist() == [
        "lead@trust.nhs.uk",
        "Signed in",
        "Signed in as Programme lead",
    ]
    assert table.iloc[0]["When"].endswith(("GMT", "BST"))
    next(b for b in at.button if b.label == "Sign out").click().run()
    assert sign_ins_logged(url)[-1] == (
        "lead@trust.nhs.uk",
        "sign_out",
        {"role": "programme_lead", "sign_ins_ended": 1},
    )
    engine.dispose()


def test_a_sign_in_with_no_role_is_logged_too(url):
    signed_in({"is_logged_in": True, "email": "someone@elsewhere.example"})
    signed_in({**LEAD, "sub": "other", "email_verified": False})
    assert sign_ins_logged(url) == [
        ("someone@elsewhere.example", "sign_in", {"role": None}),
        ("lead@trust.nhs.uk (not verified)", "sign_in", {"role": None}),
    ]
