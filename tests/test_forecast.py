"""Forecasts (issue 17): the method on series whose process is known (stable, trending,
shifted), the Making Data Count reading it follows, too few months, and the bands covering
what then happens as often as they claim."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from uep_data import forecast, spc
from uep_data.periods import month_end

MONTHS = [month_end(dt.date(2001 + (m // 12), m % 12 + 1, 1)) for m in range(48)]
OPTIONS = spc.Options(improvement="high")


def months(n: int) -> list[dt.date]:
    return MONTHS[:n]


def stable(rng, n: int, mean: float = 30.0, sd: float = 3.0) -> list[float]:
    return list(mean + sd * rng.standard_normal(n))


def trending(rng, n: int, start: float = 10.0, slope: float = 0.6, sd: float = 1.5):
    return list(start + slope * np.arange(n) + sd * rng.standard_normal(n))


def shifted(rng, before: int, after: int, low: float = 20.0, high: float = 32.0, sd: float = 2.0):
    return list(low + sd * rng.standard_normal(before)) + list(
        high + sd * rng.standard_normal(after)
    )


def test_a_stable_process_is_read_as_stable_from_the_first_month():
    readings = [
        forecast.present_process(months(36), stable(np.random.default_rng(seed), 36), OPTIONS)
        for seed in range(200)
    ]
    read_stable = [p for p in readings if p.kind == forecast.STABLE]
    # the chart's rules raise false alarms on a stable process too (a run of six on one side
    # comes by chance), so not every one: most, each from its first month
    assert len(read_stable) >= 0.65 * len(readings)
    assert all(p.first == 0 and not p.changed for p in read_stable)


def test_a_stable_process_forecasts_its_own_mean_and_spread():
    rng = np.random.default_rng(3)
    values = stable(rng, 36, mean=30, sd=3)
    process = forecast.present_process(months(36), values, OPTIONS)
    assert process.kind == forecast.STABLE
    out = forecast.level_at(values, process, 6)
    assert abs(out.median - np.mean(values)) < 1.5
    # its own spread: the 95% band about twice two standard deviations wide, give or take
    # what 36 months can say about a spread
    width = out.hi95 - out.lo95
    assert 2 * 1.96 * 3 * 0.7 < width < 2 * 1.96 * 3 * 1.8


def test_after_a_sustained_shift_it_forecasts_from_the_new_level():
    rng = np.random.default_rng(3)
    values = shifted(rng, 20, 16, low=20, high=32)
    process = forecast.present_process(months(36), values, OPTIONS)
    assert process.changed and process.kind == forecast.STABLE
    assert process.began == MONTHS[20] and process.first == 20
    out = forecast.level_at(values, process, 6)
    assert 30 < out.median < 34  # the new level, not the mean of both (about 25)
    assert out.lo80 > 27


def test_a_shift_too_recent_to_have_settled_is_not_read_as_a_new_level():
    rng = np.random.default_rng(4)
    values = shifted(rng, 28, 8)
    process = forecast.present_process(months(36), values, OPTIONS)
    assert not process.changed and process.kind == forecast.DRIFT


def test_a_trend_is_read_as_moving_and_forecast_onward():
    rng = np.random.default_rng(5)
    values = trending(rng, 36, start=10, slope=0.6)
    process = forecast.present_process(months(36), values, OPTIONS)
    assert process.kind == forecast.DRIFT
    out = forecast.level_at(values, process, 12)
    expected = 10 + 0.6 * (35 + 12)
    assert out.lo80 < expected < out.hi80
    assert out.median > values[-1]


@pytest.mark.parametrize("n", [0, 5, 11])
def test_with_fewer_than_12_months_there_is_nothing_to_say(n):
    values = stable(np.random.default_rng(6), n)
    assert forecast.present_process(months(n), values, OPTIONS) is None


def test_fewer_than_12_months_since_the_last_recalculation_is_not_enough():
    values = stable(np.random.default_rng(7), 36)
    recalculated = spc.Options(improvement="high", recalculate_at=(26,))
    assert forecast.present_process(months(36), values, recalculated) is None
    earlier = spc.Options(improvement="high", recalculate_at=(20,))
    assert forecast.present_process(months(36), values, earlier).first == 19  # point 20


def test_the_same_series_always_gives_the_same_forecast():
    values = stable(np.random.default_rng(8), 30)
    process = forecast.present_process(months(30), values, OPTIONS)
    first = forecast.level_at(values, process, 9)
    again = forecast.level_at(values, process, 9)
    assert (first.median, first.lo80, first.hi95) == (again.median, again.lo80, again.hi95)


def test_the_chance_of_meeting_a_target_is_the_share_of_paths_meeting_it():
    values = [30.0] * 18
    process = forecast.present_process(months(18), values, OPTIONS)
    out = forecast.level_at(values, process, 6)
    assert out.chance(30, "at_least") == 1.0  # a flat series at the target meets it
    assert out.chance(31, "at_least") == 0.0
    values = stable(np.random.default_rng(9), 36, mean=30, sd=3)
    out = forecast.level_at(values, forecast.present_process(months(36), values, OPTIONS), 6)
    assert out.chance(out.median, "at_least") == pytest.approx(0.5, abs=0.02)
    assert out.chance(out.lo80, "at_least") == pytest.approx(0.9, abs=0.02)


def test_a_count_over_a_period_adds_what_is_counted_so_far():
    values = stable(np.random.default_rng(10), 24, mean=4, sd=1.5)
    process = forecast.present_process(months(24), values, OPTIONS)
    out = forecast.total_over(values, process, 6, so_far=10)
    assert 10 + 6 * 3 < out.median < 10 + 6 * 5
    assert forecast.total_over(values, process, 0, so_far=10).median == 10


def test_when_a_level_is_reached_follows_the_trend():
    rng = np.random.default_rng(11)
    values = trending(rng, 36, start=10, slope=0.5, sd=1.0)
    process = forecast.present_process(months(36), values, OPTIONS)
    target = values[-1] + 6  # about twelve months away at 0.5 a month
    reached = forecast.when_reached(values, process, MONTHS[35], target, "at_least")
    assert reached.lo80 <= forecast.month_after(MONTHS[35], 12) <= reached.hi80
    assert forecast.when_reached(values, process, MONTHS[35], values[-1] - 1, "at_least").already


def covered(make, horizon: int, shape: str, runs: int = 200, n: int = 36, future=None):
    """How often the 80% and 95% bands held what then happened, over `runs` series of the
    known process `make` (n months, then `horizon` more)."""
    inside80 = inside95 = 0
    for seed in range(runs):
        rng = np.random.default_rng(1000 + seed)
        series = make(rng, n + horizon)
        history, then = series[:n], series[n:]
        process = forecast.present_process(months(n), history, OPTIONS)
        assert process is not None
        if shape == forecast.LEVEL:
            out, actual = forecast.level_at(history, process, horizon, low=None), then[-1]
        else:
            out, actual = forecast.total_over(history, process, horizon), sum(then)
        inside80 += out.lo80 <= actual <= out.hi80
        inside95 += out.lo95 <= actual <= out.hi95
    return inside80 / runs, inside95 / runs


# Each known process over 200 independent series: the bands should hold the outcome about as
# often as they claim (80% in 70-90%, 95% in 90-99%; with 200 series the count's own error is
# about 3 points at 80%, so the ranges are the issue's, not tightened; the seeds are fixed,
# so the figures are the same on every run)
KNOWN = {
    "stable level": (lambda rng, n: stable(rng, n, 30, 3), 6, forecast.LEVEL),
    "job starts rising month by month": (
        lambda rng, n: trending(rng, n, 2, 0.15, 1.0),
        6,
        forecast.FLOW,
    ),
    "people in post growing (more starts than leavers)": (
        lambda rng, n: list(
            20 + np.cumsum(rng.poisson(1.2, n) - rng.binomial(20, 0.03, n)).astype(float)
        ),
        6,
        forecast.LEVEL,
    ),
    "stable monthly count": (
        lambda rng, n: list(rng.poisson(4, n).astype(float)),
        6,
        forecast.FLOW,
    ),
    "shifted level": (
        lambda rng, n: shifted(rng, 18, n - 18, 20, 32, 2),
        6,
        forecast.LEVEL,
    ),
    "random walk (people joining and leaving)": (
        lambda rng, n: list(30 + np.cumsum(rng.choice([-1.0, 0.0, 1.0], n, p=[0.3, 0.4, 0.3]))),
        6,
        forecast.LEVEL,
    ),
}


@pytest.mark.parametrize("name", KNOWN)
def test_the_bands_hold_what_then_happens_as_often_as_they_claim(name):
    make, horizon, shape = KNOWN[name]
    at80, at95 = covered(make, horizon, shape)
    assert 0.70 <= at80 <= 0.90, f"{name}: the 80% band held {at80:.0%}"
    assert 0.90 <= at95 <= 0.99, f"{name}: the 95% band held {at95:.0%}"
