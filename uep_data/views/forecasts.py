"""Where each target is heading: its measure's monthly series (the months its Making Data
Count chart shows, as the audience sees them) forecast to the target's deadline (forecast.py),
with the chance of meeting it, when a level target will be reached, the likely value at the
end of next financial year, and one sentence saying it. Made once per view, from the same
readings as the page's other figures, so the sentence, the fan and the chance agree wherever
they are shown; for a controlled audience only from figures that audience may see."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import forecast, recalculations, settings, spc
from ..disclosure import below_trust_level, cell_of
from ..figures import Figure
from ..formatting import format_date, format_value
from ..measures import Scope
from ..measures import registry as r
from ..measures.moments import POINT, When
from ..periods import Period, financial_year_period, month_end
from ..values import financial_year_of
from .ask import Ask
from .parts import TargetLine
from .spc_panels import complete_months, monthly_whens

LEVEL_UNITS_LIMIT = {r.UNIT_PERCENT: 100.0}
SHARE = "share"  # a share of two counts, each added up month by month


@dataclass(frozen=True)
class FanMonth:
    """The forecast for one coming month end: the median and the 80% and 95% bands."""

    month: dt.date
    median: float
    lo80: float
    hi80: float
    lo95: float
    hi95: float


@dataclass(frozen=True)
class TargetForecast:
    """A target's forecast as an audience may see it (figures None where it cannot be made:
    `words` says why)."""

    target_id: str
    measure: str
    deadline: dt.date | None
    words: str
    median: Figure | None = None
    lo80: Figure | None = None
    hi80: Figure | None = None
    lo95: Figure | None = None
    hi95: Figure | None = None
    chance: Figure | None = None  # of meeting the target by its deadline (percent)
    reached: forecast.Reached | None = None  # when a level target is first reached
    next_year: Figure | None = None  # the likely level at the end of next financial year
    next_year_band: tuple[Figure, Figure] | None = None
    history: tuple[tuple[dt.date, float], ...] = ()  # the months read (for the fan chart)
    fan: tuple[FanMonth, ...] = ()
    began: dt.date | None = None  # when the present process began
    changed: bool = False  # it began with a sustained shift

    @property
    def made(self) -> bool:
        return self.median is not None

    def record(self) -> dict:
        """The command line's `forecast` record."""

        def number(f):
            return None if f is None else f.value

        return {
            "target_id": self.target_id,
            "measure": self.measure,
            "deadline": self.deadline,
            "median": number(self.median),
            "lo80": number(self.lo80),
            "hi80": number(self.hi80),
            "lo95": number(self.lo95),
            "hi95": number(self.hi95),
            "p_meet": None if self.chance is None else self.chance.value / 100,
            "words": self.words,
        }


def forecastable(key: str) -> str | None:
    """How a measure's monthly series is forecast: a level read at month ends, a count (or a
    share of two counts) added up month by month; None for what cannot be (a median, people
    counted once over a period, money recorded by year)."""
    m = r.measure(key)
    if r.kind_of(key) == POINT:
        return forecast.LEVEL
    if m.how in (r.COUNT_ROWS, r.SUM) and m.counts in (r.PEOPLE, r.EVENTS):
        return forecast.FLOW
    if m.how == r.RATIO and all(
        r.measure(part).how in (r.COUNT_ROWS, r.SUM) and r.measure(part).counts != r.MONEY
        for part in m.parts
    ):
        return SHARE
    return None


def _chance_shown(chance: float) -> tuple[int, str]:
    """A chance as it is shown, the same in the sentence and as a figure: to the nearest 5%
    (4,000 paths, and a model, say no more), "less than 5%" and "more than 95%" at the ends."""
    value = int(round(chance * 20) * 5)
    if chance < 0.05:
        return value, "less than 5%"
    if chance > 0.95:
        return value, "more than 95%"
    return value, f"{value}%"


def _chance_words(chance: float) -> str:
    value, shown = _chance_shown(chance)
    return shown if not shown[0].isdigit() else f"about {shown}"


def _months_between(first: dt.date, last: dt.date) -> int:
    """Month ends after `first` up to and including `last` (both month ends)."""
    return (last.year - first.year) * 12 + last.month - first.month


class Forecaster:
    """The forecasts of one view, for its audience (`ask`), each target's made once."""

    def __init__(self, ask: Ask):
        self.ask = ask
        self._made: dict[str, TargetForecast] = {}
        self._options: dict[str, spc.Options] = {}

    def for_lines(self, lines: Sequence[TargetLine]) -> tuple[TargetForecast, ...]:
        return tuple(self.of(line) for line in lines)

    def of(self, line: TargetLine) -> TargetForecast:
        if line.target_id not in self._made:
            self._made[line.target_id] = self._make(line)
        return self._made[line.target_id]

    # --- the series -------------------------------------------------------------------------

    def _series(self, key: str, line: TargetLine, whens) -> list[Figure]:
        scope = Scope(line.directorate, line.profession)
        return list(self.ask.series(key, whens, f"target:{line.target_id}", scope))

    def _options_for(self, key: str, months: list[dt.date]) -> spc.Options:
        conn = self.ask.conn
        inside = [
            row
            for row in recalculations.listed(conn, key)
            if months[0] < row["month"] <= months[-1]
        ]
        applied, _ = recalculations.long_enough(months, inside, spc.MINIMUM_POINTS)
        return spc.Options(
            improvement=r.measure(key).improvement,
            recalculate_at=recalculations.points_for(months, [row["month"] for row in applied]),
            shift_length=int(settings.get(conn, "spc_shift_length")),
            trend_length=int(settings.get(conn, "spc_trend_length")),
        )

    def _figure(self, line: TargetLine, measure: str, value, unit: str, label: str, when) -> Figure:
        shown = format_value(value, unit)
        return Figure(
            where=self.ask.place or f"target:{line.target_id}",
            measure=measure,
            label=label,
            unit=unit,
            value=value,
            shown=shown,
            as_of=when,
            start=None,
            end=None,
            directorate=line.directorate,
            profession=line.profession,
            group=(("target", line.target_id),),
            controlled=self.ask.audience.controlled,
            name=label,
        )

    def _chance_figure(self, line: TargetLine, chance: float, when) -> Figure:
        value, shown = _chance_shown(chance)
        figure = self._figure(
            line, "forecast_chance", value, r.UNIT_PERCENT, "Chance of meeting the target", when
        )
        return dataclasses.replace(figure, shown=shown)

    # --- one target -------------------------------------------------------------------------

    def _make(self, line: TargetLine) -> TargetForecast:
        key = line.metric
        shape = forecastable(key)
        deadline = line.period_end
        none = TargetForecast(line.target_id, key, deadline, "")
        if shape is None:
            return dataclasses.replace(
                none, words="No forecast: this figure has no monthly series to forecast from."
            )
        period = complete_months(self.ask.filters.as_of, self.ask.earliest_data_date)
        if period is None:
            return dataclasses.replace(none, words="Not enough months to say.")
        base = key if shape != SHARE else r.measure(key).numerator
        whens = monthly_whens(base, period, self.ask.filters.as_of)
        months = [month_end(w.end or w.as_of) for w in whens]
        last = months[-1]
        if deadline is not None and deadline <= last:
            return dataclasses.replace(none, words="Its period is over: the actual is the figure.")
        cell = cell_of(Scope(line.directorate, line.profession), None)
        counts = (key,) if shape != SHARE else r.measure(key).parts
        if self.ask.audience.controlled and any(
            below_trust_level(part, when, cell) for part in counts for when in whens
        ):  # a month's figure is controlled: no forecast from what the audience cannot see
            return dataclasses.replace(
                none,
                words="No forecast at this level: a month's figure is controlled, and a "
                "forecast is made only from figures shown exactly.",
            )
        sizes: list[float] = []
        if shape == SHARE:
            m = r.measure(key)
            counted = self._series(m.numerator, line, whens)
            of = self._series(m.denominator, line, whens)
            series = [
                None
                if not isinstance(a.number, (int, float)) or not isinstance(b.number, (int, float))
                else (100 * a.number / b.number if b.number else None)
                for a, b in zip(counted, of, strict=True)
            ]
            sizes = [b.number for b in of]
        else:
            figures = self._series(key, line, whens)
            series = [f.number for f in figures]
        if any(v is None for v in series):
            why = (
                "not shown at this level: a month's figure is controlled or missing"
                if self.ask.audience.controlled
                else "a month has no figure"
            )
            return dataclasses.replace(none, words=f"No forecast: {why}.")
        options = self._options_for(key, months)
        process = forecast.present_process(months, series, options)
        if process is None:
            return dataclasses.replace(
                none,
                words=f"Not enough months to say: a forecast needs {forecast.MINIMUM_MONTHS} "
                "months of the present process.",
                history=tuple(zip(months, series, strict=True)),
            )
        unit = r.measure(key).unit
        high = LEVEL_UNITS_LIMIT.get(unit)
        history = tuple(zip(months, series, strict=True))
        label = r.measure(key).label
        if shape == forecast.LEVEL:
            return self._level(line, key, series, process, last, unit, high, history, label)
        return self._period_total(
            line, key, shape, series, sizes, process, last, unit, history, label
        )

    def _level(self, line, key, series, process, last, unit, high, history, label):
        deadline = line.period_end
        ahead_to = deadline if deadline is not None and deadline > last else None
        horizon = _months_between(last, ahead_to) if ahead_to else 12
        paths = forecast.simulate(series, process, forecast.LEVEL, max(horizon, 12))
        paths = paths.clip(0, high)
        fan = tuple(
            FanMonth(forecast.month_after(last, i + 1), *self._quantiles(paths[:, i]))
            for i in range(horizon)
        )
        made = dict(began=process.began, changed=process.changed, history=history, fan=fan)
        reached = None
        if line.period_end is None or (line.period_end and line.period_end > last):
            reached = forecast.when_reached(
                series, process, last, line.target_value, line.comparison
            )
        # next year's end: the likely level when the next financial year ends
        next_end = financial_year_period(financial_year_of(last)).end.replace(
            year=financial_year_period(financial_year_of(last)).end.year + 1
        )
        next_out = forecast.level_at(series, process, _months_between(last, next_end), 0, high)
        next_year = self._figure(
            line,
            "forecast_next_year",
            self._round(next_out.median, unit),
            unit,
            f"{label}, likely on {format_date(next_end)}",
            next_end,
        )
        band = (
            self._figure(
                line,
                "forecast_next_year_lo80",
                self._round(next_out.lo80, unit),
                unit,
                "80% band, low",
                next_end,
            ),
            self._figure(
                line,
                "forecast_next_year_hi80",
                self._round(next_out.hi80, unit),
                unit,
                "80% band, high",
                next_end,
            ),
        )
        if ahead_to is None:  # open-ended, or its deadline has passed: when it is reached
            words = self._reached_words(line, unit, reached, label)
            return TargetForecast(
                line.target_id,
                key,
                line.period_end,
                words,
                reached=reached,
                next_year=next_year,
                next_year_band=band,
                **made,
            )
        out = forecast.outlook(paths[:, horizon - 1])
        chance = out.chance(line.target_value, line.comparison)
        figures = self._band_figures(line, out, unit, label, ahead_to)
        words = (
            f"At the present rate, {label.lower()} will be about {figures[0].shown} on "
            f"{format_date(ahead_to)} (80%: {figures[1].shown} to {figures[2].shown}); the "
            f"chance of meeting the target of {format_value(line.target_value, unit)} is "
            f"{_chance_words(chance)}."
        )
        if reached is not None and not reached.already:
            words = self._reached_words(line, unit, reached, label) + " " + words
        return TargetForecast(
            line.target_id,
            key,
            ahead_to,
            words,
            *figures,
            chance=self._chance_figure(line, chance, ahead_to),
            reached=reached,
            next_year=next_year,
            next_year_band=band,
            **made,
        )

    def _period_total(self, line, key, shape, series, sizes, process, last, unit, history, label):
        deadline = line.period_end
        start = line.period_start
        made = dict(began=process.began, changed=process.changed, history=history)
        period_words = line.period_words
        if deadline is None:  # open-ended: the financial year running after the last month
            year = financial_year_period(financial_year_of(last + dt.timedelta(days=1)))
            start, deadline = year.start, year.end
            period_words = financial_year_of(year.start)
        if start is None:
            start = deadline.replace(day=1)
        if deadline <= last:
            return TargetForecast(
                line.target_id,
                key,
                deadline,
                "Its period is over: the actual is the figure.",
                **made,
            )
        ahead = _months_between(last, month_end(deadline))
        inside = min(
            ahead, _months_between(max(last, start - dt.timedelta(days=1)), month_end(deadline))
        )
        so_far_period = Period(start, last) if start <= last else None
        if shape == SHARE:
            m = r.measure(key)
            counted = self._so_far(m.numerator, line, so_far_period)
            of = self._so_far(m.denominator, line, so_far_period)
            if counted is None or of is None:
                return TargetForecast(
                    line.target_id, key, deadline, "No forecast: not shown at this level.", **made
                )
            paths = forecast.simulate(series, process, forecast.FLOW, ahead).clip(0, 100)[
                :, ahead - inside :
            ]
            each = sum(sizes[process.first :]) / len(sizes[process.first :])
            recruited = of + each * (1 + np.arange(inside))
            cumulative = 100 * (counted + (paths / 100 * each).cumsum(axis=1)) / recruited
        else:
            so_far = self._so_far(key, line, so_far_period)
            if so_far is None:
                return TargetForecast(
                    line.target_id, key, deadline, "No forecast: not shown at this level.", **made
                )
            paths = forecast.simulate(series, process, forecast.FLOW, ahead).clip(0, None)[
                :, ahead - inside :
            ]
            cumulative = so_far + paths.cumsum(axis=1)
        first_month = forecast.month_after(last, ahead - inside + 1)
        fan = tuple(
            FanMonth(
                forecast.month_after(first_month, i) if i else first_month,
                *self._quantiles(cumulative[:, i]),
            )
            for i in range(inside)
        )
        out = forecast.outlook(cumulative[:, -1])
        chance = out.chance(line.target_value, line.comparison)
        figures = self._band_figures(line, out, unit, label, deadline)
        words = (
            f"At the present rate, {label.lower()} in {period_words} will be about "
            f"{figures[0].shown} (80%: {figures[1].shown} to {figures[2].shown}); the chance of "
            f"meeting the target of {format_value(line.target_value, unit)} is "
            f"{_chance_words(chance)}."
        )
        return TargetForecast(
            line.target_id,
            key,
            deadline,
            words,
            *figures,
            chance=self._chance_figure(line, chance, deadline),
            fan=fan,
            **made,
        )

    def _so_far(self, key: str, line: TargetLine, period: Period | None):
        """A count over the target's period up to the last month end, as the audience sees it
        (0 before it starts; None where it is not a number for this audience)."""
        if period is None:
            return 0.0
        when = When(period.end, period)
        scope = Scope(line.directorate, line.profession)
        figure = self.ask.figure(key, f"target:{line.target_id}", when=when, scope=scope)
        return figure.number

    # --- words and figures ------------------------------------------------------------------

    @staticmethod
    def _quantiles(values) -> tuple[float, ...]:
        out = forecast.outlook(values)
        return (out.median, out.lo80, out.hi80, out.lo95, out.hi95)

    @staticmethod
    def _round(value: float, unit: str) -> float:
        return float(round(value)) if unit != r.UNIT_POUNDS else round(value, 2)

    def _band_figures(self, line, out, unit, label, when):
        return tuple(
            self._figure(line, f"forecast_{name}", self._round(value, unit), unit, words, when)
            for name, value, words in (
                ("median", out.median, f"{label}, likely on {format_date(when)}"),
                ("lo80", out.lo80, "80% band, low"),
                ("hi80", out.hi80, "80% band, high"),
                ("lo95", out.lo95, "95% band, low"),
                ("hi95", out.hi95, "95% band, high"),
            )
        )

    @staticmethod
    def _reached_words(line, unit, reached, label) -> str:
        value = format_value(line.target_value, unit)
        if reached is None:
            return ""
        if reached.already:
            return f"{label} is already at the target of {value}."
        if reached.median is None:
            return f"At the present rate, {value} will not be reached within ten years."

        def month(day):
            return "after ten years" if day is None else f"{day:%B %Y}"

        return (
            f"At the present rate, {value} will be reached around {month(reached.median)} "
            f"(80%: {month(reached.lo80)} to {month(reached.hi80)})."
        )
