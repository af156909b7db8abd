"""Professional training of supported people (nursing, clinical psychology...): places held
on D, and those who have qualified. Narrowed to a directorate or profession by the person's
primary post on D."""

from __future__ import annotations

import sqlalchemy as sa

from .. import schema as s
from .in_post import primary_posts
from .moments import POINT
from .source import Source


def _training_rows(condition_for):
    def rows(conn, moments, whens, needed):
        t = s.training
        columns = [moments.c.n, t.c.person_id, t.c.programme, t.c.status]
        source = moments.join(t, condition_for(t, moments.c.as_of))
        if needed & {"directorate", "profession"}:
            posts = primary_posts(whens, moments)
            source = source.outerjoin(
                posts, sa.and_(posts.c.n == moments.c.n, posts.c.person_id == t.c.person_id)
            )
            columns += [posts.c.directorate, posts.c.profession]
        return sa.select(*columns).select_from(source).subquery("training")

    return rows


def _held_on(t, day):
    return sa.and_(
        t.c.start_date <= day,
        sa.or_(t.c.end_date.is_(None), t.c.end_date >= day),
        t.c.status != "withdrawn",
    )


def _qualified_by(t, day):
    return sa.and_(t.c.status == "qualified", t.c.end_date <= day)


COLUMNS = frozenset({"person_id", "programme", "status", "directorate", "profession"})
TRAINING_PLACES = Source(
    "training_places", POINT, _training_rows(_held_on), COLUMNS, cheap_to_read_again=True
)
QUALIFIED = Source(
    "qualified_through_training",
    POINT,
    _training_rows(_qualified_by),
    COLUMNS,
    cheap_to_read_again=True,
)
