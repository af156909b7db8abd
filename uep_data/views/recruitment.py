"""Recruitment: the share of the trust's recruits who declared lived experience, against the
charter's floor: in the period, year by year, month by month and by directorate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..dates import earliest_data_date
from ..disclosure import Audience
from ..figures import Figure
from ..formatting import format_value
from ..periods import Period, financial_year_period
from ..values import financial_year_of
from .ask import Ask
from .filters import Filters
from .parts import Breakdown
from .spc_panels import monthly_whens

SHARE = "recruits_lived_experience_pct"


@dataclass(frozen=True)
class MonthOfRecruitment:
    month: dt.date
    recruits: Figure
    lived_experience: Figure
    share: Figure


@dataclass(frozen=True)
class YearOfRecruitment:
    share: Figure  # the financial year's share (the current one to D)
    year: str
    meets_floor: bool | None  # None: what is shown cannot say
    floor_words: str  # whether the floor is met, in words (or why that cannot be said)


def against_floor(share: Figure, floor: float) -> tuple[bool | None, str]:
    """Whether a share is at or above the floor, as far as the share as shown can say: a
    share worked out from rounded counts stands for a range of true shares, and where that
    range straddles the floor it cannot say (14.2% exactly is shown as 16% from 25 of 160)."""
    words = format_value(floor, "percent")
    if share.number is None:
        return None, "too few to say whether the floor is met"
    low, high = share.bounds if share.controlled else (share.number, share.number)
    if low >= floor:
        return True, f"at or above the {words} floor"
    if high < floor:
        return False, f"below the {words} floor"
    return None, f"rounded at this level: it cannot show whether the {words} floor is met"


@dataclass(frozen=True)
class RecruitmentPage:
    filters: Filters
    floor: float  # the charter's floor (15%)
    share: Figure  # in the period
    by_year: tuple[YearOfRecruitment, ...]  # each financial year (the current one to D)
    by_month: tuple[MonthOfRecruitment, ...]  # months of the period with recruitment recorded
    by_directorate: Breakdown  # the share by directorate in the period
    recruits_by_directorate: Breakdown


def financial_years_to(first: dt.date, as_of: dt.date) -> list[Period]:
    """Each financial year from the one holding `first` to D's (the last cut at D)."""
    years = []
    start = financial_year_period(financial_year_of(max(first, dt.date(1900, 4, 1)))).start
    while start <= as_of:
        end = min(start.replace(year=start.year + 1) - dt.timedelta(days=1), as_of)
        years.append(Period(start, end))
        start = start.replace(year=start.year + 1)
    return years


def recruitment(conn: Connection, filters: Filters, audience: Audience) -> RecruitmentPage:
    ask = Ask(conn, filters, audience)
    earliest = earliest_data_date(conn) or filters.as_of
    years = [ask.when(SHARE, period=p) for p in financial_years_to(earliest, filters.as_of)]
    floor = measures.measure(SHARE).floor
    by_year = tuple(
        YearOfRecruitment(f, financial_year_of(f.start), *against_floor(f, floor))
        for f in ask.series(SHARE, years, "chart:recruitment_by_year")
        if f.value is not None
    )
    months = monthly_whens(SHARE, filters.period, filters.as_of)
    keys = ("recruits", "recruits_declaring_lived_experience", SHARE)
    series = {key: ask.series(key, months, "table:recruitment_by_month") for key in keys}
    by_month = tuple(
        MonthOfRecruitment(when.end, *(series[key][i] for key in keys))
        for i, when in enumerate(months)
        if series["recruits"][i].value is not None
    )
    return RecruitmentPage(
        filters,
        floor,
        ask.figure(SHARE, "headline"),
        by_year,
        by_month,
        ask.breakdown(SHARE, "directorate", "chart:recruitment_by_directorate"),
        ask.breakdown("recruits", "directorate", "chart:recruitment_by_directorate"),
    )
