"""In a real browser at 1366x768, the lead's and the board's walk (issue 21): a check-in
dated by the dashboard's as-of date, whose view the banner says and the board pack at the top
of the board's Overview, a focus ring on every control tabbed to, and meeting mode at the
month end chosen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import (
    FIRST_SCREEN,
    SCREENSHOTS,
    act_and_wait,
    go_to,
    open_app,
    wait_idle,
)
from tests.e2e.test_journeys import click_bar, view_as

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


@pytest.mark.browser
def test_the_lead_edits_one_target_with_every_column_in_view_and_sees_the_change_first(
    server, laptop
):
    open_app(laptop, server.url)
    go_to(laptop, "Programme lead", "Targets and action plan")
    # the whole list is on the page, its owners in full, with no scrolling of its own
    targets = laptop.locator("[data-testid='stTable']").first
    expect(targets).to_contain_text("Chief executive (chair of the steering group)")
    box = targets.bounding_box()
    assert box["x"] + box["width"] <= LAPTOP["width"]
    assert targets.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    choose = laptop.locator("[data-testid='stSelectbox']", has_text="Change or add a target")
    choose.scroll_into_view_if_needed()
    choose.click()
    act_and_wait(laptop, lambda: laptop.get_by_role("option", name="EMP (35 people").click())
    form = laptop.locator("[data-testid='stForm']").first
    value = form.get_by_role("spinbutton", name="Value *")
    value.fill("6")
    laptop.screenshot(path=str(SCREENSHOTS / "walk_target_form_1366x768.png"))
    for name in ("Comparison", "Financial year", "Owner", "Retired"):  # all a lead edits
        field = form.locator("label", has_text=name).first
        field.scroll_into_view_if_needed()
        expect(field).to_be_in_viewport()  # the page scrolls, nothing inside it
        box = field.bounding_box()
        assert box["x"] + box["width"] <= LAPTOP["width"]
    act_and_wait(laptop, lambda: form.get_by_role("button", name="Check the target").click())
    expect(laptop.get_by_text("Value: 35 → 6")).to_be_visible()
    expect(laptop.get_by_text("by more than half")).to_be_visible()
    expect(laptop.get_by_text("its title says 35")).to_be_visible()
    expect(laptop.get_by_role("button", name="Save the change")).to_be_disabled()
    laptop.get_by_text("Save the change").scroll_into_view_if_needed()
    laptop.screenshot(path=str(SCREENSHOTS / "walk_target_change_checked_1366x768.png"))
    act_and_wait(laptop, lambda: laptop.get_by_role("button", name="Keep editing").click())
    expect(laptop.get_by_text("Value: 35 → 6")).to_have_count(0)
    # the value put back as it was and checked again: nothing to save, and nothing saved
    form = laptop.locator("[data-testid='stForm']").first
    form.get_by_role("spinbutton", name="Value *").fill("35")
    act_and_wait(laptop, lambda: form.get_by_role("button", name="Check the target").click())
    nothing = laptop.get_by_text("Nothing to save: this target is as it was.")
    expect(nothing).to_be_visible()
    nothing.scroll_into_view_if_needed()
    laptop.screenshot(path=str(SCREENSHOTS / "walk_target_nothing_to_save_1366x768.png"))


@pytest.mark.browser
def test_the_browsers_back_after_a_drill_down_shows_the_overview_as_it_was(server, laptop):
    open_app(laptop, server.url + "/?as_of=2003-12-31")
    expect(laptop.locator("[data-testid='stHorizontalBlock']", has_text="Showing:")).to_have_count(
        0
    )
    before = laptop.url
    click_bar(laptop, "overview_by_directorate", "Vocational and Rehabilitation Services")
    expect(
        laptop.get_by_role("heading", name=re.compile("in Vocational and Rehabilitation Services"))
    ).to_be_visible()
    assert "directorate=Vocational" in laptop.url
    laptop.go_back()
    wait_idle(laptop)
    expect(laptop.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    # the Overview as it was before the click: trust-wide, at the date it showed
    expect(laptop.get_by_text("Vocational and Rehabilitation Services only")).to_have_count(0)
    expect(laptop.get_by_role("button", name="Back to trust-wide")).to_have_count(0)
    assert "directorate=" not in laptop.url and "as_of=2003-12-31" in laptop.url
    assert laptop.url == before
    laptop.screenshot(path=str(SCREENSHOTS / "walk_back_after_drill_down_1366x768.png"))
    # and forward again: the drill-down as it was
    laptop.go_forward()
    wait_idle(laptop)
    expect(
        laptop.get_by_role("heading", name=re.compile("in Vocational and Rehabilitation Services"))
    ).to_be_visible()


# The keyboard's place: the element focused (or the box that draws its ring, for a text box
# or a drop-down), its outline and the colour behind it, and their contrast
FOCUS_RING = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  const ringed = [focused, ...(function* () {
    for (let e = focused.parentElement; e; e = e.parentElement) yield e; })()]
    .find(e => getComputedStyle(e).outlineStyle !== 'none'
               && parseFloat(getComputedStyle(e).outlineWidth) > 0) || focused;
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(c => c / 255)
    .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  let behind = ringed.parentElement, background = [255, 255, 255];
  for (; behind; behind = behind.parentElement) {
    const colour = rgb(getComputedStyle(behind).backgroundColor);
    if (colour.length === 3 || colour[3] > 0) { background = colour.slice(0, 3); break; }
  }
  const style = getComputedStyle(ringed);
  const [a, b] = [lum(rgb(style.outlineColor)), lum(background)].sort((x, y) => y - x);
  return {
    tag: focused.tagName, role: focused.getAttribute('role') || '',
    name: (focused.getAttribute('aria-label') || focused.innerText || '').trim().slice(0, 40),
    outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
    contrast: (a + 0.05) / (b + 0.05),
  };
}"""


def tab_through(page, presses: int) -> list[dict]:
    """Press Tab, noting where the keyboard lands and the ring it shows each time."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring:
            seen.append(ring)
    return seen


def ringless(seen: list[dict]) -> list[dict]:
    return [r for r in seen if r["outline"] == "none" or r["width"] < 2 or r["contrast"] < 3]


@pytest.mark.browser
def test_every_control_tabbed_to_shows_a_focus_ring_and_leave_does_in_meeting_mode(server, laptop):
    open_app(laptop, server.url)
    seen = tab_through(laptop, 30)
    assert any(r["tag"] == "BUTTON" for r in seen) and any(r["tag"] == "A" for r in seen)
    assert not ringless(seen), ringless(seen)
    go_to(laptop, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
    leave = laptop.get_by_role("link", name="Leave")
    for _ in range(20):
        laptop.keyboard.press("Tab")
        if leave.evaluate("link => link === document.activeElement"):
            break
    ring = laptop.evaluate(FOCUS_RING)
    assert ring["name"].endswith("Leave"), ring
    assert not ringless([ring]), ring
    laptop.screenshot(path=str(SCREENSHOTS / "walk_meeting_leave_focused_1366x768.png"))
    seen = tab_through(laptop, 8)
    assert not ringless(seen), ringless(seen)


@pytest.mark.browser
def test_meeting_mode_opens_at_the_month_end_the_overview_was_showing(server, laptop):
    open_app(laptop, server.url + "/?as_of=2003-12-31")
    go_to(laptop, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
    assert "as_of=2003-12-31" in laptop.url
    expect(laptop.get_by_text("As of 31 Dec 2003 · screen 1 of")).to_be_visible()
    expect(laptop.get_by_text("37 people are supported")).to_have_count(0)  # 31 Mar 2004's
    laptop.screenshot(path=str(SCREENSHOTS / "walk_meeting_at_31_dec_2003_1366x768.png"))
    open_app(laptop, server.url + "/meeting?as_of=2004-01-15")
    expect(
        laptop.get_by_text("As of 31 Dec 2003 (the last month end by 15 Jan 2004)")
    ).to_be_visible()
    laptop.screenshot(path=str(SCREENSHOTS / "walk_meeting_mid_month_1366x768.png"))
