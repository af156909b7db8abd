"""Keyboard focus (WCAG 2.4.7, 2.4.13): every control tabbed to shows a ring at least 2px
thick whose colour stands at least 3:1 against what is around it. The browser test
(tests/e2e/test_walk_1366.py) tabs through the pages; this one reads the house style."""

import re

from web import style

# where a control sits: the page, the sidebar's grey, the local-mode banner, a check-in
BACKGROUNDS = ("#FFFFFF", "#F0F2F6", "#FFF4D6", "#F0F4F5")


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def focus_rule() -> tuple[str, str]:
    """The selectors and the body of the house style's focus ring."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", style.HOUSE_STYLE):
        if "button:focus-visible" in selectors:
            return selectors, body
    raise AssertionError("the house style has no focus ring for buttons")


def test_every_control_tabbed_to_shows_a_ring_at_least_2px_and_3_to_1():
    selectors, body = focus_rule()
    for control in ("a:focus-visible", "button:focus-visible", '[role="tab"]:focus-visible'):
        assert control in selectors
    assert "input:focus-visible" in selectors and "textarea:focus-visible" in selectors
    width, line, colour = re.search(
        r"outline:\s*(\d+)px\s+(\w+)\s+(#[0-9A-Fa-f]{6})", body
    ).groups()
    assert int(width) >= 2 and line == "solid"
    assert re.search(r"outline-offset:\s*[1-9]", body)  # off the control, against the page
    for background in BACKGROUNDS:
        assert contrast(colour, background) >= 3, background
