"""What the programme lead sees before an upload is written: the problems, grouped so that
fifty bad dates read as one problem with fifty rows (and as a spreadsheet to work through),
or the preview of what will be added, changed and removed, sheet by sheet."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy.engine import Connection, Engine

from . import contract as c
from . import dates, db, importer, measures
from .disclosure import EXACT
from .exports import as_text
from .importer import ImportResult
from .periods import financial_year_to_date
from .problems import Problem
from .views import Ask, Filters, default_as_of
from .workbook import Upload

ROWS_SHOWN = 12  # row numbers listed in a group before "and N more"


@dataclass(frozen=True)
class ProblemGroup:
    """Problems that are the same mistake: the same sheet, column and message."""

    sheet: str
    column: str | None
    message: str
    rows: tuple[int | None, ...]
    examples: tuple[str, ...]

    @property
    def rows_text(self) -> str:
        rows = [str(r) for r in self.rows if r is not None]
        if not rows:
            return ""
        shown = ", ".join(rows[:ROWS_SHOWN])
        more = len(rows) - ROWS_SHOWN
        return shown + (f" and {more} more" if more > 0 else "")


def in_sheet_order(problems: list[Problem]) -> list[Problem]:
    """Problems as the lead works through the workbook: those of a file or of a sheet the
    template does not have first, then sheet by sheet in the template's order, row by row;
    problems of one row in the order they were found."""
    order = {name: i for i, name in enumerate(c.SHEET_NAMES)}

    def place(p: Problem) -> tuple:
        return (order.get(p.sheet, -1), p.row or 0)

    return sorted(problems, key=place)


def group_problems(problems: list[Problem]) -> list[ProblemGroup]:
    """Problems grouped by sheet, column and message, sheet by sheet and row by row (a group
    where its first row is)."""
    groups: dict[tuple, dict] = {}
    for p in in_sheet_order(problems):
        key = (p.sheet, p.column, p.message)
        group = groups.setdefault(key, {"rows": [], "examples": []})
        group["rows"].append(p.row)
        if p.value not in group["examples"] and len(group["examples"]) < 3:
            group["examples"].append(p.value)
    return [
        ProblemGroup(sheet, column, message, tuple(g["rows"]), tuple(g["examples"]))
        for (sheet, column, message), g in groups.items()
    ]


def problems_workbook(problems: list[Problem], total: int | None = None) -> bytes:
    """Every problem as a spreadsheet the lead can work through (sheet, row, column, value
    found, what to do). Values that a spreadsheet would run as formulas are made inert."""
    book = Workbook()
    ws = book.active
    ws.title = "Problems to fix"
    ws.append(["Sheet", "Row", "Column", "Value found", "What to do"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in in_sheet_order(problems):
        ws.append([p.sheet, p.row, p.column or "", p.value, p.message])
        for cell in ws[ws.max_row]:
            as_text(cell)
    if total is not None and total > len(problems):
        ws.append(
            [
                "",
                "",
                "",
                "",
                f"... and {total - len(problems)} more problems of the "
                "same kinds: fix these first and upload again.",
            ]
        )
    for letter, width in zip("ABCDE", (18, 8, 24, 30, 90), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ChangedRow:
    """A stored row the upload would change: its key, and each changed column old -> new."""

    key: str
    changes: tuple[tuple[str, object, object], ...]


@dataclass(frozen=True)
class SheetPreview:
    sheet: str
    replaced: bool
    inserted: int
    updated: int
    unchanged: int
    deleted: int
    changed_rows: tuple[ChangedRow, ...]
    new_rows: tuple[dict, ...]
    removed_rows: tuple[dict, ...]


def preview(result: ImportResult, limit: int = 200) -> list[SheetPreview]:
    """Per sheet: how many rows will be added, changed and left unchanged (and removed, in
    replace mode), with the changed rows old -> new and samples of the rest."""
    previews = []
    for name, change in result.changes.items():
        sheet = c.SHEETS_BY_NAME[name]
        changed = []
        for _, before, differing in change.updates[:limit]:
            key = ", ".join(f"{k} {_shown(before[k])}" for k in sheet.key)
            changed.append(
                ChangedRow(key, tuple((col, before[col], new) for col, new in differing.items()))
            )
        removed = [
            {k: v for k, v in row.items() if k in sheet.column_names}
            for row in change.deletes[:limit]
        ]
        previews.append(
            SheetPreview(
                name,
                change.replaced,
                len(change.inserts),
                len(change.updates),
                change.unchanged,
                len(change.deletes),
                tuple(changed),
                tuple(change.inserted_rows(limit)),
                tuple(removed),
            )
        )
    return previews


def _shown(value) -> str:
    if value is None:
        return "(blank)"
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


shown = _shown


def changing(previews: list[SheetPreview]) -> list[SheetPreview]:
    """The sheets an upload changes (rows added, changed or removed): the preview lists only
    these."""
    return [p for p in previews if p.inserted or p.updated or p.deleted]


@dataclass(frozen=True)
class HeadlineEffect:
    """A headline figure an upload changes: the Overview's figure now and after it."""

    label: str
    before: str
    after: str


def _headline_figures(conn: Connection, as_of: dt.date) -> list:

    ask = Ask(conn, Filters(as_of, financial_year_to_date(as_of)), EXACT)
    return [ask.figure(key, "headline") for key in measures.headlines()]


def headline_effects(
    engine: Engine, upload: Upload, checked: ImportResult, today: dt.date
) -> tuple[dt.date, tuple[HeadlineEffect, ...]]:
    """What an upload its dry run passed would do to the Overview's headline figures (exact,
    as the lead sees them), at the date the Overview would open at after it (the latest date
    in the data then): each figure that changes, now and after. The upload is written in a
    transaction that is rolled back (importer.as_if_imported)."""
    with importer.as_if_imported(engine, upload, checked) as conn:
        as_of = default_as_of(dates.latest_data_date(conn), today, controlled=False)
        after = _headline_figures(conn, as_of)
    with db.reading(engine) as conn:
        before = _headline_figures(conn, as_of)
    return as_of, tuple(
        HeadlineEffect(now.label, then.shown, now.shown)
        for then, now in zip(before, after, strict=True)
        if then.shown != now.shown
    )
