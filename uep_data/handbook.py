"""The project's own documents (docs/): what every measure means, the upload workbook, who
sees what, and the figures each page shows. The parts that are declared in code (the
measures, the workbook's sheets and columns, the pages and their roles) are written from
those declarations, so that a document and the dashboard cannot say different things;
`python -m uep_data docs` writes them, and a test checks that the committed ones are the
ones the code would write."""

from __future__ import annotations

from pathlib import Path

from . import access, pages
from . import contract as c
from .disclosure import DEFAULT_RULES
from .measures import registry as r
from .measures.dimensions import DIMENSIONS
from .measures.moments import (
    AS_GIVEN,
    POINT,
    WHOLE_FINANCIAL_YEARS,
    WHOLE_FINANCIAL_YEARS_ONLY,
    WHOLE_MONTHS,
)
from .words import words_for

GENERATED = (
    "<!-- Written by `python -m uep_data docs` from the declarations in the code: edit those "
    "(or the words in uep_data/handbook.py), not this file. -->"
)

HOW_WORDS = {
    r.COUNT_ROWS: "a count of rows",
    r.COUNT_PEOPLE: "a count of distinct people",
    r.COUNT_DISTINCT: "a count of distinct values",
    r.SUM: "a sum",
    r.RATIO: "a share",
    r.MEDIAN: "a median",
}
PERIOD_RULE_WORDS = {
    AS_GIVEN: "",
    WHOLE_FINANCIAL_YEARS: "every financial year the period touches counts whole (money is "
    "recorded by year)",
    WHOLE_FINANCIAL_YEARS_ONLY: "only over whole financial years that have ended: no figure "
    "for a quarter, a month or a year to date",
    WHOLE_MONTHS: "a month counts in the period that holds its last day",
}
CLASS_WORDS = {
    r.CONTROLLED_COUNT: "a count of people",
    r.SHARE_OF_PEOPLE: "a share worked out from counts of people",
    r.AVERAGE_OVER_PEOPLE: "a median over people",
    r.COST_PER_PERSON: "money per person",
    r.EXACT: "not about people: shown exactly",
}


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(headings: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(headings) + " |", "|" + "---|" * len(headings)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


# --- measures -------------------------------------------------------------------------------


def _how(m: r.Measure) -> str:
    if m.how == r.RATIO:
        scale = "" if m.scale == 1 else f"{m.scale:g} × "
        return f"{scale}`{m.numerator}` / `{m.denominator}`"
    if m.how == r.MEDIAN:
        return f"median of `{m.column}` over `{m.over}`"
    words = HOW_WORDS[m.how]
    if m.column and m.how != r.COUNT_ROWS:
        words += f" of `{m.column}`"
    return f"{words} of `{m.source.name}`" + (" (some rows)" if m.where is not None else "")


def _disclosure(key: str) -> str:
    m = r.measure(key)
    klass = r.disclosure_class(key)
    words = CLASS_WORDS[klass]
    if klass == r.CONTROLLED_COUNT:
        words += (
            ": exact trust-wide (a published figure), controlled below"
            if m.published
            else ": controlled for the steering group and the board, even trust-wide"
        )
    return words


def measures_document() -> str:
    lines = [
        GENERATED,
        "",
        "# Measures: what every number means",
        "",
        "Every number the dashboard shows is a measure, declared once in "
        "`uep_data/measures/registry.py`; the pages, the board pack, the downloads, "
        "`summary` and `page` all read it from there. **D** is the as-of date; a period is "
        "[start, end], both days included (by default the financial year to D). A figure "
        "*on D* is read on the day; a figure *over the period* counts what happened in it.",
        "",
        "- **In post on D**: a post that started on or before D and has not ended before it "
        "(its end date is its last day in post): `in_post.in_post_on`, the one definition.",
        "- A person with two posts on D counts once, under the post that started last, in "
        "every people-in-post figure; coverage counts every post held (a person in two "
        "directorates covers both), and a person is in a clinical, professionally qualified "
        "or management post if any post they hold on D is one (counted once, under the "
        "latest of those posts).",
        "- Percentages are 0 to 100. A share below trust level is worked out from the "
        "controlled counts (who-sees-what.md).",
        "",
        "## Metrics (what targets may be set on, and `summary` lists)",
        "",
    ]
    rows = []
    for key in r.metric_keys():
        m = r.measure(key)
        when = "on D" if r.kind_of(key) == POINT else "over the period"
        rule = PERIOD_RULE_WORDS[m.period_rule]
        rows.append([f"`{key}`", m.label, m.unit, when + (f"; {rule}" if rule else ""), m.meaning])
    lines += _table(["key", "label", "unit", "read", "meaning"], rows)
    lines += ["", "## Every measure, and how it is counted", ""]
    rows = []
    for key, m in r.MEASURES.items():
        below = ", ".join(DIMENSIONS[d].label.lower() for d in m.breakdowns) or "–"
        notes = []
        if m.not_within:
            notes.append("no figure within one " + " or one ".join(m.not_within))
        if m.floor is not None:
            notes.append(f"floor {m.floor:g}%")
        if m.monthly:
            notes.append("a Making Data Count chart")
        if m.running_total:
            notes.append("a running total")
        rows.append(
            [
                f"`{key}`",
                m.label,
                _how(m),
                below,
                _disclosure(key),
                "; ".join(notes) or "–",
            ]
        )
    lines += _table(["key", "label", "how", "broken down by", "disclosure", "notes"], rows)
    lines += [
        "",
        "## Targets",
        "",
        "A target names a metric, a value, a comparison (at least, at most) and a period (a "
        "financial year, or its own start and end; an aspirational target may be "
        "open-ended), and perhaps a directorate and a profession. Its actual is the metric "
        "over the target's period cut at D (a figure on D at the earlier of the period's end "
        "and D). Its status is **met**; **near** (not met, but within 10% of the value: a "
        "setting); **not met**; or **no data**. A period not yet over is **in progress**. A "
        "cost target is read at its year's end.",
        "",
    ]
    return "\n".join(lines)


# --- the upload workbook ----------------------------------------------------------------------

KIND_WORDS = {
    c.TEXT: "text",
    c.DATE: "date",
    c.MONTH: "month",
    c.FINANCIAL_YEAR: "financial year",
    c.YES_NO: "yes/no",
    c.MONEY: "money",
    c.WHOLE: "whole number",
    c.NUMBER: "number",
    c.VOCAB: "one of a list",
    c.METRIC: "a metric key",
}

READING_RULES = """\
## Reading rules (every sheet)

- Files: one `.xlsx` workbook (any subset of the sheets below) and/or `.csv` files (one
  sheet each, named by the file: `contacts.csv`).
- Sheet and column names match whatever their case, spaces, `_` or `-`: `Work preparation`,
  `work_preparation` and `WORK-PREPARATION` are one name. Names of directorates and
  professions match the same way (and their look-alikes, invisible and direction-changing
  characters are refused).
- The heading row is the first row that is not blank; blank rows are skipped. A required
  column (marked *) that is missing is an error; an unknown column is a warning.
- Columns that would identify someone ({identifiers}) are dropped on reading and never
  stored. `person_id` is the lead's pseudonymous code (`P0042`).
- Dates: a spreadsheet date, `2003-04-01`, `01/04/2003` (1 April 2003) or an Excel serial
  number. Months: a date or `2003-04`. Financial years: `2003/04`, `2003-04`, `2003/2004`
  or `FY2003/04`. Yes/no: yes, no, y, n, true, false, 1, 0. Money: a number or `£12,500.00`.
  Whole numbers are whole and not negative. A value outside a list is an error naming the
  allowed values (or the one it is closest to).
- Text is stored exactly, never evaluated; a formula is read as its stored result.
- Every error names the sheet, the row as the spreadsheet shows it, the column, the value
  as found and what is wrong. One error anywhere and nothing of the upload is written.
- Rows are matched by their key: the same key updates a stored row, a new key adds one;
  importing the same file twice changes nothing. A sheet may be replaced as a whole.
"""


def workbook_document() -> str:
    lines = [
        GENERATED,
        "",
        "# The upload workbook",
        "",
        "The programme lead keeps the programme's records in a workbook and uploads it; "
        "`python -m uep_data template FILE.xlsx` writes an empty one with every sheet, "
        "column and drop-down list. The sheets and columns below are declared in "
        "`uep_data/contract.py`, which the reader, the checks, the template, the database "
        "and the sample all follow.",
        "",
        READING_RULES.format(identifiers=", ".join(f"`{n}`" for n in sorted(c.DIRECT_IDENTIFIERS))),
        "## Sheets",
        "",
    ]
    for sheet in c.SHEETS:
        key = " + ".join(sheet.key) + (
            " + the row's place among identical rows" if sheet.counts_identical_rows else ""
        )
        lines += [f"### {sheet.name}", "", f"{sheet.description} Key: {key}.", ""]
        rows = []
        for column in sheet.columns:
            notes = column.explanation
            if column.vocabulary:
                notes += " One of: " + ", ".join(column.vocabulary) + "."
            if column.kind == c.METRIC:
                notes += " One of: " + ", ".join(r.metric_keys()) + "."
            if column.default is not None:
                default = column.default
                if isinstance(default, bool):
                    default = "yes" if default else "no"
                notes += (
                    f" Blank means {words_for(default) if isinstance(default, str) else default}."
                )
            rows.append(
                [
                    f"`{column.name}`" + ("*" if column.required else ""),
                    KIND_WORDS[column.kind],
                    notes.strip(),
                ]
            )
        lines += _table(["column", "type", "notes"], rows) + [""]
    return "\n".join(lines)


# --- who sees what --------------------------------------------------------------------------


def roles_document() -> str:
    rules = DEFAULT_RULES
    lines = [
        GENERATED,
        "",
        "# Who sees what",
        "",
        "The data are about employees' mental health histories: a dashboard on a shared "
        "screen must never tell the room who among their colleagues has used the "
        "programme. Roles come from the sign-in (or, on one person's own computer with "
        'sign-in off, the programme lead, with "View as" to preview the others).',
        "",
        "## The pages each role may open",
        "",
        "A page a role may not open is not registered for it at all (its address opens "
        "nothing), and its data functions refuse that role too. Declared in "
        "`uep_data/pages.py`.",
        "",
    ]
    rows = [
        [page.title, f"`/{page.address}`"]
        + ["yes" if role in page.roles else "" for role in access.ROLES]
        for page in pages.PAGES
    ]
    lines += _table(["page", "address", *(access.ROLE_NAMES[r_] for r_ in access.ROLES)], rows)
    lines += [
        "",
        "Meeting mode is always shown as the steering group sees it, whoever presents. The "
        "board pack is always at board level, whoever makes it.",
        "",
        "## Disclosure control",
        "",
        f"For the steering group, the board, the meeting room and every paper: counts of "
        f"people below trust level of 1 to {rules.suppress_up_to} are shown as `*`, others "
        f"are rounded to the nearest {rules.round_to} (both numbers are settings), "
        "percentages are worked out from the rounded counts, a median over 1 to "
        f"{rules.suppress_up_to} people is not shown, and secondary suppression hides "
        "whatever else would let a `*` be worked out. What is exact, what is controlled, "
        "and why no combination of what a controlled viewer sees gives a small count away, "
        "is in threat-model.md.",
        "",
    ]
    return "\n".join(lines)


def documents() -> dict[str, str]:
    """The generated documents, by file name in docs/."""
    return {
        "measures.md": measures_document(),
        "upload-workbook.md": workbook_document(),
        "who-sees-what.md": roles_document(),
    }


def write(folder: Path) -> list[Path]:
    """Write the generated documents into `folder`; the files written."""
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in documents().items():
        path = folder / name
        path.write_text(text)
        written.append(path)
    return written
