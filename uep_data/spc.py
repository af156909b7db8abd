"""Making Data Count statistical process control: XmR charts, their special-cause rules and
the variation and assurance icons, as NHS England's Single Chart Tool (Excel, v5.0) draws them.

The rules, one small function each (below), and how they follow the tool:

- 13 points or more for limits and icons; with fewer, a run chart: the mean only, every point
  grey, no icons.
- Each section's mean; moving ranges |x(i) - x(i-1)| within the section; process limits at the
  mean +/- 2.66 x the mean moving range; two-sigma lines at two thirds of that distance. No
  moving-range outliers are removed and no gaps are allowed (the series is complete months).
- Special cause: a single point beyond a limit; a shift (6 or more points in a row on one side
  of the mean); a trend (6 or more points in a row each higher, or each lower, than the one
  before; an equal value breaks it); two-sigma (2 or 3 of any 3 points in a row beyond the
  same two-sigma line, all 3 on the same side of the mean; only the points beyond the line
  are flagged, and a point beyond a process limit does not count towards it).
- Colour by the improvement direction: blue improvement, orange concern, purple special cause
  when neither direction is better, grey common cause. A point that is both improvement and
  concern is blue (improvement wins, as in the tool).
- Recalculation: every section has its own mean and limits; shift, trend and two-sigma run
  across a recalculation, each point judged against its own section's lines. A baseline of N
  points fixes the mean and limits from the first N points and extends them forward; it
  overrides recalculations.
- Variation icon from the last point; assurance icon from the target against the latest
  limits (high is good: a target at or below the lower limit is passed reliably, at or above
  the upper limit failed reliably, between them hit or miss; mirrored when low is good; no
  assurance icon when neither direction is better).

The shift and trend lengths are settings (default 6). Points are numbered from 1, as the tool
and the programme lead count them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

HIGH, LOW, NEITHER = "high", "low", "neither"
IMPROVEMENT_DIRECTIONS = (HIGH, LOW, NEITHER)

GREY, BLUE, ORANGE, PURPLE = "grey", "blue", "orange", "purple"
# The icons' names (as scenarios.csv of the reference data names them)
COMMON_CAUSE = "common_cause"
NO_ICON = "none"
PASS, FAIL, HIT_OR_MISS = "pass", "fail", "hit_or_miss"

MINIMUM_POINTS = 13
DEFAULT_SHIFT_LENGTH = 6
DEFAULT_TREND_LENGTH = 6
LIMIT_FACTOR = 2.66  # 3 sigma from the mean moving range (3 / 1.128)

Side = str | None  # HIGH, LOW or None (no signal)


class SpcInputError(ValueError):
    """Options or data that cannot make a chart, said in words for the person who set them."""


@dataclass(frozen=True)
class Options:
    improvement: str = HIGH
    recalculate_at: tuple[int, ...] = ()  # point numbers (from 1) where a new section starts
    baseline: int | None = None  # limits from the first N points, extended forward
    target: float | None = None
    shift_length: int = DEFAULT_SHIFT_LENGTH
    trend_length: int = DEFAULT_TREND_LENGTH


@dataclass(frozen=True)
class Lines:
    """A section's centre line and limits (limits are None on a run chart)."""

    mean: float
    lower_limit: float | None = None
    upper_limit: float | None = None
    lower_two_sigma: float | None = None
    upper_two_sigma: float | None = None


@dataclass(frozen=True)
class Point:
    date: dt.date
    value: float
    number: int  # from 1
    lines: Lines
    signals: dict[str, frozenset[str]] = field(default_factory=dict)  # rule -> sides flagged
    colour: str = GREY


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    options: Options
    variation_icon: str
    assurance_icon: str
    run_chart: bool  # too few points for limits: the mean only

    def as_json(self) -> dict:
        """The command line's output: points with colours, the lines per point, the icons."""
        return {
            "points": [
                {"date": p.date.isoformat(), "value": p.value, "colour": p.colour}
                for p in self.points
            ],
            "mean": [_round(p.lines.mean) for p in self.points],
            "lower_limit": [_round(p.lines.lower_limit) for p in self.points],
            "upper_limit": [_round(p.lines.upper_limit) for p in self.points],
            "variation_icon": self.variation_icon,
            "assurance_icon": self.assurance_icon,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


# --- the lines -----------------------------------------------------------------------------


def section_lines(values: Sequence[float]) -> Lines:
    """Mean and process limits of one section: mean +/- 2.66 x the mean moving range, and the
    two-sigma lines at two thirds of the distance. One value gives a mean and no limits."""
    mean = sum(values) / len(values)
    if len(values) < 2:
        return Lines(mean)
    moving_ranges = [abs(b - a) for a, b in zip(values, values[1:], strict=False)]
    width = LIMIT_FACTOR * sum(moving_ranges) / len(moving_ranges)
    return Lines(
        mean,
        mean - width,
        mean + width,
        mean - width * 2 / 3,
        mean + width * 2 / 3,
    )


def section_starts(count: int, options: Options) -> list[int]:
    """Where each section starts (0-based indexes). A baseline overrides recalculations."""
    if options.baseline is not None:
        return [0]
    return [0, *sorted({n - 1 for n in options.recalculate_at if 1 < n <= count})]


def lines_per_point(values: Sequence[float], options: Options, run_chart: bool) -> list[Lines]:
    """Every point's lines: its section's, or the baseline's extended forward."""
    if options.baseline is not None:
        lines = section_lines(values[: options.baseline])
        if run_chart:
            lines = Lines(lines.mean)
        return [lines] * len(values)
    starts = section_starts(len(values), options)
    per_point: list[Lines] = []
    for start, end in zip(starts, [*starts[1:], len(values)], strict=True):
        lines = section_lines(values[start:end])
        if run_chart:
            lines = Lines(lines.mean)
        per_point.extend([lines] * (end - start))
    return per_point


# --- the four special-cause rules ------------------------------------------------------------


def beyond_limits(values: Sequence[float], lines: Sequence[Lines]) -> list[Side]:
    """Rule 1, a single point beyond a process limit (strictly above the upper, or below the
    lower)."""
    sides: list[Side] = []
    for value, line in zip(values, lines, strict=True):
        if line.upper_limit is not None and value > line.upper_limit:
            sides.append(HIGH)
        elif line.lower_limit is not None and value < line.lower_limit:
            sides.append(LOW)
        else:
            sides.append(None)
    return sides


def _side_of_mean(value: float, line: Lines) -> Side:
    if value > line.mean:
        return HIGH
    if value < line.mean:
        return LOW
    return None  # on the mean: on neither side


def _flag_runs(steps: Sequence[Side], length: int) -> list[Side]:
    """Every item in a run of at least `length` equal, non-empty sides, flagged with it."""
    flags: list[Side] = [None] * len(steps)
    start = 0
    for i in range(1, len(steps) + 1):
        if i == len(steps) or steps[i] != steps[start]:
            if steps[start] is not None and i - start >= length:
                for j in range(start, i):
                    flags[j] = steps[start]
            start = i
    return flags


def shift(values: Sequence[float], lines: Sequence[Lines], length: int) -> list[Side]:
    """Rule 2, a shift: `length` (6) or more points in a row on the same side of the mean, each
    against its own section's mean (so a shift runs across a recalculation). A point on the
    mean breaks the run."""
    return _flag_runs(
        [_side_of_mean(v, line) for v, line in zip(values, lines, strict=True)], length
    )


def trend(values: Sequence[float], length: int) -> list[set[str]]:
    """Rule 3, a trend: `length` (6) or more points in a row each higher (or each lower) than
    the one before; an equal value breaks it. Every point of the run is flagged, the first
    one included; a rising trend is on the high side, a falling one on the low side. A point
    at a turn can end one trend and start the other, so each point gets a set of sides."""
    flags: list[set[str]] = [set() for _ in values]
    steps: list[Side] = [None] + [
        HIGH if b > a else LOW if b < a else None for a, b in zip(values, values[1:], strict=False)
    ]
    i = 1
    while i < len(values):
        if steps[i] is None:
            i += 1
            continue
        last = i
        while last + 1 < len(values) and steps[last + 1] == steps[i]:
            last += 1
        first = i - 1  # the point the first step rose (or fell) from
        if last - first + 1 >= length:
            for j in range(first, last + 1):
                flags[j].add(steps[i])
        i = last + 1
    return flags


def two_sigma(values: Sequence[float], lines: Sequence[Lines]) -> list[Side]:
    """Rule 4, two-sigma: 2 or 3 of any 3 points in a row beyond the same two-sigma line,
    with all 3 on that side of the mean. Only the points beyond the line are flagged, and a
    point beyond a process limit does not count towards this rule (it is rule 1's)."""

    def beyond_line(i: int) -> Side:
        value, line = values[i], lines[i]
        if line.upper_two_sigma is None:
            return None
        if line.upper_two_sigma < value <= line.upper_limit:
            return HIGH
        if line.lower_limit <= value < line.lower_two_sigma:
            return LOW
        return None

    flags: list[Side] = [None] * len(values)
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        for side in (HIGH, LOW):
            if not all(_side_of_mean(values[i], lines[i]) == side for i in window):
                continue
            beyond = [i for i in window if beyond_line(i) == side]
            if len(beyond) >= 2:
                for i in beyond:
                    flags[i] = side
    return flags


RULES = ("single_point", "shift", "trend", "two_sigma")


# --- colours and icons -----------------------------------------------------------------------


def _sides(signals: dict[str, frozenset[str]]) -> set[str]:
    return set().union(*signals.values()) if signals else set()


def colour(signals: dict[str, frozenset[str]], improvement: str) -> str:
    """A point's colour from the sides its rules flag: blue for improvement, orange for
    concern, purple for either side when neither direction is better, grey for none.
    Improvement wins when a point is both."""
    sides = _sides(signals)
    if not sides:
        return GREY
    if improvement == NEITHER:
        return PURPLE
    return BLUE if improvement in sides else ORANGE


def _signal_side(point: Point, improvement: str) -> str:
    """The side of a special-cause point, for its icon: the improving side for a blue point,
    the other for an orange one; when neither is better, the side of its signals (the side of
    the mean if they disagree)."""
    sides = _sides(point.signals)
    if point.colour == BLUE:
        return improvement
    if point.colour == ORANGE:
        return LOW if improvement == HIGH else HIGH
    if len(sides) == 1:
        return sides.pop()
    return _side_of_mean(point.value, point.lines) or HIGH


def variation_icon(chart_points: Sequence[Point], improvement: str, run_chart: bool) -> str:
    """The variation icon, from the last point: common cause, or special cause improvement,
    concern or neither, high or low."""
    if run_chart or not chart_points:
        return NO_ICON
    last = chart_points[-1]
    if last.colour == GREY:
        return COMMON_CAUSE
    kind = {BLUE: "improvement", ORANGE: "concern", PURPLE: "neither"}[last.colour]
    return f"{kind}_{_signal_side(last, improvement)}"


def assurance_icon(
    target: float | None, latest: Lines | None, improvement: str, run_chart: bool
) -> str:
    """The assurance icon, from the target against the latest process limits. High is good: a
    target at or below the lower limit is met reliably (pass), at or above the upper limit
    missed reliably (fail), between them hit or miss. Mirrored when low is good; none when
    neither direction is better, with no target, or on a run chart."""
    if (
        run_chart
        or target is None
        or latest is None
        or latest.lower_limit is None
        or improvement == NEITHER
    ):
        return NO_ICON
    lower, upper = latest.lower_limit, latest.upper_limit
    if improvement == HIGH:
        if target <= lower:
            return PASS
        if target >= upper:
            return FAIL
        return HIT_OR_MISS
    if target >= upper:
        return PASS
    if target <= lower:
        return FAIL
    return HIT_OR_MISS


# --- the chart -------------------------------------------------------------------------------


def check_options(count: int, options: Options) -> None:
    """Options that cannot make a chart are refused, saying what to change."""
    if options.improvement not in IMPROVEMENT_DIRECTIONS:
        raise SpcInputError(
            f"The improvement direction must be one of {', '.join(IMPROVEMENT_DIRECTIONS)} "
            f"(found {options.improvement!r})."
        )
    for name, length in (("shift", options.shift_length), ("trend", options.trend_length)):
        if not 2 <= length <= 50:
            raise SpcInputError(
                f"The {name} length must be a whole number of points from 2 to 50 (found {length})."
            )
    if options.target is not None and not math.isfinite(options.target):
        raise SpcInputError("The target must be a number.")
    if options.baseline is not None and not 2 <= options.baseline <= max(count, 2):
        raise SpcInputError(
            f"A baseline must be from 2 points to the number of points ({count}); "
            f"found {options.baseline}."
        )
    for n in options.recalculate_at:
        if not 2 <= n <= count:
            raise SpcInputError(
                f"A recalculation starts at a point from 2 to {count} (the number of points); "
                f"found {n}."
            )


def _as_sets(sides: Sequence[Side]) -> list[frozenset[str]]:
    return [frozenset() if side is None else frozenset((side,)) for side in sides]


def xmr_chart(
    dates: Sequence[dt.date], values: Sequence[float], options: Options | None = None
) -> Chart:
    """The XmR chart of a series (dates in order, no gaps, no missing values)."""
    options = options or Options()
    if len(dates) != len(values):
        raise SpcInputError("Every date needs one value.")
    check_options(len(values), options)
    values = [float(v) for v in values]
    run_chart = len(values) < MINIMUM_POINTS
    lines = lines_per_point(values, options, run_chart) if values else []
    per_rule: dict[str, list[frozenset[str]]] = {}
    if not run_chart:
        per_rule = {
            "single_point": _as_sets(beyond_limits(values, lines)),
            "shift": _as_sets(shift(values, lines, options.shift_length)),
            "trend": [frozenset(sides) for sides in trend(values, options.trend_length)],
            "two_sigma": _as_sets(two_sigma(values, lines)),
        }
    points = []
    for i, (day, value) in enumerate(zip(dates, values, strict=True)):
        signals = {rule: sides[i] for rule, sides in per_rule.items() if sides[i]}
        points.append(
            Point(day, value, i + 1, lines[i], signals, colour(signals, options.improvement))
        )
    return Chart(
        points,
        options,
        variation_icon(points, options.improvement, run_chart),
        assurance_icon(
            options.target, lines[-1] if lines else None, options.improvement, run_chart
        ),
        run_chart,
    )


def shift_began(chart: Chart) -> dt.date | None:
    """Where the chart ends in a sustained shift (the shift rule flags the last point), the
    date of the run's first point: where the process changed. None otherwise."""
    if chart.run_chart or not chart.points:
        return None
    side = chart.points[-1].signals.get("shift")
    if not side:
        return None
    start = len(chart.points) - 1
    while start > 0 and chart.points[start - 1].signals.get("shift") == side:
        start -= 1
    return chart.points[start].date


# --- reading a chart in plain words -----------------------------------------------------------

VARIATION_READINGS = {
    COMMON_CAUSE: "Common cause variation: the last point is within the usual range, "
    "with no sign of change.",
    "improvement_high": "Special cause improvement: the last point is unusually high.",
    "improvement_low": "Special cause improvement: the last point is unusually low.",
    "concern_high": "Special cause concern: the last point is unusually high.",
    "concern_low": "Special cause concern: the last point is unusually low.",
    "neither_high": "Special cause variation (neither direction is better): the last point "
    "is unusually high.",
    "neither_low": "Special cause variation (neither direction is better): the last point "
    "is unusually low.",
    NO_ICON: "Fewer than 13 points: a run chart, too short to show limits or signals.",
}
ASSURANCE_READINGS = {
    PASS: "The target will be met reliably if nothing changes (it lies beyond the process "
    "limits on the right side).",
    FAIL: "The target will be missed reliably unless something changes (it lies beyond the "
    "process limits on the wrong side).",
    HIT_OR_MISS: "The target will be hit and missed at random (it lies between the process "
    "limits).",
}


RULE_WORDS = {
    "single_point": "it is beyond the process limits",
    "shift": "{n} or more points in a row are on the same side of the average",
    "trend": "{n} or more points in a row have risen or fallen each time",
    "two_sigma": "two of the last three points are close to a process limit",
}


CHANGED_PROCESS_READING = (
    "The figure has moved to a new level: limits recalculated from the month the change began "
    "would give a truer assurance reading."
)


def reading(chart: Chart) -> list[str]:
    """What the chart says, in plain words: the variation icon's reading (with the rules that
    flag the last point), then the assurance icon's when there is one."""
    words = [VARIATION_READINGS[chart.variation_icon]]
    last = chart.points[-1] if chart.points else None
    if last is not None and last.signals:
        lengths = {"shift": chart.options.shift_length, "trend": chart.options.trend_length}
        because = [
            RULE_WORDS[rule].format(n=lengths.get(rule, ""))
            for rule in RULES
            if rule in last.signals
        ]
        words[0] = words[0][:-1] + " (" + "; ".join(because) + ")."
    if chart.assurance_icon in ASSURANCE_READINGS:
        words.append(ASSURANCE_READINGS[chart.assurance_icon])
        if last is not None and {"shift", "trend"} & set(last.signals):
            words.append(CHANGED_PROCESS_READING)
    return words


# --- one sentence for a meeting room ---------------------------------------------------------

# The chart's key on a meeting screen: the icons by their Making Data Count names
VARIATION_NAMES = {
    COMMON_CAUSE: "Common cause variation: no sign of change",
    "improvement_high": "Special cause improvement: unusually high",
    "improvement_low": "Special cause improvement: unusually low",
    "concern_high": "Special cause concern: unusually high",
    "concern_low": "Special cause concern: unusually low",
    "neither_high": "Special cause variation (neither direction is better): unusually high",
    "neither_low": "Special cause variation (neither direction is better): unusually low",
}
ASSURANCE_NAMES = {
    PASS: "Assurance: the target lies beyond the process limits on the right side (met reliably)",
    FAIL: "Assurance: the target lies beyond the process limits on the wrong side (missed "
    "reliably)",
    HIT_OR_MISS: "Assurance: the target lies between the process limits (hit and miss)",
}
STATUS_PHRASES = {
    "met": "meets the target of {target}",
    "near": "is close to the target of {target}",
    "not_met": "misses the target of {target}",
}


def key_words(chart: Chart) -> tuple[str, ...]:
    """What the chart's two icons are called, for its key."""
    return tuple(
        words
        for words in (
            VARIATION_NAMES.get(chart.variation_icon),
            ASSURANCE_NAMES.get(chart.assurance_icon),
        )
        if words
    )


def new_level_since(chart: Chart) -> dt.date | None:
    """The month a change of level began: the first point of the run of shifted or trending
    points that ends at the last point, on the last point's side; None when the last point
    is not part of a shift or a trend."""

    def sides(point: Point) -> set[str]:
        return set(point.signals.get("shift", ())) | set(point.signals.get("trend", ()))

    if not chart.points or not sides(chart.points[-1]):
        return None
    side = sides(chart.points[-1])
    first = chart.points[-1]
    for point in reversed(chart.points):
        if not sides(point) & side:
            break
        first = point
    return first.date


def room_sentence(
    chart: Chart, latest: str, status: str | None = None, target: str | None = None
) -> str:
    """One plain sentence for a meeting room: where the latest month stands against its
    target, and what the chart says to do about it, without the words of the chart's key
    (special cause, process limits, assurance). `latest` and `target` are the texts shown;
    `status` the target's status now (None without a target in force)."""
    last = chart.points[-1]
    subject = f"{latest} in {last.date:%B %Y}"
    said = STATUS_PHRASES.get(status or "", "")
    if said:
        said = said.format(target=target)
    icon = chart.variation_icon
    since = new_level_since(chart)
    improving, worrying = icon.startswith("improvement"), icon.startswith("concern")
    high = icon.endswith("_high")
    but = False
    if icon == NO_ICON:
        next_words = "has too few months yet to tell a change from the usual ups and downs"
    elif since is not None and icon != COMMON_CAUSE:
        moved = "risen" if high else "fallen"
        next_words = f"has {moved} to a new level since {since:%B %Y}: "
        if improving:
            aim = (
                "whether the target will stay met"
                if status == "met"
                else "whether the target will be met reliably"
                if said
                else "the new level's usual ups and downs"
            )
            next_words += f"start the chart again from {since:%B %Y} to see {aim}"
        else:
            next_words += "find out what changed then"
    elif improving:
        next_words = "is unusually good this month: find out what went well"
    elif worrying:
        next_words = "is unusually poor this month: find out why"
    elif icon != COMMON_CAUSE:
        next_words = "is unusual this month: find out why"
    elif chart.assurance_icon == PASS:
        but = status != "met"
        next_words = (
            "will keep meeting it if nothing changes"
            if status == "met"
            else "will meet it reliably if nothing changes"
        )
    elif chart.assurance_icon == FAIL:
        but = status == "met"
        next_words = "will not meet it reliably without a change to how the programme works"
    elif chart.assurance_icon == HIT_OR_MISS:
        but = status == "met"
        next_words = "will meet it in some months and miss it in others: it cannot be relied on"
    else:
        next_words = "is within its usual ups and downs, with no sign of change"
    if not said:
        return f"{subject} {next_words}."
    return f"{subject} {said}{' but' if but else ' and'} {next_words}."


# --- a target's status and the chart's assurance, said together -----------------------------

SHORT_VARIATION = {
    COMMON_CAUSE: "No sign of change",
    "improvement_high": "Improving (unusually high)",
    "improvement_low": "Improving (unusually low)",
    "concern_high": "A concern (unusually high)",
    "concern_low": "A concern (unusually low)",
    "neither_high": "A change (unusually high)",
    "neither_low": "A change (unusually low)",
    NO_ICON: "Too few months for limits",
}
SHORT_ASSURANCE = {
    PASS: "the target will be met reliably",
    FAIL: "the target will be missed reliably unless something changes",
    HIT_OR_MISS: "the target will be hit and missed at random",
}
STATUS_NOW = {"met": "Met now", "near": "Nearly met now", "not_met": "Not met now"}


def one_line(variation: str, assurance: str) -> str:
    """A chart's reading in one line, for a summary table: what the latest month says, and
    whether the target will be met (when there is an assurance icon)."""
    words = SHORT_VARIATION.get(variation, SHORT_VARIATION[NO_ICON])
    if assurance in SHORT_ASSURANCE:
        words += f"; {SHORT_ASSURANCE[assurance]}"
    return words + "."


def _limit(value: float, unit: str) -> str:
    number = f"{value:,.1f}"
    return f"{number}%" if unit == "percent" else f"£{number}" if unit == "pounds" else number


def status_and_assurance(
    status: str,
    actual: str,
    target: str,
    assurance: str,
    lower: float | None,
    upper: float | None,
    unit: str = "",
    improvement: str = HIGH,
) -> str | None:
    """One plain sentence where a target's status now and the chart's assurance seem to
    disagree: met now while the process will not reliably meet it, or not met now while it
    will. `actual` and `target` are the texts shown; `lower` and `upper` the latest process
    limits. None when the two agree (or either is unknown)."""
    if lower is None or upper is None or status not in STATUS_NOW:
        return None
    limits = f"{_limit(lower, unit)}–{_limit(upper, unit)}"
    now = f"{STATUS_NOW[status]} ({actual} against {target})"
    wrong_side = "below" if improvement == HIGH else "above"
    right_side = "above" if improvement == HIGH else "below"
    if status == "met" and assurance == FAIL:
        return (
            f"{now}, but the process limits ({limits}) sit {wrong_side} the target: without a "
            "change it will be missed reliably."
        )
    if status == "met" and assurance == HIT_OR_MISS:
        return (
            f"{now}, but the target lies within the process limits ({limits}): month by month "
            "it will be hit and missed at random, so it cannot be relied on."
        )
    if status in ("near", "not_met") and assurance == PASS:
        return (
            f"{now}, but the process limits ({limits}) sit {right_side} the target: if nothing "
            "changes it will be met reliably."
        )
    return None


__all__ = [
    "HIGH",
    "LOW",
    "NEITHER",
    "Options",
    "Lines",
    "Point",
    "Chart",
    "SpcInputError",
    "xmr_chart",
    "section_lines",
    "beyond_limits",
    "shift",
    "trend",
    "two_sigma",
    "colour",
    "variation_icon",
    "assurance_icon",
    "reading",
    "one_line",
    "status_and_assurance",
    "room_sentence",
    "key_words",
]
