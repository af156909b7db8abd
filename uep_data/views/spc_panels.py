"""Monthly series as Making Data Count charts: the last three years of whole months to D, the
lead's recalculation points, the shift and trend lengths of the settings, and the trust-wide
target in force (for point-in-time and percentage series: a year's target is not a
month's)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .. import measures, recalculations, settings, spc, targets
from ..figures import Figure
from ..formatting import format_value
from ..measures import When
from ..measures import registry as r
from ..periods import Period, month_end, month_ends
from .ask import Ask

CHART_MONTHS = 36  # the monthly charts show the last three years


def complete_months(as_of: dt.date, earliest: dt.date | None, months: int = CHART_MONTHS):
    """The period of the last `months` whole months up to D (D's month counts when D is its
    last day), starting no earlier than the month of the earliest data; None when there is
    no whole month yet."""
    last = as_of if as_of == month_end(as_of) else as_of.replace(day=1) - dt.timedelta(days=1)
    first = last.replace(day=1)
    for _ in range(months - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    if earliest is not None and earliest.replace(day=1) > first:
        first = earliest.replace(day=1)
    if first > last:
        return None
    return Period(first, last)


def monthly_whens(key: str, period: Period, as_of: dt.date) -> list[When]:
    """A measure's monthly series over a period: point-in-time measures at each month end,
    period measures over each calendar month (the first and last cut to the period)."""
    ends = month_ends(Period(period.start, month_end(period.end)))
    if measures.kind_of(key) == measures.POINT:
        return [When(min(end, period.end)) for end in ends]
    return [
        When(as_of, Period(max(end.replace(day=1), period.start), min(end, period.end)))
        for end in ends
    ]


@dataclass(frozen=True)
class SpcPanel:
    """A monthly series as a Making Data Count chart, for one audience. `chart` is None when
    the audience may not see the series or there is no whole month yet (`note` says why)."""

    key: str
    title: str
    unit: str
    points: tuple[Figure, ...]
    chart: spc.Chart | None
    targets: tuple = ()  # per point: the target in force (targets.TargetInForce) or None
    reading: tuple[str, ...] = ()
    recalculations: tuple[dict, ...] = ()  # those inside the chart
    note: str | None = None
    withheld: bool = False  # the audience may not see this series month by month
    # the target's status now and the chart's assurance in one sentence, where they disagree
    explanation: str | None = None
    # where the series ends in a sustained shift that no recalculation starts at yet: the
    # month the process changed, which the lead may make the chart start again from
    suggested_restart: dt.date | None = None

    @property
    def suggestion(self) -> str | None:
        """The question put to the lead where the process changed."""
        if self.suggested_restart is None:
            return None
        return (
            f"The process changed in {self.suggested_restart:%B %Y}: start the limits again "
            "there? Limits from the old process make the assurance icon and any forecast wrong."
        )

    @property
    def target(self):
        """The target in force at the last point (the one the assurance icon reads)."""
        return self.targets[-1] if self.targets else None

    @property
    def notes(self) -> list[str]:
        """What to say beside the chart: its reading, the target it reads against, and where
        it starts again."""
        notes = ([self.explanation] if self.explanation else []) + list(self.reading)
        if self.target is not None:
            notes.append(f"Target in force: {self.target.title}.")
        notes += [
            f"Recalculated from {r_['month']:%B %Y}: {r_['reason']}" for r_ in self.recalculations
        ]
        return notes


def spc_panel(ask: Ask, key: str) -> SpcPanel:
    """The trust-wide monthly series `key` as an XmR chart, if the audience may see every
    point of it exactly (a month's count of people is below trust level: the steering group
    and the board see such figures by year)."""
    conn = ask.conn
    title = r.series_title(key)
    unit = r.measure(key).unit
    period = complete_months(ask.filters.as_of, ask.earliest_data_date)
    if period is None:
        return SpcPanel(key, title, unit, (), None, note="No whole month of data yet.")
    whens = monthly_whens(key, period, ask.filters.as_of)
    points = ask.series(key, whens, f"chart:spc_{key}", measures.TRUST_WIDE)
    if any(p.controlled for p in points):
        return SpcPanel(
            key,
            title,
            unit,
            (),
            None,
            note="Shown to the programme lead only: a month's count of people is below "
            "trust level, so the steering group and the board see it by year.",
            withheld=True,
        )
    missing = sum(p.value is None for p in points)
    if missing:
        return SpcPanel(
            key,
            title,
            unit,
            points,
            None,
            note=f"Not drawn: {missing} of the last {len(points)} months "
            f"{'has' if missing == 1 else 'have'} no figure (for example, nobody was "
            "recruited), and a Making Data Count chart needs every month.",
        )
    months = [month_end(w.end or w.as_of) for w in whens]
    with_target = measures.kind_of(key) == measures.POINT or unit == r.UNIT_PERCENT
    in_force = targets.targets_in_force(conn, key, months) if with_target else []
    inside = [
        r_ for r_ in recalculations.listed(conn, key) if months[0] < r_["month"] <= months[-1]
    ]
    applied, waiting = recalculations.long_enough(months, inside, spc.MINIMUM_POINTS)
    options = spc.Options(
        improvement=r.measure(key).improvement,
        recalculate_at=recalculations.points_for(months, [r_["month"] for r_ in applied]),
        target=in_force[-1].value if in_force and in_force[-1] else None,
        shift_length=int(settings.get(conn, "spc_shift_length")),
        trend_length=int(settings.get(conn, "spc_trend_length")),
    )
    chart = spc.xmr_chart(months, [p.value for p in points], options)
    reading = spc.reading(chart) + [
        f"Starts again from {r_['month']:%B %Y} once each part of the chart has "
        f"{spc.MINIMUM_POINTS} months ({r_['reason']})."
        for r_ in waiting
    ]
    began = spc.shift_began(chart)
    set_already = {r_["month"] for r_ in inside}
    suggested = None
    if began is not None and began.replace(day=1) not in set_already and began != months[0]:
        suggested = began.replace(day=1)
    return SpcPanel(
        key,
        title,
        unit,
        points,
        chart,
        tuple(in_force),
        tuple(reading),
        tuple(applied),
        suggested_restart=suggested,
    )


def status_with_assurance(panel: SpcPanel, line) -> str | None:
    """The sentence that says a target's status (its line, as the audience sees it) and the
    chart's assurance together, where they seem to disagree; None when they agree, or when
    the chart is not read against this target."""
    if panel.chart is None or panel.target is None or line is None:
        return None
    if line.target_id != panel.target.target_id:
        return None
    latest = panel.chart.points[-1].lines
    return spc.status_and_assurance(
        line.status_key,
        line.actual.shown,
        format_value(line.target_value, line.unit),
        panel.chart.assurance_icon,
        latest.lower_limit,
        latest.upper_limit,
        panel.unit,
        panel.chart.options.improvement,
    )


def explained(panel: SpcPanel, lines: Sequence) -> SpcPanel:
    """The panel with its status-and-assurance sentence (from the target lines shown)."""
    if panel.target is None:
        return panel
    line = next((t for t in lines if t.target_id == panel.target.target_id), None)
    return dataclasses.replace(panel, explanation=status_with_assurance(panel, line))


def spc_panels(ask: Ask, keys: Sequence[str], lines: Sequence = ()) -> tuple[SpcPanel, ...]:
    """The charts of a page the audience may see (those it may not are left off the page),
    each with its status-and-assurance sentence where the target lines say one is due."""
    return tuple(
        explained(p, lines) for p in (spc_panel(ask, key) for key in keys) if not p.withheld
    )
