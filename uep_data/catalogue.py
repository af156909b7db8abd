"""The catalogue of metrics (metrics.md): each number's key, label, unit and kind.

One entry per metric key. The SQL that computes each one lives in `metrics.py`; this module
only says what the numbers are, so that the contract (a target names a metric key), the
command line, the template and the pages all use the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

POINT = "point"  # evaluated at the as-of date D
PERIOD = "period"  # evaluated over a period [S, E]

COUNT = "count"  # a count of people or rows
PERCENT = "percent"  # 0-100
POUNDS = "pounds"
DAYS = "days"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    kind: str
    meaning: str
    # Whether the metric can be narrowed to a directorate and/or a profession. Contacts,
    # work preparation and funding are not recorded against a directorate or profession.
    scopable: bool = True


CATALOGUE: tuple[Metric, ...] = (
    # Point-in-time metrics (at D)
    Metric(
        "in_employment",
        "People in employment",
        COUNT,
        POINT,
        "People supported by the programme who are in post on the date.",
    ),
    Metric(
        "people_supported_cumulative",
        "People supported in posts since the start",
        COUNT,
        POINT,
        "People with any post that started on or before the date.",
    ),
    Metric(
        "directorates_covered",
        "Directorates with someone in post",
        COUNT,
        POINT,
        "Directorates on the trust's list where at least one supported person is in post.",
    ),
    Metric(
        "directorates_covered_pct",
        "Directorates covered",
        PERCENT,
        POINT,
        "Share of the trust's directorates where at least one supported person is in post.",
    ),
    Metric(
        "professions_covered",
        "Professions with someone in post",
        COUNT,
        POINT,
        "Professions on the trust's list in which at least one supported person is in post.",
    ),
    Metric(
        "professions_covered_pct",
        "Professions covered",
        PERCENT,
        POINT,
        "Share of the trust's professions in which at least one supported person is in post.",
    ),
    Metric(
        "clinical_posts",
        "People in clinical posts",
        COUNT,
        POINT,
        "People in post on the date in a clinical (client-contact) profession.",
    ),
    Metric(
        "professional_posts",
        "People in professionally qualified posts",
        COUNT,
        POINT,
        "People in post on the date in a profession that needs a professional qualification.",
    ),
    Metric(
        "management_posts",
        "People in management posts",
        COUNT,
        POINT,
        "People in post on the date in a post that manages staff.",
    ),
    Metric(
        "in_professional_training",
        "In professional training",
        COUNT,
        POINT,
        "Professional training places held on the date (not withdrawn).",
    ),
    Metric(
        "wellbeing_plan_coverage_pct",
        "Well-being plans up to date",
        PERCENT,
        POINT,
        "Of the people in post: those with a Work Health and Well-being plan agreed or "
        "reviewed within the last 365 days.",
    ),
    # Period metrics (over [S, E])
    Metric("job_starts", "Job starts", COUNT, PERIOD, "Posts that started in the period."),
    Metric(
        "people_supported",
        "People supported",
        COUNT,
        PERIOD,
        "People with a post, a support contact or a work preparation place in the period.",
    ),
    Metric(
        "recruits",
        "Recruits to the trust",
        COUNT,
        PERIOD,
        "Everyone the trust recruited in the period (recruitment monitoring).",
    ),
    Metric(
        "recruits_lived_experience_pct",
        "Recruits with lived experience",
        PERCENT,
        PERIOD,
        "Share of the trust's recruits who declared personal experience of mental health "
        "problems (the charter's floor is 15%).",
    ),
    Metric(
        "work_prep_participants",
        "Work preparation participants",
        COUNT,
        PERIOD,
        "Places on the ten-week work preparation programme that started in the period.",
        scopable=False,
    ),
    Metric(
        "work_prep_open_employment_pct",
        "Work preparation: into open employment",
        PERCENT,
        PERIOD,
        "Share of those places whose outcome was open employment, in the trust or elsewhere.",
        scopable=False,
    ),
    Metric(
        "work_prep_education_pct",
        "Work preparation: into education or training",
        PERCENT,
        PERIOD,
        "Share of those places whose outcome was mainstream education or training.",
        scopable=False,
    ),
    Metric(
        "contacts",
        "Support contacts",
        COUNT,
        PERIOD,
        "Support contacts in the period.",
        scopable=False,
    ),
    Metric(
        "contacts_telephone_pct",
        "Contacts by telephone",
        PERCENT,
        PERIOD,
        "Share of support contacts made by telephone.",
        scopable=False,
    ),
    Metric(
        "contacts_outside_work_pct",
        "Contacts in meetings outside work",
        PERCENT,
        PERIOD,
        "Share of support contacts that were meetings outside work.",
        scopable=False,
    ),
    Metric(
        "contacts_in_workplace_pct",
        "Contacts in the workplace",
        PERCENT,
        PERIOD,
        "Share of support contacts that took place in the workplace.",
        scopable=False,
    ),
    Metric(
        "contacts_symptoms_pct",
        "Contacts about symptoms",
        PERCENT,
        PERIOD,
        "Share of support contacts concerned with managing specific symptoms at work.",
        scopable=False,
    ),
    Metric(
        "retention_13_weeks_pct",
        "Still in post after 13 weeks",
        PERCENT,
        PERIOD,
        "Of the posts that started in the period and are at least 13 weeks old: those still "
        "held 13 weeks (91 days) after the start.",
    ),
    Metric(
        "retention_26_weeks_pct",
        "Still in post after 26 weeks",
        PERCENT,
        PERIOD,
        "Likewise at 26 weeks (182 days).",
    ),
    Metric(
        "retention_52_weeks_pct",
        "Still in post after 52 weeks",
        PERCENT,
        PERIOD,
        "Likewise at 52 weeks (364 days).",
    ),
    Metric(
        "median_days_offer_to_start",
        "Days from job offer to start (median)",
        DAYS,
        PERIOD,
        "Median days from the latest job offer to the start, over starts in the period.",
    ),
    Metric(
        "funding_awarded",
        "Funding awarded",
        POUNDS,
        PERIOD,
        "Funding awarded for the financial years that overlap the period.",
        scopable=False,
    ),
    Metric(
        "funding_spent",
        "Funding spent",
        POUNDS,
        PERIOD,
        "Funding spent in the financial years that overlap the period.",
        scopable=False,
    ),
    Metric(
        "funding_recurring_pct",
        "Funding from recurring grants",
        PERCENT,
        PERIOD,
        "Share of the funding awarded that comes from recurring grants.",
        scopable=False,
    ),
    Metric(
        "cost_per_person_supported",
        "Cost per person supported",
        POUNDS,
        PERIOD,
        "Funding spent (or awarded where spending is not recorded) per person supported, "
        "over whole financial years.",
        scopable=False,
    ),
)

METRICS: dict[str, Metric] = {m.key: m for m in CATALOGUE}
METRIC_KEYS: tuple[str, ...] = tuple(METRICS)
