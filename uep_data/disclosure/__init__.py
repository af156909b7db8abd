"""Disclosure control: NHS Digital's rule (rules.py) and which figures it applies to, for
whom (policy.py)."""

from . import offered
from .offered import NotOffered
from .policy import CONTROLLED, EXACT, Audience, Policy, below_trust_level, cell_of
from .rules import (
    DEFAULT_RULES,
    NOT_SHOWN,
    SUPPRESSED,
    Rules,
    control_count,
    control_percentage,
    round_to_nearest,
)

__all__ = [
    "CONTROLLED",
    "DEFAULT_RULES",
    "EXACT",
    "NOT_SHOWN",
    "SUPPRESSED",
    "Audience",
    "NotOffered",
    "Policy",
    "Rules",
    "below_trust_level",
    "cell_of",
    "control_count",
    "control_percentage",
    "offered",
    "round_to_nearest",
]
