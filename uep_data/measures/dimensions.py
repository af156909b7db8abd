"""What a figure can be broken down by: each dimension's name, the values it takes (the
trust's lists, a vocabulary, or what the data hold) and the words people read for them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import contract as c
from ..words import words_for
from . import lists
from .in_post import PROFESSION_KINDS
from .journey import DANGER_POINTS


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str  # "Directorate"
    # every value the dimension takes on the trust's lists or in its vocabulary, in order;
    # None for dimensions whose values come from the data (cohorts, streams)
    values: Callable[[Connection], list[str]] | None = None
    # what a blank value means (a recruitment row with no directorate is trust-wide)
    blank: str | None = None
    # the words for a value, where they are not the value itself or its code's words
    word_for: Callable[[str], str] | None = None

    def all_values(self, conn: Connection, found: Sequence) -> list:
        """The values to show: the full list (zeros included) plus any found beyond it."""
        listed = self.values(conn) if self.values is not None else []
        extra = [v for v in found if v not in listed]
        if self.values is None:
            extra = sorted(extra, key=_in_order)
        return listed + list(dict.fromkeys(extra))

    def words(self, value) -> str:
        """The value as people read it (a name as typed, a code in words)."""
        if value is None or value == "":
            return self.blank or "Not recorded"
        if self.word_for is not None:
            return self.word_for(value)
        return value if self.key in NAMED else words_for(value)


def _in_order(value):
    """Data-held values in order: numbers by size, names alphabetically, blanks last."""
    if value is None:
        return (2, 0, "")
    if isinstance(value, str):
        return (1, 0, value)
    return (0, value, "")


def _vocabulary(values: Sequence[str]) -> Callable[[Connection], list[str]]:
    return lambda conn: list(values)


def _month_words(value: str) -> str:
    """2003-04 as Apr 2003."""
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1).strftime("%b %Y")


def _fortnight_words(value) -> str:
    """Fortnight 2 as "28 to 41 days"."""
    first = int(value) * 14
    return f"{first} to {first + 13} days"


TRUST_WIDE_ROWS = "Trust-wide (not by directorate)"
# dimensions whose values are names people typed (shown as they are, not as codes)
NAMED = frozenset(
    {"directorate", "profession", "profession_kind", "cohort", "stream", "financial_year"}
)
DANGER_POINT_WORDS = {point.key: point.label for point in DANGER_POINTS}

DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in (
        Dimension(
            "directorate",
            "Directorate",
            lambda conn: lists.names(conn, "directorate"),
            blank=TRUST_WIDE_ROWS,
        ),
        Dimension("profession", "Profession", lambda conn: lists.names(conn, "profession")),
        Dimension("pay_band", "Pay band", _vocabulary(c.PAY_BANDS)),
        Dimension("directorate_type", "Directorate type", _vocabulary(c.DIRECTORATE_TYPES)),
        Dimension("profession_kind", "Kind of profession", _vocabulary(PROFESSION_KINDS)),
        Dimension("hours", "Hours", _vocabulary(c.HOURS)),
        Dimension("mode", "Mode", _vocabulary(c.CONTACT_MODES)),
        Dimension("topic", "Topic", _vocabulary(c.CONTACT_TOPICS)),
        Dimension("contact_with", "With whom", _vocabulary(c.CONTACT_WITH)),
        Dimension(
            "outcome",
            "Outcome",
            _vocabulary((*c.WORK_PREP_OUTCOMES, "not_known")),
        ),
        Dimension("cohort", "Cohort", None, blank="(no cohort)"),
        Dimension("programme", "Training programme", _vocabulary(c.TRAINING_PROGRAMMES)),
        Dimension("funding_type", "Type of funding", _vocabulary(c.FUNDING_TYPES)),
        Dimension("stream", "Funding stream", None),
        Dimension("stage", "Stage of support", _vocabulary(c.STAGES)),
        Dimension(
            "danger_point",
            "Danger point",
            _vocabulary(tuple(DANGER_POINT_WORDS)),
            word_for=DANGER_POINT_WORDS.get,
        ),
        Dimension("month", "Month", None, word_for=_month_words),
        Dimension("fortnight", "Days from offer to start", None, word_for=_fortnight_words),
        Dimension("financial_year", "Financial year", None),
    )
}
