"""NHS Digital's rule for counts of people below trust level (docs/who-sees-what.md). Which
figures are below trust level, and for whom, is decided in policy.py; secondary suppression
across every line of a measure's table is suppression.py; this module only knows the rule.

NHS Digital's rule: 0 stays 0; 1 to 7 is shown as `*`; 8 and over are rounded to the
nearest 5 (both numbers are settings). Percentages below trust level come from the rounded
numerator and denominator, as whole numbers; a mean or median over 1 to 7 people is not
shown. Trust-wide totals are shown exactly: they are the programme's published figures.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPRESSED = "*"
# a figure withheld: its words say nothing of the number (not even that it is small)
NOT_SHOWN = "not shown"
SUPPRESSION_NOTE = (
    "A * stands for 1 to {up_to} people (or a zero hidden beside one, so that it cannot be "
    'worked out), and "not shown" for a figure hidden for the same reason: both protect '
    "confidentiality. Other figures below trust level (by "
    "directorate, profession, kind of post, or part of a year) are rounded to the nearest "
    "{round_to}; percentages are worked out from the rounded figures, and a target's status "
    "is shown only where the rounded figure leaves no doubt about it."
)

Shown = int | str  # a count as shown: a whole number, or "*"


@dataclass(frozen=True)
class Rules:
    """The two numbers of the rule (settings: suppress_up_to, round_to)."""

    suppress_up_to: int = 7
    round_to: int = 5

    @property
    def note(self) -> str:
        return SUPPRESSION_NOTE.format(up_to=self.suppress_up_to, round_to=self.round_to)


DEFAULT_RULES = Rules()


def round_to_nearest(value: int, step: int) -> int:
    """Round half up to a multiple of step (12 -> 10, 13 -> 15 for step 5)."""
    return int((value + step / 2) // step * step)


def control_count(value: int | None, rules: Rules = DEFAULT_RULES) -> Shown | None:
    """One count of people below trust level, as it may be shown."""
    if value is None:
        return None
    if value == 0:
        return 0
    if value <= rules.suppress_up_to:
        return SUPPRESSED
    return round_to_nearest(value, rules.round_to)


def control_percentage(numerator: Shown | None, denominator: Shown | None) -> float | str | None:
    """A percentage from (already controlled) counts: `*` if either is suppressed, whole."""
    if numerator is None or denominator is None:
        return None
    if numerator == SUPPRESSED or denominator == SUPPRESSED:
        return SUPPRESSED
    if denominator == 0:
        return None
    return float(round(100 * numerator / denominator))
