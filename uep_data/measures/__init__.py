"""The measures: every number the dashboard shows, declared once in `registry.py`, each
counted by one SQL function of its family's module, read by `engine.py`.

    from uep_data import measures
    measures.value(conn, "in_employment", as_of)            # one figure, unrounded
    measures.summary(conn, as_of, period)                   # every metric of docs/measures.md
    measures.read(conn, ["job_starts"], whens, scope, by=("directorate",))
"""

from .engine import (
    NOTHING,
    Reading,
    read,
    read_breakdowns,
    read_breakdowns_of,
    read_one,
    records_behind,
    summary,
    value,
    when_of,
)
from .moments import PERIOD, POINT, When
from .registry import (
    MEASURES,
    Measure,
    disclosure_class,
    headlines,
    kind_of,
    measure,
    metric_keys,
    monthly_series,
    scopable,
    series_title,
)
from .scope import TRUST_WIDE, Scope

__all__ = [
    "MEASURES",
    "NOTHING",
    "PERIOD",
    "POINT",
    "TRUST_WIDE",
    "Measure",
    "Reading",
    "Scope",
    "When",
    "disclosure_class",
    "headlines",
    "kind_of",
    "measure",
    "metric_keys",
    "monthly_series",
    "read",
    "read_breakdowns",
    "read_breakdowns_of",
    "read_one",
    "records_behind",
    "scopable",
    "series_title",
    "summary",
    "value",
    "when_of",
]
