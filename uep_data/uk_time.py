"""Times on the trust's clocks. Moments are stored in UTC without a zone (db.now()); a time
shown to a person is on UK time (Europe/London: GMT in winter, BST from late March to late
October) and names its zone, so the hour the clocks go back, which happens twice, is told
apart."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def on_uk_clocks(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC; without a zone it is taken as UTC) as UK clocks show it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(UK)


def uk_day_starts(day: dt.date) -> dt.datetime:
    """When a day on UK clocks begins, as a stored moment (UTC without a zone): for picking
    the entries of the days a person chose."""
    midnight = dt.datetime.combine(day, dt.time.min, tzinfo=UK)
    return midnight.astimezone(dt.UTC).replace(tzinfo=None)
