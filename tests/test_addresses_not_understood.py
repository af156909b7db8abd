"""A mistyped address says what was not understood, at the top of the page, and what the
page shows instead, rather than quietly showing the defaults: a directorate or profession
not on the trust's lists, a date that is not one, a period that is not one, a date or period
not offered under disclosure control, a page that does not exist (or that the viewer may not
open), a figure the drill-down does not offer."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES, label, open_page, shown
from uep_data import access, db
from web import gates

LEAD, STEERING, BOARD = access.PROGRAMME_LEAD, access.STEERING_GROUP, access.BOARD
SHOWS_DEFAULTS = (
    "This page shows figures as of 31 Mar 2004, over 1 Apr 2003 to 31 Mar 2004, trust-wide."
)


def app(url, monkeypatch, role=LEAD, **address):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["view_as"] = role
    for key, value in address.items():
        at.query_params[key] = value
    return at


def notice(at) -> str:
    assert not at.exception, [e.value for e in at.exception]
    said = [shown(w.value) for w in at.warning if "Not understood in the address" in w.value]
    assert len(said) <= 1
    return said[0] if said else ""


def test_a_directorate_not_on_the_trusts_list_is_said_and_the_page_is_trust_wide(
    sample_url, monkeypatch
):
    at = app(sample_url, monkeypatch, directorate="Nowhere").run()
    assert notice(at) == (
        "Not understood in the address: directorate=Nowhere is not one of the trust's "
        "directorates. " + SHOWS_DEFAULTS
    )
    assert "directorate" not in at.query_params


def test_a_slip_in_a_profession_says_which_it_is_closest_to(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, profession="Nursin").run()
    assert "profession=Nursin is not one of the trust's professions (did you mean Nursing?)" in (
        notice(at)
    )


def test_a_date_that_is_not_one_is_said_with_how_to_write_it(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, as_of="2004-13-45").run()
    assert notice(at) == (
        "Not understood in the address: as_of=2004-13-45 is not a date (write it as "
        "2004-03-31). " + SHOWS_DEFAULTS
    )
    at = app(sample_url, monkeypatch, period=["2004-03-31", "2003-04-01"]).run()
    assert "period=2004-03-31&period=2003-04-01 is not a period" in notice(at)


def test_under_disclosure_control_a_day_that_is_not_a_month_end_is_said(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role=BOARD, as_of="2003-12-15").run()
    assert "as_of=2003-12-15 is not a month end these figures can be shown at" in notice(at)
    assert at.query_params["as_of"] == "2004-03-31"
    at = app(
        sample_url,
        monkeypatch,
        role=STEERING,
        as_of="2003-12-31",
        period=["2003-12-01", "2003-12-20"],
    ).run()
    assert "is not one of the reporting periods offered" in notice(at)


def test_a_page_that_does_not_exist_is_named_on_the_page_that_opens(sample_url, monkeypatch):
    monkeypatch.setattr(gates, "asked_page", lambda: "nowhere")
    at = app(sample_url, monkeypatch).run()
    assert notice(at).startswith(
        "Not understood in the address: /nowhere is not a page you can open here, so the "
        "dashboard opened at its first page"
    )
    assert "Overview" in [t.value for t in at.title]


def test_a_page_the_viewer_may_not_open_is_said_the_same_way(sample_url, monkeypatch):
    monkeypatch.setattr(gates, "asked_page", lambda: "upload")
    assert "/upload is not a page you can open here" in notice(
        app(sample_url, monkeypatch, role=BOARD).run()
    )
    monkeypatch.setattr(gates, "asked_page", lambda: "upload")
    assert notice(app(sample_url, monkeypatch, role=LEAD).run()) == ""


def test_a_figure_the_drill_down_does_not_offer_is_said(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, measure="Nonsense")
    at.run()
    at.switch_page(PAGES["drill_down"]).run()
    assert notice(at).startswith(
        "Not understood in the address: measure=Nonsense is not a figure the drill-down "
        f"offers (name one as shown, such as {label('in_employment')})."
    )
    at = app(sample_url, monkeypatch, measure=label("job_starts"))
    open_page(at, "drill_down")
    assert notice(at) == ""
    assert at.selectbox(key="measure").value == "job_starts"


@pytest.mark.parametrize("page", ["overview", "drill_down", "targets"])
def test_a_well_formed_address_has_no_notice(page, sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, as_of="2004-01-31", directorate="Human Resources")
    assert notice(open_page(at, page)) == ""


def test_a_notice_is_said_once(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, directorate="Nowhere").run()
    assert notice(at)
    assert notice(at.run()) == ""
    assert notice(at.switch_page(PAGES["targets"]).run()) == ""


def test_what_the_address_held_is_repeated_as_characters(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, directorate="**[x](https://evil.example)**").run()
    assert "directorate=**[x](https://evil.example)** is not one of" in notice(at)
    assert all("\\*\\*" in w.value for w in at.warning if "Not understood" in w.value)


def test_a_since_date_that_is_not_one_is_said(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, since="2004-02-30").run()
    assert "since=2004-02-30 is not a date (write it as 2004-03-31)" in notice(at)
    assert notice(app(sample_url, monkeypatch, since="2004-01-31").run()) == ""
