"""Meeting mode as the programme lead sets it up, filters that say they are there, and
addresses that keep their dates (issue 11, items 4 and 5): headless, with Streamlit's AppTest.
The browser tests (tests/e2e/test_meeting_and_addresses.py) drive the keys, the window sizes
and the menu."""

import datetime as dt
import shutil

import pytest

from tests.app_support import PAGES, label, shown
from tests.test_pages import app, open_page
from uep_data import access, audit, db, settings, views
from uep_data.disclosure import CONTROLLED, EXACT
from uep_data.periods import financial_year_to_date

LEAD = access.PROGRAMME_LEAD


@pytest.fixture
def own_sample(sample_url, tmp_path):
    """A copy of the sample database a test may change."""
    copy = tmp_path / "uep.sqlite"
    shutil.copy(sample_url.removeprefix("sqlite:///"), copy)
    return f"sqlite:///{copy}"


def titles(at) -> list[str]:
    return [t.value for t in at.title]


def meeting_titles(at) -> list[str]:
    """Every screen's title, stepping through with Next."""
    found = [titles(at)[0]]
    while not at.button(key="next_Right").disabled:
        at.button(key="next_Right").click().run()
        found.append(titles(at)[0])
    return found


# --- meeting mode ---------------------------------------------------------------------------


def test_the_lead_chooses_which_meeting_screens_show_and_in_what_order(own_sample, monkeypatch):
    at = open_page(app(own_sample, monkeypatch, role=LEAD), "settings")
    box = at.multiselect(key="setting_meeting_screens")
    assert box.value == settings.DEFAULTS["meeting_screens"]
    box.set_value(["funding", "in_employment", "targets"])
    at.button(key="FormSubmitter:meeting-Save meeting screens").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Saved: meeting mode's screens" in s.value for s in at.success)

    engine = db.create_engine(own_sample)
    assert settings.current(engine)["meeting_screens"] == ["funding", "in_employment", "targets"]
    with engine.connect() as conn:
        logged = [e for e in audit.entries(conn) if e["action"] == "setting"]
    assert logged[0]["details"]["key"] == "meeting_screens"

    at = open_page(app(own_sample, monkeypatch, role=LEAD), "meeting")
    assert meeting_titles(at) == ["Funding", label("in_employment"), "Targets at a glance"]


def test_a_meeting_needs_at_least_one_screen_each_shown_once():
    assert settings.problem_with("meeting_screens", []) is not None
    assert settings.problem_with("meeting_screens", ["funding", "funding"]) is not None
    assert settings.problem_with("meeting_screens", ["the_weather"]) is not None
    assert settings.problem_with("meeting_screens", ["changes", "spc"]) is None


def test_every_meeting_screen_has_next_and_previous_keys_and_a_way_out(sample_url, monkeypatch):
    at = open_page(app(sample_url, monkeypatch, role=access.STEERING_GROUP), "meeting")
    shortcuts = {b.proto.label: b.proto.shortcut for b in at.button}
    assert shortcuts["Next"] == "pagedown" and shortcuts["Previous"] == "pageup"
    assert {shortcuts[f"Next ({k})"] for k in ("Right", "Down", "Space")} == {
        "right",
        "down",
        "space",
    }
    assert {shortcuts[f"Previous ({k})"] for k in ("Left", "Up")} == {"left", "up"}
    assert [link.value for link in at.page_link] == ["Leave"]


def test_meeting_mode_with_no_data_still_has_leave(empty_url, monkeypatch):
    at = open_page(app(empty_url, monkeypatch, role=LEAD), "meeting")
    assert not at.exception, [e.value for e in at.exception]
    assert [link.value for link in at.page_link] == ["Leave"]
    assert "nothing to present" in at.info[0].value


# --- filters you can see --------------------------------------------------------------------


def filter_bar(at) -> str:
    return " ".join(shown(m.value) for m in at.markdown if m.value.startswith("**Showing:**"))


def test_a_narrowed_page_says_what_it_shows_and_goes_back_to_trust_wide(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role=LEAD)
    at.query_params["directorate"] = "Human Resources"
    at.run()
    assert "Human Resources only" in filter_bar(at)
    at.button(key="filter_bar_back").click().run()
    assert filter_bar(at) == ""
    assert "directorate" not in at.query_params
    assert any(shown(c.value).startswith("Trust-wide ·") for c in at.caption)


def test_a_trust_wide_page_has_no_filter_bar(sample_url, monkeypatch):
    at = open_page(app(sample_url, monkeypatch, role=access.BOARD), "overview")
    assert filter_bar(at) == ""


def test_a_narrowed_chart_shows_only_the_groups_in_the_selection(sample_url):
    """Narrowed to Human Resources, a chart by directorate type shows Corporate alone (not
    the other types as 0, which is false), and recruitment by directorate that directorate."""
    engine = db.create_engine(sample_url)
    as_of = dt.date(2004, 3, 31)
    narrowed = views.Filters(as_of, financial_year_to_date(as_of), "Human Resources")
    with db.reading(engine) as conn:
        for audience in (EXACT, CONTROLLED):
            overview = views.PAGE_VIEWS["overview"](conn, narrowed, audience)
            assert [p.words for p in overview.by_directorate_type.parts] == ["Corporate"]
            recruitment = views.PAGE_VIEWS["recruitment"](conn, narrowed, audience)
            assert [p.words for p in recruitment.by_directorate.parts] == ["Human Resources"]
        by_nurses = views.PAGE_VIEWS["overview"](
            conn, views.Filters(as_of, financial_year_to_date(as_of), None, "Nursing"), EXACT
        )
        assert len(by_nurses.by_directorate.parts) == 10  # every directorate's nurses


# --- addresses ------------------------------------------------------------------------------


def test_the_address_carries_the_date_period_and_filters(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role=LEAD)
    at.query_params["as_of"] = "2004-01-15"
    at.query_params["directorate"] = "Human Resources"
    at.run()
    assert at.query_params["as_of"] == "2004-01-15"
    assert at.query_params["period"] == ["2003-04-01", "2004-01-15"]
    assert at.query_params["directorate"] == "Human Resources"
    at.switch_page(PAGES["targets"]).run()
    assert at.query_params["as_of"] == "2004-01-15"


def test_the_default_date_is_written_in_the_address_too(sample_url, monkeypatch):
    """So that a link copied today reopens at the same date after new data arrive."""
    for role, as_of in ((LEAD, "2004-03-31"), (access.BOARD, "2004-03-31")):
        at = open_page(app(sample_url, monkeypatch, role=role), "overview")
        assert at.query_params["as_of"] == as_of
        assert at.query_params["period"] == ["2003-04-01", "2004-03-31"]


def test_a_controlled_viewer_reopens_a_link_at_its_month_end_and_standard_period(
    sample_url, monkeypatch
):
    at = app(sample_url, monkeypatch, role=access.STEERING_GROUP)
    at.query_params["as_of"] = "2003-12-31"
    at.query_params["period"] = ["2003-10-01", "2003-12-31"]  # a quarter
    at.run()
    assert at.session_state["month_end"] == dt.date(2003, 12, 31)
    assert at.session_state["period_kind"] == "Quarter"
    assert at.query_params["period"] == ["2003-10-01", "2003-12-31"]
    assert any("as of 31 Dec 2003" in c.value for c in at.caption)


def test_a_link_the_lead_chose_for_a_controlled_viewer_is_not_taken_if_not_offered(
    sample_url, monkeypatch
):
    at = app(sample_url, monkeypatch, role=access.BOARD)
    at.query_params["as_of"] = "2003-12-15"  # not a month end
    at.run()
    assert at.query_params["as_of"] == "2004-03-31"


def meeting_caption(at) -> str:
    return next(c.value for c in at.caption if "screen 1 of" in c.value)


@pytest.mark.parametrize("role", [LEAD, access.STEERING_GROUP])
def test_meeting_mode_opens_at_the_month_end_the_overview_showed(role, sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role=role)
    at.query_params["as_of"] = "2003-12-31"
    at.run()
    at.switch_page(PAGES["meeting"]).run()
    assert not at.exception
    assert shown(meeting_caption(at)).startswith("As of 31 Dec 2003 · screen 1 of")


def test_meeting_mode_says_which_month_end_it_shows_for_a_day_that_is_not_one(
    sample_url, monkeypatch
):
    at = app(sample_url, monkeypatch, role=LEAD)
    at.query_params["as_of"] = "2004-01-15"
    at.run()
    at.switch_page(PAGES["meeting"]).run()
    assert not at.exception
    assert shown(meeting_caption(at)).startswith(
        "As of 31 Dec 2003 (the last month end by 15 Jan 2004) · screen 1 of"
    )


def test_a_controlled_screen_shows_the_month_end_asked_for_or_the_last_one_by_it():
    ends = [dt.date(2004, 3, 31), dt.date(2004, 2, 29), dt.date(2004, 1, 31)]
    assert views.month_end_shown(None, ends) == (dt.date(2004, 3, 31), None)
    assert views.month_end_shown(dt.date(2004, 2, 29), ends) == (dt.date(2004, 2, 29), None)
    assert views.month_end_shown(dt.date(2004, 2, 15), ends) == (
        dt.date(2004, 1, 31),
        "the last month end by 15 Feb 2004",
    )
    assert views.month_end_shown(dt.date(2003, 5, 1), ends)[0] == dt.date(2004, 1, 31)
