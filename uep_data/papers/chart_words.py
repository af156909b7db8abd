"""What a chart shows, in numbers: the alternative text of each chart in a paper, so a reader
who cannot see it is told what a reader who can sees."""

from __future__ import annotations

from collections.abc import Sequence

from .. import spc, spc_icons
from ..formatting import format_value
from ..views.parts import in_a_list


def spc_alt(panel) -> str:
    """A Making Data Count chart: "People in employment at each month end, April 2001 to
    March 2004: from 28 to 37 (lowest 28, highest 37); latest 37 against a target of at least
    35; special cause improvement, high; the target will be missed reliably"."""
    chart = panel.chart
    points = chart.points
    if not points:
        return f"{panel.title}: no data."
    first, last = points[0], points[-1]

    def shown(value) -> str:
        return format_value(value, panel.unit)

    values = [p.value for p in points]
    words = (
        f"{panel.title}, {first.date:%B %Y} to {last.date:%B %Y}: from {shown(first.value)} "
        f"to {shown(last.value)} (lowest {shown(min(values))}, highest {shown(max(values))}); "
        f"latest {shown(last.value)}"
    )
    if panel.target is not None:
        aim = "at least" if panel.target.comparison == "at_least" else "at most"
        words += f" against a target of {aim} {shown(panel.target.value)}"
    if chart.variation_icon in spc_icons.ICON_NAMES:
        words += f"; {spc_icons.ICON_NAMES[chart.variation_icon].lower()}"
    if chart.assurance_icon in spc_icons.ICON_NAMES and chart.assurance_icon != spc.NO_ICON:
        words += f"; {spc_icons.ICON_NAMES[chart.assurance_icon].lower()}"
    return words + "."


def comparison_alt(what: str, years: Sequence[str], series: Sequence[tuple[str, Sequence]]):
    """Figures of a year beside the year before: "Directorates and professions covered:
    Directorates covered 90% in 2003/04 and 90% in 2002/03; ...". `series` is each figure's
    (name, its figures in the order of `years`)."""
    parts = [
        f"{name} "
        + in_a_list(
            [f"{_spoken(f.shown)} in {year}" for f, year in zip(figures, years, strict=True)]
        )
        for name, figures in series
    ]
    return f"{what}: " + "; ".join(parts) + "."


def series_alt(what: str, figures: Sequence, when_words: Sequence[str], target=None) -> str:
    """A line of figures over time: from the first to the last, lowest and highest, and the
    latest against its target."""
    values = [f for f in figures if isinstance(f.value, (int, float))]
    if not values:
        return f"{what}: no figures to show."
    first, last = figures[0], figures[-1]
    low = min(values, key=lambda f: f.value)
    high = max(values, key=lambda f: f.value)
    words = (
        f"{what}, {when_words[0]} to {when_words[-1]}: from {first.shown} to {last.shown} "
        f"(lowest {low.shown}, highest {high.shown}); latest {last.shown}"
    )
    if target:
        words += f" against {target}"
    return words + "."


def _spoken(shown: str) -> str:
    """A figure as a screen reader should say it: a `*` is a few people, not shown."""
    return "* (a few people, not shown)" if shown == "*" else shown
