"""Meeting mode: the key views one at a time for the shared screen, one message each, always
under disclosure control (the steering group's), whoever presents."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import access, check_ins, measures, settings, spc, targets
from ..check_ins import CheckIn
from ..dates import earliest_data_date
from ..disclosure import Audience
from ..figures import Figure
from ..formatting import format_date, format_value
from ..measures import When
from ..periods import Period
from .ask import Ask
from .changes import changes_since, since_or_last_report
from .filters import Filters
from .forecasts import Forecaster, TargetForecast
from .funding import funding
from .parts import Breakdown, Changes, Grid, TargetLine
from .recruitment import SHARE, against_floor, financial_years_to
from .spc_panels import SpcPanel, explained, monthly_whens, spc_panel, status_with_assurance
from .target_lines import target_for, target_lines

STATUS_SAID = {
    "met": "met",
    "near": "nearly met",
    "not_met": "not yet met",
    "no_data": "not measured",
    "not_shown": "not shown",
}


@dataclass(frozen=True)
class InEmploymentScreen:
    value: Figure
    target: TargetLine | None
    trend: tuple[Figure, ...]
    # the target's status and the monthly chart's assurance together, where they disagree
    explanation: str | None = None
    check_ins: tuple[CheckIn, ...] = ()  # on its target, the latest first


@dataclass(frozen=True)
class HeadingScreen:
    target: TargetLine
    forecast: TargetForecast


@dataclass(frozen=True)
class TargetsScreen:
    aspirational: tuple[TargetLine, ...]
    check_ins: tuple[tuple[CheckIn, ...], ...] = ()  # each target's, the latest first

    def latest_check_in(self, target_id: str) -> CheckIn | None:
        for line, found in zip(self.aspirational, self.check_ins, strict=False):
            if line.target_id == target_id and found:
                return found[0]
        return None


@dataclass(frozen=True)
class CoverageScreen:
    grid: Grid
    covered: Figure
    listed: Figure


@dataclass(frozen=True)
class RecruitmentScreen:
    by_year: tuple[Figure, ...]
    floor: float


@dataclass(frozen=True)
class DangerPointsScreen:
    danger_points: Breakdown


@dataclass(frozen=True)
class FundingScreen:
    by_year_and_type: Grid
    ending_soon: tuple[tuple[str, str], ...]  # (stream, when it ends)


@dataclass(frozen=True)
class Screen:
    number: int
    key: str
    title: str
    message: str
    content: object  # one of the screens above, an SpcPanel, or Changes


@dataclass(frozen=True)
class MeetingPage:
    filters: Filters
    since: dt.date
    screens: tuple[Screen, ...]


def meeting(
    conn: Connection, filters: Filters, audience: Audience, since: dt.date | None = None
) -> MeetingPage:
    """Every screen of the meeting sequence for D (the financial year to D, trust-wide)."""
    if not audience.controlled:
        raise access.AccessDenied("the shared screen always shows controlled figures")
    trust = filters.trust_wide()
    since = since_or_last_report(since, trust.as_of, audience)
    ask = Ask(conn, trust, audience)
    now, earlier = targets.evaluate_targets_on(conn, [trust.as_of, since], ask.read)
    results = tuple(now)
    screens: list[Screen] = []
    written = check_ins.by_target(conn)

    def check_ins_on(line: TargetLine | None) -> tuple[CheckIn, ...]:
        """A target's check-ins; for an interim target without any, its long-term target's."""
        if line is None:
            return ()
        return written.get(line.target_id) or written.get(line.parent_target_id or "", ())

    def add(key, message, content):
        # each screen's title as Settings lists it (one home for both)
        screens.append(
            Screen(len(screens) + 1, key, settings.MEETING_SCREENS[key], message, content)
        )

    def at_next() -> Ask:
        return ask.at(f"screen:{len(screens) + 1}")

    here = at_next()
    lines = target_lines(here, results)
    in_post = here.figure("in_employment", "headline", when=When(trust.as_of))
    aim = target_for(lines, "in_employment", trust.as_of, trust.scope)
    message = f"{in_post.shown} people are supported in employment today"
    if aim is not None:
        message += (
            f": the target of {format_value(aim.target_value, aim.unit)} is "
            f"{STATUS_SAID[aim.status_key]}"
        )
    start = (trust.as_of.replace(day=1) - dt.timedelta(days=730)).replace(day=1)
    trend = here.series(
        "in_employment",
        monthly_whens("in_employment", Period(start, trust.as_of), trust.as_of),
        "chart",
    )
    panel: SpcPanel = explained(spc_panel(ask.at("screen:2"), "in_employment"), lines)
    add(
        "in_employment",
        message + ".",
        InEmploymentScreen(
            in_post, aim, trend, status_with_assurance(panel, aim), check_ins_on(aim)
        ),
    )

    if panel.chart is not None:
        add(
            "spc",
            spc.VARIATION_READINGS[panel.chart.variation_icon],
            panel,
        )

    # the target still running on people in employment (this year's interim target, or the
    # coming year's, else the long-term one): where the figure is heading
    here = at_next()
    running = [
        t
        for t in target_lines(here, results)
        if t.metric == "in_employment"
        and not (t.directorate or t.profession)
        and (t.period_end is None or t.period_end > trust.as_of)
    ]
    running.sort(key=lambda t: (t.period_end is None, t.period_end or dt.date.max))
    if running:
        heading = Forecaster(here).of(running[0])
        if heading.words:
            add("heading", heading.words, HeadingScreen(running[0], heading))

    here = at_next()
    aspirational = tuple(
        line for line in target_lines(here, results) if line.level == "Aspirational"
    )
    met = sum(line.status_key == targets.MET for line in aspirational)
    add(
        "targets",
        f"{met} of {len(aspirational)} long-term targets are met.",
        TargetsScreen(aspirational, tuple(check_ins_on(line) for line in aspirational)),
    )

    here = at_next()
    covered = here.figure("directorates_covered", "headline", when=When(trust.as_of))
    listed = here.figure("directorates_listed", "headline", when=When(trust.as_of))
    grid = here.grid("in_employment", "directorate", "profession", "chart", when=When(trust.as_of))
    add(
        "coverage",
        f"Supported people work in {covered.shown} of {listed.shown} directorates.",
        CoverageScreen(grid, covered, listed),
    )

    here = at_next()
    share = SHARE
    years = financial_years_to(earliest_data_date(conn) or trust.as_of, trust.as_of)
    by_year = tuple(
        f
        for f in here.series(share, [here.when(share, period=p) for p in years], "chart")
        if f.value is not None
    )
    floor = measures.measure(share).floor
    message = "No recruitment monitoring is recorded."
    if by_year and isinstance(by_year[-1].value, (int, float)):
        latest = by_year[-1]
        held, _ = against_floor(latest, floor)
        floor_words = f"the charter's floor of {format_value(floor, 'percent')}"
        reading = {
            True: f"{floor_words} is held",
            False: f"{floor_words} is not held",
            None: f"the figure is rounded at this level, so it cannot show whether {floor_words} "
            "is met",
        }[held]
        message = (
            f"{latest.shown} of the recruits of {latest.when_words} have lived experience: "
            f"{reading}."
        )
    add("recruitment", message, RecruitmentScreen(by_year, floor))

    here = at_next()
    danger = here.breakdown(
        "at_danger_point",
        "danger_point",
        "chart",
        when=When(trust.as_of),
        scope=measures.TRUST_WIDE,
    )
    add(
        "danger_points",
        f"{danger.total.shown} people are at a danger point where support matters most.",
        DangerPointsScreen(danger),
    )

    here = at_next()
    money = funding(conn, trust, audience)
    by_type = here.grid(
        "funding_awarded",
        "financial_year",
        "funding_type",
        "chart",
        when=f_when(money.by_year_and_type.total),
        row_values=list(money.years),
    )
    ending = money.ending_soon
    message = (
        "No grant or contract ends within 12 months."
        if not ending
        else f"{len(ending)} funding stream{'s' if len(ending) > 1 else ''} end"
        f"{'' if len(ending) > 1 else 's'} within 12 months."
    )
    add(
        "funding",
        message,
        FundingScreen(by_type, tuple((e.stream, e.ends) for e in ending)),
    )

    here = at_next()
    changes: Changes = changes_since(here, since, target_lines(here, results), earlier=earlier)
    starts = changes.happened_figure("job_starts")
    in_post_row = changes.point_row("in_employment")
    add(
        "changes",
        f"Since {format_date(since)}: {starts.shown} job starts; people in employment "
        f"{in_post_row.then.shown} then, {in_post_row.now.shown} now.",
        changes,
    )
    return MeetingPage(trust, since, chosen_screens(screens, settings.get(conn, "meeting_screens")))


def chosen_screens(screens: list[Screen], chosen: list[str]) -> tuple[Screen, ...]:
    """The screens the programme lead chose, in their order, numbered from 1 (a screen with
    nothing to show, such as a chart without enough months, is left out)."""
    by_key = {screen.key: screen for screen in screens}
    shown = [by_key[key] for key in chosen if key in by_key] or screens
    return tuple(dataclasses.replace(screen, number=n) for n, screen in enumerate(shown, 1))


def f_when(figure: Figure) -> When:
    """When a figure was measured (to ask for the same figure again in another place)."""
    if figure.start is None:
        return When(figure.as_of)
    return When(figure.as_of, Period(figure.start, figure.end))
