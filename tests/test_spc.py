"""Making Data Count XmR charts against the reference cases of NHS England's Single Chart Tool
(tests/reference/mdc_spc, see its SOURCE.md), and each rule on its own."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

from uep_data import spc

REFERENCE = Path(__file__).parent / "reference" / "mdc_spc"
# The one documented error in the source data (see SOURCE.md): matches no rule
SOURCE_ERRORS = {("Special cause conflict - High is good", 15)}


def _read(name: str) -> list[dict]:
    with open(REFERENCE / name, encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


POINTS: dict[str, list[dict]] = defaultdict(list)
for _row in _read("test-data.csv"):
    POINTS[_row["Metric"]].append(_row)
SCENARIOS = _read("scenarios.csv")
LIMITS = _read("limits.csv")


def options_of(scenario: dict) -> spc.Options:
    return spc.Options(
        improvement=scenario["direction"],
        recalculate_at=tuple(int(n) for n in scenario["recalculate_at"].split()),
        baseline=int(scenario["baseline_points"]) if scenario["baseline_points"] else None,
        target=float(scenario["target"]) if scenario["target"] else None,
    )


def chart_of(scenario: dict) -> spc.Chart:
    rows = POINTS[scenario["scenario"]]
    return spc.xmr_chart(
        [dt.datetime.strptime(r["Date"], "%d/%m/%Y").date() for r in rows],
        [float(r["Value"]) for r in rows],
        options_of(scenario),
    )


def _scenario_id(scenario: dict) -> str:
    return scenario["scenario"] + (f" target {scenario['target']}" if scenario["target"] else "")


def test_every_scenario_of_the_test_data_has_its_parameters():
    assert len(POINTS) == 36
    assert sum(len(rows) for rows in POINTS.values()) == 765
    assert set(POINTS) == {s["scenario"] for s in SCENARIOS}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_scenario_id)
def test_every_point_has_the_colour_of_the_single_chart_tool(scenario):
    chart = chart_of(scenario)
    expected = POINTS[scenario["scenario"]]
    wrong = [
        (point.number, point.value, point.colour, row["Colour"])
        for point, row in zip(chart.points, expected, strict=True)
        if point.colour != row["Colour"]
        and (scenario["scenario"], point.number) not in SOURCE_ERRORS
    ]
    assert wrong == []


def test_the_documented_source_error_is_the_only_point_we_differ_on():
    """Point 15 of the 'conflict, high is good' case is blue in the source but no rule flags
    it; the same data as low-is-good has it grey in the source too."""
    scenario = next(
        s for s in SCENARIOS if s["scenario"] == "Special cause conflict - High is good"
    )
    point = chart_of(scenario).points[14]
    assert (point.value, point.colour, point.signals) == (27.0, "grey", {})
    assert POINTS[scenario["scenario"]][14]["Colour"] == "blue"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_scenario_id)
def test_every_scenario_has_its_variation_and_assurance_icons(scenario):
    chart = chart_of(scenario)
    assert chart.variation_icon == scenario["expected_variation_icon"]
    assert chart.assurance_icon == scenario["expected_assurance_icon"]


@pytest.mark.parametrize("expected", LIMITS, ids=lambda r: f"{r['scenario']} {r['section']}")
def test_the_mean_and_limits_of_each_section(expected):
    scenario = next(s for s in SCENARIOS if s["scenario"] == expected["scenario"])
    first, last = map(int, re.match(r"p(\d+)-p(\d+)", expected["section"]).groups())
    chart = chart_of(scenario)
    for point in chart.points[first - 1 : last]:
        lines = point.lines
        assert round(lines.mean, 2) == float(expected["mean"])
        if expected["lower_limit"]:
            assert round(lines.lower_limit, 2) == float(expected["lower_limit"])
            assert round(lines.upper_limit, 2) == float(expected["upper_limit"])
        else:
            assert lines.lower_limit is None and lines.upper_limit is None


# --- each rule on its own ---------------------------------------------------------------------

DAYS = [dt.date(2024, 1, 1) + dt.timedelta(days=31 * i) for i in range(40)]


def chart(values, **options) -> spc.Chart:
    return spc.xmr_chart(DAYS[: len(values)], values, spc.Options(**options))


FLAT = [10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12, 10, 12]


def test_limits_are_the_mean_plus_or_minus_2_66_mean_moving_ranges():
    lines = spc.section_lines([10, 12, 10, 12])
    assert lines.mean == 11
    assert lines.upper_limit == pytest.approx(11 + 2.66 * 2)
    assert lines.lower_two_sigma == pytest.approx(11 - 2.66 * 2 * 2 / 3)


def test_fewer_than_13_points_is_a_run_chart_with_no_limits_signals_or_icons():
    short = chart([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 50], target=5)
    assert short.run_chart
    assert {p.colour for p in short.points} == {"grey"}
    assert all(p.lines.upper_limit is None for p in short.points)
    assert (short.variation_icon, short.assurance_icon) == ("none", "none")
    assert not chart(FLAT[:13]).run_chart


def test_a_single_point_beyond_a_limit_is_special_cause():
    values = FLAT[:15] + [40]
    result = chart(values)
    assert result.points[-1].signals == {"single_point": frozenset({"high"})}
    assert result.points[-1].colour == "blue"
    assert result.variation_icon == "improvement_high"
    assert chart(values, improvement="low").variation_icon == "concern_high"
    assert chart(values, improvement="neither").variation_icon == "neither_high"


def test_a_shift_is_six_points_on_one_side_of_the_mean_and_its_length_is_a_setting():
    values = [10, 12] * 7 + [12, 12.5, 12, 12.5, 12, 12.5] + [10, 12]
    sides = spc.shift(values, [spc.Lines(11.0)] * len(values), 6)
    flagged = [i for i, side in enumerate(sides) if side == "high"]
    assert flagged == list(range(13, 20))  # the 12 at index 13 starts a run of 7
    assert spc.shift(values, [spc.Lines(11.0)] * len(values), 8) == [None] * len(values)


def test_a_point_on_the_mean_breaks_a_shift():
    values = [12, 12, 12, 11, 12, 12, 12]
    assert spc.shift(values, [spc.Lines(11.0)] * len(values), 6) == [None] * 7


def test_a_trend_is_six_points_each_higher_than_the_one_before_and_an_equal_value_breaks_it():
    rising = [1, 2, 3, 4, 5, 6]
    assert spc.trend(rising, 6) == [{"high"}] * 6
    assert spc.trend([1, 2, 3, 3, 4, 5, 6], 6) == [set()] * 7
    assert spc.trend([6, 5, 4, 3, 2, 1, 0], 6) == [{"low"}] * 7
    assert spc.trend(rising, 7) == [set()] * 6


def test_a_point_at_a_turn_can_end_one_trend_and_start_another():
    flags = spc.trend([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1], 6)
    assert flags[5] == {"high", "low"}


def test_two_sigma_needs_two_of_three_beyond_the_same_line_all_on_that_side():
    line = spc.Lines(0.0, -3.0, 3.0, -2.0, 2.0)
    lines = [line] * 3
    assert spc.two_sigma([2.5, 2.5, 0.5], lines) == ["high", "high", None]
    assert spc.two_sigma([2.5, 2.5, -0.5], lines) == [None, None, None]  # one below the mean
    assert spc.two_sigma([2.5, 3.5, 0.5], lines) == [None, None, None]  # beyond the limit
    assert spc.two_sigma([-2.5, 0.5, -2.5], lines) == [None, None, None]


def test_improvement_wins_when_a_point_is_both_improvement_and_concern():
    both = {"trend": frozenset({"high", "low"})}
    assert spc.colour(both, "high") == "blue"
    assert spc.colour(both, "low") == "blue"
    assert spc.colour({"shift": frozenset({"low"})}, "high") == "orange"
    assert spc.colour({"shift": frozenset({"low"})}, "neither") == "purple"
    assert spc.colour({}, "high") == "grey"


def test_a_baseline_overrides_recalculations():
    values = FLAT + [20, 22, 20, 22, 20, 22, 20, 22, 20, 22, 20, 22, 20, 22]
    baseline = chart(values, baseline=16)
    both = chart(values, baseline=16, recalculate_at=(17,))
    assert [p.lines for p in baseline.points] == [p.lines for p in both.points]
    assert {p.lines.mean for p in baseline.points} == {11}
    recalculated = chart(values, recalculate_at=(17,))
    assert recalculated.points[16].lines.mean == 21


@pytest.mark.parametrize(
    ("improvement", "target", "icon"),
    [
        ("high", 5, "pass"),
        ("high", 20, "fail"),
        ("high", 11, "hit_or_miss"),
        ("low", 20, "pass"),
        ("low", 5, "fail"),
        ("low", 11, "hit_or_miss"),
        ("neither", 11, "none"),
        ("high", None, "none"),
    ],
)
def test_assurance_from_the_target_against_the_latest_limits(improvement, target, icon):
    assert chart(FLAT, improvement=improvement, target=target).assurance_icon == icon


def test_options_that_cannot_make_a_chart_are_refused_in_words():
    with pytest.raises(spc.SpcInputError, match="improvement direction"):
        chart(FLAT, improvement="up")
    with pytest.raises(spc.SpcInputError, match="recalculation starts at a point from 2 to 16"):
        chart(FLAT, recalculate_at=(40,))
    with pytest.raises(spc.SpcInputError, match="shift length"):
        chart(FLAT, shift_length=1)
    with pytest.raises(spc.SpcInputError, match="target must be a number"):
        chart(FLAT, target=float("nan"))


def test_the_reading_says_what_the_icons_mean():
    result = chart(FLAT[:15] + [40], target=20)
    assert spc.reading(result) == [
        "Special cause improvement: the last point is unusually high "
        "(it is beyond the process limits).",
        "The target will be hit and missed at random (it lies between the process limits).",
    ]


def test_the_reading_names_the_rule_that_flags_the_last_point():
    values = FLAT[:14] + [11.5, 11.6, 11.7, 11.8, 11.9, 11.95]
    words = spc.reading(chart(values, improvement="low", trend_length=7, shift_length=6))
    assert words == [
        "Special cause concern: the last point is unusually high "
        "(6 or more points in a row are on the same side of the average)."
    ]
