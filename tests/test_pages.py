"""Every page for every role it is registered for, headless with Streamlit's AppTest: with the
sample data and with an empty database; sign-in states; pages a role may not see cannot be
reached; figures on the pages agree with the command line's summary."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app_support import APP, AUTH, FORMS, PAGES, TITLES, as_signed_in, label, open_page, shown
from uep_data import access, db, measures
from uep_data.sample import SAMPLE_AS_OF

ROLE_MAPPING = {
    "programme_lead": ["lead@trust.nhs.uk"],
    "steering_group": ["@trust.nhs.uk"],
    "board": ["chair@trust.nhs.uk", "group:Trust board"],
}


def app(url, monkeypatch, *, role=None, user=None, roles=ROLE_MAPPING):
    """The app in local mode viewing as `role`, or with sign-in on and `user` signed in."""
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, url)
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.secrets["roles"] = roles
        at.user = as_signed_in(user)
    elif role is not None:
        at.session_state["view_as"] = role
    return at


def text_of(at) -> str:
    parts = [shown(m.value) for m in at.markdown] + [shown(t.value) for t in at.title]
    parts += [shown(str(m.value)) for m in at.metric] + [h.proto.body for h in at.get("html")]
    return "\n".join(parts)


REGISTERED = [
    (page, role) for page in PAGES for role in access.ROLES if access.may_open(role, page)
]


@pytest.mark.parametrize("page,role", REGISTERED)
def test_every_page_renders_for_every_role_it_is_registered_for(
    page, role, sample_url, monkeypatch
):
    at = open_page(app(sample_url, monkeypatch, role=role), page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert TITLES[page] in [t.value for t in at.title]


@pytest.mark.parametrize("page,role", REGISTERED)
def test_every_page_has_a_clear_empty_state_on_an_empty_database(
    page, role, empty_url, monkeypatch
):
    at = open_page(app(empty_url, monkeypatch, role=role), page)
    assert not at.exception, [e.value for e in at.exception]
    assert "Please open the dashboard from its home page." not in text_of(at)
    if page not in ("meeting",) and page not in FORMS:
        assert at.info or at.success, f"{page} shows no empty-state message"


UNREGISTERED = [
    (page, role) for page in PAGES for role in access.ROLES if not access.may_open(role, page)
]


@pytest.mark.parametrize("page,role", UNREGISTERED)
def test_a_role_cannot_reach_a_page_it_may_not_see(page, role, sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, role=role).run()
    with pytest.raises(Exception, match="Could not find a navigation page"):
        at.switch_page(PAGES[page])


def test_signed_in_users_get_the_role_their_mapping_gives(sample_url, monkeypatch):
    lead = app(
        sample_url, monkeypatch, user={"is_logged_in": True, "email": "lead@trust.nhs.uk"}
    ).run()
    assert lead.switch_page(PAGES["watch_list"]).run() and not lead.exception
    board = app(
        sample_url,
        monkeypatch,
        user={"is_logged_in": True, "email": "x@nhs.net", "groups": ["Trust board"]},
    ).run()
    assert "Sign-in is off" not in text_of(board)
    with pytest.raises(Exception, match="Could not find a navigation page"):
        board.switch_page(PAGES["coverage"])
    steering = app(
        sample_url, monkeypatch, user={"is_logged_in": True, "email": "someone@trust.nhs.uk"}
    ).run()
    steering.switch_page(PAGES["coverage"]).run()
    assert not steering.exception
    with pytest.raises(Exception, match="Could not find a navigation page"):
        steering.switch_page(PAGES["watch_list"])


def test_a_signed_in_user_with_no_role_is_refused(sample_url, monkeypatch):
    at = app(
        sample_url, monkeypatch, user={"is_logged_in": True, "email": "visitor@example.org"}
    ).run()
    assert [t.value for t in at.title] == ["You have no access"]
    assert label("in_employment") not in text_of(at)


def test_without_sign_in_a_visitor_sees_only_the_sign_in_page(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch, user={"is_logged_in": False}).run()
    assert [b.label for b in at.button] == ["Sign in"]
    assert "37" not in text_of(at)


def test_no_mapping_means_no_access(sample_url, monkeypatch):
    at = app(
        sample_url, monkeypatch, user={"is_logged_in": True, "email": "lead@trust.nhs.uk"}, roles={}
    ).run()
    assert [t.value for t in at.title] == ["You have no access"]


def test_local_mode_shows_its_banner_and_lets_the_lead_view_as_the_board(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch).run()
    assert "Sign-in is off" in text_of(at)
    assert at.selectbox(key="view_as").value == access.PROGRAMME_LEAD
    at.selectbox(key="view_as").set_value(access.BOARD).run()
    with pytest.raises(Exception, match="Could not find a navigation page"):
        at.switch_page(PAGES["stages"])


def test_the_local_mode_banner_says_whose_view_the_lead_is_previewing(sample_url, monkeypatch):
    at = app(sample_url, monkeypatch).run()
    banner = next(h.proto.body for h in at.get("html") if "uep-banner" in h.proto.body)
    assert "on this computer only, as the programme lead. Set up" in banner
    at.selectbox(key="view_as").set_value(access.BOARD).run()
    banner = next(h.proto.body for h in at.get("html") if "uep-banner" in h.proto.body)
    assert "as the programme lead, showing the board's view. Set up" in banner


def test_the_boards_overview_offers_the_board_pack_first_as_a_primary_button(
    sample_url, monkeypatch
):
    """The pack is what a board member came for: beside what needs attention, at the top."""
    at = open_page(app(sample_url, monkeypatch, role=access.BOARD), "overview")
    attention, pack = at.main.columns[:2]
    assert any("uep-attention" in h.proto.body for h in attention.get("html"))
    [button] = pack.button
    assert button.label == "Board pack (PDF)" and button.proto.type == "primary"


def test_local_mode_refuses_to_serve_beyond_this_computer(sample_url, monkeypatch):
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    try:
        at = app(sample_url, monkeypatch).run()
    finally:
        config.set_option("server.address", before)
    assert [t.value for t in at.title] == ["Sign-in needed"]
    assert label("in_employment") not in text_of(at)


def test_the_overview_shows_35_to_40_in_employment_against_the_target_of_35(
    sample_url, monkeypatch
):
    at = open_page(app(sample_url, monkeypatch, role=access.STEERING_GROUP), "overview")
    text = text_of(at)
    assert label("in_employment") in text
    card = next(h.proto.body for h in at.get("html") if label("in_employment") in h.proto.body)
    value = int(card.split('class="value">')[1].split("<")[0])
    assert 35 <= value <= 40
    assert "Target for 2003/04: at least 35" in card and "Met" in card


def figures_shown(at) -> dict[str, str]:
    shown = {m.label: str(m.value) for m in at.metric}
    for h in at.get("html"):
        body = h.proto.body
        if 'class="uep-card"' in body:
            name = body.split('class="label">')[1].split("<")[0]
            shown[name] = body.split('class="value">')[1].split("<")[0]
    return shown


def test_the_figures_on_every_page_agree_with_the_summary(sample_url, monkeypatch):
    engine = db.create_engine(sample_url)
    with engine.connect() as conn:
        summary = measures.summary(conn, SAMPLE_AS_OF)
    expected = {
        "overview": {
            label("in_employment"): str(summary["in_employment"]),
            label("job_starts"): str(summary["job_starts"]),
            label(
                "recruits_lived_experience_pct"
            ): f"{summary['recruits_lived_experience_pct']:.0f}%",
            label("directorates_covered_pct"): f"{summary['directorates_covered_pct']:.0f}%",
            label("funding_awarded"): f"£{summary['funding_awarded']:,.0f}",
        },
        "coverage": {
            label("clinical_posts"): str(summary["clinical_posts"]),
            label("professional_posts"): str(summary["professional_posts"]),
            label("management_posts"): str(summary["management_posts"]),
            label("in_professional_training"): str(summary["in_professional_training"]),
        },
        "stages": {
            label("retention_13_weeks_pct"): f"{summary['retention_13_weeks_pct']:.0f}%",
            "Median days from offer to start": f"{summary['median_days_offer_to_start']:.0f} days",
        },
        "contacts": {f"{label('contacts')} in the period": f"{summary['contacts']:,}"},
        "work_preparation": {
            "Participants who started in the period": str(summary["work_prep_participants"])
        },
        "recruitment": {
            f"{label('recruits_lived_experience_pct')} in the period": f"{summary['recruits_lived_experience_pct']:.0f}%"
        },
        "funding": {
            label("funding_awarded"): f"£{summary['funding_awarded']:,.0f}",
            label("funding_spent"): f"£{summary['funding_spent']:,.0f}",
        },
    }
    for page, figures in expected.items():
        shown = figures_shown(
            open_page(app(sample_url, monkeypatch, role=access.PROGRAMME_LEAD), page)
        )
        for name, value in figures.items():
            assert shown.get(name) == value, (page, name, shown.get(name), value)


def test_a_page_run_without_the_entry_script_shows_nothing(sample_url, monkeypatch):
    """Should Streamlit ever run a page file on its own (as it does for a pages/ folder),
    the page refuses before showing anything."""
    monkeypatch.setenv(db.ENVIRONMENT_VARIABLE, sample_url)
    page = Path(APP).parent / PAGES["coverage"]
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert "Please open the dashboard from its home page." in text_of(at)
    assert not at.get("vega_lite_chart") and not at.metric


def spc_charts(at) -> list[str]:
    import json

    keys = [
        json.loads(chart.proto.spec).get("usermeta", {}).get("chart", "")
        for chart in at.get("vega_lite_chart")
    ]
    return [key for key in keys if key.startswith("spc_")]


@pytest.mark.parametrize("role", access.ROLES)
def test_the_making_data_count_charts_are_on_the_overview_and_targets_for_every_role(
    role, sample_url, monkeypatch
):
    overview = open_page(app(sample_url, monkeypatch, role=role), "overview")
    expected = ["spc_in_employment", "spc_contacts"]
    if role == access.PROGRAMME_LEAD:  # a month's count (or share) of people: the lead's alone
        expected = [
            "spc_in_employment",
            "spc_job_starts",
            "spc_recruits_lived_experience_pct",
            "spc_contacts",
        ]
    assert spc_charts(overview) == expected
    assert "Special cause improvement: the last point is unusually high" in text_of(overview)
    assert any(b.label == "Board pack (PDF)" for b in overview.button)
    targets = open_page(app(sample_url, monkeypatch, role=role), "targets")
    assert spc_charts(targets)[0] == "spc_in_employment"
    assert ("spc_recruits_lived_experience_pct" in spc_charts(targets)) == (
        role == access.PROGRAMME_LEAD
    )


def test_meeting_mode_has_a_making_data_count_screen(sample_url, monkeypatch):
    at = open_page(app(sample_url, monkeypatch, role=access.PROGRAMME_LEAD), "meeting")
    at.number_input(key="screen").set_value(3).run()  # after what needs attention and the figure
    assert f"{label('in_employment')}, month by month" in [t.value for t in at.title]
    assert spc_charts(at) == ["spc_in_employment"]
