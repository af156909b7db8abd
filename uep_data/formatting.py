"""Numbers and dates written the British way, for people to read."""

from __future__ import annotations

import datetime as dt

from . import catalogue
from .periods import format_date
from .targets import STATUS_WORDS


def format_value(value, unit: str, decimals: int | None = None) -> str:
    """A metric's value for display: counts with thousands separators, whole percentages,
    pounds with a £ sign, days; "no data" for nothing to measure."""
    if value is None:
        return "no data"
    if isinstance(value, str):  # already formatted (e.g. a suppressed "*")
        return value
    if unit == catalogue.PERCENT:
        return f"{value:.{0 if decimals is None else decimals}f}%"
    if unit == catalogue.POUNDS:
        return f"£{value:,.0f}" if decimals is None else f"£{value:,.{decimals}f}"
    if unit == catalogue.DAYS:
        return f"{value:,.0f} days" if decimals is None else f"{value:,.{decimals}f} days"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{1 if decimals is None else decimals}f}"


def format_when(moment: dt.datetime | dt.date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return f"{format_date(moment.date())} {moment:%H:%M}"
    return format_date(moment)


FUNDING_TYPE_WORDS = {
    "recurring_grant": "Recurring grant",
    "contract": "Contract",
    "one_off": "One-off (non-recurrent)",
}


def target_period_words(target) -> str:
    """A target's period as people say it: its financial year, its dates, or open-ended."""
    if target.financial_year:
        return target.financial_year
    if target.period_start and target.period_end:
        return f"{format_date(target.period_start)} to {format_date(target.period_end)}"
    if target.period_start:
        return f"From {format_date(target.period_start)}"
    return "Open-ended"


def target_value_words(target, unit: str) -> str:
    """'≥ 35' or '≤ 10%': the target's comparison and value."""
    return ("≥ " if target.comparison == "at_least" else "≤ ") + format_value(target.value, unit)


STATUS_ICONS = {"met": "✓", "near": "◐", "not_met": "✗", "no_data": "–", "not_shown": "*"}


def status_text(status: str | None, in_progress: bool = False) -> str:
    """A target's status in words with its mark, such as "✓ Met (in progress)"."""
    if status is None:
        return ""
    return f"{STATUS_ICONS[status]} {STATUS_WORDS[status]}" + (
        " (in progress)" if in_progress else ""
    )
