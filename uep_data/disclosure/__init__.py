"""Disclosure control: NHS Digital's rule (rules.py) and which figures it applies to, for
whom (policy.py)."""

from .policy import CONTROLLED, EXACT, Audience, Policy, below_trust_level, cell_of
from .rules import (
    DEFAULT_RULES,
    SUPPRESSED,
    ControlledTable,
    Rules,
    control_breakdown,
    control_count,
    control_percentage,
    control_table,
    exact_table,
    round_to_nearest,
)

__all__ = [
    "CONTROLLED",
    "DEFAULT_RULES",
    "EXACT",
    "SUPPRESSED",
    "Audience",
    "ControlledTable",
    "Policy",
    "Rules",
    "below_trust_level",
    "cell_of",
    "control_breakdown",
    "control_count",
    "control_percentage",
    "control_table",
    "exact_table",
    "round_to_nearest",
]
