"""Every measure the dashboard shows, declared once.

A measure is a count or a sum of a source's rows (people in post on a day, posts started in a
period, support contacts...), a ratio of two measures (a share), or a median. Its declaration
says everything the rest of the dashboard needs: its label and unit, what it counts (and so
its disclosure class), its one source of SQL, whether it is read on a day or over a period,
what it can be broken down by, whether it has a monthly series and which direction is
better, any fixed floor, and whether it is a metric of docs/measures.md (which targets may name and
`summary` lists). Breakdowns, monthly series, targets, headlines, Making Data Count charts and
disclosure control all read these declarations; nothing else lists measures by key.

To add a measure: declare it below (its source is in one of the family modules beside this
one: in_post, starts, supported, recruitment, work_prep, contacts, funding, training,
journey). The README has a worked example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import (
    contacts,
    funding,
    in_post,
    journey,
    recruitment,
    starts,
    supported,
    training,
    work_prep,
)
from .moments import (
    AS_GIVEN,
    PERIOD,
    POINT,
    WHOLE_FINANCIAL_YEARS,
    WHOLE_FINANCIAL_YEARS_ONLY,
    WHOLE_MONTHS,
    whole_financial_years_ended,
)
from .source import Source

# What a measure counts (its disclosure class follows from it)
PEOPLE = "people"  # people (or their posts and places): controlled below trust level
EVENTS = "events"  # support given, not people: never controlled
MONEY = "money"  # pounds: shown exactly
LISTED = "listed"  # entries on the trust's lists (directorates, professions): exact

# The units a figure is shown in
UNIT_PEOPLE = "people"
UNIT_EVENTS = "events"
UNIT_PERCENT = "percent"
UNIT_DAYS = "days"
UNIT_POUNDS = "pounds"
UNIT_DIRECTORATES = "directorates"
UNIT_PROFESSIONS = "professions"
COUNT_UNITS = frozenset({UNIT_PEOPLE, UNIT_EVENTS, UNIT_DIRECTORATES, UNIT_PROFESSIONS})

# How rows become a figure
COUNT_ROWS = "count_rows"
COUNT_PEOPLE = "count_people"  # distinct person_id
COUNT_DISTINCT = "count_distinct"  # distinct values of `column`
SUM = "sum"  # of `column`
RATIO = "ratio"  # scale x numerator / denominator
MEDIAN = "median"  # of `column`, over the rows

# Disclosure classes (disclosure/policy.py reads these)
CONTROLLED_COUNT = "count of people"
SHARE_OF_PEOPLE = "share of people"
AVERAGE_OVER_PEOPLE = "average over people"
COST_PER_PERSON = "money per person"
EXACT = "exact"

# Which direction is better (Making Data Count's colours)
HIGH, LOW, NEITHER = "high", "low", "neither"

IN_POST_BREAKDOWNS = (
    "directorate",
    "profession",
    "pay_band",
    "directorate_type",
    "profession_kind",
)
STARTS_BREAKDOWNS = ("directorate", "profession", "pay_band")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    unit: str
    meaning: str
    how: str  # COUNT_ROWS, COUNT_PEOPLE, COUNT_DISTINCT, SUM, RATIO or MEDIAN
    counts: str | None = None  # PEOPLE, EVENTS, MONEY or LISTED (counts and sums)
    source: Source | None = None
    column: str | None = None  # what COUNT_DISTINCT, SUM and MEDIAN read
    where: Callable | None = None  # which of the source's rows count: rows -> condition
    where_needs: tuple[str, ...] = ()  # the columns `where` reads
    numerator: str | None = None  # RATIO
    denominator: str | None = None
    scale: float = 100.0
    over: str | None = None  # MEDIAN: the count of the rows it is taken over
    breakdowns: tuple[str, ...] = ()  # dimensions it can be broken down by
    period_rule: str = AS_GIVEN
    monthly: bool = False  # drawn month by month (a Making Data Count chart)
    improvement: str = NEITHER
    floor: float | None = None  # a fixed floor (the charter's 15%)
    metric: bool = True  # a metric of docs/measures.md
    headline: bool = False  # one of the Overview's and the board pack's headline figures
    # one of the programme's published trust-wide figures (the threat model's list: people
    # in employment at a month's end, job starts over whole financial years...): shown
    # exactly, trust-wide, at the moments the threat model allows. Every other count of
    # people is controlled for the steering group and the board even trust-wide (people in
    # clinical posts, starts with an offer recorded: groups within a published figure), so a
    # measure declared without saying so is controlled.
    published: bool = False
    # a running total since the programme began (people supported since the start): two
    # month ends a month apart would give that month's count, so it is at trust level only
    # at a financial year's end
    running_total: bool = False
    # scope dimensions within which the measure is not a figure (directorates covered within
    # one directorate would be 100% or 0% of one)
    not_within: tuple[str, ...] = ()
    # (measure, dimension): this count tells how many of that measure's groups by that
    # dimension are not zero (directorates covered, of people in employment by directorate),
    # which disclosure control must take into account
    counts_nonzero_groups_of: tuple[str, str] | None = None
    # the stock this flow adds to (job starts, to people in employment): two exact month-end
    # totals and the starts between them tell how many left, which disclosure control must
    # take into account
    adds_to: str | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        """The measures this one is made of."""
        if self.how == RATIO:
            return (self.numerator, self.denominator)
        if self.how == MEDIAN:
            return (self.over,)
        return ()

    @property
    def needs(self) -> frozenset[str]:
        """The source columns the figure reads."""
        return frozenset((*self.where_needs, *((self.column,) if self.column else ())))


def _declared(*measures: Measure) -> dict[str, Measure]:
    return {m.key: m for m in measures}


def _flag(name: str):
    return lambda rows: rows.c[name].is_(True)


def _equals(name: str, value):
    return lambda rows: rows.c[name] == value


def _one_of(name: str, values):
    return lambda rows: rows.c[name].in_(values)


MEASURES: dict[str, Measure] = _declared(
    # --- people in post on D ---------------------------------------------------------------
    Measure(
        "in_employment",
        "People in employment",
        UNIT_PEOPLE,
        "People supported by the programme who are in post on the date.",
        COUNT_ROWS,
        PEOPLE,
        in_post.PEOPLE_IN_POST,
        breakdowns=IN_POST_BREAKDOWNS,
        monthly=True,
        improvement=HIGH,
        headline=True,
        published=True,
    ),
    Measure(
        "clinical_posts",
        "People in clinical posts",
        UNIT_PEOPLE,
        "People in post on the date in a clinical (client-contact) profession (in any of the "
        "posts they hold).",
        COUNT_ROWS,
        PEOPLE,
        in_post.PEOPLE_IN_CLINICAL_POSTS,
        breakdowns=IN_POST_BREAKDOWNS,
        improvement=HIGH,
    ),
    Measure(
        "professional_posts",
        "People in professionally qualified posts",
        UNIT_PEOPLE,
        "People in post on the date in a profession that needs a professional qualification "
        "(in any of the posts they hold).",
        COUNT_ROWS,
        PEOPLE,
        in_post.PEOPLE_IN_PROFESSIONAL_POSTS,
        breakdowns=IN_POST_BREAKDOWNS,
        improvement=HIGH,
    ),
    Measure(
        "management_posts",
        "People in management posts",
        UNIT_PEOPLE,
        "People in post on the date in a post that manages staff (any of the posts they hold).",
        COUNT_ROWS,
        PEOPLE,
        in_post.PEOPLE_IN_MANAGEMENT_POSTS,
        breakdowns=IN_POST_BREAKDOWNS,
        improvement=HIGH,
    ),
    Measure(
        "directorates_covered",
        "Directorates with someone in post",
        UNIT_DIRECTORATES,
        "Directorates on the trust's list where at least one post held on the date is (a "
        "person with posts in two directorates covers both).",
        COUNT_DISTINCT,
        # a count of directorates, but narrowed to a profession it bounds a count of people
        # (seven directorates with a psychologist means seven psychologists at least)
        PEOPLE,
        in_post.POSTS_HELD,
        column="directorate",
        where=_flag("directorate_listed"),
        where_needs=("directorate_listed",),
        improvement=HIGH,
        not_within=("directorate",),
        counts_nonzero_groups_of=("in_employment", "directorate"),
        published=True,
    ),
    Measure(
        "directorates_listed",
        "Directorates on the trust's list",
        UNIT_DIRECTORATES,
        "The trust's directorates: what coverage is measured against.",
        COUNT_ROWS,
        LISTED,
        in_post.DIRECTORATE_LIST,
        metric=False,
    ),
    Measure(
        "directorates_covered_pct",
        "Directorates covered",
        UNIT_PERCENT,
        "Share of the trust's directorates where at least one post held on the date is.",
        RATIO,
        numerator="directorates_covered",
        denominator="directorates_listed",
        improvement=HIGH,
        headline=True,
        not_within=("directorate",),
    ),
    Measure(
        "professions_covered",
        "Professions with someone in post",
        UNIT_PROFESSIONS,
        "Professions on the trust's list in which at least one post held on the date is.",
        COUNT_DISTINCT,
        PEOPLE,
        in_post.POSTS_HELD,
        column="profession",
        where=_flag("profession_listed"),
        where_needs=("profession_listed",),
        improvement=HIGH,
        not_within=("profession",),
        counts_nonzero_groups_of=("in_employment", "profession"),
        published=True,
    ),
    Measure(
        "professions_listed",
        "Professions on the trust's list",
        UNIT_PROFESSIONS,
        "The trust's professions: what coverage is measured against.",
        COUNT_ROWS,
        LISTED,
        in_post.PROFESSION_LIST,
        metric=False,
    ),
    Measure(
        "professions_covered_pct",
        "Professions covered",
        UNIT_PERCENT,
        "Share of the trust's professions in which at least one post held on the date is.",
        RATIO,
        numerator="professions_covered",
        denominator="professions_listed",
        improvement=HIGH,
        not_within=("profession",),
    ),
    Measure(
        "wellbeing_plans_up_to_date",
        "People in post with an up-to-date well-being plan",
        UNIT_PEOPLE,
        "People in post whose Work Health and Well-being plan was agreed or reviewed within "
        "the last 365 days.",
        COUNT_ROWS,
        PEOPLE,
        in_post.PEOPLE_IN_POST,
        where=_flag("plan_up_to_date"),
        where_needs=("plan_up_to_date",),
        breakdowns=IN_POST_BREAKDOWNS,
        metric=False,
    ),
    Measure(
        "wellbeing_plan_coverage_pct",
        "Well-being plans up to date",
        UNIT_PERCENT,
        "Of the people in post: those with a Work Health and Well-being plan agreed or "
        "reviewed within the last 365 days.",
        RATIO,
        numerator="wellbeing_plans_up_to_date",
        denominator="in_employment",
        breakdowns=IN_POST_BREAKDOWNS,
        improvement=HIGH,
    ),
    Measure(
        "people_supported_cumulative",
        "People supported in posts since the start",
        UNIT_PEOPLE,
        "People with any post that started on or before the date.",
        COUNT_PEOPLE,
        PEOPLE,
        starts.POSTS_STARTED_BY,
        improvement=HIGH,
        running_total=True,
        published=True,
    ),
    Measure(
        "in_professional_training",
        "In professional training",
        UNIT_PEOPLE,
        "Professional training places held on the date (not withdrawn).",
        COUNT_ROWS,
        PEOPLE,
        training.TRAINING_PLACES,
        breakdowns=("programme",),
        improvement=HIGH,
        published=True,
    ),
    Measure(
        "qualified_through_training",
        "Qualified through professional training",
        UNIT_PEOPLE,
        "Supported employees who had completed professional training and qualified by the date.",
        COUNT_ROWS,
        PEOPLE,
        training.QUALIFIED,
        breakdowns=("programme",),
        metric=False,
        running_total=True,
        published=True,
    ),
    # --- posts started in the period -------------------------------------------------------
    Measure(
        "job_starts",
        "Job starts",
        UNIT_PEOPLE,
        "Posts that started in the period.",
        COUNT_ROWS,
        PEOPLE,
        starts.JOB_STARTS,
        breakdowns=STARTS_BREAKDOWNS,
        monthly=True,
        improvement=HIGH,
        headline=True,
        published=True,
        adds_to="in_employment",
    ),
    *(
        measure
        for weeks, days in ((13, 91), (26, 182), (52, 364))
        for measure in (
            Measure(
                f"starts_checked_at_{weeks}_weeks",
                f"Posts at least {weeks} weeks old",
                UNIT_PEOPLE,
                f"Posts that started in the period and had reached {weeks} weeks ({days} days) "
                "by the date.",
                COUNT_ROWS,
                PEOPLE,
                starts.starts_checked_after(days),
                breakdowns=STARTS_BREAKDOWNS,
                metric=False,
            ),
            Measure(
                f"still_in_post_at_{weeks}_weeks",
                f"Posts still held at {weeks} weeks",
                UNIT_PEOPLE,
                f"Of those, the posts still held {weeks} weeks ({days} days) after the start.",
                COUNT_ROWS,
                PEOPLE,
                starts.starts_checked_after(days),
                where=_flag("still_held"),
                where_needs=("still_held",),
                breakdowns=STARTS_BREAKDOWNS,
                metric=False,
            ),
            Measure(
                f"retention_{weeks}_weeks_pct",
                f"Still in post after {weeks} weeks",
                UNIT_PERCENT,
                f"Of the posts that started in the period and are at least {weeks} weeks old: "
                f"those still held {weeks} weeks ({days} days) after the start.",
                RATIO,
                numerator=f"still_in_post_at_{weeks}_weeks",
                denominator=f"starts_checked_at_{weeks}_weeks",
                breakdowns=STARTS_BREAKDOWNS,
                improvement=HIGH,
            ),
        )
    ),
    Measure(
        "starts_with_offer",
        "Starts with a job offer recorded",
        UNIT_PEOPLE,
        "Starts in the period that follow a job offer recorded for the person.",
        COUNT_ROWS,
        PEOPLE,
        starts.OFFER_TO_START,
        breakdowns=(*STARTS_BREAKDOWNS, "fortnight"),
        metric=False,
    ),
    Measure(
        "median_days_offer_to_start",
        "Days from job offer to start (median)",
        UNIT_DAYS,
        "Median days from the latest job offer to the start, over starts in the period.",
        MEDIAN,
        source=starts.OFFER_TO_START,
        column="days",
        over="starts_with_offer",
        breakdowns=STARTS_BREAKDOWNS,
        improvement=LOW,
    ),
    # --- people supported ------------------------------------------------------------------
    Measure(
        "people_supported",
        "People supported",
        UNIT_PEOPLE,
        "People with a post, a support contact or a work preparation place in the period.",
        COUNT_PEOPLE,
        PEOPLE,
        supported.PEOPLE_SUPPORTED,
        improvement=HIGH,
        published=True,
    ),
    # --- recruitment monitoring ------------------------------------------------------------
    Measure(
        "recruits",
        "Recruits to the trust",
        UNIT_PEOPLE,
        "Everyone the trust recruited in the period (recruitment monitoring).",
        SUM,
        PEOPLE,
        recruitment.RECRUITMENT,
        column="recruits",
        breakdowns=("directorate", "profession", "month"),
        period_rule=WHOLE_MONTHS,
        published=True,
    ),
    Measure(
        "recruits_declaring_lived_experience",
        "Recruits who declared lived experience",
        UNIT_PEOPLE,
        "Of the trust's recruits in the period, those who declared personal experience of "
        "mental health problems.",
        SUM,
        PEOPLE,
        recruitment.RECRUITMENT,
        column="recruits_lived_experience",
        breakdowns=("directorate", "profession", "month"),
        period_rule=WHOLE_MONTHS,
        metric=False,
        published=True,
    ),
    Measure(
        "recruits_lived_experience_pct",
        "Recruits with lived experience",
        UNIT_PERCENT,
        "Share of the trust's recruits who declared personal experience of mental health "
        "problems (the charter's floor is 15%).",
        RATIO,
        numerator="recruits_declaring_lived_experience",
        denominator="recruits",
        breakdowns=("directorate", "profession", "month"),
        period_rule=WHOLE_MONTHS,  # over the same rows as its counts
        monthly=True,
        improvement=HIGH,
        floor=15.0,
        headline=True,
    ),
    # --- work preparation ------------------------------------------------------------------
    Measure(
        "work_prep_participants",
        "Work preparation participants",
        UNIT_PEOPLE,
        "Places on the ten-week work preparation programme that started in the period.",
        COUNT_ROWS,
        PEOPLE,
        work_prep.WORK_PREP_PLACES,
        breakdowns=("outcome", "cohort"),
        improvement=HIGH,
        published=True,
    ),
    Measure(
        "work_prep_completed",
        "Work preparation completions",
        UNIT_PEOPLE,
        "Work preparation places that started in the period whose participant completed the "
        "ten-week programme (the work_preparation sheet's `completed`).",
        COUNT_ROWS,
        PEOPLE,
        work_prep.WORK_PREP_PLACES,
        where=_flag("completed"),
        where_needs=("completed",),
        breakdowns=("cohort",),
        improvement=HIGH,
        metric=False,
    ),
    Measure(
        "work_prep_into_open_employment",
        "Participants into open employment",
        UNIT_PEOPLE,
        "Work preparation places whose outcome was open employment, in the trust or elsewhere.",
        COUNT_ROWS,
        PEOPLE,
        work_prep.WORK_PREP_PLACES,
        where=_one_of("outcome", work_prep.OPEN_EMPLOYMENT_OUTCOMES),
        where_needs=("outcome",),
        breakdowns=("cohort",),
        metric=False,
    ),
    Measure(
        "work_prep_into_education",
        "Participants into education or training",
        UNIT_PEOPLE,
        "Work preparation places whose outcome was mainstream education or training.",
        COUNT_ROWS,
        PEOPLE,
        work_prep.WORK_PREP_PLACES,
        where=_equals("outcome", "education_training"),
        where_needs=("outcome",),
        breakdowns=("cohort",),
        metric=False,
    ),
    Measure(
        "work_prep_open_employment_pct",
        "Work preparation: into open employment",
        UNIT_PERCENT,
        "Share of the places that started in the period whose outcome was open employment, "
        "in the trust or elsewhere.",
        RATIO,
        numerator="work_prep_into_open_employment",
        denominator="work_prep_participants",
        improvement=HIGH,
        headline=True,
    ),
    Measure(
        "work_prep_education_pct",
        "Work preparation: into education or training",
        UNIT_PERCENT,
        "Share of the places that started in the period whose outcome was mainstream "
        "education or training.",
        RATIO,
        numerator="work_prep_into_education",
        denominator="work_prep_participants",
        improvement=HIGH,
    ),
    # --- support contacts ------------------------------------------------------------------
    Measure(
        "contacts",
        "Support contacts",
        UNIT_EVENTS,
        "Support contacts in the period.",
        COUNT_ROWS,
        EVENTS,
        contacts.CONTACTS,
        breakdowns=("mode", "topic", "contact_with", "month"),
        monthly=True,
        improvement=NEITHER,
    ),
    *(
        measure
        for key, label, noun, column, value in (
            ("telephone", "Contacts by telephone", "by telephone", "mode", "telephone"),
            (
                "outside_work",
                "Contacts in meetings outside work",
                "that were meetings outside work",
                "mode",
                "meeting_outside_work",
            ),
            (
                "in_workplace",
                "Contacts in the workplace",
                "that took place in the workplace",
                "mode",
                "in_workplace",
            ),
            (
                "symptoms",
                "Contacts about symptoms",
                "concerned with managing specific symptoms at work",
                "topic",
                "symptoms",
            ),
        )
        for measure in (
            Measure(
                f"contacts_{key}",
                label,
                UNIT_EVENTS,
                f"Support contacts {noun}.",
                COUNT_ROWS,
                EVENTS,
                contacts.CONTACTS,
                where=_equals(column, value),
                where_needs=(column,),
                metric=False,
            ),
            Measure(
                f"contacts_{key}_pct",
                label,
                UNIT_PERCENT,
                f"Share of support contacts {noun}.",
                RATIO,
                numerator=f"contacts_{key}",
                denominator="contacts",
            ),
        )
    ),
    # --- funding ---------------------------------------------------------------------------
    Measure(
        "funding_awarded",
        "Funding awarded",
        UNIT_POUNDS,
        "Funding awarded for the financial years that overlap the period.",
        SUM,
        MONEY,
        funding.FUNDING,
        column="awarded",
        breakdowns=("funding_type", "stream", "financial_year"),
        period_rule=WHOLE_FINANCIAL_YEARS,
        headline=True,
    ),
    Measure(
        "funding_spent",
        "Funding spent",
        UNIT_POUNDS,
        "Funding spent in the financial years that overlap the period.",
        SUM,
        MONEY,
        funding.FUNDING,
        column="spent",
        breakdowns=("funding_type", "stream", "financial_year"),
        period_rule=WHOLE_FINANCIAL_YEARS,
    ),
    Measure(
        "funding_from_recurring_grants",
        "Funding awarded from recurring grants",
        UNIT_POUNDS,
        "Funding awarded by recurring grants in the financial years that overlap the period.",
        SUM,
        MONEY,
        funding.FUNDING,
        column="awarded",
        where=_equals("funding_type", "recurring_grant"),
        where_needs=("funding_type",),
        period_rule=WHOLE_FINANCIAL_YEARS,
        metric=False,
    ),
    Measure(
        "funding_recurring_pct",
        "Funding from recurring grants",
        UNIT_PERCENT,
        "Share of the funding awarded that comes from recurring grants.",
        RATIO,
        numerator="funding_from_recurring_grants",
        denominator="funding_awarded",
        period_rule=WHOLE_FINANCIAL_YEARS,
    ),
    Measure(
        "funding_cost",
        "Funding spent (or awarded where spending is not recorded)",
        UNIT_POUNDS,
        "What the programme cost in the financial years that overlap the period: spending, or "
        "the award where spending is not recorded.",
        SUM,
        MONEY,
        funding.FUNDING,
        column="cost",
        breakdowns=("funding_type", "stream", "financial_year"),
        period_rule=WHOLE_FINANCIAL_YEARS,
        metric=False,
    ),
    Measure(
        "cost_per_person_supported",
        "Cost per person supported",
        UNIT_POUNDS,
        "Funding spent (or awarded where spending is not recorded) per person supported, "
        "over whole financial years that have ended (money is recorded by year, so there is "
        "no figure for a quarter, a month or a year to date).",
        RATIO,
        numerator="funding_cost",
        denominator="people_supported",
        scale=1.0,
        period_rule=WHOLE_FINANCIAL_YEARS_ONLY,
        improvement=LOW,
    ),
    Measure(
        "cost_per_work_prep_participant",
        "Cost per work preparation participant",
        UNIT_POUNDS,
        "Funding spent (or awarded where spending is not recorded) per work preparation "
        "place started, over whole financial years that have ended: a work preparation "
        "contract's cost per participant.",
        RATIO,
        numerator="funding_cost",
        denominator="work_prep_participants",
        scale=1.0,
        period_rule=WHOLE_FINANCIAL_YEARS_ONLY,
        improvement=LOW,
        metric=False,
    ),
    # --- the journey -----------------------------------------------------------------------
    Measure(
        "people_reaching_stage",
        "People reaching a stage",
        UNIT_PEOPLE,
        "People who reached a stage of the journey in the period (a person may reach several).",
        COUNT_PEOPLE,
        PEOPLE,
        journey.STEPS_TAKEN,
        breakdowns=("stage",),
        metric=False,
    ),
    Measure(
        "at_danger_point",
        "People at a danger point",
        UNIT_PEOPLE,
        "People at a point of the journey where support matters most, on the date.",
        COUNT_PEOPLE,
        PEOPLE,
        journey.AT_DANGER_POINT,
        breakdowns=("danger_point",),
        metric=False,
    ),
)


def measure(key: str) -> Measure:
    """The measure declared under `key`."""
    try:
        return MEASURES[key]
    except KeyError:
        raise KeyError(f"no measure is declared as {key!r}") from None


def kind_of(key: str) -> str:
    """POINT (read on D) or PERIOD (read over a period): its source's, or its numerator's."""
    m = measure(key)
    if m.how == RATIO:
        return kind_of(m.numerator)
    return m.source.kind


def counts_of(key: str) -> set[str]:
    """What a measure is made of in the end: PEOPLE, EVENTS, MONEY, LISTED."""
    m = measure(key)
    if m.how in (RATIO, MEDIAN):
        return set().union(*(counts_of(part) for part in m.parts))
    return {m.counts}


def disclosure_class(key: str) -> str:
    """How disclosure control treats the measure, from what it counts."""
    m = measure(key)
    if m.how == MEDIAN:
        return AVERAGE_OVER_PEOPLE
    if m.how == RATIO:
        if PEOPLE not in counts_of(key):
            return EXACT
        return COST_PER_PERSON if m.unit == UNIT_POUNDS else SHARE_OF_PEOPLE
    return CONTROLLED_COUNT if m.counts == PEOPLE else EXACT


def source_of(key: str) -> Source:
    m = measure(key)
    return source_of(m.numerator) if m.how == RATIO else m.source


def not_within(key: str) -> frozenset[str]:
    """The scope dimensions within which the measure is not a figure: its own, or those of a
    part it is made of (directorates covered within one directorate)."""
    m = measure(key)
    return frozenset(m.not_within).union(*(not_within(part) for part in m.parts))


def no_figure_because(key: str, when, scope) -> str | None:
    """Why the measure is not a figure at this moment in this scope, in words (None: it is):
    directorates covered within one directorate; cost per person over part of a year."""
    for dimension in sorted(not_within(key)):
        if getattr(scope, dimension, None):
            return f"not a figure within one {dimension}"
    if measure(key).period_rule == WHOLE_FINANCIAL_YEARS_ONLY and not whole_financial_years_ended(
        when
    ):
        return "for whole financial years only"
    return None


def scopable(key: str) -> bool:
    """Whether the measure can be narrowed to a directorate or profession."""
    return bool(source_of(key).scope_columns)


def series_title(key: str) -> str:
    m = measure(key)
    return f"{m.label} at each month end" if kind_of(key) == POINT else f"{m.label} each month"


def metric_keys() -> tuple[str, ...]:
    """The metrics of docs/measures.md: what a target may name and `summary` lists."""
    return tuple(k for k, m in MEASURES.items() if m.metric)


def headlines() -> tuple[str, ...]:
    """The Overview's and the board pack's headline figures, in the order declared."""
    return tuple(k for k, m in MEASURES.items() if m.headline)


def monthly_series() -> tuple[str, ...]:
    """The measures drawn month by month as Making Data Count charts."""
    return tuple(k for k, m in MEASURES.items() if m.monthly)


__all__ = [
    "MEASURES",
    "headlines",
    "metric_keys",
    "monthly_series",
    "Measure",
    "measure",
    "kind_of",
    "counts_of",
    "disclosure_class",
    "scopable",
    "series_title",
    "POINT",
    "PERIOD",
]
