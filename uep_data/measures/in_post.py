"""People in post on a day: the programme's central figure and the hurdles, coverage and
well-being plans that are counted from it.

A person holding two posts on a day counts once, under the post that started last (their
"primary post"), in every people-in-post figure, its breakdowns and its scopes alike, so that
parts add up to totals. Two kinds of figure look at every post held instead (docs/measures.md):
coverage (a directorate or profession is covered by every post held on the day), and the
hurdles (a person is in a clinical, professionally qualified or management post if any post
they hold is one; they count once, under the latest-started of those posts).

`in_post_on` is the one definition of being in post on a day: every figure here, and every
narrowing of the posts before they are matched to the days, is made from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .. import schema as s
from ..date_sql import add_days
from . import lists
from .moments import POINT, When
from .source import Source

PROFESSION_KINDS = ("Professionally qualified clinical", "Other clinical", "Non-clinical")
WELLBEING_REVIEW_DAYS = 365  # a plan agreed or reviewed within the last year is up to date


def in_post_on(posts, day) -> sa.ColumnElement[bool]:
    """In post on a day: the post started on or before it and has not ended before it
    (end_date is the last day in post; blank while in post). The one definition every
    people-in-post figure uses."""
    return sa.and_(
        posts.c.start_date <= day, sa.or_(posts.c.end_date.is_(None), posts.c.end_date >= day)
    )


def in_post_on_any(posts, days: Sequence[dt.date]) -> sa.ColumnElement[bool]:
    """In post on at least one of the days, by the one definition (the posts worth matching
    to the days, found before they are matched)."""
    return sa.or_(*(in_post_on(posts, sa.literal(day, sa.Date())) for day in sorted(set(days))))


def both_in_post_on_any(one, other, days: Sequence[dt.date]) -> sa.ColumnElement[bool]:
    """Two posts both held on one of the days, by the one definition."""
    return sa.or_(
        *(
            sa.and_(in_post_on(one, day), in_post_on(other, day))
            for day in (sa.literal(d, sa.Date()) for d in sorted(set(days)))
        )
    )


POST_COLUMNS = (
    "person_id",
    "directorate",
    "profession",
    "pay_band",
    "management_role",
    "hours",
    "lived_experience_post",
    "start_date",
)

# which posts a figure looks at: every post (None), or those of a kind (a condition on an
# employments row, given the connection for the trust's lists)
PostKind = Callable[[Connection, sa.FromClause], sa.ColumnElement[bool]] | None


def clinical_post(conn: Connection, posts) -> sa.ColumnElement[bool]:
    """A post in a clinical (client-contact) profession on the trust's list."""
    professions = lists.profession_list(conn)
    return posts.c.profession.in_(
        sa.select(professions.c.profession).where(professions.c.clinical.is_(True))
    )


def professionally_qualified_post(conn: Connection, posts) -> sa.ColumnElement[bool]:
    """A post in a profession that needs a professional qualification."""
    professions = lists.profession_list(conn)
    return posts.c.profession.in_(
        sa.select(professions.c.profession).where(professions.c.professionally_qualified.is_(True))
    )


def management_post(conn: Connection, posts) -> sa.ColumnElement[bool]:
    """A post that manages staff."""
    return posts.c.management_role.is_(True)


def _outranks(later, post) -> sa.ColumnElement[bool]:
    """A post of the same person that started later (or the same day, entered after): on a
    day both are held, it is the primary post."""
    return sa.and_(
        later.c.person_id == post.c.person_id,
        later.c.id != post.c.id,
        sa.or_(
            later.c.start_date > post.c.start_date,
            sa.and_(later.c.start_date == post.c.start_date, later.c.id > post.c.id),
        ),
    )


def primary_posts(
    whens: Sequence[When],
    moments: sa.FromClause,
    kind: PostKind = None,
    conn: Connection | None = None,
) -> sa.Subquery:
    """For each moment (n), one row per person in post on its day: the post that started last
    (of the posts of `kind`, if one is given: then one row per person holding such a post).

    Most people hold one post at a time, so each post held on any of the days is first
    marked, once, by whether a later post of the same person is held with it on one of the
    days; only such a post is checked again on each day (one look-up by person), so the days
    are matched to the posts without ranking every person's posts on every day."""
    e = s.employments
    later = e.alias("later_post")
    days = [w.as_of for w in whens]

    def of_kind(posts) -> list:
        return [] if kind is None else [kind(conn, posts)]

    overlapped = (
        sa.exists()
        .where(_outranks(later, e), both_in_post_on_any(later, e, days), *of_kind(later))
        .correlate(e)
    )
    # the posts held on any of the days, found once before they are matched to each day
    held = (
        sa.select(
            e.c.id,
            e.c.end_date,
            *(e.c[name] for name in POST_COLUMNS),
            sa.case((overlapped, 1), else_=0).label("overlapped"),
        )
        .where(in_post_on_any(e, days), *of_kind(e))
        .cte()
        .prefix_with("MATERIALIZED")
    )
    on_the_day = e.alias("held_that_day")
    primary_that_day = sa.or_(
        held.c.overlapped == 0,
        ~sa.exists()
        .where(
            _outranks(on_the_day, held),
            in_post_on(on_the_day, moments.c.as_of),
            *of_kind(on_the_day),
        )
        .correlate(held, moments),
    )
    return (
        sa.select(moments.c.n, moments.c.as_of, *(held.c[name] for name in POST_COLUMNS))
        .select_from(moments.join(held, in_post_on(held, moments.c.as_of)))
        .where(primary_that_day)
        .subquery("primary_posts")
    )


def posts_held(whens: Sequence[When], moments: sa.FromClause) -> sa.Subquery:
    """For each moment (n), every post held on its day (a person with two posts has two rows):
    what coverage counts."""
    e = s.employments
    days = [w.as_of for w in whens]
    held = sa.select(e).where(in_post_on_any(e, days)).subquery("held_on_a_day")
    return (
        sa.select(moments.c.n, moments.c.as_of, *(held.c[name] for name in POST_COLUMNS))
        .select_from(moments.join(held, in_post_on(held, moments.c.as_of)))
        .subquery("posts_held")
    )


def _post_rows(conn: Connection, posts: sa.FromClause, needed: frozenset[str], name: str):
    """One row per post of `posts` (n, as_of and the post's columns), with what the figures
    need: the post's attributes, its directorate's type, its profession's kind, whether both
    are on the trust's lists, and whether the person's well-being plan is up to date."""
    columns = [posts.c.n, *(posts.c[name] for name in POST_COLUMNS)]
    source = posts
    profession_columns = {
        "clinical",
        "professionally_qualified",
        "profession_kind",
        "profession_listed",
    }
    if needed & profession_columns:
        professions = lists.profession_list(conn)
        source = source.outerjoin(professions, professions.c.profession == posts.c.profession)
        columns += [
            sa.func.coalesce(professions.c.clinical, False).label("clinical"),
            sa.func.coalesce(professions.c.professionally_qualified, False).label(
                "professionally_qualified"
            ),
            sa.case(
                (
                    sa.and_(
                        professions.c.clinical.is_(True),
                        professions.c.professionally_qualified.is_(True),
                    ),
                    PROFESSION_KINDS[0],
                ),
                (professions.c.clinical.is_(True), PROFESSION_KINDS[1]),
                else_=PROFESSION_KINDS[2],
            ).label("profession_kind"),
            professions.c.profession.is_not(None).label("profession_listed"),
        ]
    if needed & {"directorate_type", "directorate_listed"}:
        directorates = lists.directorate_list(conn)
        source = source.outerjoin(directorates, directorates.c.directorate == posts.c.directorate)
        columns += [
            directorates.c.directorate_type.label("directorate_type"),
            directorates.c.directorate.is_not(None).label("directorate_listed"),
        ]
    if "plan_up_to_date" in needed:
        w = s.wellbeing_plans
        # the last review known on D; a review dated after D is not known yet
        last_known = sa.case(
            (
                sa.and_(w.c.last_reviewed.is_not(None), w.c.last_reviewed <= posts.c.as_of),
                w.c.last_reviewed,
            ),
            else_=w.c.agreed_date,
        )
        up_to_date = (
            sa.exists()
            .where(
                w.c.person_id == posts.c.person_id,
                w.c.agreed_date <= posts.c.as_of,
                last_known > add_days(posts.c.as_of, -WELLBEING_REVIEW_DAYS),
            )
            .correlate(posts)
        )
        columns.append(up_to_date.label("plan_up_to_date"))
    return sa.select(*columns).select_from(source).subquery(name)


def people_in_post_rows(
    conn: Connection, moments: sa.FromClause, whens: Sequence[When], needed: frozenset[str]
) -> sa.FromClause:
    """One row per person in post at each moment's D, under their primary post."""
    return _post_rows(conn, primary_posts(whens, moments), needed, "people_in_post")


def _people_in_posts_of(kind: PostKind):
    def rows(conn, moments, whens, needed):
        """One row per person holding a post of the kind at each moment's D, under the
        latest-started of those posts."""
        posts = primary_posts(whens, moments, kind, conn)
        return _post_rows(conn, posts, needed, "people_in_posts_of_a_kind")

    return rows


def posts_held_rows(conn, moments, whens, needed):
    """One row per post held at each moment's D (coverage)."""
    return _post_rows(conn, posts_held(whens, moments), needed, "posts_held")


POST_ROW_COLUMNS = frozenset(
    {
        *POST_COLUMNS,
        "clinical",
        "professionally_qualified",
        "profession_kind",
        "profession_listed",
        "directorate_type",
        "directorate_listed",
        "plan_up_to_date",
    }
)
PEOPLE_IN_POST = Source("people_in_post", POINT, people_in_post_rows, POST_ROW_COLUMNS)
PEOPLE_IN_CLINICAL_POSTS = Source(
    "people_in_clinical_posts", POINT, _people_in_posts_of(clinical_post), POST_ROW_COLUMNS
)
PEOPLE_IN_PROFESSIONAL_POSTS = Source(
    "people_in_professionally_qualified_posts",
    POINT,
    _people_in_posts_of(professionally_qualified_post),
    POST_ROW_COLUMNS,
)
PEOPLE_IN_MANAGEMENT_POSTS = Source(
    "people_in_management_posts", POINT, _people_in_posts_of(management_post), POST_ROW_COLUMNS
)
POSTS_HELD = Source("posts_held", POINT, posts_held_rows, POST_ROW_COLUMNS)


def _list_rows(list_name: str):
    def rows(conn, moments, whens, needed):
        listed = (
            lists.directorate_list(conn)
            if list_name == "directorate"
            else lists.profession_list(conn)
        )
        return (
            sa.select(moments.c.n, listed.c[list_name].label(list_name))
            .select_from(moments.join(listed, sa.true()))
            .subquery(f"{list_name}_list")
        )

    return rows


DIRECTORATE_LIST = Source(
    "directorate_list",
    POINT,
    _list_rows("directorate"),
    frozenset({"directorate"}),
    unaffected_by=frozenset({"profession"}),
)
PROFESSION_LIST = Source(
    "profession_list",
    POINT,
    _list_rows("profession"),
    frozenset({"profession"}),
    unaffected_by=frozenset({"directorate"}),
)
