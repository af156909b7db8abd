"""Support contacts: each time the programme gave support, by telephone, in meetings outside
work, in the workplace...; counts of support given (events), not of people, and not recorded
by directorate or profession."""

from __future__ import annotations

from .. import schema as s
from ..date_sql import year_month
from .moments import PERIOD
from .source import Source, dated_in_period


def contact_rows(conn, moments, whens, needed):
    ct = s.contacts
    return dated_in_period(
        moments,
        ct,
        ct.c.date,
        ct.c.person_id,
        ct.c.mode,
        ct.c.topic,
        ct.c.contact_with,
        year_month(ct.c.date).label("month"),
        name="contacts",
    )


CONTACTS = Source(
    "contacts",
    PERIOD,
    contact_rows,
    frozenset({"person_id", "mode", "topic", "contact_with", "month"}),
    cheap_to_read_again=True,
)
