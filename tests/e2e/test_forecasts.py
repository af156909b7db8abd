"""In a real browser: Targets' forecasts (each running target's chart with its fan to the
deadline, the sentence beside it) at a meeting room's two screen sizes, as the lead and as
the steering group, and the meeting screen of where people in employment is heading."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import FIRST_SCREEN, SCREENSHOTS, act_and_wait, go_to, open_app
from tests.e2e.test_journeys import view_as

SIZES = ((1920, 1080), (1366, 768))


@pytest.mark.browser
@pytest.mark.parametrize("role", ["Programme lead", "Steering group"])
@pytest.mark.parametrize("width,height", SIZES)
def test_targets_show_each_forecast_with_its_fan_and_its_sentence(
    server, browser, role, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, server.url)
        if role != "Programme lead":
            view_as(page, role)
        go_to(page, "The programme", "Targets")
        heading = page.get_by_role("heading", name="Where the targets are heading")
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_visible()
        sentence = page.get_by_text(re.compile(r"the chance of meeting the target of 38 is"))
        expect(sentence.first).to_be_visible()
        fan = page.locator(
            "[data-testid=stVegaLiteChart]", has_text="and the forecast to its deadline"
        )
        tag = re.sub(r"\W+", "_", role.lower())
        page.screenshot(path=str(SCREENSHOTS / f"targets_forecast_{tag}_{width}x{height}.png"))
        expect(fan.first).to_be_visible()
        fan.first.scroll_into_view_if_needed()
        box = fan.first.bounding_box()
        assert box and box["width"] <= width and box["height"] > 150  # drawn, and fits across
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways
        page.screenshot(path=str(SCREENSHOTS / f"targets_forecast_{tag}_{width}x{height}.png"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width,height", SIZES)
def test_the_meeting_screen_of_where_people_in_employment_is_heading(
    server, browser, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, server.url)
        go_to(page, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
        for _ in range(10):
            if "heading" in page.locator("h1").first.inner_text():
                break
            act_and_wait(page, lambda: page.keyboard.press("PageDown"))
        expect(page.locator("h1").first).to_contain_text("is heading")
        expect(page.get_by_text(re.compile(r"At the present rate")).first).to_be_visible()
        expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_in_viewport()
        size = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
        )
        assert size[0] <= width and size[1] <= height, size  # one screen, no scrolling
        page.screenshot(path=str(SCREENSHOTS / f"meeting_heading_{width}x{height}.png"))
    finally:
        context.close()
