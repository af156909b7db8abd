"""Figures the dashboard lets people take away (CSV, and Excel), made safe for spreadsheets: a
value that a spreadsheet would run as a formula is made inert. Only what a page shows goes
out, so the steering group's and the board's downloads carry the controlled figures."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .values import neutralise_for_export

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_TITLE_LIMIT = 31  # Excel's longest sheet name
# The figures as pages write them: 1,234; 90%; 12.5%; £144,400; -3
_COUNT = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?|-?\d+(\.\d+)?")
NUMBER_FORMATS = {"count": "#,##0", "percent": "0%", "pounds": '"£"#,##0'}


def csv_bytes(rows: Sequence[dict]) -> bytes:
    """Rows as CSV (UTF-8 with a byte-order mark, which Excel needs to read £ signs)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_for_export(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_number(value) -> tuple[float | int, str] | None:
    """A figure as the number it says and its Excel format: "1,234" is 1234, "90%" is 0.9
    shown as a percentage, "£144,400" is 144400 in pounds; None for anything else (a `*`,
    "not shown", a name, a date in words), which stays text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return value, NUMBER_FORMATS["count"] if isinstance(value, int) else "General"
    text = str(value).strip()
    unit = "count"
    if text.endswith("%"):
        text, unit = text[:-1], "percent"
    elif text.startswith("£"):
        text, unit = text[1:], "pounds"
    if not _COUNT.fullmatch(text):
        return None
    number = float(text.replace(",", ""))
    if unit == "percent":
        decimals = len(text.partition(".")[2])
        return number / 100, "0%" if not decimals else "0." + "0" * decimals + "%"
    whole = number.is_integer() and "." not in text
    return (int(number) if whole else number), (
        NUMBER_FORMATS[unit] if whole else "#,##0.0" if unit == "count" else '"£"#,##0.00'
    )


def as_text(cell) -> None:
    """A cell the spreadsheet shows exactly as found ("-5" as -5, "=1+1" as =1+1), stored as
    text and marked as text (never run as a formula), with no apostrophe added to it."""
    if isinstance(cell.value, str) and cell.value:
        cell.data_type = "s"
        if cell.value[:1] in FORMULA_STARTS:
            cell.quotePrefix = True


def sheet_title(what: str) -> str:
    """A table's name as an Excel sheet may be called: "the targets" is "Targets"."""
    title = re.sub(r"[\[\]:*?/\\']", " ", what.removeprefix("the ")).strip() or "Figures"
    return (title[0].upper() + title[1:])[:SHEET_TITLE_LIMIT].strip()


def xlsx_bytes(
    tables: Sequence[tuple[str, Sequence[dict]]], notes: Sequence[tuple[str, str]]
) -> bytes:
    """Tables as an Excel workbook: one sheet per table (its headings in bold, numbers as
    numbers in their format, everything else as text, never as a formula), then a Notes
    sheet of (heading, words): what the figures are and the disclosure rule applied."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for what, rows in tables:
        title = sheet_title(what)
        while title in used:  # two tables of the same name
            title = title[: SHEET_TITLE_LIMIT - 2] + f" {len(used) + 1}"
        used.add(title)
        sheet = book.create_sheet(title)
        headings = list(rows[0]) if rows else []
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell_value(row.get(h)) for h in headings])
            for cell, heading in zip(sheet[sheet.max_row], headings, strict=True):
                number = as_number(row.get(heading))
                if number is not None:
                    cell.number_format = number[1]
                else:
                    as_text(cell)
        for index, heading in enumerate(headings, 1):
            longest = max([len(str(heading)), *(len(str(r.get(heading, ""))) for r in rows)])
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(
                max(longest + 2, 10), 70
            )
        sheet.freeze_panes = "A2"
    notes_sheet = book.create_sheet("Notes")
    notes_sheet.append(["About these figures"])
    notes_sheet["A1"].font = Font(bold=True)
    for heading, words in notes:
        notes_sheet.append([heading, words])
        notes_sheet.cell(notes_sheet.max_row, 1).font = Font(bold=True)
        for cell in notes_sheet[notes_sheet.max_row]:
            as_text(cell)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    notes_sheet.column_dimensions["A"].width = 24
    notes_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    number = as_number(value)
    if number is not None:
        return number[0]
    return None if value is None else str(value) if not isinstance(value, str) else value
