"""The trust's recruitment monitoring: everyone it recruited, month by month, and how many
declared personal experience of mental health problems (the charter's 15% floor). Counts of
recruits, not of the programme's people; a row without a directorate is trust-wide."""

from __future__ import annotations

from .. import schema as s
from ..date_sql import year_month
from .moments import PERIOD
from .source import Source, dated_in_period


def recruitment_rows(conn, moments, whens, needed):
    """Recruitment rows whose month lies in each moment's period (read as whole months)."""
    r = s.recruitment
    return dated_in_period(
        moments,
        r,
        r.c.period,
        r.c.directorate,
        r.c.profession,
        year_month(r.c.period).label("month"),
        r.c.recruits,
        r.c.recruits_lived_experience,
        name="recruitment",
    )


RECRUITMENT = Source(
    "recruitment",
    PERIOD,
    recruitment_rows,
    frozenset({"directorate", "profession", "month", "recruits", "recruits_lived_experience"}),
    cheap_to_read_again=True,
)
