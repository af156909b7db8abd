"""The upload contract (docs/upload-workbook.md) as data: sheets, columns, keys, vocabularies.

The schema, the workbook reader, the importer, the template and the sample data all read
these definitions, so that a column is described once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Column kinds (the reading rules of docs/upload-workbook.md)
TEXT = "text"
DATE = "date"
MONTH = "month"
FINANCIAL_YEAR = "financial_year"
YES_NO = "yes_no"
MONEY = "money"
WHOLE = "whole"
NUMBER = "number"
VOCAB = "vocab"
# a metric key of docs/measures.md: read as text here, and checked against the measure registry's
# metrics by validation (the contract knows nothing of the measures)
METRIC = "metric"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    vocabulary: tuple[str, ...] = ()
    default: object = None
    explanation: str = ""
    example: object = None


@dataclass(frozen=True)
class Sheet:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # contacts have no natural key: identical rows are told apart by their occurrence
    counts_identical_rows: bool = False
    column_names: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", tuple(c.name for c in self.columns))

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def key_columns(self) -> tuple[str, ...]:
        """The key as stored: the contract's key plus `occurrence` where rows may repeat."""
        return self.key + (("occurrence",) if self.counts_identical_rows else ())


def normalise_name(text: str) -> str:
    """How names match: whatever their case (folded), their compatibility forms (NFKC: a
    no-break space is a space, a full-width letter a letter), trimmed, with any run of
    spaces, underscores and hyphens alike."""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return re.sub(r"[\s_\-]+", "_", folded.strip()).strip("_")


# Columns that would identify a person directly: dropped on read, never stored.
DIRECT_IDENTIFIERS = frozenset(
    normalise_name(n)
    for n in (
        "name",
        "first_name",
        "surname",
        "last_name",
        "full_name",
        "nhs_number",
        "email",
        "phone",
        "telephone",
        "mobile",
        "address",
        "postcode",
        "date_of_birth",
        "dob",
        "national_insurance_number",
        "ni_number",
    )
)

REFERRAL_SOURCES = (
    "self",
    "clinical_team",
    "manager",
    "occupational_health",
    "human_resources",
    "jobcentre_plus",
    "voluntary_sector",
    "other",
)
ROUTES = ("new_recruit", "existing_staff", "work_preparation")
DIRECTORATE_TYPES = ("clinical", "corporate")
PAY_BANDS = tuple(f"band_{n}" for n in range(1, 10)) + ("medical", "vsm", "other")
HOURS = ("full_time", "part_time")
END_REASONS = (
    "moved_post_in_trust",
    "open_employment_elsewhere",
    "education_training",
    "ill_health",
    "retired",
    "end_of_contract",
    "dismissed",
    "other",
)
STAGES = (
    "referred",
    "assessed",
    "job_search",
    "application",
    "interview",
    "job_offer",
    "occupational_health",
    "start",
    "in_work_review",
    "sickness_absence",
    "return_to_work",
    "exit",
)
CONTACT_MODES = (
    "telephone",
    "meeting_outside_work",
    "in_workplace",
    "email",
    "video",
    "text_message",
)
CONTACT_WITH = ("employee", "manager", "both")
CONTACT_TOPICS = (
    "relationships_at_work",
    "job_demands",
    "outside_work",
    "confidence",
    "symptoms",
    "disclosure",
    "adjustments",
    "return_to_work",
    "career_development",
    "other",
)
WORK_PREP_OUTCOMES = (
    "open_employment_in_trust",
    "open_employment_elsewhere",
    "education_training",
    "voluntary_work",
    "still_looking",
    "withdrew",
)
TRAINING_PROGRAMMES = (
    "nursing",
    "clinical_psychology",
    "occupational_therapy",
    "social_work",
    "medicine",
    "other",
)
TRAINING_STATUSES = ("in_training", "qualified", "withdrawn")
FUNDING_TYPES = ("recurring_grant", "contract", "one_off")
FUNDING_PURPOSES = ("in_post_support", "work_preparation", "programme_wide")
TARGET_LEVELS = ("aspirational", "interim")
COMPARISONS = ("at_least", "at_most")
ACTION_STATUSES = ("not_started", "in_progress", "done", "dropped")


def _c(name, kind, required=False, vocabulary=(), default=None, explanation="", example=None):
    return Column(name, kind, required, tuple(vocabulary), default, explanation, example)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "people",
        "One row per person the programme has worked with.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The pseudonymous code you keep for the person "
                "(for example P0042). Never a name.",
                example="P0001",
            ),
            _c(
                "referral_date",
                DATE,
                explanation="When the person was referred to the programme.",
                example="14/03/2003",
            ),
            _c(
                "referral_source",
                VOCAB,
                vocabulary=REFERRAL_SOURCES,
                explanation="Who referred the person.",
                example="clinical_team",
            ),
            _c(
                "route",
                VOCAB,
                vocabulary=ROUTES,
                default="new_recruit",
                explanation="new_recruit: recruited into a trust post through the programme; "
                "existing_staff: a trust employee who developed or disclosed difficulties; "
                "work_preparation: on the work preparation programme only.",
                example="new_recruit",
            ),
        ),
        key=("person_id",),
    ),
    Sheet(
        "directorates",
        "The trust's directorates: the list that coverage is measured against.",
        (
            _c(
                "directorate",
                TEXT,
                True,
                explanation="The directorate's name, spelt as on employments.",
                example="Community Adult Services",
            ),
            _c(
                "directorate_type",
                VOCAB,
                vocabulary=DIRECTORATE_TYPES,
                default="clinical",
                explanation="clinical or corporate.",
                example="clinical",
            ),
        ),
        key=("directorate",),
    ),
    Sheet(
        "professions",
        "The trust's professions or staff groups.",
        (
            _c(
                "profession",
                TEXT,
                True,
                explanation="The profession's name, spelt as on employments.",
                example="Nursing",
            ),
            _c(
                "clinical",
                YES_NO,
                True,
                explanation="yes if it is a clinical (client-contact) profession.",
                example="yes",
            ),
            _c(
                "professionally_qualified",
                YES_NO,
                True,
                explanation="yes if the post needs a professional qualification.",
                example="yes",
            ),
        ),
        key=("profession",),
    ),
    Sheet(
        "employments",
        "Posts held by people the programme supports.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c("start_date", DATE, True, explanation="First day in post.", example="01/06/2003"),
            _c(
                "directorate",
                TEXT,
                True,
                explanation="A directorate on the directorates list.",
                example="Community Adult Services",
            ),
            _c(
                "profession",
                TEXT,
                True,
                explanation="A profession on the professions list.",
                example="Nursing",
            ),
            _c(
                "pay_band",
                VOCAB,
                vocabulary=PAY_BANDS,
                explanation="band_1 to band_9, medical, vsm or other ('Band 5' is read as band_5).",
                example="band_5",
            ),
            _c(
                "management_role",
                YES_NO,
                default=False,
                explanation="yes if the post manages staff.",
                example="no",
            ),
            _c(
                "hours",
                VOCAB,
                vocabulary=HOURS,
                default="full_time",
                explanation="full_time or part_time.",
                example="part_time",
            ),
            _c(
                "lived_experience_post",
                YES_NO,
                default=False,
                explanation="yes if lived experience was an essential criterion of the post.",
                example="no",
            ),
            _c("end_date", DATE, explanation="Last day in post; blank while in post.", example=""),
            _c(
                "end_reason",
                VOCAB,
                vocabulary=END_REASONS,
                explanation="Why the post ended.",
                example="",
            ),
        ),
        key=("person_id", "start_date"),
    ),
    Sheet(
        "stages",
        "Steps of a person's support journey.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c(
                "stage",
                VOCAB,
                True,
                vocabulary=STAGES,
                explanation="The step reached, in order: " + ", ".join(STAGES) + ".",
                example="job_offer",
            ),
            _c("date", DATE, True, explanation="When the step happened.", example="02/05/2003"),
        ),
        key=("person_id", "stage", "date"),
    ),
    Sheet(
        "contacts",
        "Each support contact.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c("date", DATE, True, explanation="Day of the contact.", example="09/06/2003"),
            _c(
                "mode",
                VOCAB,
                True,
                vocabulary=CONTACT_MODES,
                explanation="How the contact was made.",
                example="telephone",
            ),
            _c(
                "contact_with",
                VOCAB,
                vocabulary=CONTACT_WITH,
                default="employee",
                explanation="employee, manager or both.",
                example="employee",
            ),
            _c(
                "topic",
                VOCAB,
                vocabulary=CONTACT_TOPICS,
                default="other",
                explanation="What the contact was mainly about.",
                example="job_demands",
            ),
            _c("minutes", WHOLE, explanation="How long it took, in minutes.", example=20),
        ),
        key=("person_id", "date", "contact_with", "mode", "topic"),
        counts_identical_rows=True,
    ),
    Sheet(
        "work_preparation",
        "The ten-week work preparation programme.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c(
                "start_date",
                DATE,
                True,
                explanation="First day on the programme.",
                example="06/01/2003",
            ),
            _c("cohort", TEXT, explanation="The cohort's name or number.", example="2003-1"),
            _c("end_date", DATE, explanation="Last day on the programme.", example="14/03/2003"),
            _c(
                "completed",
                YES_NO,
                explanation="yes if the person completed the programme.",
                example="yes",
            ),
            _c(
                "outcome",
                VOCAB,
                vocabulary=WORK_PREP_OUTCOMES,
                explanation="Where the person went next; blank if not yet known.",
                example="open_employment_in_trust",
            ),
            _c(
                "outcome_date", DATE, explanation="When the outcome happened.", example="01/05/2003"
            ),
        ),
        key=("person_id", "start_date"),
    ),
    Sheet(
        "recruitment",
        "The trust's recruitment monitoring (counts, not people).",
        (
            _c(
                "period",
                MONTH,
                True,
                explanation="The month: a date in it or YYYY-MM text.",
                example="2003-04",
            ),
            _c("directorate", TEXT, explanation="Blank for the whole trust.", example=""),
            _c("profession", TEXT, explanation="Blank for all professions.", example=""),
            _c(
                "recruits",
                WHOLE,
                True,
                explanation="Everyone recruited to the trust in the month.",
                example=40,
            ),
            _c(
                "recruits_lived_experience",
                WHOLE,
                True,
                explanation="Of whom declared personal experience of mental health problems.",
                example=7,
            ),
        ),
        key=("period", "directorate", "profession"),
    ),
    Sheet(
        "training",
        "Professional training of supported people.",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c(
                "programme",
                VOCAB,
                True,
                vocabulary=TRAINING_PROGRAMMES,
                explanation="The professional training programme.",
                example="nursing",
            ),
            _c(
                "start_date",
                DATE,
                True,
                explanation="First day of the course.",
                example="01/09/2002",
            ),
            _c(
                "status",
                VOCAB,
                vocabulary=TRAINING_STATUSES,
                default="in_training",
                explanation="in_training, qualified or withdrawn.",
                example="in_training",
            ),
            _c("end_date", DATE, explanation="When the person qualified or left.", example=""),
        ),
        key=("person_id", "programme", "start_date"),
    ),
    Sheet(
        "wellbeing_plans",
        "Work Health and Well-being plans (WRAP for work).",
        (
            _c(
                "person_id",
                TEXT,
                True,
                explanation="The person's code, as on people.",
                example="P0001",
            ),
            _c(
                "agreed_date",
                DATE,
                True,
                explanation="When the person and their manager agreed the plan.",
                example="30/06/2003",
            ),
            _c(
                "last_reviewed",
                DATE,
                explanation="When it was last reviewed.",
                example="05/01/2004",
            ),
        ),
        key=("person_id", "agreed_date"),
    ),
    Sheet(
        "funding",
        "Funding streams by financial year.",
        (
            _c(
                "stream",
                TEXT,
                True,
                explanation="The funding stream's name.",
                example="Local authority mental health grant",
            ),
            _c("funder", TEXT, explanation="Who pays.", example="Local authority"),
            _c(
                "funding_type",
                VOCAB,
                True,
                vocabulary=FUNDING_TYPES,
                explanation="recurring_grant, contract or one_off.",
                example="recurring_grant",
            ),
            _c(
                "financial_year",
                FINANCIAL_YEAR,
                True,
                explanation="The NHS year, 1 April to 31 March, written 2003/04.",
                example="2003/04",
            ),
            _c(
                "awarded",
                MONEY,
                True,
                explanation="Amount awarded for the year, in pounds.",
                example="£45,000.00",
            ),
            _c(
                "spent",
                MONEY,
                explanation="Amount spent in the year, in pounds.",
                example="£44,250.00",
            ),
            _c(
                "purpose",
                VOCAB,
                vocabulary=FUNDING_PURPOSES,
                default="programme_wide",
                explanation="in_post_support, work_preparation or programme_wide.",
                example="programme_wide",
            ),
            _c(
                "end_date",
                DATE,
                explanation="When the grant or contract ends (renewal risk).",
                example="31/03/2005",
            ),
        ),
        key=("stream", "financial_year"),
    ),
    Sheet(
        "targets",
        "Aspirational and interim targets.",
        (
            _c("target_id", TEXT, True, explanation="A short code for the target.", example="T1"),
            _c(
                "title",
                TEXT,
                True,
                explanation="The target in words.",
                example="35 people in employment at any one time",
            ),
            _c(
                "metric",
                METRIC,
                True,
                explanation="What is measured: one "
                "of the metric keys listed on the 'Metrics' sheet.",
                example="in_employment",
            ),
            _c(
                "level",
                VOCAB,
                True,
                vocabulary=TARGET_LEVELS,
                explanation="aspirational (the long-term goal) or interim (a step towards it).",
                example="aspirational",
            ),
            _c(
                "value",
                NUMBER,
                True,
                explanation="The target figure: a count, a percentage "
                "(0-100) or pounds, as the metric is measured.",
                example=35,
            ),
            _c(
                "comparison",
                VOCAB,
                vocabulary=COMPARISONS,
                default="at_least",
                explanation="at_least or at_most.",
                example="at_least",
            ),
            _c(
                "financial_year",
                FINANCIAL_YEAR,
                explanation="The year an interim target is for; "
                "or give period_start and period_end instead.",
                example="",
            ),
            _c(
                "period_start",
                DATE,
                explanation="First day of the target's period.",
                example="01/04/2003",
            ),
            _c(
                "period_end",
                DATE,
                explanation="Last day of the target's period; blank for an "
                "open-ended aspirational target.",
                example="",
            ),
            _c("directorate", TEXT, explanation="Blank for the whole trust.", example=""),
            _c("profession", TEXT, explanation="Blank for all professions.", example=""),
            _c(
                "parent_target_id",
                TEXT,
                explanation="For an interim target: the aspirational target it builds towards.",
                example="",
            ),
            _c(
                "owner",
                TEXT,
                explanation="Who is responsible (a role, not a name, is best).",
                example="Programme lead",
            ),
            _c(
                "retired",
                YES_NO,
                default=False,
                explanation="yes once the steering group has retired the target: it stays in "
                "the history but is no longer measured.",
                example="no",
            ),
        ),
        key=("target_id",),
    ),
    Sheet(
        "actions",
        "The steering group's action plan.",
        (
            _c("action_id", TEXT, True, explanation="A short code for the action.", example="A1"),
            _c(
                "description",
                TEXT,
                True,
                explanation="What will be done.",
                example="Brief the clinical directors' meeting",
            ),
            _c("target_id", TEXT, explanation="The target it serves.", example="T1"),
            _c("owner", TEXT, explanation="Who will do it.", example="Director of nursing"),
            _c("due_date", DATE, explanation="When it is due.", example="30/09/2003"),
            _c(
                "status",
                VOCAB,
                vocabulary=ACTION_STATUSES,
                default="not_started",
                explanation="not_started, in_progress, done or dropped.",
                example="in_progress",
            ),
        ),
        key=("action_id",),
    ),
)

SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
SHEET_NAMES: tuple[str, ...] = tuple(SHEETS_BY_NAME)

# What one row of each sheet is, in words (one, several), as an import's changes are said:
# "2 people added; 1 post changed"
ROW_WORDS: dict[str, tuple[str, str]] = {
    "people": ("person", "people"),
    "directorates": ("directorate", "directorates"),
    "professions": ("profession", "professions"),
    "employments": ("post", "posts"),
    "stages": ("stage of support", "stages of support"),
    "contacts": ("support contact", "support contacts"),
    "work_preparation": ("work preparation place", "work preparation places"),
    "recruitment": ("recruitment count", "recruitment counts"),
    "training": ("training course", "training courses"),
    "wellbeing_plans": ("wellbeing plan", "wellbeing plans"),
    "funding": ("year of funding", "years of funding"),
    "targets": ("target", "targets"),
    "actions": ("action", "actions"),
}
# What a key's first column names, where each row is about one of them
KEY_THINGS = {
    "person_id": "person",
    "directorate": "directorate",
    "profession": "profession",
    "target_id": "target",
    "action_id": "action",
    "stream": "funding stream",
}


def rows(sheet_name: str, count: int) -> str:
    """A count of a sheet's rows in words: "1 person", "3 people"."""
    one, several = ROW_WORDS.get(sheet_name, ("row", "rows"))
    return f"{count:,} {one if count == 1 else several}"


def only_once_words(sheet: Sheet) -> str:
    """Why two rows may not share a key, in words: "each person may appear only once",
    "each person may have only one row with the same start date"."""
    first, rest = sheet.key[0], sheet.key[1:]
    if first in KEY_THINGS and not rest:
        return f"each {KEY_THINGS[first]} may appear only once"
    named = [name.replace("_", " ") for name in (rest if first in KEY_THINGS else sheet.key)]
    same = (", ".join(named[:-1]) + " and " + named[-1]) if len(named) > 1 else named[0]
    if first in KEY_THINGS:
        return f"each {KEY_THINGS[first]} may have only one row with the same {same}"
    return f"only one row may have the same {same}"


# Sheets whose rows name a person (checked against `people`; erased with the person)
PERSON_SHEETS: tuple[str, ...] = tuple(
    s.name for s in SHEETS if s.name != "people" and "person_id" in s.column_names
)

# Columns where blank is a real value and part of the key (recruitment: blank = trust-wide);
# stored as '' so that the key is unique in the database too.
BLANK_IS_VALUE = {("recruitment", "directorate"), ("recruitment", "profession")}

# Pairs (start column, end column) that must not run backwards.
DATE_ORDER = {
    "employments": [("start_date", "end_date")],
    "work_preparation": [("start_date", "end_date"), ("start_date", "outcome_date")],
    "training": [("start_date", "end_date")],
    "wellbeing_plans": [("agreed_date", "last_reviewed")],
    "targets": [("period_start", "period_end")],
}

# The built-in lists, used while the trust has not uploaded its own.
BUILT_IN_DIRECTORATES: tuple[tuple[str, str], ...] = (
    ("Acute and Urgent Care", "clinical"),
    ("Community Adult Services", "clinical"),
    ("Older People's Services", "clinical"),
    ("Child and Adolescent Mental Health", "clinical"),
    ("Forensic Services", "clinical"),
    ("Specialist Services", "clinical"),
    ("Learning Disabilities", "clinical"),
    ("Substance Misuse", "clinical"),
    ("Human Resources", "corporate"),
    ("Finance and Performance", "corporate"),
    ("Estates and Facilities", "corporate"),
    ("Nursing and Quality", "corporate"),
)
BUILT_IN_PROFESSIONS: tuple[tuple[str, bool, bool], ...] = (
    # profession, clinical, professionally_qualified
    ("Nursing", True, True),
    ("Psychology", True, True),
    ("Occupational therapy", True, True),
    ("Social work", True, True),
    ("Medical", True, True),
    ("Healthcare support worker", True, False),
    ("Peer support worker", True, False),
    ("Administrative and clerical", False, False),
    ("Estates and ancillary", False, False),
    ("Management", False, False),
)
