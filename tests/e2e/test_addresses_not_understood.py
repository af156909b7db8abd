"""In a real browser: a mistyped address says on the page what was not understood (a page
that does not exist, a date that is not one, a figure the drill-down does not offer), and the
addresses the menu and the links use say nothing."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, go_to, open_app

NOTICE = "Not understood in the address"


@pytest.mark.browser
def test_a_page_that_does_not_exist_is_named_on_the_page_that_opens(server, page):
    open_app(page, f"{server.url}/nowhere")
    expect(page.get_by_text("/nowhere is not a page you can open here")).to_be_visible()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "address_page_not_found.png"))


@pytest.mark.browser
@pytest.mark.parametrize(
    "address, said",
    [
        ("/targets?as_of=2004-13-45", "as_of=2004-13-45 is not a date (write it as 2004-03-31)"),
        ("/?directorate=Nowhere", "directorate=Nowhere is not one of the trust's directorates"),
        ("/drill_down?measure=Nonsense", "measure=Nonsense is not a figure the drill-down offers"),
    ],
)
def test_a_mistyped_address_says_what_was_not_understood(server, page, address, said):
    open_app(page, f"{server.url}{address}")
    expect(page.get_by_text(said)).to_be_visible()


@pytest.mark.browser
def test_the_menu_and_well_formed_addresses_say_nothing(server, page):
    open_app(page, f"{server.url}/targets?as_of=2004-01-31")
    expect(page.get_by_role("heading", name="Targets", exact=True)).to_be_visible()
    go_to(page, "Explore and present", "Drill-down")
    go_to(page, "The programme", "Overview")
    open_app(page, f"{server.url}/drill_down?measure=Job+starts")
    expect(page.get_by_role("heading", name="Drill-down")).to_be_visible()
    expect(page.get_by_text(NOTICE)).to_have_count(0)
