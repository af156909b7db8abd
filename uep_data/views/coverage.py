"""Coverage: where supported people work, directorate by profession, and the hurdles the
programme set out to clear: clinical, professionally qualified and management posts, and
professional training."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import measures
from ..disclosure import Audience
from ..figures import Figure
from ..measures import When
from .ask import Ask
from .filters import Filters
from .parts import Breakdown, Grid

HURDLES = ("clinical_posts", "professional_posts", "management_posts", "in_professional_training")


@dataclass(frozen=True)
class Hurdle:
    key: str
    label: str
    meaning: str
    now: Figure
    year_before: Figure


@dataclass(frozen=True)
class CoveragePage:
    filters: Filters
    grid: Grid  # people in post on D by directorate and profession
    directorates_covered: Figure
    directorates_listed: Figure
    professions_covered: Figure
    professions_listed: Figure
    hurdles: tuple[Hurdle, ...]
    training: Breakdown  # places held on D by programme
    qualified: Figure


def year_before(day: dt.date) -> dt.date:
    if day.month == 2 and day.day == 29:
        return day - dt.timedelta(days=365)
    return day.replace(year=day.year - 1)


def coverage(conn: Connection, filters: Filters, audience: Audience) -> CoveragePage:
    trust = filters.trust_wide()
    ask = Ask(conn, trust, audience)
    now, before = When(trust.as_of), When(year_before(trust.as_of))
    return CoveragePage(
        trust,
        ask.grid("in_employment", "directorate", "profession", "chart:coverage_grid", when=now),
        *(
            ask.figure(key, "headline", when=now)
            for key in (
                "directorates_covered",
                "directorates_listed",
                "professions_covered",
                "professions_listed",
            )
        ),
        tuple(
            Hurdle(
                key,
                measures.measure(key).label,
                measures.measure(key).meaning,
                ask.figure(key, "table:hurdles", when=now),
                ask.figure(key, "table:hurdles", when=before),
            )
            for key in HURDLES
        ),
        ask.breakdown("in_professional_training", "programme", "chart:training", when=now),
        ask.figure("qualified_through_training", "headline", when=now),
    )
