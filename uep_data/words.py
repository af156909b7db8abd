"""The words a programme lead reads for the codes the workbook stores: `band_5` is "Band 5",
`open_employment_in_trust` is "Open employment in the trust". Codes stay in the database and
the upload contract; people see these words."""

from __future__ import annotations

# Codes whose plain reading ("Band 5" from band_5) is not simply the code with spaces
SPECIAL_WORDS = {
    "vsm": "Very senior manager",
    "medical": "Medical",
    "open_employment_in_trust": "Open employment in the trust",
    "open_employment_elsewhere": "Open employment elsewhere",
    "education_training": "Education or training",
    "not_known": "Not yet known",
    "meeting_outside_work": "Meeting outside work",
    "in_workplace": "In the workplace",
    "text_message": "Text message",
    "outside_work": "Life outside work",
    "job_demands": "Job demands",
    "relationships_at_work": "Relationships at work",
    "career_development": "Career development",
    "return_to_work": "Return to work",
    "sickness_absence": "Sickness absence",
    "in_work_review": "In-work review",
    "job_offer": "Job offer",
    "job_search": "Job search",
    "occupational_health": "Occupational health",
    "recurring_grant": "Recurring grant",
    "one_off": "One-off (non-recurrent)",
    "at_least": "at least",
    "at_most": "at most",
    "not_started": "Not started",
    "in_progress": "In progress",
    "full_time": "Full time",
    "part_time": "Part time",
    "clinical_team": "Clinical team",
    "human_resources": "Human resources",
    "jobcentre_plus": "Jobcentre Plus",
    "voluntary_sector": "Voluntary sector",
    "new_recruit": "New recruit",
    "existing_staff": "Existing staff",
    "work_preparation": "Work preparation",
    "clinical_psychology": "Clinical psychology",
    "occupational_therapy": "Occupational therapy",
    "social_work": "Social work",
    "in_training": "In training",
    "moved_post_in_trust": "Moved to another post in the trust",
    "ill_health": "Ill health",
    "end_of_contract": "End of contract",
    "in_post_support": "In-post support",
    "programme_wide": "Programme-wide",
}


def words_for(code) -> str:
    """A stored code as people read it; text that is not a code is left as it is."""
    if code is None:
        return ""
    text = str(code)
    if text in SPECIAL_WORDS:
        return SPECIAL_WORDS[text]
    if text.startswith("band_") and text[5:].isdigit():
        return f"Band {text[5:]}"
    if text.isidentifier() and text == text.lower():
        return text.replace("_", " ").capitalize()
    return text


def edit_distance(a: str, b: str) -> int:
    """How many letters must be added, removed or changed to turn `a` into `b`."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def did_you_mean(typed: str, names, normalise=lambda t: t.strip().lower()) -> str | None:
    """The one name `typed` is a slip of (a letter or two wrong: at most 2, or 3 in a long
    name), or None when none is that close or two are equally close."""
    wanted = normalise(typed)
    if not wanted:
        return None
    allowed = 3 if len(wanted) >= 12 else 2 if len(wanted) >= 4 else 1
    scored = sorted((edit_distance(wanted, normalise(n)), n) for n in names)
    close = [(d, n) for d, n in scored if d <= allowed]
    if not close or (len(close) > 1 and close[0][0] == close[1][0]):
        return None
    return close[0][1]
