"""Support contacts: how support is given, what it is about, with whom, and month by month.
Contacts are counts of support given (not of people) and are not recorded by directorate."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..disclosure import Audience
from ..figures import Figure
from ..periods import month_end, month_ends
from .ask import Ask
from .filters import Filters
from .parts import Breakdown, Grid

MIX = ("mode", "topic", "contact_with")


@dataclass(frozen=True)
class Mix:
    breakdown: Breakdown
    shares: tuple[Figure, ...]  # each group's share of the contacts, in the breakdown's order


@dataclass(frozen=True)
class ContactsPage:
    filters: Filters
    total: Figure
    by_mode: Mix
    by_topic: Mix
    by_contact_with: Mix
    by_month: Grid  # contacts by month and mode


def contacts(conn: Connection, filters: Filters, audience: Audience) -> ContactsPage:
    trust = filters.trust_wide()
    ask = Ask(conn, trust, audience)
    mixes = []
    for by in MIX:
        breakdown = ask.breakdown("contacts", by, f"chart:contacts_by_{by}")
        mixes.append(Mix(breakdown, ask.share_of_total(breakdown, f"chart:contacts_by_{by}")))
    months = [
        end.strftime("%Y-%m")
        for end in month_ends(type(trust.period)(trust.period.start, month_end(trust.period.end)))
    ]
    return ContactsPage(
        trust,
        ask.figure("contacts", "headline"),
        *mixes,
        ask.grid("contacts", "month", "mode", "chart:contacts_by_month", row_values=months),
    )
