"""What a page is asked for: the as-of date D, the period, and optionally a directorate and a
profession (kept in the dashboard's address, and given to `python -m uep_data page`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..dates import latest_data_date
from ..disclosure.offered import last_month_end
from ..measures import Scope
from ..periods import Period, financial_year_to_date, format_date


@dataclass(frozen=True)
class Filters:
    as_of: dt.date
    period: Period
    directorate: str | None = None
    profession: str | None = None

    @property
    def scope(self) -> Scope:
        return Scope(self.directorate, self.profession)

    @property
    def narrowed(self) -> bool:
        """Whether a directorate or profession is chosen."""
        return not self.scope.is_trust_wide

    def trust_wide(self) -> Filters:
        return Filters(self.as_of, self.period)


def cut_at(as_of: dt.date, period: Period) -> Period:
    """A period as figures as of D can cover: cut at D (nothing after D is counted), or the
    financial year to D if it starts after D."""
    if period.start > as_of:
        return financial_year_to_date(as_of)
    return Period(period.start, min(period.end, as_of))


def default_as_of(latest: dt.date | None, today: dt.date, controlled: bool) -> dt.date:
    """D starts at the latest date in the data (today only when there are no data); for the
    steering group, the board and the meeting room, at the last month end by then."""
    as_of = latest or today
    return last_month_end(as_of) if controlled else as_of


def month_end_shown(asked: dt.date | None, ends: list[dt.date]) -> tuple[dt.date, str | None]:
    """The month end a screen under disclosure control (the meeting room's) shows for the
    as-of date asked for (`ends` the month ends offered, latest first): that date when it is
    one of them, or none was asked; otherwise the last month end by it (the first offered,
    if it is before them all), with the words that say so."""
    if asked is None or asked in ends:
        return asked or ends[0], None
    by = [end for end in ends if end <= asked]
    if by:
        return by[0], f"the last month end by {format_date(asked)}"
    return ends[-1], f"the first month end in the data: {format_date(asked)} is before it"


def default_filters(conn: Connection, today: dt.date, controlled: bool = False) -> Filters:
    """D as above; the period is the financial year to D."""
    as_of = default_as_of(latest_data_date(conn), today, controlled)
    return Filters(as_of, financial_year_to_date(as_of))


def filter_options(conn: Connection) -> dict[str, list[str]]:
    """The directorates and professions the filters offer (the trust's lists)."""
    from ..measures import lists

    return {
        "directorates": lists.names(conn, "directorate"),
        "professions": lists.names(conn, "profession"),
    }
