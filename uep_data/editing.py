"""Editing the targets and the action plan in the dashboard: the edited rows go through the
same checks as an upload of those sheets (importer), are written the same way (so an edit
can be undone like an import), and are logged as target changes."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import contract as c
from . import db, importer
from . import schema as s
from .acting import Acting
from .problems import ProblemList
from .values import CellProblem, is_blank, reader_for, shown
from .workbook import SheetRows, Upload

EDITABLE = ("targets", "actions")


def stored_rows(engine: Engine, sheet: str) -> list[dict]:
    """The sheet's rows as stored, in the contract's columns (retired targets included)."""
    table = s.DATA_TABLES[sheet]
    columns = [table.c[name] for name in c.SHEETS_BY_NAME[sheet].column_names]
    with db.reading(engine) as conn:
        return [dict(r) for r in conn.execute(sa.select(*columns).order_by(table.c.id)).mappings()]


def upload_from_rows(sheet_name: str, rows: Sequence[dict]) -> Upload:
    """Rows typed into the editor as an upload of that sheet, read by the same rules as a
    workbook's cells (row numbers count from 1, as the editor shows them)."""
    sheet = c.SHEETS_BY_NAME[sheet_name]
    upload = Upload(problems=ProblemList())
    upload.files.append((f"{sheet_name} editor", ""))
    values: dict[str, list] = {name: [] for name in sheet.column_names}
    for number, row in enumerate(rows, start=1):
        for column in sheet.columns:
            raw = row.get(column.name)
            blank_value = "" if (sheet.name, column.name) in c.BLANK_IS_VALUE else column.default
            if is_blank(raw):
                if column.required:
                    upload.problems.append(
                        importer.Problem(
                            sheet.name, number, column.name, "", "is required: fill it in"
                        )
                    )
                values[column.name].append(blank_value)
                continue
            try:
                values[column.name].append(reader_for(column)(raw))
            except CellProblem as problem:
                upload.problems.append(
                    importer.Problem(sheet.name, number, column.name, shown(raw), str(problem))
                )
                values[column.name].append(blank_value)
    upload.sheets[sheet.name] = SheetRows(
        sheet.name,
        f"{sheet_name} editor",
        sheet.column_names,
        {n: n for n in sheet.column_names},
        values,
        list(range(1, len(rows) + 1)),
    )
    return upload


def save(
    engine: Engine, sheet: str, rows: Sequence[dict], who: str | Acting, dry_run: bool = False
) -> importer.ImportResult:
    """Check and save the edited targets or actions: rows whose key is new are added, rows
    that differ are changed; a row left out is kept (retire a target instead of deleting
    it). Nothing is written if anything is wrong, or if `who` is not the programme lead
    when it is written (access.AccessDenied, from the importer's transaction)."""
    if sheet not in EDITABLE:
        raise ValueError(f"{sheet} is not edited in the dashboard")
    upload = upload_from_rows(sheet, [r for r in rows if not all(is_blank(v) for v in r.values())])
    return importer.import_upload(engine, upload, who=who, dry_run=dry_run, action="targets_edit")
