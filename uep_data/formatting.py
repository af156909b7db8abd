"""Numbers, dates and periods written the British way, for people to read."""

from __future__ import annotations

import datetime as dt

from .periods import Period, financial_year_period, format_date
from .uk_time import on_uk_clocks
from .values import financial_year_of

PERCENT = "percent"
POUNDS = "pounds"
DAYS = "days"

STATUS_WORDS = {
    "met": "Met",
    "near": "Near",
    "not_met": "Not met",
    "no_data": "No data",
    "not_shown": "Not shown",
}
STATUS_ICONS = {"met": "✓", "near": "◐", "not_met": "✗", "no_data": "–", "not_shown": "*"}
NO_DATA = "no data"


def format_value(value, unit: str, decimals: int | None = None) -> str:
    """A figure's value for display: counts with thousands separators, whole percentages,
    pounds with a £ sign, days; "no data" for nothing to measure; text (a suppressed "*")
    as it is."""
    if value is None:
        return NO_DATA
    if isinstance(value, str):
        return value
    if unit == PERCENT:
        return f"{value:.{0 if decimals is None else decimals}f}%"
    if unit == POUNDS:
        return f"£{value:,.0f}" if decimals is None else f"£{value:,.{decimals}f}"
    if unit == DAYS:
        return f"{value:,.0f} days" if decimals is None else f"{value:,.{decimals}f} days"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{1 if decimals is None else decimals}f}"


def format_when(moment: dt.datetime | dt.date | None) -> str:
    """A stored moment (UTC) as the trust's clocks showed it, with the zone: "14 Jul 2004
    10:15 BST", "14 Jan 2004 09:15 GMT"; a date as a date."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        local = on_uk_clocks(moment)
        return f"{format_date(local.date())} {local:%H:%M} {local.tzname()}"
    return format_date(moment)


def period_words(period: Period) -> str:
    """A period as people say it: a financial year (2003/04), a financial year to a date
    (2003/04 to 31 Dec 2003), several whole years (1999/00 to 2003/04), or its two dates."""
    first_year = financial_year_period(financial_year_of(period.start))
    last_year = financial_year_period(financial_year_of(period.end))
    if period.start == first_year.start:
        if period.end == last_year.end:
            if first_year == last_year:
                return financial_year_of(period.start)
            return f"{financial_year_of(period.start)} to {financial_year_of(period.end)}"
        if first_year == last_year:
            return f"{financial_year_of(period.start)} to {format_date(period.end)}"
    return f"{format_date(period.start)} to {format_date(period.end)}"


def when_words(as_of: dt.date, period: Period | None) -> str:
    """When a figure is measured: "on 31 Mar 2004" or its period's words."""
    return f"on {format_date(as_of)}" if period is None else period_words(period)


def target_period_words(target) -> str:
    """A target's period as people say it: its financial year, its dates, or open-ended."""
    if target.financial_year:
        return target.financial_year
    if target.period_start and target.period_end:
        return f"{format_date(target.period_start)} to {format_date(target.period_end)}"
    if target.period_start:
        return f"From {format_date(target.period_start)}"
    return "Open-ended"


def comparison_words(comparison: str) -> str:
    return "at least" if comparison == "at_least" else "at most"


def target_value_words(target, unit: str) -> str:
    """'≥ 35' or '≤ 10%': the target's comparison and value."""
    return ("≥ " if target.comparison == "at_least" else "≤ ") + format_value(target.value, unit)


def status_text(status: str | None, in_progress: bool = False) -> str:
    """A target's status in words with its mark, such as "✓ Met (in progress)"."""
    if status is None:
        return ""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}" + (
        " (in progress)" if in_progress else ""
    )
