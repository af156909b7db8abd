"""Reports, the programme lead's page for the papers the trust publishes, headless with
Streamlit's AppTest: the lead previews the annual report of a year that has ended and is
offered it and each stream's return; choosing another year changes all of them; no other
role can reach the page, nor make a paper from it."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, PAGES, open_page
from uep_data import access, db


def app(url, monkeypatch, role):
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["view_as"] = role
    return at


def buttons(at) -> list[str]:
    return [b.label for b in at.button]


def test_the_lead_previews_the_annual_report_and_is_offered_every_paper(sample_url, monkeypatch):
    at = open_page(app(sample_url, monkeypatch, access.PROGRAMME_LEAD), "reports")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Reports"]
    year = at.selectbox(key="report_year")
    assert year.value == "2003/04" and year.options[:2] == ["2003/04", "2002/03"]
    assert [h.value for h in at.subheader][:2] == [
        "Annual report 2003/04",
        "Funders' returns 2003/04",
    ]
    assert buttons(at).count("Return (spreadsheet)") == 3  # one for each stream funded
    assert {"Annual report (PDF)", "Annual report (web pages, .zip)", "Return (PDF)"} <= set(
        buttons(at)
    )
    preview = "".join(h.proto.body for h in at.get("html"))
    assert "Annual report 2003/04" in preview and "37 people were in posts" in preview

    year.set_value("2002/03").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Annual report 2002/03"
    preview = "".join(h.proto.body for h in at.get("html"))
    assert "Annual report 2002/03" in preview and "31 people were in posts" in preview


def test_making_a_paper_on_the_page_logs_it(sample_copy_url, monkeypatch):
    from uep_data import audit

    at = open_page(app(sample_copy_url, monkeypatch, access.PROGRAMME_LEAD), "reports")
    next(b for b in at.button if b.label == "Return (spreadsheet)").click().run()
    assert not at.exception, [e.value for e in at.exception]
    engine = db.create_engine(sample_copy_url)
    with db.reading(engine) as conn:
        logged = [audit.describe(e) for e in audit.entries(conn, action="export")]
    engine.dispose()
    assert len(logged) == 1 and "(workbook)" in logged[0] and "board level" in logged[0]


@pytest.mark.parametrize("role", [access.STEERING_GROUP, access.BOARD])
def test_no_other_role_can_reach_reports(role, sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role).run()
    assert not access.may_open(role, "reports")
    with pytest.raises(Exception, match="Could not find a navigation page"):
        at.switch_page(PAGES["reports"])


def test_reports_on_an_empty_database_says_there_is_no_year_to_report(empty_url, monkeypatch):
    at = open_page(app(empty_url, monkeypatch, access.PROGRAMME_LEAD), "reports")
    assert not at.exception, [e.value for e in at.exception]
    words = " ".join(m.value for m in at.info)
    assert words, "no empty-state message"
    assert not [b for b in at.button if b.label.startswith(("Annual report", "Return"))]
