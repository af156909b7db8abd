"""The downloadable upload template: every sheet and column of the contract, a sheet that
explains each column in plain words, and drop-down lists for the vocabulary columns."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import contract as c
from . import measures

NHS_BLUE = "005EB8"
TEMPLATE_ROWS = 5000  # rows that carry the drop-down lists and date formats
KIND_WORDS = {
    c.TEXT: "text",
    c.DATE: "date (31/03/2004)",
    c.MONTH: "month (2004-03)",
    c.FINANCIAL_YEAR: "financial year (2003/04)",
    c.YES_NO: "yes or no",
    c.MONEY: "amount in pounds",
    c.WHOLE: "whole number",
    c.NUMBER: "number",
    c.VOCAB: "one of a list",
    c.METRIC: "one of the metric keys (the Metrics sheet)",
}


def _header(ws, names, widths=None) -> None:
    ws.append(list(names))
    for index, cell in enumerate(ws[1], start=1):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=NHS_BLUE)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = (
            widths[index - 1] if widths else max(14, len(str(cell.value)) + 4)
        )
    ws.freeze_panes = "A2"


def template_workbook() -> Workbook:
    book = Workbook()
    guide = book.active
    guide.title = "About this workbook"
    _header(
        guide,
        ["sheet", "column", "required", "what to write", "kind", "example"],
        [18, 26, 10, 80, 22, 34],
    )
    guide.append(
        [
            "",
            "",
            "",
            "Fill in the sheets you keep; you may leave sheets out. Keep "
            "the headings. One row per record; blank rows are skipped. Never type "
            "names, dates of birth or contact details: use each person's code "
            "(person_id). Columns such as 'name' are dropped on upload.",
            "",
            "",
        ]
    )
    lists = book.create_sheet("Lists")
    list_ranges: dict[tuple[str, ...], str] = {}
    list_column = 0

    def list_range(values: tuple[str, ...]) -> str:
        nonlocal list_column
        if values not in list_ranges:
            list_column += 1
            letter = get_column_letter(list_column)
            for row, value in enumerate(values, start=1):
                lists.cell(row=row, column=list_column, value=value)
            list_ranges[values] = f"Lists!${letter}$1:${letter}${len(values)}"
        return list_ranges[values]

    for sheet in c.SHEETS:
        ws = book.create_sheet(sheet.name)
        _header(ws, sheet.column_names)
        guide.append([sheet.name, "", "", sheet.description, "", ""])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
            allowed = None
            if column.kind == c.VOCAB:
                allowed = column.vocabulary
            elif column.kind == c.METRIC:
                allowed = measures.metric_keys()
            elif column.kind == c.YES_NO:
                allowed = ("yes", "no")
            if allowed:
                validation = DataValidation(
                    type="list",
                    formula1=list_range(allowed),
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle="Not on the list",
                    error="Choose a value from the drop-down list.",
                )
                ws.add_data_validation(validation)
                validation.add(cells)
            if column.kind == c.DATE:
                for row in range(2, 202):
                    ws.cell(row=row, column=index).number_format = "DD/MM/YYYY"
            explanation = column.explanation
            if column.default is not None:
                default = column.default
                if isinstance(default, bool):
                    default = "yes" if default else "no"
                explanation += f" Blank means {default}."
            guide.append(
                [
                    sheet.name,
                    column.name,
                    "yes" if column.required else "",
                    explanation,
                    KIND_WORDS[column.kind],
                    "" if column.example is None else str(column.example),
                ]
            )
    lists.sheet_state = "hidden"
    metrics_sheet = book.create_sheet("Metrics")
    _header(metrics_sheet, ["metric", "what it measures", "unit"], [32, 90, 10])
    for key in measures.metric_keys():
        metric = measures.measure(key)
        metrics_sheet.append([key, f"{metric.label}: {metric.meaning}", metric.unit])
    for row in guide.iter_rows(min_row=2):
        row[3].alignment = Alignment(wrap_text=True, vertical="top")
    return book


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    template_workbook().save(buffer)
    return buffer.getvalue()
