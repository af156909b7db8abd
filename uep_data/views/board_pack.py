"""What the board pack says: the headline figures against their targets, the Making Data
Count charts, the targets, funding and what changed since the last report, always at board
level (under disclosure control, with the lead's settings), whoever makes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import check_ins, measures, settings, targets
from ..disclosure import Audience, Rules
from ..disclosure.offered import is_month_end, last_month_end
from ..periods import Period, financial_year_to_date, last_report_date
from ..values import financial_year_of
from .ask import Ask
from .attention import Attention, SpcSummaryRow, attention, spc_summary
from .changes import changes_since, since_or_last_report
from .filters import Filters
from .forecasts import TargetForecast
from .funding import EndingSoon, StreamYear, funding
from .overview import headlines
from .parts import Changes, Headline, TargetLine
from .spc_panels import SpcPanel, spc_panels
from .target_lines import target_lines
from .targets import ActionGroup, TargetCheckIns, action_groups, heading, target_check_ins

COST_YEARS = 5  # the cost per person of the last five financial years


@dataclass(frozen=True)
class PackFunding:
    year: str
    awarded: object  # Figures
    spent: object
    recurring_pct: object
    streams: tuple[StreamYear, ...]  # this financial year's
    ending_soon: tuple[EndingSoon, ...]
    cost_per_person: tuple  # Figures, the last five years


@dataclass(frozen=True)
class BoardPackContents:
    filters: Filters  # D and the financial year to D, trust-wide
    as_of: dt.date
    period: Period
    since: dt.date
    prepared_on: dt.date
    rules: Rules
    attention: Attention  # first: what needs the board's attention
    spc_summary: tuple[SpcSummaryRow, ...]
    headlines: tuple[Headline, ...]
    spc: tuple[SpcPanel, ...]
    targets: tuple[TargetLine, ...]  # aspirational, and the interim targets of the last year
    funding: PackFunding
    changes: Changes | None
    check_ins: tuple[TargetCheckIns, ...] = ()  # the lead's narrative on each target
    actions: tuple[ActionGroup, ...] = ()  # the action plan, with status and overdue flags
    # where each running target is heading (from figures the board may see)
    forecasts: tuple[TargetForecast, ...] = ()

    @property
    def file_name(self) -> str:
        return f"UEP board pack {self.as_of:%Y-%m-%d}.pdf"


def pack_dates(as_of: dt.date, since: dt.date | None) -> tuple[dt.date, dt.date]:
    """The pack's date and the last report's, as the board may see them: the end of the month
    by D, and the end of a month before it (the end of the last quarter unless chosen)."""
    as_of = last_month_end(as_of)
    if since is None or since >= as_of or not is_month_end(since):
        since = last_report_date(as_of)
    return as_of, since


def board_audience(conn: Connection) -> Audience:
    """The board's disclosure control, with the lead's settings for its two numbers."""
    return Audience(controlled=True, rules=settings.disclosure_rules(conn))


def board_pack(
    conn: Connection,
    filters: Filters,
    audience: Audience | None = None,
    since: dt.date | None = None,
    prepared_on: dt.date | None = None,
) -> BoardPackContents:
    """The pack for D (the financial year to D, trust-wide). Whatever audience asks, the pack
    is at board level."""
    audience = board_audience(conn)
    trust = Filters(filters.as_of, financial_year_to_date(filters.as_of))
    since = since_or_last_report(since, trust.as_of, audience)
    ask = Ask(conn, trust, audience)
    now, earlier = targets.evaluate_targets_on(conn, [trust.as_of, since], ask.read)
    results = tuple(now)
    lines = target_lines(ask.at("pack:targets"), results)
    recent = trust.as_of - dt.timedelta(days=365)
    money = funding(conn, trust, audience, place="pack:funding")
    this_year = financial_year_of(trust.as_of)
    money_ask = ask.at("pack:funding")
    panels = spc_panels(ask.at("pack:charts"), measures.monthly_series(), lines)
    headline_lines = target_lines(ask.at("pack:headlines"), results)
    return BoardPackContents(
        filters=trust,
        as_of=trust.as_of,
        period=trust.period,
        since=since,
        prepared_on=prepared_on or dt.date.today(),
        rules=audience.rules,
        attention=attention(ask.at("pack:attention"), lines, since, check_ins.by_target(conn)),
        spc_summary=spc_summary(panels),
        headlines=headlines(ask.at("pack:headlines"), headline_lines, panels),
        spc=panels,
        targets=tuple(
            line
            for line in lines
            # earlier years' interim targets: on the dashboard, not in the pack
            if line.level == "Aspirational" or line.period_end is None or line.period_end >= recent
        ),
        funding=PackFunding(
            this_year,
            money_ask.figure("funding_awarded", "pack"),
            money_ask.figure("funding_spent", "pack"),
            money_ask.figure("funding_recurring_pct", "pack"),
            tuple(s for s in money.streams if s.financial_year == this_year),
            money.ending_soon,
            money.cost_per_person[-COST_YEARS:],
        ),
        changes=(
            changes_since(ask.at("pack:what_changed"), since, lines, earlier=earlier)
            if since < trust.as_of
            else None
        ),
        check_ins=target_check_ins(conn, lines),
        actions=action_groups(conn, lines, trust.as_of),
        forecasts=tuple(
            f for f in heading(ask.at("pack:forecasts"), lines) if f.words and f.history
        ),
    )
