"""Overview: the headline figures against their targets, the monthly Making Data Count
charts, people in employment by directorate, and what changed since the last meeting."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import check_ins, measures, targets
from ..disclosure import Audience
from ..disclosure.offered import last_month_end, month_ends, since_dates_offered
from ..measures import When
from ..periods import Period, financial_year_period
from ..values import financial_year_of
from .ask import Ask
from .attention import Attention, SpcSummaryRow, attention, spc_summary
from .changes import changes_since, since_or_last_report
from .filters import Filters
from .parts import Breakdown, Changes, Headline, TargetLine
from .spc_panels import SpcPanel, spc_panels, status_with_assurance
from .target_lines import aim_for, target_for, target_lines

TREND_MONTHS = 13  # a point-in-time headline's trend: the last 13 month ends
TREND_YEARS = 5  # a period headline's trend: the last five financial years


@dataclass(frozen=True)
class OverviewPage:
    filters: Filters
    attention: Attention  # first on the page: what needs attention
    spc_summary: tuple[SpcSummaryRow, ...]  # every monthly series: icons and one line
    headlines: tuple[Headline, ...]
    spc: tuple[SpcPanel, ...]
    by_directorate: Breakdown
    by_directorate_type: Breakdown
    changes: Changes
    targets: tuple[TargetLine, ...]
    since_choices: tuple[dt.date, ...]  # the month ends "what changed" may count from


def since_choices(as_of: dt.date, audience: Audience) -> tuple[dt.date, ...]:
    """The dates "what changed" may count from: for a controlled audience only those whose
    span to D is a standard period (offered.since_dates_offered); for the lead, the last 36
    month ends."""
    if audience.controlled:
        return tuple(since_dates_offered(as_of))
    return tuple(month_ends(last_month_end(as_of - dt.timedelta(days=1)), None, 36))


def headline_trend(ask: Ask, key: str) -> tuple:
    """A small trend for a headline: a point-in-time figure at each of the last 13 month
    ends, a period figure over each of the last five financial years (the current one to D)."""
    as_of = ask.filters.as_of
    if measures.kind_of(key) == measures.POINT:
        start = (as_of.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
        from .spc_panels import monthly_whens

        whens = monthly_whens(key, Period(start, as_of), as_of)[-TREND_MONTHS:]
    else:
        year = financial_year_period(financial_year_of(as_of))
        whens = []
        for n in range(TREND_YEARS - 1, -1, -1):
            first = year.start.replace(year=year.start.year - n)
            last = min(first.replace(year=first.year + 1) - dt.timedelta(days=1), as_of)
            whens.append(ask.when(key, as_of=last, period=Period(first, last)))
    return ask.series(key, whens, f"chart:trend_{key}")


def headlines(ask: Ask, lines, panels: tuple[SpcPanel, ...] = ()) -> tuple[Headline, ...]:
    """The headline figures, each with the target in force on D (named), the long-term
    target beside it where that is another, and, where the target's status and its monthly
    chart's assurance disagree, the sentence that says both."""
    found = []
    as_of, scope = ask.filters.as_of, ask.filters.scope
    for key in measures.headlines():
        if ask.filters.narrowed and not measures.scopable(key):
            continue
        target = target_for(lines, key, as_of, scope)
        panel = next((p for p in panels if p.key == key), None)
        found.append(
            Headline(
                ask.figure(key, "headline"),
                measures.measure(key).meaning,
                target,
                headline_trend(ask, key),
                aim_for(lines, key, as_of, scope),
                None
                if panel is None or ask.filters.narrowed
                else status_with_assurance(panel, target),
            )
        )
    return tuple(found)


def overview(
    conn: Connection,
    filters: Filters,
    audience: Audience,
    since: dt.date | None = None,
    results: tuple[targets.TargetResult, ...] | None = None,
) -> OverviewPage:
    ask = Ask(conn, filters, audience)
    since = since_or_last_report(since, filters.as_of, audience)
    earlier = None
    if results is None:  # the targets on D and on the earlier date, read together
        now, earlier = targets.evaluate_targets_on(conn, [filters.as_of, since], ask.read)
        results = tuple(now)
    lines = target_lines(ask, results)
    when = When(filters.as_of)
    panels = spc_panels(ask, measures.monthly_series(), lines)
    return OverviewPage(
        filters,
        attention(ask.at("attention"), lines, since, check_ins.by_target(conn)),
        spc_summary(panels),
        headlines(ask, lines, panels),
        panels,
        ask.breakdown(
            "in_employment",
            "directorate",
            "chart:in_employment_by_directorate",
            when=when,
            # narrowed to a directorate, the chart shows that directorate alone
            values=[filters.directorate] if filters.directorate else None,
        ),
        ask.breakdown(
            "in_employment",
            "directorate_type",
            "chart:in_employment_by_directorate_type",
            when=when,
        ),
        changes_since(ask, since, lines, earlier=earlier),
        lines,
        since_choices(filters.as_of, audience),
    )
