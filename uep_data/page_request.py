"""A request for a page's figures: which page, as whom, at which date and over which period,
narrowed to which directorate or profession. `answer` checks the request the way the
dashboard does (a page the role may not see, a filter the page does not offer, a name that is
not on the trust's lists are refused with a message that says what to do) and returns the
page's view, the same one the page arranges."""

from __future__ import annotations

import datetime as dt
import inspect
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from . import access, pages, settings, views
from .contract import normalise_name
from .dates import latest_data_date
from .disclosure import NotOffered
from .figures import figures_in
from .measures import lists
from .periods import Period, financial_year_to_date
from .views.filters import default_as_of
from .words import did_you_mean


class RequestRefused(ValueError):
    """A request the dashboard would not answer; the message says why and what to do."""


@dataclass(frozen=True)
class PageRequest:
    page: str
    role: str
    as_of: dt.date | None = None
    period: Period | None = None
    directorate: str | None = None
    profession: str | None = None
    options: dict = field(default_factory=dict)  # e.g. the drill-down's measure


def _check(conn: Connection, request: PageRequest) -> pages.Page:
    page = pages.BY_ADDRESS.get(request.page)
    if page is None or not page.figures:
        shown = ", ".join(p.address for p in (*pages.PAGES, *pages.PAPERS) if p.figures)
        raise RequestRefused(
            f"there is no page of figures called {request.page!r}: pages are {shown}"
        )
    if request.role not in access.AUDIENCES:
        raise RequestRefused(
            f"there is no role {request.role!r}: roles are {', '.join(access.AUDIENCES)}"
        )
    if not access.may_open(request.role, page.address):
        raise RequestRefused(
            f"the {access.ROLE_NAMES[request.role].lower()} may not see {page.title.lower()}"
        )
    if (request.directorate or request.profession) and not page.scoped:
        raise RequestRefused(f"{page.title} is not narrowed to a directorate or profession")
    for dimension, name in (
        ("directorate", request.directorate),
        ("profession", request.profession),
    ):
        if name is None:
            continue
        names = lists.names(conn, dimension)
        if name not in names:
            guess = did_you_mean(name, names, normalise_name)
            raise RequestRefused(
                f"there is no {dimension} called {name!r}: "
                + (
                    f"did you mean {guess!r}?"
                    if guess
                    else f"the {dimension}s are " + "; ".join(names)
                )
            )
    return page


def filters_for(
    conn: Connection, request: PageRequest, today: dt.date, controlled: bool
) -> views.Filters:
    """The filters the page opens with unless the request says otherwise: D is the latest
    date in the data (the last month end by then, under disclosure control), the period the
    financial year to D."""
    as_of = request.as_of or default_as_of(latest_data_date(conn), today, controlled)
    period = request.period or financial_year_to_date(as_of)
    return views.Filters(as_of, period, request.directorate, request.profession)


def answer(conn: Connection, request: PageRequest, today: dt.date):
    """The page's view as the role sees it (the meeting screens always under disclosure
    control; the board pack always at board level)."""
    page = _check(conn, request)
    audience = access.audience_for(
        request.role, meeting=page.address == "meeting", rules=settings.disclosure_rules(conn)
    )
    controlled = audience.controlled or page in pages.PAPERS
    filters = filters_for(conn, request, today, controlled)
    if filters.period.end > filters.as_of:
        raise RequestRefused(
            f"the period ends after the as-of date ({filters.as_of:%Y-%m-%d}): figures as of a "
            "date count nothing after it"
        )
    view = views.PAGE_VIEWS[page.address]
    takes = inspect.signature(view).parameters
    for name in request.options:
        if name not in takes:
            raise RequestRefused(f"{page.title} takes no --{name}")
    try:
        return view(conn, filters, audience, **request.options)
    except (access.AccessDenied, NotOffered) as refused:
        raise RequestRefused(str(refused)) from None


def audience_words(request: PageRequest) -> str:
    return request.role


__all__ = ["PageRequest", "RequestRefused", "answer", "figures_in", "filters_for"]
