"""Meeting mode: the key views one at a time for the shared screen, one message each, always
under disclosure control (the steering group's), whoever presents. What a room reads from the
back is said in words: a `*` as "fewer than 8", a status as it stands so far, and a chart's
reading as one plain sentence (the Making Data Count terms stay in the chart's key)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import access, action_plan, check_ins, measures, settings, spc, targets
from ..check_ins import CheckIn
from ..dates import earliest_data_date
from ..disclosure import Audience, Rules
from ..figures import Figure
from ..formatting import STATUS_WORDS, format_date, format_value
from ..measures import When
from ..periods import Period
from .ask import Ask
from .attention import Attention, SpcSummaryRow, attention, spc_summary
from .changes import changes_since, since_or_last_report
from .filters import Filters
from .forecasts import Forecaster, TargetForecast
from .funding import funding
from .parts import Breakdown, Changes, Grid, TargetLine
from .recruitment import SHARE, against_floor, financial_years_to
from .spc_panels import SpcPanel, monthly_whens, spc_panel, spc_panels
from .target_lines import target_for, target_lines

STATUS_SAID = {
    "met": "met",
    "near": "nearly met",
    "not_met": "not yet met",
    "no_data": "not measured",
    "not_shown": "not shown",
}
# A target whose period has not ended (a long-term target never ends): where it stands so far
STATUS_SO_FAR = {
    "met": "Met so far",
    "near": "Near so far",
    "not_met": "Not met yet",
    "no_data": "No data yet",
    "not_shown": "Not shown",
}


NOT_COUNTS = ("percent", "pounds", "days", "status")  # a `*` of these is not a count


def in_room_words(figure: Figure, rules: Rules) -> str:
    """A figure as a room reads it: a count shown as `*` (0 to 7) as "fewer than 8"."""
    if figure.suppressed and not figure.withheld and figure.unit not in NOT_COUNTS:
        return f"fewer than {rules.suppress_up_to + 1}"
    return figure.shown


def status_words(line: TargetLine) -> str:
    """A target's status in words that need no footnote: "Met so far" while its period runs."""
    return (STATUS_SO_FAR if line.in_progress else STATUS_WORDS)[line.status_key]


@dataclass(frozen=True)
class InEmploymentScreen:
    value: Figure
    target: TargetLine | None
    # the months of the next screen's chart, with the target in force at each (stepping
    # where it changes), so the two screens draw the series alike
    trend: tuple[Figure, ...]
    target_steps: tuple[float | None, ...] = ()
    check_ins: tuple[CheckIn, ...] = ()  # on its target, the latest first


@dataclass(frozen=True)
class HeadingScreen:
    target: TargetLine
    forecast: TargetForecast


@dataclass(frozen=True)
class SpcScreen:
    """A monthly series as a Making Data Count chart, with its key: what its icons are
    called and where it starts again."""

    panel: SpcPanel
    key: tuple[str, ...]


@dataclass(frozen=True)
class AttentionScreen:
    """What needs attention, as the Overview and the board pack have it."""

    attention: Attention


@dataclass(frozen=True)
class SpcSummaryScreen:
    """Every monthly series the room may see: its latest month, target, icons and reading."""

    rows: tuple[SpcSummaryRow, ...]


@dataclass(frozen=True)
class TargetsScreen:
    """The long-term targets, those that need it most first (not met, near, not measured,
    met), each with its owner, when it is due, and its figure at the last meeting."""

    aspirational: tuple[TargetLine, ...]
    check_ins: tuple[tuple[CheckIn, ...], ...] = ()  # each target's, the latest first
    statuses: tuple[str, ...] = ()  # each target's status in words ("Met so far")
    actuals: tuple[str, ...] = ()  # each target's figure as the room reads it
    dues: tuple[str, ...] = ()  # "by 31 Mar 2005", "next action due 30 Jun 2004", "open-ended"
    earlier: tuple[str, ...] = ()  # each target's figure at the last meeting, as read
    # each target at the last meeting (its figure then, under the same control), or None
    then: tuple[TargetLine | None, ...] = ()

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
    note: str = ""  # what a `*` in the grid stands for


@dataclass(frozen=True)
class RecruitmentScreen:
    by_year: tuple[Figure, ...]
    floor: float


@dataclass(frozen=True)
class Tile:
    words: str  # the figure as the room reads it: "10", "fewer than 8"
    label: str
    counted: bool  # a number (drawn large) rather than words


@dataclass(frozen=True)
class DangerPointsScreen:
    danger_points: Breakdown
    tiles: tuple[Tile, ...] = ()


@dataclass(frozen=True)
class FundingScreen:
    by_year_and_type: Grid
    ending_soon: tuple[tuple[str, str], ...]  # (stream, when it ends)


@dataclass(frozen=True)
class ChangesScreen:
    changes: Changes
    rows: tuple[tuple[str, str, str], ...]  # each figure: its label, then and now in words


@dataclass(frozen=True)
class Screen:
    number: int
    key: str
    title: str
    message: str
    content: object  # one of the screens above


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

    rules = audience.rules
    here = at_next()
    found = attention(here, target_lines(here, results), since, written)
    add("attention", found.summary, AttentionScreen(found))

    here = at_next()
    lines = target_lines(here, results)
    in_post = here.figure("in_employment", "headline", when=When(trust.as_of))
    aim = target_for(lines, "in_employment", trust.as_of, trust.scope)
    message = f"{in_room_words(in_post, rules)} people are supported in employment today"
    if aim is not None:
        message += (
            f": the target of {format_value(aim.target_value, aim.unit)} is "
            f"{STATUS_SAID[aim.status_key]}"
        )
    panel: SpcPanel = spc_panel(ask.at(f"screen:{len(screens) + 2}"), "in_employment")
    if panel.points:
        trend = panel.points
        steps = tuple(None if t is None else t.value for t in panel.targets)
    else:
        start = (trust.as_of.replace(day=1) - dt.timedelta(days=730)).replace(day=1)
        trend = here.series(
            "in_employment",
            monthly_whens("in_employment", Period(start, trust.as_of), trust.as_of),
            "chart",
        )
        steps = ()
    add(
        "in_employment",
        message + ".",
        InEmploymentScreen(in_post, aim, tuple(trend), steps, check_ins_on(aim)),
    )

    if panel.chart is not None:
        read_against = panel.target and next(
            (t for t in lines if t.target_id == panel.target.target_id), None
        )
        add(
            "spc",
            spc.room_sentence(
                panel.chart,
                in_room_words(panel.points[-1], rules),
                read_against.status_key if read_against else None,
                format_value(read_against.target_value, read_against.unit)
                if read_against
                else None,
            ),
            SpcScreen(panel, spc_key(panel)),
        )

    here = at_next()
    summary = spc_summary(spc_panels(here, measures.monthly_series(), target_lines(here, results)))
    add("spc_summary", spc_summary_message(summary), SpcSummaryScreen(summary))

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
    every_line = target_lines(here, results)
    aspirational = by_need(line for line in every_line if line.level == "Aspirational")
    then = {line.target_id: line for line in target_lines(here, tuple(earlier))}
    actions = action_plan.actions_by_target(conn)
    met = sum(line.status_key == targets.MET for line in aspirational)
    so_far = " so far" if any(line.in_progress for line in aspirational) else ""
    add(
        "targets",
        f"{met} of {len(aspirational)} long-term targets are met{so_far}.",
        TargetsScreen(
            aspirational,
            tuple(check_ins_on(line) for line in aspirational),
            tuple(status_words(line) for line in aspirational),
            tuple(in_room_words(line.actual, rules) for line in aspirational),
            tuple(due_words(line, serving(line, every_line, actions)) for line in aspirational),
            tuple(
                in_room_words(then[line.target_id].actual, rules)
                if line.target_id in then
                else "not measured"
                for line in aspirational
            ),
            tuple(then.get(line.target_id) for line in aspirational),
        ),
    )

    here = at_next()
    covered = here.figure("directorates_covered", "headline", when=When(trust.as_of))
    listed = here.figure("directorates_listed", "headline", when=When(trust.as_of))
    grid = here.grid("in_employment", "directorate", "profession", "chart", when=When(trust.as_of))
    add(
        "coverage",
        f"Supported people work in {in_room_words(covered, rules)} of "
        f"{in_room_words(listed, rules)} directorates.",
        CoverageScreen(grid, covered, listed, star_note(grid, rules)),
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
        f"{in_room_words(danger.total, rules)} people are at a danger point where support "
        "matters most.",
        DangerPointsScreen(
            danger,
            tuple(
                Tile(
                    in_room_words(part.figure, rules),
                    part.words,
                    part.figure.number is not None,
                )
                for part in danger.parts
            ),
        ),
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
        f"Since {format_date(since)}: {in_room_words(starts, rules)} job starts; people in "
        f"employment {in_room_words(in_post_row.then, rules)} then, "
        f"{in_room_words(in_post_row.now, rules)} now.",
        ChangesScreen(
            changes,
            tuple(
                (row.label, in_room_words(row.then, rules), in_room_words(row.now, rules))
                for row in changes.point
            ),
        ),
    )
    return MeetingPage(trust, since, chosen_screens(screens, settings.get(conn, "meeting_screens")))


def spc_key(panel: SpcPanel) -> tuple[str, ...]:
    """A meeting chart's key: its icons by their names, the target it reads, and where it
    starts again."""
    key = list(spc.key_words(panel.chart))
    if panel.target is not None:
        key.append(f"Target in force: {panel.target.title}.")
    key += [f"Starts again from {r_['month']:%B %Y}: {r_['reason']}" for r_ in panel.recalculations]
    return tuple(key)


def star_note(grid: Grid, rules: Rules) -> str:
    """What a grid's `*` stands for, in one line a room can read."""
    words = (
        f"* is fewer than {rules.suppress_up_to + 1} people (or a zero hidden beside them); "
        f"other counts are rounded to the nearest {rules.round_to}"
    )
    if any(cell.withheld for cell in grid.cells.values()):
        words += '; "not shown" is hidden so that no * can be worked out'
    return words + "."


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


# the order of need: what the room should talk about first
NEED = {"not_met": 0, "near": 1, "no_data": 2, "not_shown": 3, "met": 4}


def by_need(lines) -> tuple[TargetLine, ...]:
    """Targets with those that need attention most first (not met, near, not measured, not
    shown, met), in their own order within each."""
    return tuple(sorted(lines, key=lambda line: NEED.get(line.status_key, 2)))


def serving(line: TargetLine, lines, actions: dict) -> list[dict]:
    """The actions of the plan on a target and on the interim targets that build towards it."""
    ids = {line.target_id} | {t.target_id for t in lines if t.parent_target_id == line.target_id}
    return [a for target_id in sorted(ids) for a in actions.get(target_id, ())]


def due_words(line: TargetLine, actions) -> str:
    """When a target is due: its own deadline, else the next open action on it, else none."""
    if line.period_end is not None:
        return f"by {format_date(line.period_end)}"
    due = [a["due_date"] for a in actions if a["due_date"] and a["status"] in action_plan.OPEN]
    if due:
        return f"next action due {format_date(min(due))}"
    return "open-ended"


def spc_summary_message(rows) -> str:
    """One sentence over the Making Data Count summary in the room's words (the chart terms
    stay in the table's icons): how many monthly measures are charted, how many have moved
    beyond their usual variation for the better, and how many for the worse."""
    drawn = [row for row in rows if row.variation_icon != spc.NO_ICON]
    better = sum(row.variation_icon.startswith("improvement") for row in drawn)
    worse = sum(row.variation_icon.startswith("concern") for row in drawn)

    def measures_words(n: int) -> str:
        return "none" if n == 0 else f"{n} measure{'s' if n != 1 else ''}"

    return (
        f"{len(drawn)} monthly measure{'s' if len(drawn) != 1 else ''} charted: "
        f"{measures_words(better)} unusually better than usual, "
        f"{measures_words(worse)} unusually worse."
    )
