"""WCAG 2.2 AA: axe-core finds no serious or critical violation on any page, as the lead and
as the steering group; and no chart relies on colour alone."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.conftest import FIRST_SCREEN, act_and_wait, go_to, open_app, shoot
from tests.e2e.test_journeys import SECTIONS, view_as

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serious_violations(page) -> list[dict]:
    result = (
        Axe()
        .run(
            page,
            options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]},
        )
        .response
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def every_page(page):
    yield "Overview"
    for section, titles in SECTIONS.items():
        for title in titles:
            if title != "Overview":
                go_to(page, section, title)
                yield title


@pytest.mark.browser
def test_no_serious_or_critical_violation_on_any_page_for_the_lead(server, page):
    open_app(page, server.url)
    found = {title: serious_violations(page) for title in every_page(page)}
    go_to(page, "Explore and present", "Meeting mode", heading=FIRST_SCREEN)
    for screen in range(1, 8):
        found[f"Meeting screen {screen}"] = serious_violations(page)
        if screen < 7:
            act_and_wait(page, page.get_by_role("button", name="Next").click)
    assert not any(found.values()), json.dumps({k: v for k, v in found.items() if v}, indent=1)


@pytest.mark.browser
def test_no_serious_or_critical_violation_for_the_steering_group(server, page):
    open_app(page, server.url)
    view_as(page, "Steering group")
    found = {}
    for section, titles in SECTIONS.items():
        for title in titles:
            if section == "Programme lead":
                continue
            if title != "Overview":
                go_to(page, section, title)
            found[title] = serious_violations(page)
    shoot(page, "steering_last_page_checked")
    assert not any(found.values()), json.dumps({k: v for k, v in found.items() if v}, indent=1)


@pytest.mark.browser
def test_every_chart_says_what_it_shows_in_words(server, page):
    """Colour is never the only carrier: every chart has a text description, and every bar
    or cell of the drill-down charts carries its value as text."""
    open_app(page, server.url)
    for title in every_page(page):
        tabs = page.get_by_role("tab")
        for tab in [None] + [tabs.nth(i) for i in range(tabs.count())]:
            if tab is not None:  # charts in the other tabs are drawn when their tab opens
                tab.click()
                expect(tab).to_have_attribute("aria-selected", "true")
            charts = page.locator("[data-testid='stVegaLiteChart']:visible")
            for i in range(charts.count()):
                label = charts.nth(i).locator("[aria-label]").first.get_attribute("aria-label")
                assert label and label != "Vega visualization", (title, i)
