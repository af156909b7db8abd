"""The rules an upload must keep beyond its cells: within a row, and across sheets against
what the database already holds (docs/upload-workbook.md, "Errors, and all-or-nothing").

Checks append Problems to the upload; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import contract as c
from . import measures, settings
from . import schema as s
from .characters import visible
from .names import Names, Verdict, tidy
from .periods import format_date
from .person_codes import problem_with_code
from .problems import Problem
from .values import CellProblem, vocabulary_reader
from .words import did_you_mean
from .workbook import SheetRows, Upload

CHUNK = 500  # values per IN (...) list


def chunks(values: Iterable, size: int = CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _problem(sheet_rows: SheetRows, index: int, column: str, value, message: str) -> Problem:
    return Problem(
        sheet_rows.sheet,
        sheet_rows.row_numbers[index],
        sheet_rows.heading(column),
        ""
        if value is None
        else (format_date(value) if hasattr(value, "strftime") else visible(str(value))),
        message,
    )


# --- within a row ------------------------------------------------------------------------


def check_rows(upload: Upload) -> None:
    """Rules within one row: dates in order, counts that fit, targets that can be measured."""
    for sheet_name, pairs in c.DATE_ORDER.items():
        sheet_rows = upload.sheets.get(sheet_name)
        if sheet_rows is None:
            continue
        for first, second in pairs:
            starts, ends = sheet_rows.values[first], sheet_rows.values[second]
            for index, (start, end) in enumerate(zip(starts, ends)):
                if start and end and end < start:
                    upload.problems.append(
                        _problem(
                            sheet_rows,
                            index,
                            second,
                            end,
                            f"is before {sheet_rows.heading(first)} ({format_date(start)}): "
                            "an end cannot come before its start",
                        )
                    )
    recruitment = upload.sheets.get("recruitment")
    if recruitment is not None:
        recruits = recruitment.values["recruits"]
        lived = recruitment.values["recruits_lived_experience"]
        for index, (total, part) in enumerate(zip(recruits, lived)):
            if part is not None and total is not None and part > total:
                upload.problems.append(
                    _problem(
                        recruitment,
                        index,
                        "recruits_lived_experience",
                        part,
                        f"is more than the recruits in the same row ({total})",
                    )
                )
    targets = upload.sheets.get("targets")
    if targets is not None:
        for index, row in enumerate(targets.rows):
            _check_target_row(upload, targets, index, row)


def _target_metric(upload: Upload, targets: SheetRows, index: int, row: dict):
    """The measure a target names, read like a vocabulary value (case, spaces, _ and -; "did
    you mean" for a slip), the row then holding its key; None and a problem otherwise."""
    typed = row.get("metric")
    if typed is None or typed == "":
        return None
    try:
        key = vocabulary_reader(measures.metric_keys())(typed)
    except CellProblem as problem:
        upload.problems.append(_problem(targets, index, "metric", typed, str(problem)))
        return None
    row["metric"] = key
    return measures.measure(key)


def _check_target_row(upload: Upload, targets: SheetRows, index: int, row: dict) -> None:
    metric = _target_metric(upload, targets, index, row)
    has_dates = row.get("period_start") or row.get("period_end")
    if row.get("financial_year") and has_dates:
        upload.problems.append(
            _problem(
                targets,
                index,
                "financial_year",
                row["financial_year"],
                "give either a financial year or period_start/period_end, not both",
            )
        )
    if row.get("level") == "interim" and not (row.get("financial_year") or row.get("period_start")):
        upload.problems.append(
            _problem(
                targets,
                index,
                "financial_year",
                "",
                "an interim target needs its financial year (or period_start and period_end)",
            )
        )
    value = row.get("value")
    if metric is not None and value is not None:
        if value < 0:
            upload.problems.append(_problem(targets, index, "value", value, "must be 0 or more"))
        elif metric.unit == "percent" and value > 100:
            upload.problems.append(
                _problem(
                    targets,
                    index,
                    "value",
                    value,
                    f"{metric.key} is a percentage: give a value from 0 to 100",
                )
            )
    if metric is not None and not measures.scopable(metric.key):
        for column in ("directorate", "profession"):
            if row.get(column):
                upload.problems.append(
                    _problem(
                        targets,
                        index,
                        column,
                        row[column],
                        f"{metric.key} is not recorded by {column}: leave it blank",
                    )
                )
    if row.get("parent_target_id") and row.get("parent_target_id") == row.get("target_id"):
        upload.problems.append(
            _problem(
                targets,
                index,
                "parent_target_id",
                row["parent_target_id"],
                "a target cannot build towards itself",
            )
        )


# --- across sheets, against the database -------------------------------------------------


def check_against_database(conn: Connection, upload: Upload, replace: set[str]) -> None:
    """Rules across sheets, judged on the data as they would be after this import."""
    check_person_codes(conn, upload)
    _check_people(conn, upload, replace)
    settle_names(conn, upload, replace)
    _check_lists(conn, upload, replace)
    _check_recruitment_granularity(conn, upload, replace)
    _check_target_links(conn, upload, replace)


def check_person_codes(conn: Connection, upload: Upload) -> None:
    """Every person_id is a code written as the programme lead has set (Settings), and never
    looks like a direct identifier (an NHS number, an email address, a telephone number or a
    name): the database must never receive one."""
    rule = settings.person_code_rule(conn)
    for sheet_name in ("people",) + c.PERSON_SHEETS:
        sheet_rows = upload.sheets.get(sheet_name)
        if sheet_rows is None:
            continue
        codes = sheet_rows.values["person_id"]
        # each distinct code judged once: a large upload repeats a few thousand codes
        wrong = {code: problem_with_code(code, rule) for code in set(codes) if code}
        wrong = {code: problem for code, problem in wrong.items() if problem}
        if not wrong:
            continue
        for index, code in enumerate(codes):
            if code in wrong:
                upload.problems.append(_problem(sheet_rows, index, "person_id", code, wrong[code]))


def _stored_values(
    conn: Connection, table: sa.Table, column: str, among: Iterable | None = None
) -> set:
    col = table.c[column]
    if among is None:
        return {v for (v,) in conn.execute(sa.select(col).distinct())}
    found = set()
    for part in chunks(sorted(among)):
        found.update(v for (v,) in conn.execute(sa.select(col).distinct().where(col.in_(part))))
    return found


def _check_people(conn: Connection, upload: Upload, replace: set[str]) -> None:
    people = upload.sheets.get("people")
    upload_ids = set(people.values["person_id"]) - {None} if people else set()
    referenced = set()
    for sheet_name in c.PERSON_SHEETS:
        sheet_rows = upload.sheets.get(sheet_name)
        if sheet_rows:
            referenced.update(sheet_rows.values["person_id"])
    referenced.discard(None)
    if "people" in replace:
        known = upload_ids
    else:
        known = upload_ids | _stored_values(conn, s.people, "person_id", referenced - upload_ids)
    if referenced - known:
        for sheet_name in c.PERSON_SHEETS:
            sheet_rows = upload.sheets.get(sheet_name)
            if not sheet_rows:
                continue
            for index, person_id in enumerate(sheet_rows.values["person_id"]):
                if person_id and person_id not in known:
                    upload.problems.append(
                        _problem(
                            sheet_rows,
                            index,
                            "person_id",
                            person_id,
                            "is not on the people sheet: add a row for this person to people (or "
                            "correct the code)",
                        )
                    )
    if "people" in replace and people is not None:
        removed = _stored_values(conn, s.people, "person_id") - upload_ids
        for sheet_name in c.PERSON_SHEETS:
            if sheet_name in replace or not removed:
                continue
            still_used = _stored_values(conn, s.DATA_TABLES[sheet_name], "person_id", removed)
            for person_id in sorted(still_used):
                upload.problems.append(
                    Problem(
                        "people",
                        None,
                        "person_id",
                        person_id,
                        f"is still used on {sheet_name} in the database, so replacing people would "
                        f"leave those rows without a person: keep {person_id} on people, or replace "
                        f"{sheet_name} too",
                    )
                )


# Names typed again and again besides the lists' own (names.py): a funding stream (part of
# its sheet's key, so a look-alike would count a grant twice) and a cohort (the rows of a
# cohort are counted together). Person codes follow the lead's own rule (Settings); other
# free text (titles, owners, funders, descriptions) is kept as typed.
NAMED_COLUMNS = (("funding", "stream"), ("work_preparation", "cohort"))
LIST_SHEETS = ("directorates", "professions")


def _built_in_names(sheet_name: str) -> list[str]:
    built_in = c.BUILT_IN_DIRECTORATES if sheet_name == "directorates" else c.BUILT_IN_PROFESSIONS
    return [entry[0] for entry in built_in]


def _stored_names(conn: Connection, table: sa.Table, column: str) -> list[str]:
    """A column's names as stored, the first stored first."""
    col = table.c[column]
    query = (
        sa.select(col).where(col.is_not(None)).group_by(col).order_by(sa.func.min(table.c.id), col)
    )
    return [v for (v,) in conn.execute(query) if v]


def settle_names(conn: Connection, upload: Upload, replace: set[str]) -> None:
    """Each name of a list sheet, a funding stream or a cohort either is a name already
    listed (stored, or earlier in the upload), and is then written as listed, or is a new
    name, tidied (NFKC, single spaces); a name that only looks like another, or holds
    characters that cannot be seen, is a problem at its cell. A list sheet naming one
    directorate or profession twice, however spelt, is a problem at the second row."""
    for sheet_name in LIST_SHEETS:
        sheet_rows = upload.sheets.get(sheet_name)
        if sheet_rows is None:
            continue
        column = sheet_name[:-1]  # directorate, profession
        table = s.DATA_TABLES[sheet_name]
        stored = [] if sheet_name in replace else _stored_names(conn, table, column)
        listed = Names(stored, look_alikes=_built_in_names(sheet_name))
        first: dict[str, tuple[int, str]] = {}  # listed name -> (its first row, as typed)
        values = sheet_rows.values[column]
        for index, value in enumerate(values):
            if not value:
                continue
            verdict = listed.judge(value)
            if verdict.problem is not None:
                upload.problems.append(_problem(sheet_rows, index, column, value, verdict.problem))
                values[index] = None
                continue
            name = verdict.spelling
            if name in first and tidy(first[name][1]) != tidy(value):
                upload.problems.append(
                    _problem(
                        sheet_rows,
                        index,
                        column,
                        value,
                        f"is the same {column} as “{name}” on row {first[name][0]} (names "
                        "match whatever their case and spacing): keep one of the two rows",
                    )
                )
                values[index] = None  # said once (a row typed alike is said to repeat
                continue  # when the rows are planned)
            first.setdefault(name, (sheet_rows.row_numbers[index], value))
            values[index] = name
            listed.add(name)
    for sheet_name, column in NAMED_COLUMNS:
        sheet_rows = upload.sheets.get(sheet_name)
        if sheet_rows is None:
            continue
        table = s.DATA_TABLES[sheet_name]
        listed = Names([] if sheet_name in replace else _stored_names(conn, table, column))
        values = sheet_rows.values[column]
        judged: dict[str, Verdict] = {}
        for index, value in enumerate(values):
            if not value:
                continue
            verdict = judged.get(value)
            if verdict is None:
                verdict = judged[value] = listed.judge(value)
                if verdict.spelling is not None:
                    listed.add(verdict.spelling)
            if verdict.problem is not None:
                upload.problems.append(_problem(sheet_rows, index, column, value, verdict.problem))
            else:
                values[index] = verdict.spelling


def _final_list(conn: Connection, upload: Upload, replace: set[str], sheet_name: str) -> Names:
    """The directorates or professions after this import (as settle_names left the upload's):
    the stored list and the upload's, or without either the built-in list."""
    table = s.DATA_TABLES[sheet_name]
    column = sheet_name[:-1]  # directorate, profession
    names = [] if sheet_name in replace else _stored_names(conn, table, column)
    sheet_rows = upload.sheets.get(sheet_name)
    if sheet_rows is not None:
        names += [v for v in sheet_rows.values[column] if v]
    return Names(names or _built_in_names(sheet_name))


def _check_lists(conn: Connection, upload: Upload, replace: set[str]) -> None:
    """Directorates and professions used anywhere must be on the trust's lists (or, without
    them, the built-in lists); spellings are matched like names and stored as listed, and a
    name that only looks like a listed one is refused (names.py)."""
    for list_name in ("directorates", "professions"):
        column = list_name[:-1]  # directorate, profession
        listed = _final_list(conn, upload, replace, list_name)
        own_list = (list_name in upload.sheets) or (
            list_name not in replace
            and conn.execute(
                sa.select(sa.func.count()).select_from(s.DATA_TABLES[list_name])
            ).scalar()
        )
        advice = (
            f"add it to the {list_name} sheet, or correct the spelling"
            if own_list
            else f"it is not on the built-in list: add a {list_name} sheet listing your "
            f"trust's {list_name}"
        )
        for sheet_name in ("employments", "recruitment", "targets"):
            sheet_rows = upload.sheets.get(sheet_name)
            if sheet_rows is not None:
                used = sheet_rows.values[column]
                verdicts = {value: listed.judge(value) for value in set(used) if value}
                for index, value in enumerate(used):
                    if not value:
                        continue
                    verdict = verdicts[value]
                    if verdict.listed is not None:
                        used[index] = verdict.listed  # stored as the list spells it
                        continue
                    if verdict.problem is not None:
                        message = verdict.problem
                    else:
                        guess = did_you_mean(value, listed.names, c.normalise_name)
                        message = (
                            f"is not on the {list_name} list: did you mean “{guess}”? "
                            f"Correct the spelling, or add it to the {list_name} sheet"
                            if guess is not None and own_list
                            else f"is not on the {list_name} list: did you mean “{guess}”?"
                            if guess is not None
                            else f"is not on the {list_name} list: {advice}"
                        )
                    upload.problems.append(_problem(sheet_rows, index, column, value, message))
            if sheet_name in replace:
                continue
            table = s.DATA_TABLES[sheet_name]
            stored = {v for v in _stored_values(conn, table, column) if v}
            for value in sorted(stored):
                if listed.find(value) is None:
                    upload.problems.append(
                        Problem(
                            list_name,
                            None,
                            column,
                            value,
                            f"is used on {sheet_name} in the database but would no longer be on "
                            f"the {list_name} list: keep it on the list, or change those rows",
                        )
                    )


def _check_recruitment_granularity(conn: Connection, upload: Upload, replace: set[str]) -> None:
    """Within a month, rows are all trust-wide or all by directorate (and likewise for
    professions), so that nothing is counted twice."""
    recruitment = upload.sheets.get("recruitment")
    if recruitment is None:
        return
    shapes: dict = defaultdict(set)
    first_index: dict = {}
    rows = recruitment.rows
    for index, row in enumerate(rows):
        month = row["period"]
        if month is None:
            continue
        shapes[month].add((row["directorate"] == "", row["profession"] == ""))
        first_index.setdefault(month, index)
    if "recruitment" not in replace and shapes:
        t = s.recruitment
        upload_keys = {(r["period"], r["directorate"], r["profession"]) for r in rows}
        for part in chunks(sorted(shapes)):
            for period, directorate, profession in conn.execute(
                sa.select(t.c.period, t.c.directorate, t.c.profession).where(t.c.period.in_(part))
            ):
                if (period, directorate, profession) not in upload_keys:
                    shapes[period].add((directorate == "", profession == ""))
    for month, kinds in sorted(shapes.items()):
        if len(kinds) > 1:
            upload.problems.append(
                _problem(
                    recruitment,
                    first_index[month],
                    "period",
                    month.strftime("%Y-%m"),
                    "this month has both trust-wide rows (directorate or profession blank) and "
                    "rows by directorate or profession, so recruits would be counted twice: give "
                    "the month either one trust-wide row or rows that divide it up",
                )
            )


def _check_target_links(conn: Connection, upload: Upload, replace: set[str]) -> None:
    targets = upload.sheets.get("targets")
    levels = {}
    if "targets" not in replace:
        levels.update(dict(conn.execute(sa.select(s.targets.c.target_id, s.targets.c.level)).all()))
    if targets is not None:
        levels.update({row["target_id"]: row["level"] for row in targets.rows})
        for index, row in enumerate(targets.rows):
            parent = row.get("parent_target_id")
            if not parent:
                continue
            if parent not in levels:
                upload.problems.append(
                    _problem(
                        targets,
                        index,
                        "parent_target_id",
                        parent,
                        "is not a target_id on the targets sheet",
                    )
                )
            elif levels[parent] != "aspirational":
                upload.problems.append(
                    _problem(
                        targets, index, "parent_target_id", parent, "must be an aspirational target"
                    )
                )
    actions = upload.sheets.get("actions")
    if actions is not None:
        for index, row in enumerate(actions.rows):
            if row.get("target_id") and row["target_id"] not in levels:
                upload.problems.append(
                    _problem(
                        actions,
                        index,
                        "target_id",
                        row["target_id"],
                        "is not a target_id on the targets sheet",
                    )
                )
    if "targets" in replace and "actions" not in replace:
        used = {v for v in _stored_values(conn, s.actions, "target_id") if v}
        for target_id in sorted(used - set(levels)):
            upload.problems.append(
                Problem(
                    "targets",
                    None,
                    "target_id",
                    target_id,
                    "is used by actions in the database: keep the target, or replace actions too",
                )
            )
