"""The main journeys in a real browser: every page, drilling down from a bar, meeting mode,
the steering group's view, and addresses that must not open a page."""

import re

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.e2e.conftest import FIRST_SCREEN, Server, act_and_wait, go_to, open_app, shoot, wait_idle

SECTIONS = {
    "The programme": [
        "Overview",
        "Targets",
        "Coverage",
        "Stages of support",
        label("contacts"),
        "Work preparation",
        "Recruitment",
        "Funding",
    ],
    "Explore and present": ["Drill-down"],
    "Programme lead": [
        "Upload",
        "Import history",
        "Targets and action plan",
        "Danger-point watch list",
        "Reports",
        "Settings",
        "Audit log",
        "Erase a person",
    ],
}


def view_as(page, role_name: str) -> None:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="View as")
    box.click()
    act_and_wait(page, lambda: page.get_by_role("option", name=role_name).click())


@pytest.mark.browser
def test_every_page_opens_from_the_menu(server, page):
    open_app(page, server.url)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    shoot(page, "lead_overview")
    for section, titles in SECTIONS.items():
        for title in titles:
            go_to(page, section, title)
            expect(page.locator("[data-testid='stException']")).to_have_count(0)
            shoot(page, "lead_" + re.sub(r"\W+", "_", title.lower()))


@pytest.mark.browser
def test_the_steering_group_sees_stars_and_no_lead_pages(server, page):
    open_app(page, server.url)
    view_as(page, "Steering group")
    chart = (
        page.locator("[data-testid='stVegaLiteChart']")
        .filter(has=page.locator('[aria-label*="not shown"]'))
        .first
    )
    expect(chart).to_be_visible()
    shoot(page, "steering_overview")
    expect(page.get_by_text("Programme lead", exact=True)).to_have_count(0)
    go_to(page, "The programme", "Coverage")
    shoot(page, "steering_coverage")
    view_as(page, "Board")
    expect(page.get_by_text("Explore and present", exact=True)).to_have_count(0)
    shoot(page, "board_coverage_refused_or_overview")


def bar(page, chart_key: str, starts_with: str):
    chart = page.locator(f".st-key-{chart_key} [data-testid='stVegaLiteChart']")
    return chart.locator(f'svg path[role="graphics-symbol"][aria-label^="{starts_with}"]').first


def click_bar(page, chart_key: str, starts_with: str) -> None:
    """Click a chart's bar as a person would (scrolled into view), and wait for the rerun."""
    target = bar(page, chart_key, starts_with)
    target.scroll_into_view_if_needed()
    act_and_wait(page, target.click)


@pytest.mark.browser
def test_clicking_a_bar_drills_down_to_professions_and_records(server, page):
    open_app(page, server.url)
    click_bar(page, "overview_by_directorate", "Vocational and Rehabilitation Services")
    heading = page.get_by_role(
        "heading",
        name=re.compile(
            f"{label('in_employment')} in Vocational and Rehabilitation Services, by profession"
        ),
    )
    expect(heading).to_be_visible()
    assert "directorate=Vocational" in page.url
    shoot(page, "drill_directorate")
    nursing = bar(page, "drill_chart", "Nursing")
    act_and_wait(page, nursing.click)
    expect(page.get_by_text("Who is counted here")).to_be_visible()
    expect(page.locator("[data-testid='stDataFrame']")).to_have_count(1)
    shoot(page, "drill_records")
    act_and_wait(page, page.get_by_role("button", name="Trust-wide").click)
    expect(
        page.get_by_role("heading", name=re.compile("in the trust, by directorate"))
    ).to_be_visible()


@pytest.mark.browser
def test_a_drill_down_opens_by_its_address(server, page):
    open_app(page, server.url + "/drill_down?measure=Job+starts&directorate=Human+Resources")
    expect(
        page.get_by_role("heading", name=re.compile(f"{label('job_starts')} in Human Resources"))
    ).to_be_visible()


@pytest.mark.browser
def test_meeting_mode_steps_through_its_screens(server, page):
    open_app(page, server.url)
    go_to(page, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
    expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
    titles = []
    screens = 11  # the sample's meeting, every screen shown (the default)
    for number in range(1, screens + 1):
        titles.append(page.locator("h1").first.inner_text())
        shoot(page, f"meeting_{number}")
        if number < screens:
            act_and_wait(page, page.get_by_role("button", name="Next").click)
    assert titles[0] == FIRST_SCREEN and len(set(titles)) == screens
    assert titles[1] == label("in_employment")
    assert titles[2] == f"{label('in_employment')}, month by month"
    assert titles[3] == "Making Data Count summary"
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    act_and_wait(page, page.get_by_role("button", name="Previous").click)
    assert page.locator("h1").first.inner_text() == titles[-2]


@pytest.mark.browser
def test_a_board_member_reads_the_charts_and_takes_the_board_pack(server, page, tmp_path):
    from pypdf import PdfReader

    open_app(page, server.url)
    view_as(page, "Board")
    icons = page.locator(".uep-spc-icons svg[role='img']")
    expect(icons.first).to_be_visible()
    assert icons.first.get_attribute("aria-label") == "Special cause improvement, high"
    page.get_by_text("Month by month", exact=True).first.scroll_into_view_if_needed()
    shoot(page, "board_overview_with_charts")
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="Board pack (PDF)").click()
    assert download.value.suggested_filename == "UEP board pack 2004-03-31.pdf"
    reader = PdfReader(download.value.path())
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Report to the trust board" in text and "5. Targets" in text
    go_to(page, "The programme", "Targets")
    expect(page.locator(".uep-spc-icons").first).to_be_visible()
    shoot(page, "board_targets_with_charts")


@pytest.mark.browser
def test_a_fresh_servers_first_address_still_goes_through_the_entry_script(
    sample_database, tmp_path, browser
):
    """Streamlit runs pages/NAME.py on its own when /NAME is the first address a fresh server
    is asked for; the pages live in app_pages/ so that every request goes through app.py
    (sign-in, role, navigation)."""
    fresh = Server(sample_database, tmp_path / "fresh.log")
    try:
        tab = browser.new_page()
        tab.goto(fresh.url + "/coverage")
        wait_idle(tab)
        expect(tab.get_by_text("The programme", exact=True)).to_be_visible()  # app.py's menu
        expect(tab.get_by_text("Sign-in is off.")).to_be_visible()
        expect(tab.get_by_role("heading", name="Coverage", level=1)).to_be_visible()
        tab.close()
    finally:
        fresh.stop()
