"""The danger-point watch list: who is at a danger point on D, by pseudonymous code. For the
programme lead at their desk only (never on the shared screen)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Connection

from .. import access
from ..disclosure import Audience
from ..formatting import format_date
from ..measures.journey import DANGER_POINTS, danger_point_watch_list
from .filters import Filters


@dataclass(frozen=True)
class Watched:
    person_id: str
    danger_point: str  # in words
    since: str


@dataclass(frozen=True)
class WatchListPage:
    filters: Filters
    people: tuple[Watched, ...]


def watch_list(conn: Connection, filters: Filters, audience: Audience) -> WatchListPage:
    if audience.controlled:
        raise access.AccessDenied("record-level data are for the programme lead only")
    words = {point.key: point.label for point in DANGER_POINTS}
    return WatchListPage(
        filters,
        tuple(
            Watched(r["person_id"], words[r["danger_point"]], format_date(r["since"]))
            for r in danger_point_watch_list(conn, filters.as_of)
        ),
    )
