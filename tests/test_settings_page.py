"""Every form on the Settings page saves exactly what is on screen: change, save, change
back, save, and each time the stored value, the audit log and the box follow (finding: an
unkeyed box took the stored value as its default, so removing someone from a role could
say "Saved" while nothing changed and the box reverted)."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP
from uep_data import audit, db, person_codes, settings


@pytest.fixture
def lead_url(sample_copy_url):
    return sample_copy_url


def settings_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("app_pages/settings.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def press(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def box(elements, label: str):
    """A box found by its label, as the person finds it (not by an internal key)."""
    return next(element for element in elements if element.label == label)


def stored(url: str, key: str):
    return settings.current(db.create_engine(url))[key]


def last_setting_change(url: str) -> dict:
    with db.create_engine(url).connect() as conn:
        entries = audit.entries(conn, action="setting")
    return entries[0]["details"] if entries else {}


NUMBER_FORMS = [
    ("suppress_up_to", "Save disclosure control", 7, 3),
    ("round_to", "Save disclosure control", 5, 10),
    ("spc_shift_length", "Save chart rules", 6, 8),
    ("spc_trend_length", "Save chart rules", 6, 7),
    ("session_idle_minutes", "Save session lifetimes", 30, 15),
    ("session_absolute_hours", "Save session lifetimes", 8, 10),
]


@pytest.mark.parametrize("key, button, default, other", NUMBER_FORMS)
def test_a_number_setting_follows_change_save_change_back_save(
    lead_url, key, button, default, other
):
    at = settings_page()
    for before, after in ((default, other), (other, default), (default, other)):
        box(at.number_input, settings.LABELS[key]).set_value(after)
        press(at, button)
        assert stored(lead_url, key) == after
        assert last_setting_change(lead_url) == {"key": key, "before": before, "after": after}
        assert box(at.number_input, settings.LABELS[key]).value == after
        assert any("Saved" in s.value for s in at.success)


def test_how_near_counts_as_near_follows_change_save_change_back_save(lead_url):
    at = settings_page()
    for before, after in ((10, 25), (25, 10), (10, 25)):
        box(at.slider, settings.LABELS["near_tolerance"]).set_value(after)
        press(at, "Save target status")
        assert stored(lead_url, "near_tolerance") == after / 100
        assert last_setting_change(lead_url) == {
            "key": "near_tolerance",
            "before": before / 100,
            "after": after / 100,
        }
        assert box(at.slider, settings.LABELS["near_tolerance"]).value == after


def test_removing_someone_from_a_role_is_saved_and_putting_them_back_too(lead_url):
    at = settings_page()
    both = "chair@trust.nhs.uk\ntemp@partner.org"
    for text in (both, "chair@trust.nhs.uk", both, "chair@trust.nhs.uk"):
        before = stored(lead_url, "role_mapping").get("board", [])
        box(at.text_area, "Board").set_value(text)
        press(at, "Save roles")
        assert stored(lead_url, "role_mapping")["board"] == text.splitlines()
        change = last_setting_change(lead_url)
        assert change["before"].get("board", []) == before
        assert change["after"]["board"] == text.splitlines()
        assert box(at.text_area, "Board").value == text


def test_how_person_codes_are_written_follows_change_save_change_back_save(lead_url):
    at = settings_page()
    default = person_codes.DEFAULT_RULE.as_setting()
    wider = {"pattern": "[A-Za-z]{1,4}-?[0-9]{1,10}", "description": "letters, then digits"}
    for before, after in ((default, wider), (wider, default), (default, wider)):
        box(at.text_input, "Pattern (a regular expression)").set_value(after["pattern"])
        box(at.text_input, "The same in words").set_value(after["description"])
        press(at, "Save how codes are written")
        assert stored(lead_url, "person_code") == after
        assert last_setting_change(lead_url) == {
            "key": "person_code",
            "before": before,
            "after": after,
        }
        assert box(at.text_input, "Pattern (a regular expression)").value == after["pattern"]


def test_a_refused_code_pattern_keeps_what_was_typed_and_saves_nothing(lead_url):
    at = settings_page()
    box(at.text_input, "Pattern (a regular expression)").set_value("(a+)+")
    next(b for b in at.button if b.label == "Save how codes are written").click().run()
    assert "no repeat inside a repeat" in at.error[0].value
    assert box(at.text_input, "Pattern (a regular expression)").value == "(a+)+"
    assert stored(lead_url, "person_code") == person_codes.DEFAULT_RULE.as_setting()
    assert last_setting_change(lead_url) == {}


def test_saving_what_is_already_stored_says_so_and_logs_nothing(lead_url):
    at = settings_page()
    press(at, "Save roles")
    assert any("Nothing to save" in i.value for i in at.info)
    assert last_setting_change(lead_url) == {}


def test_a_chart_recalculation_follows_add_remove_add(lead_url):
    at = settings_page()
    for change in ("added", "removed", "added"):
        if change == "added":
            at.selectbox(key="recalculation_series").set_value("in_employment")
            at.date_input(key="recalculation_month").set_value(dt.date(2003, 2, 1))
            at.text_input(key="recalculation_reason").set_value("Second adviser started")
            press(at, "Start the chart again here")
        else:
            next(b for b in at.button if b.label == "Remove").click().run()
        with db.create_engine(lead_url).connect() as conn:
            points = conn.exec_driver_sql("SELECT count(*) FROM spc_recalculations").scalar()
            (latest, *_) = audit.entries(conn, action="recalculation")
        assert points == (1 if change == "added" else 0)
        assert latest["details"]["change"] == change
        shown = [m.value for m in at.markdown if "starts again" in m.value or "from" in m.value]
        assert any("February 2003" in text for text in shown) is (change == "added")
