"""In a real browser: meeting mode driven by what a presentation clicker sends (Page Down,
Page Up) and by the arrow keys and Space, every screen fitting 1920x1080 and 1366x768 with
no scrolling and chart text of at least 18 px, as the lead and as the steering group; the
filter bar; a drill-down that leaves no filter behind; addresses that keep their dates."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    FIRST_SCREEN,
    SCREENSHOTS,
    Server,
    act_and_wait,
    go_to,
    open_app,
    wait_idle,
)
from tests.e2e.test_journeys import click_bar, view_as
from uep_data import db

SIZES = ((1920, 1080), (1366, 768))
SCREENS = 11  # the sample's meeting, every screen shown (the default)

MEASURE = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const sizes = Array.from(
    document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')
  ).filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize));
  return {
    height: Math.max(document.documentElement.scrollHeight, main.scrollHeight),
    width: Math.max(document.documentElement.scrollWidth, main.scrollWidth),
    smallest: sizes.length ? Math.min(...sizes) : null,
  };
}"""

# Every piece of text a person in the room can see (charts' too), with its computed size: the
# words of each text node, the size of the element that holds it
SMALL_TEXT = """(least) => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const small = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.trim();
    const holder = node.parentElement;
    if (!words || !holder || ['STYLE', 'SCRIPT', 'TITLE'].includes(holder.tagName)) continue;
    if (!holder.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const box = holder.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // read to screen readers only
    const size = parseFloat(getComputedStyle(holder).fontSize);
    if (size < least) small.push(`${size.toFixed(1)}px ${holder.tagName}: ${words.slice(0, 60)}`);
  }
  for (const box of document.querySelectorAll('input')) {  // a value typed or chosen
    const size = parseFloat(getComputedStyle(box).fontSize);
    if (box.value && box.checkVisibility() && size < least) small.push(`${size}px INPUT: ${box.value}`);
  }
  return small;
}"""


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    """The dashboard in local mode on a database with no data."""
    folder = tmp_path_factory.mktemp("empty_e2e")
    url = f"sqlite:///{folder / 'uep.sqlite'}"
    db.upgrade(db.create_engine(url))
    running = Server(url, folder / "streamlit.log")
    yield running
    running.stop()


def fits(page, width: int, height: int) -> dict:
    measured = page.evaluate(MEASURE)
    assert measured["height"] <= height and measured["width"] <= width, measured
    assert measured["smallest"] is None or measured["smallest"] >= 18, measured
    small = page.evaluate(SMALL_TEXT, 18)
    assert not small, f"text below 18 px on a meeting screen: {small}"
    return measured


def press(page, key: str) -> None:
    act_and_wait(page, lambda: page.keyboard.press(key))


@pytest.mark.browser
@pytest.mark.parametrize("role", ["Programme lead", "Steering group"])
@pytest.mark.parametrize("width,height", SIZES)
def test_a_clicker_and_the_arrow_keys_drive_meeting_mode_and_every_screen_fits(
    server, browser, role, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        open_app(page, server.url)
        if role != "Programme lead":
            view_as(page, role)
        go_to(page, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
        forward = ["PageDown", "ArrowRight", "Space", "ArrowDown"]
        titles = []
        for number in range(1, SCREENS + 1):
            expect(page.get_by_text(f"screen {number} of {SCREENS}")).to_be_visible()
            titles.append(page.locator("h1").first.inner_text())
            fits(page, width, height)
            expect(page.get_by_role("link", name="Leave")).to_be_in_viewport()
            tag = re.sub(r"\W+", "_", role.lower())
            page.screenshot(path=str(SCREENSHOTS / f"meeting_{tag}_{width}x{height}_{number}.png"))
            if number < SCREENS:
                press(page, forward[(number - 1) % len(forward)])
        assert len(set(titles)) == SCREENS, titles
        assert "month by month" in titles[2]
        press(page, "PageUp")
        assert page.locator("h1").first.inner_text() == titles[-2]
        press(page, "ArrowLeft")
        assert page.locator("h1").first.inner_text() == titles[-3]
        press(page, "ArrowUp")
        assert page.locator("h1").first.inner_text() == titles[-4]
    finally:
        context.close()


@pytest.mark.browser
def test_meeting_mode_with_no_data_has_leave(empty_server, page):
    open_app(page, empty_server.url + "/meeting")
    expect(page.get_by_text("nothing to present")).to_be_visible()
    act_and_wait(page, page.get_by_role("link", name="Leave").click)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()


def caption_line(page) -> str:
    return page.locator(
        "[data-testid='stCaptionContainer']", has_text=" · as of "
    ).first.inner_text()


@pytest.mark.browser
def test_a_copied_address_reopens_at_the_same_date_period_and_filters(server, page, browser):
    open_app(page, server.url + "/?as_of=2004-01-15&directorate=Human+Resources")
    expect(page.get_by_text("Showing:")).to_be_visible()
    go_to(page, "The programme", "Recruitment")
    assert "as_of=2004-01-15" in page.url and "directorate=Human+Resources" in page.url
    assert "period=2003-04-01&period=2004-01-15" in page.url
    page.screenshot(path=str(SCREENSHOTS / "filter_bar_recruitment.png"))
    copied = page.url
    other = browser.new_page()
    try:
        open_app(other, copied)
        expect(other.get_by_role("heading", name="Recruitment", level=1)).to_be_visible()
        assert caption_line(other).startswith("Human Resources · as of 15 Jan 2004")
        expect(other.get_by_text("Showing:")).to_be_visible()
    finally:
        other.close()
    act_and_wait(page, page.get_by_role("button", name="Back to trust-wide").click)
    expect(page.get_by_text("Showing:")).to_have_count(0)
    assert "directorate" not in page.url and "as_of=2004-01-15" in page.url


@pytest.mark.browser
def test_overview_has_its_own_address(server, page):
    open_app(page, server.url + "/overview?as_of=2004-02-29")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    assert "as of 29 Feb 2004" in caption_line(page)


@pytest.mark.browser
def test_a_drill_down_leaves_no_hidden_filter_on_the_overview(server, page):
    open_app(page, server.url)
    click_bar(page, "overview_by_directorate", "Vocational and Rehabilitation Services")
    expect(
        page.get_by_role("heading", name=re.compile("in Vocational and Rehabilitation Services"))
    ).to_be_visible()
    expect(
        page.get_by_role("button", name="Vocational and Rehabilitation Services")
    ).to_be_visible()
    go_to(page, "The programme", "Overview")
    wait_idle(page)
    expect(page.get_by_text("Showing:")).to_have_count(0)
    assert caption_line(page).startswith("Trust-wide")
    assert "directorate" not in page.url
    page.screenshot(path=str(SCREENSHOTS / "overview_after_drill_down.png"))
