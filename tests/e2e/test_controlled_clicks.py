"""Disclosure control holds through clicks: viewing as the steering group, a bar and a grid
cell open the drill-down at the steering group's level (its figures controlled, no records,
the sidebar still the steering group's); viewing as the board, whose role has no drill-down,
a click does nothing harmful and says so."""

import re

import pytest
from playwright.sync_api import expect

from tests.app_support import label
from tests.e2e.conftest import act_and_wait, go_to, open_app, shoot
from tests.e2e.test_journeys import click_bar, view_as

SMALL = {str(n) for n in range(1, 8)}


def figures_in_charts(page) -> list[str]:
    """The value each chart mark says it stands for (its accessible name ends with it)."""
    labels = page.locator("[data-testid='stVegaLiteChart'] [role='graphics-symbol']")
    found = []
    for name in labels.evaluate_all("els => els.map(e => e.getAttribute('aria-label') || '')"):
        match = re.search(r": ([^:;]+)$", name)
        if match:
            found.append(match.group(1).strip())
    return found


def assert_controlled(page) -> None:
    values = figures_in_charts(page)
    assert values, "no chart marks found"
    assert not SMALL & set(values), values
    metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert not SMALL & {m.strip() for m in metrics}, metrics


def view_as_box(page) -> str:
    """The role the sidebar's "View as" box shows."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']", has_text="View as")
    return box.locator("input").input_value()


@pytest.mark.browser
def test_the_steering_groups_clicks_open_only_controlled_figures(server, page):
    open_app(page, server.url)
    view_as(page, "Steering group")
    click_bar(page, "overview_by_directorate", "Vocational and Rehabilitation Services")
    expect(
        page.get_by_role("heading", name=re.compile("in Vocational and Rehabilitation Services"))
    ).to_be_visible()
    shoot(page, "steering_drill_from_bar")
    assert "Steering group" in view_as_box(page)
    expect(page.get_by_text("breakdown by record")).to_have_count(0)
    expect(page.get_by_text("Programme lead", exact=True)).to_have_count(0)  # no lead's menu
    assert_controlled(page)

    go_to(page, "The programme", "Coverage")
    first = page.locator(
        ".st-key-coverage_grid [role='graphics-symbol'][aria-label*='Community Adult Services, Nursing']"
    ).first
    first.scroll_into_view_if_needed()
    act_and_wait(page, first.click)
    expect(
        page.get_by_role("heading", name=re.compile("Community Adult Services, Nursing"))
    ).to_be_visible()
    shoot(page, "steering_drill_from_grid")
    assert "Steering group" in view_as_box(page)
    expect(page.get_by_text("Who is counted here")).to_have_count(0)
    expect(
        page.get_by_text("Individual records are shown to the programme lead only.")
    ).to_be_visible()
    shown = page.locator("[data-testid='stMetricValue']").first.inner_text().strip()
    assert shown not in SMALL, shown


@pytest.mark.browser
def test_the_board_sees_a_sentence_where_every_directorate_is_a_star_and_can_click_nothing(
    server, page
):
    """On the sample every directorate's count of people in employment is `*` or 0 for the
    board, whose role has no drill-down: the chart would tell nothing and its bars would lead
    nowhere, so a sentence says what each is; the chart by directorate type stays, and a click
    on it changes nothing."""
    open_app(page, server.url)
    view_as(page, "Board")
    expect(
        page.get_by_text(
            re.compile(rf"{re.escape(label('in_employment'))} by directorate: .* shown as \*")
        )
    ).to_be_visible()
    expect(page.get_by_text("Forensic Services has none", exact=False)).to_be_visible()
    expect(page.get_by_text("drill-down page")).to_be_visible()  # says where breakdowns are
    act_and_wait(page, page.get_by_role("radio", name="Directorate type", exact=True).click)
    target = page.locator(
        "[data-testid='stVegaLiteChart'] [role='graphics-symbol'][aria-label^='Clinical:']"
    ).first
    target.scroll_into_view_if_needed()
    target.click()  # no selection for the board: the page stays as it is
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    assert "directorate" not in page.url
    shoot(page, "board_click_on_bar")
