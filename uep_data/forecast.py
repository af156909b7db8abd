"""Where a monthly series is heading: the value it will likely have at a target's deadline,
with 80% and 95% bands, the chance of meeting the target, and when a level will be reached.

The method reads the series as its Making Data Count chart does (spc.py), then simulates
what comes next from the process the chart says it is:

- **Which months.** The months since the chart last started again (a recalculation the lead
  set), or, where the series ends in a sustained shift (the shift rule: a run of points on
  one side of the mean up to the last point), since the shift began: a process that has
  changed is forecast from its new level. Fewer than 12 such months: not enough to say.
- **Which process.** Where those months show no special cause (no point beyond the limits,
  no shift and no trend among the last twelve, and no steady slope), the process is stable:
  it is forecast about its own level with its own spread. Otherwise it is moving: a level
  (people in post at each month end: last month's people, plus starts, less leavers) is a
  random walk with drift, forecast from its monthly changes; a monthly count (job starts each
  month) drifts about a level that moves steadily (the model below, with a drift).
- **The model** (for a stable process, and a moving count). A local level model, the simplest state-space model a statistician would
  fit to a monthly count: each month's figure is a level plus noise, and the level takes a
  random step each month (and, for a moving process, a steady drift as well, estimated with
  it by the Kalman filter). How far the level wanders against the noise is not fixed in
  advance: from none (a stable process about a fixed mean: its own mean and spread) to a
  pure random walk (people in post, which carry each month's joiners and leavers forward),
  weighted by how likely the months make each. The noise has heavier tails than a normal
  curve (Student's t, 4 degrees of freedom): counts of events come in bursts.
- **The bands.** The level now, the drift and the spread are as uncertain as the months
  leave them (the spread from its chi-square), simulated with the noise: 4,000 paths, always
  from the same seed, so that the same series gives the same forecast everywhere it is
  shown. The 80% band holds the middle 80% of the paths, the 95% band the middle 95%; the
  chance of meeting a target is the share of paths that meet it.

bench/forecast_backtest.py checks the bands against what happened, over rolling origins on
the sample and on generated programmes (the 80% band should hold the outcome 70-90% of the
time, the 95% band 90-99%); its figures are in bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import spc

MINIMUM_MONTHS = 12  # months of the present process needed to say anything
PATHS = 4000
SEED = 20040331
STABLE, DRIFT = "stable", "drift"  # (a drifting count is said to be trending)
LEVEL, FLOW = "level", "flow"  # a value at each month end; a count in each month
MOST_MONTHS_AHEAD = 120  # "reached around": searched for up to ten years


@dataclass(frozen=True)
class Process:
    """What the chart says the series is now: the months it is read from (their index in
    the series, and the month each began), which process, and why."""

    first: int  # index of the first month of the present process
    began: dt.date  # its month
    kind: str  # STABLE, or DRIFT (moving: a level drifts, a monthly count trends)
    changed: bool  # the series ends in a sustained shift (and is read from its start)


@dataclass(frozen=True)
class Outlook:
    """A forecast of one value (a level at a deadline, or a count over a period)."""

    median: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float
    paths: np.ndarray  # every simulated value (for the chance of meeting a target)

    def chance(self, value: float, comparison: str) -> float:
        """The share of simulated outcomes that meet `comparison` (at_least, at_most) value."""
        # a path that lands on the value meets it (a flat series at the target does)
        slack = 1e-9 * max(1.0, abs(value))
        met = (
            self.paths >= value - slack if comparison == "at_least" else self.paths <= value + slack
        )
        return float(np.mean(met))


def present_process(
    months: Sequence[dt.date], values: Sequence[float], options: spc.Options
) -> Process | None:
    """The present process of a series, read as its XmR chart reads it; None with fewer than
    MINIMUM_MONTHS months of it (since the chart last started again)."""
    first = max(spc.section_starts(len(values), options)) if values else 0
    if len(values) - first < MINIMUM_MONTHS:
        return None
    chart = spc.xmr_chart(months, values, options)
    if _settled(months[first:], values[first:], options):
        return Process(first, months[first], STABLE, False)
    # a sustained shift up to the last point: a new level, if it has settled for long enough
    side = chart.points[-1].signals.get("shift")
    if side:
        start = len(chart.points) - 1
        while start > first and chart.points[start - 1].signals.get("shift") == side:
            start -= 1
        if len(values) - start >= MINIMUM_MONTHS and _settled(
            months[start:], values[start:], options
        ):
            return Process(start, months[start], STABLE, True)
    return Process(first, months[first], DRIFT, False)


def _settled(months, values, options: spc.Options) -> bool:
    """Whether months show a stable process: no point beyond the limits, no shift and no
    trend among the last twelve of their own chart, and no steady slope either."""
    chart = spc.xmr_chart(list(months), list(values), spc.Options(improvement=options.improvement))
    special = any(
        rule in p.signals
        for p in chart.points[-MINIMUM_MONTHS:]
        for rule in ("single_point", "shift", "trend")
    )
    return not special and not _sloping(values)


def _sloping(values: Sequence[float]) -> bool:
    """Whether the months rise or fall steadily: the slope of a straight line through them is
    more than twice its standard error (a trend slower than the trend rule's run can see)."""
    y = np.asarray(values, dtype=float)
    n = len(y)
    x = np.arange(n, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    spread = float(np.sum(residual**2)) / max(n - 2, 1)
    error = math.sqrt(spread / float(np.sum((x - x.mean()) ** 2))) if spread > 0 else 0.0
    return error > 0 and abs(slope) > 2 * error


def simulate(values: Sequence[float], process: Process, shape: str, ahead: int) -> np.ndarray:
    """Simulated paths of the next `ahead` months (PATHS x ahead), from the present process:
    a LEVEL series' values at each coming month end, a FLOW series' counts in each coming
    month."""
    rng = np.random.default_rng(SEED)
    months = np.asarray(values[process.first :], dtype=float)
    if process.kind == STABLE:
        return _local_level(rng, months, ahead, drifting=False)
    if shape == LEVEL:  # a stock that moves: a random walk with drift, from its changes
        return _random_walk(rng, months, ahead)
    return _local_level(rng, months, ahead, drifting=_sloping(months))


def _random_walk(rng, months: np.ndarray, ahead: int) -> np.ndarray:
    """A random walk with drift: next month's level is this month's plus a change drawn like
    the months' own changes (people in post carry each month's joiners and leavers forward),
    the drift and the changes' spread as uncertain as the months leave them."""
    changes = np.diff(months)
    m = len(changes)
    freedom = max(m - 1, 1)
    sigma = float(np.std(changes, ddof=1)) * np.sqrt(freedom / rng.chisquare(freedom, PATHS))
    drift = float(np.mean(changes)) + rng.standard_normal(PATHS) * sigma / math.sqrt(m)
    walk = np.cumsum(_heavy(rng, (PATHS, ahead)) * sigma[:, None], axis=1)
    return months[-1] + drift[:, None] * np.arange(1, ahead + 1)[None, :] + walk


# how much the level wanders from month to month, against the noise about it: the ratios a
# local level model is fitted over (0: a fixed level, the stable process)
WANDER = (0.0, *np.geomspace(1e-3, 100, 24))


def _kalman(y: np.ndarray, ratio: float, drifting: bool):
    """The local level filter (with a fixed drift where `drifting`: the level moves by the
    same amount each month besides its random steps), the noise's variance 1 and the level's
    steps' `ratio`. Returns the state's estimate and covariance after the last month (level,
    and drift), and the innovations and their variances after the months that start the
    state (diffusely: one month for the level, two with a drift)."""
    size = 2 if drifting else 1
    state = np.zeros(size)
    state[0] = y[0]
    cover = np.eye(size) * 1e7
    move = np.array([[1.0, 1.0], [0.0, 1.0]]) if drifting else np.eye(1)
    wander = np.zeros((size, size))
    wander[0, 0] = ratio
    innovations, variances = [], []
    for value in y:
        state = move @ state
        cover = move @ cover @ move.T + wander
        f = cover[0, 0] + 1.0
        v = value - state[0]
        innovations.append(v)
        variances.append(f)
        gain = cover[:, 0] / f
        state = state + gain * v
        cover = cover - np.outer(gain, cover[0, :])
    start = size  # the diffuse months say nothing about the model yet
    return state, cover, np.asarray(innovations[start:]), np.asarray(variances[start:])


def _local_level(rng, months: np.ndarray, ahead: int, drifting: bool) -> np.ndarray:
    """A local level model (each month's figure is a level plus noise; the level takes a
    random step each month, and where the months rise or fall steadily it moves by a drift
    too, estimated with it), simulated `ahead` months. How far the level wanders against the
    noise is not known, so each path takes a ratio from WANDER as likely as the months make
    it (its profile likelihood, on a flat prior over the grid), with the level now, the drift
    and the spread as uncertain as that ratio leaves them (the spread from its chi-square).
    A series that has never moved stays where it is."""
    n = len(months)
    if float(np.ptp(months)) == 0.0:
        return np.full((PATHS, ahead), float(months[-1]))
    fits = []
    for ratio in WANDER:
        state, cover, v, f = _kalman(months, ratio, drifting)
        scale = max(float(np.mean(v**2 / f)), 1e-12)
        likelihood = -0.5 * float(np.sum(np.log(f))) - 0.5 * len(v) * math.log(scale)
        fits.append((likelihood, ratio, state, cover, scale))
    likelihoods = np.array([fit[0] for fit in fits])
    weights = np.exp(likelihoods - likelihoods.max())
    chosen = rng.choice(len(fits), size=PATHS, p=weights / weights.sum())
    ratio = np.array([fits[i][1] for i in chosen])
    scale = np.array([fits[i][4] for i in chosen])
    freedom = max(n - (2 if drifting else 1) - 1, 1)
    spread = scale * freedom / rng.chisquare(freedom, PATHS)  # the noise's variance, drawn
    size = 2 if drifting else 1
    states = np.empty((PATHS, size))
    for i in np.unique(chosen):  # the state now, as uncertain as the filter leaves it
        here = chosen == i
        root = np.linalg.cholesky(fits[i][3] + np.eye(size) * 1e-12)
        draws = rng.standard_normal((int(here.sum()), size)) @ root.T
        states[here] = fits[i][2] + draws * np.sqrt(spread[here])[:, None]
    now = states[:, 0]
    moving = states[:, 1] if drifting else np.zeros(PATHS)
    wander = _heavy(rng, (PATHS, ahead)) * np.sqrt(ratio * spread)[:, None]
    steps = np.arange(1, ahead + 1)[None, :]
    path = now[:, None] + moving[:, None] * steps + np.cumsum(wander, axis=1)
    return path + _heavy(rng, (PATHS, ahead)) * np.sqrt(spread)[:, None]


TAILS = 4  # degrees of freedom of the months' noise: counts of events come in bursts


def _heavy(rng, shape) -> np.ndarray:
    """Noise of variance 1 with heavier tails than the normal's (Student's t, TAILS degrees
    of freedom): a month of many contacts is likelier than a normal curve allows."""
    return rng.standard_t(TAILS, shape) * math.sqrt((TAILS - 2) / TAILS)


def outlook(outcomes: np.ndarray, low: float | None = None, high: float | None = None) -> Outlook:
    """The median and bands of simulated outcomes (clipped to what the figure can be)."""
    if low is not None or high is not None:
        outcomes = np.clip(outcomes, low, high)
    q = np.quantile(outcomes, [0.5, 0.1, 0.9, 0.025, 0.975])
    return Outlook(*(float(v) for v in q), paths=outcomes)


def level_at(values, process, months_ahead: int, low=0.0, high=None) -> Outlook:
    """A LEVEL series' value `months_ahead` month ends from its last."""
    paths = simulate(values, process, LEVEL, months_ahead)
    return outlook(paths[:, -1], low, high)


def total_over(values, process, months_ahead: int, so_far: float = 0.0) -> Outlook:
    """A FLOW series' total over the next `months_ahead` months, added to what is counted so
    far in the period (no month counts less than nothing)."""
    if months_ahead <= 0:
        return outlook(np.full(PATHS, float(so_far)))
    paths = np.clip(simulate(values, process, FLOW, months_ahead), 0, None)
    return outlook(so_far + paths.sum(axis=1))


def share_over(shares, recruits, process, months_ahead: int, counted: float, of: float) -> Outlook:
    """A share over a period (recruits with lived experience: `counted` of `of` so far),
    with the coming months' shares from the monthly share series and their size the recent
    months' mean."""
    if months_ahead <= 0:
        return outlook(np.full(PATHS, 100 * counted / of if of else 0.0))
    each = float(np.mean(np.asarray(recruits[process.first :], dtype=float)))
    future = np.clip(simulate(shares, process, FLOW, months_ahead), 0, 100)
    counted_later = (future / 100 * each).sum(axis=1)
    total = of + each * months_ahead
    return outlook(100 * (counted + counted_later) / total if total else np.zeros(PATHS))


@dataclass(frozen=True)
class Reached:
    """When a level is first reached: the median month and the 80% band (None: not within
    ten years on that side of the band)."""

    median: dt.date | None
    lo80: dt.date | None
    hi80: dt.date | None
    already: bool = False


def month_after(day: dt.date, months: int) -> dt.date:
    """The month end `months` month ends after a month end."""
    year, month = divmod(day.month - 1 + months, 12)
    first = dt.date(day.year + year, month + 1, 1)
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def when_reached(values, process, last_month: dt.date, value: float, comparison: str) -> Reached:
    """When a LEVEL series will first reach `value` (at_least: rise to it; at_most: fall to it)."""
    if (values[-1] >= value) if comparison == "at_least" else (values[-1] <= value):
        return Reached(last_month, last_month, last_month, already=True)
    paths = simulate(values, process, LEVEL, MOST_MONTHS_AHEAD)
    hit = paths >= value if comparison == "at_least" else paths <= value
    first = np.where(hit.any(axis=1), hit.argmax(axis=1) + 1, MOST_MONTHS_AHEAD + 1)
    q = np.quantile(first, [0.5, 0.1, 0.9])

    def month(quantile: float) -> dt.date | None:
        months = int(math.ceil(quantile))
        return None if months > MOST_MONTHS_AHEAD else month_after(last_month, months)

    return Reached(*(month(v) for v in q))
