"""In a real browser at 1366x768, the lead's and the board's walk (issue 21): a check-in
dated by the dashboard's as-of date, whose view the banner says and the board pack at the top
of the board's Overview, a focus ring on every control tabbed to, and meeting mode at the
month end chosen."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, go_to, open_app
from tests.e2e.test_journeys import view_as

LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def laptop(browser):
    context = browser.new_context(viewport=LAPTOP)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


@pytest.mark.browser
def test_a_check_in_starts_at_the_as_of_date_the_overview_showed(server, laptop):
    open_app(laptop, server.url + "/?as_of=2003-12-31")
    go_to(laptop, "Programme lead", "Targets and action plan")
    meeting = laptop.get_by_role("group", name="Meeting date")
    meeting.scroll_into_view_if_needed()
    for part, value in (("day", "31"), ("month", "12"), ("year", "2003")):
        expect(laptop.get_by_role("spinbutton", name=f"{part}, Meeting date")).to_have_text(value)
    laptop.screenshot(path=str(SCREENSHOTS / "walk_check_in_meeting_date_1366x768.png"))


@pytest.mark.browser
def test_the_boards_overview_says_whose_view_and_offers_the_pack_at_the_top(server, laptop):
    open_app(laptop, server.url)
    view_as(laptop, "Board")
    banner = laptop.locator(".uep-banner")
    expect(banner).to_contain_text("as the programme lead, showing the board's view")
    pack = laptop.get_by_role("button", name="Board pack (PDF)")
    expect(pack).to_be_in_viewport()
    assert pack.get_attribute("data-testid") == "stBaseButton-primary"
    laptop.screenshot(path=str(SCREENSHOTS / "walk_board_overview_1366x768.png"))

