"""Reading an upload (.xlsx workbooks and .csv files) into typed rows, by the contract.

Sheet and column names are matched by the contract's rules, direct identifiers are dropped
and reported, every cell is read by its column's reading rule, and every problem found is
collected with its sheet, row (as the spreadsheet shows it), column and value.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from . import contract as c
from .file_checks import UnsafeFile, check_workbook, column_number, kind_of
from .problems import Problem, ProblemList
from .values import CellProblem, is_blank, reader_for, shown

# Sheets of our own template that are explanation, not data
TEMPLATE_GUIDE_SHEETS = frozenset({"about_this_workbook", "metrics", "lists"})
MAX_CSV_FIELD = 32_767  # the longest text a spreadsheet cell holds


@dataclass
class SheetRows:
    """The typed values of one sheet of the contract, as read from one file, by column."""

    sheet: str
    source: str  # where it came from: "file.xlsx, sheet 'Contacts'" or "contacts.csv"
    columns: tuple[str, ...]  # contract columns present in the file
    headers: dict[str, str]  # contract column -> heading as written in the file
    # contract column -> one value per row (every column; defaults where not in the file)
    values: dict[str, list] = field(default_factory=dict)
    row_numbers: list[int] = field(default_factory=list)  # as the spreadsheet shows them

    def __len__(self) -> int:
        return len(self.row_numbers)

    def heading(self, column: str) -> str:
        return self.headers.get(column, column)

    def row(self, index: int) -> dict:
        return {name: column[index] for name, column in self.values.items()}

    @property
    def rows(self) -> list[dict]:
        """Every row as a dict (built on demand: prefer `values` for large sheets)."""
        return [self.row(i) for i in range(len(self))]


@dataclass
class Upload:
    """What an upload holds, before any check against the database."""

    sheets: dict[str, SheetRows] = field(default_factory=dict)
    problems: ProblemList = field(default_factory=ProblemList)
    warnings: list[str] = field(default_factory=list)
    files: list[tuple[str, str]] = field(default_factory=list)  # (file name, sha256)

    @property
    def file_names(self) -> str:
        return ", ".join(name for name, _ in self.files)

    @property
    def file_hash(self) -> str:
        if len(self.files) == 1:
            return self.files[0][1]
        return hashlib.sha256("".join(h for _, h in sorted(self.files)).encode()).hexdigest()


def contract_sheet_for(name: str) -> c.Sheet | None:
    return c.SHEETS_BY_NAME.get(c.normalise_name(name))


def read_upload(
    files: Sequence[tuple[str, bytes]], csv_sheets: Mapping[str, str] | None = None
) -> Upload:
    """Read one workbook and/or CSV files into an Upload (typed rows, problems, warnings).

    `csv_sheets` may name the sheet of a CSV file (file name -> sheet); otherwise a CSV
    file's sheet is its file name's stem (contacts.csv -> contacts).
    """
    upload = Upload()
    csv_sheets = csv_sheets or {}
    for name, data in files:
        upload.files.append((name, hashlib.sha256(data).hexdigest()))
        try:
            if kind_of(name, data) == "xlsx":
                _read_xlsx(upload, name, data)
            else:
                _read_csv(upload, name, data, csv_sheets.get(name))
        except UnsafeFile as refusal:
            upload.problems.append(Problem(name, None, None, "", str(refusal)))
    if not upload.sheets and not upload.problems:
        upload.problems.append(
            Problem(
                upload.file_names or "upload",
                None,
                None,
                "",
                "no sheet in this upload is named like a sheet of the template ("
                + ", ".join(c.SHEET_NAMES)
                + "). Rename the sheets, or start from the template.",
            )
        )
    return upload


def _add_sheet(upload: Upload, sheet_rows: SheetRows) -> None:
    existing = upload.sheets.get(sheet_rows.sheet)
    if existing is not None:
        upload.problems.append(
            Problem(
                sheet_rows.sheet,
                None,
                None,
                "",
                f"this sheet appears twice in the upload ({existing.source} and "
                f"{sheet_rows.source}): upload it once",
            )
        )
        return
    upload.sheets[sheet_rows.sheet] = sheet_rows


# --- .xlsx -------------------------------------------------------------------------------

_FORMULA = re.compile(rb"<f[\s/>]")
_FORMULA_OR_ERROR = re.compile(rb'<f[\s/>]|t="e"')
_ERROR_TYPE = re.compile(rb'\st="e"')
_CELL_OPEN = re.compile(rb"<c\b[^>]*>")
_REF = re.compile(rb'\sr="([A-Z]{1,4})(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


def unreadable_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Cells whose stored value a reader cannot trust: (row, column number) -> what is wrong.

    Spreadsheet readers return an error value (#DIV/0!, #N/A...) or a formula that was never
    calculated as an empty cell, so they are found in the sheet's XML: cells typed "e", and
    formula cells with no stored result.
    """
    found: dict[tuple[int, int], str] = {}
    if not _FORMULA_OR_ERROR.search(xml):
        return found
    starts = {m.start() for m in _FORMULA.finditer(xml)} | {
        m.start() for m in _ERROR_TYPE.finditer(xml)
    }
    for position in sorted(starts):
        cell_start = xml.rfind(b"<c", 0, position + 1)
        while cell_start >= 0 and xml[cell_start + 2 : cell_start + 3] not in (b" ", b">"):
            cell_start = xml.rfind(b"<c", 0, cell_start)
        if cell_start < 0:
            continue
        open_tag = _CELL_OPEN.match(xml, cell_start)
        if not open_tag:
            continue
        tag = open_tag.group(0)
        ref = _REF.search(tag)
        if not ref:
            continue
        key = (int(ref.group(2)), column_number(ref.group(1)))
        if key in found:
            continue
        cell_end = xml.find(b"</c>", open_tag.end())
        body = xml[open_tag.end() : cell_end if cell_end >= 0 else len(xml)]
        value = _VALUE.search(body)
        if b't="e"' in tag:
            found[key] = (
                "is a spreadsheet error ("
                + (value.group(1).decode("utf-8", "replace") if value else "error")
                + "): correct the formula or type the value"
            )
        elif b"<f" in body and not value and b't="str"' not in tag:
            found[key] = (
                "is a formula with no saved result: open the file in your "
                "spreadsheet program, let it calculate, and save it again"
            )
    return found


def _read_xlsx(upload: Upload, name: str, data: bytes) -> None:
    checked = check_workbook(
        name, data, wanted=lambda sheet: c.normalise_name(sheet) in c.SHEETS_BY_NAME
    )
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(checked.data))
    except Exception:  # calamine's own errors: a damaged or unsupported workbook
        raise UnsafeFile(
            f"{name} could not be opened as a workbook. Open it in your "
            "spreadsheet program, save it as 'Excel Workbook (.xlsx)' and upload "
            "it again."
        ) from None
    for sheet_name in book.sheet_names:
        contract_sheet = contract_sheet_for(sheet_name)
        if contract_sheet is None:
            if c.normalise_name(sheet_name) not in TEMPLATE_GUIDE_SHEETS:
                upload.warnings.append(
                    f"{name}: the sheet '{sheet_name}' is not part of the template and was ignored."
                )
            continue
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            cells = sheet.to_python(skip_empty_area=True)
        except Exception:
            upload.problems.append(
                Problem(
                    contract_sheet.name,
                    None,
                    None,
                    "",
                    f"the sheet '{sheet_name}' in {name} could not be "
                    "read: save the workbook again and re-upload it",
                )
            )
            continue
        start_row, start_col = sheet.start if sheet.start else (0, 0)
        xml = checked.sheet_parts.get(sheet_name, b"")
        _add_sheet(
            upload,
            _read_table(
                upload,
                contract_sheet,
                f"{name}, sheet '{sheet_name}'",
                cells,
                first_row_number=start_row + 1,
                first_col_number=start_col + 1,
                bad_cells=unreadable_cells(xml),
            ),
        )


# --- .csv --------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252,
    which is what Excel's plain 'CSV' uses in the UK (a £ sign is byte A3)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_csv(upload: Upload, name: str, data: bytes, sheet_name: str | None) -> None:
    stem = sheet_name or Path(name).stem
    contract_sheet = contract_sheet_for(stem)
    if contract_sheet is None:
        upload.problems.append(
            Problem(
                name,
                None,
                None,
                "",
                f"a CSV file is read as the sheet its name says, and '{stem}' is not a sheet of "
                "the template. Name the file after its sheet, for example contacts.csv ("
                + ", ".join(c.SHEET_NAMES)
                + ").",
            )
        )
        return
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CSV_FIELD * 4)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    cells: list[list] = []
    try:
        for record in reader:
            cells.append(record)
    except csv.Error as error:
        upload.problems.append(
            Problem(
                contract_sheet.name,
                reader.line_num,
                None,
                "",
                f"the CSV file {name} cannot be read here ({error}); "
                "save it again from your spreadsheet program",
            )
        )
        return
    _add_sheet(upload, _read_table(upload, contract_sheet, name, cells, 1, 1, {}))


# --- one table of cells ------------------------------------------------------------------


def _read_table(
    upload: Upload,
    sheet: c.Sheet,
    source: str,
    cells: list[list],
    first_row_number: int,
    first_col_number: int,
    bad_cells: Mapping[tuple[int, int], str],
) -> SheetRows:
    problems = upload.problems
    header_index = next(
        (i for i, row in enumerate(cells) if any(not is_blank(v) for v in row)), None
    )
    if header_index is None:
        upload.warnings.append(f"{source}: the sheet is empty; nothing was read from it.")
        return SheetRows(sheet.name, source, (), {}, {col.name: [] for col in sheet.columns}, [])
    header_row_number = first_row_number + header_index

    by_column: dict[str, int] = {}
    headers: dict[str, str] = {}
    dropped, unknown = [], []
    for index, heading in enumerate(cells[header_index]):
        if is_blank(heading):
            continue
        written = shown(heading).strip()
        key = c.normalise_name(written)
        if key in c.DIRECT_IDENTIFIERS:
            dropped.append(written)
        elif key in sheet.column_names:
            if key in by_column:
                problems.append(
                    Problem(
                        sheet.name,
                        header_row_number,
                        written,
                        written,
                        f"two columns are headed '{headers[key]}' and "
                        f"'{written}': keep one of them",
                    )
                )
            else:
                by_column[key] = index
                headers[key] = written
        else:
            unknown.append(written)
    if dropped:
        upload.warnings.append(
            f"{source}: the column{'s' if len(dropped) > 1 else ''} "
            + ", ".join(f"'{d}'" for d in dropped)
            + " identif"
            + ("y" if len(dropped) > 1 else "ies")
            + " people directly and "
            + ("were" if len(dropped) > 1 else "was")
            + " dropped: the dashboard never stores names or contact details."
        )
    if unknown:
        upload.warnings.append(
            f"{source}: the column{'s' if len(unknown) > 1 else ''} "
            + ", ".join(f"'{u}'" for u in unknown)
            + (" are" if len(unknown) > 1 else " is")
            + " not part of the template and "
            + ("were" if len(unknown) > 1 else "was")
            + " ignored."
        )
    for column in sheet.columns:
        if column.required and column.name not in by_column:
            problems.append(
                Problem(
                    sheet.name,
                    header_row_number,
                    column.name,
                    "",
                    f"the required column '{column.name}' is missing: add a "
                    "column with that heading",
                )
            )

    present = tuple(col.name for col in sheet.columns if col.name in by_column)
    body = cells[header_index + 1 :]
    first_body_row = first_row_number + header_index + 1
    bad_rows = {row for row, _ in bad_cells}
    # a row is kept if it has anything in it (an error cell reads as empty: keep its row)
    kept = [i for i, raw_row in enumerate(body) if any(raw_row) or first_body_row + i in bad_rows]
    width = len(cells[header_index])
    by_position = _by_column([body[i] for i in kept] if len(kept) < len(body) else body, width)
    distinct = [set(column) for column in by_position]
    if any(v.__class__ is str and v and not v.strip() for values in distinct for v in values):
        # any() counts "  " as content: rows of nothing but spaces are blank rows too
        kept = [i for i in kept if not _only_blanks(body[i]) or first_body_row + i in bad_rows]
        by_position = _by_column([body[i] for i in kept], width)
        distinct = [set(column) for column in by_position]
    row_numbers = [first_body_row + i for i in kept]
    values: dict[str, list] = {}
    for column in sheet.columns:
        blank_value = "" if (sheet.name, column.name) in c.BLANK_IS_VALUE else column.default
        if column.name not in by_column or not kept:
            values[column.name] = [blank_value] * len(kept)
            continue
        index = by_column[column.name]
        values[column.name] = _read_column(
            problems,
            sheet.name,
            headers[column.name],
            column,
            by_position[index],
            distinct[index],
            row_numbers,
            blank_value,
            {
                row: cell
                for (row, col), cell in bad_cells.items()
                if col == first_col_number + index
            },
        )
    return SheetRows(sheet.name, source, present, headers, values, row_numbers)


REQUIRED = "is required: fill it in"


def _by_column(rows: list, width: int) -> list:
    """The cells column by column, `width` columns at least (CSV rows may be ragged: short
    ones are padded)."""
    if not rows:
        return []
    width = max(width, *map(len, rows))
    if min(map(len, rows)) < width:
        rows = [list(r) + [None] * (width - len(r)) for r in rows]
    return list(zip(*rows))


def _only_blanks(raw_row) -> bool:
    """A row whose only content is spaces (any() counts "  " as content)."""
    return not any(not is_blank(v) for v in raw_row)


_BLANK = object()


def _read_column(
    problems, sheet_name, heading, column, raw_column, distinct, row_numbers, blank_value, bad_cells
) -> list:
    """One column's cells read by its rule. Each distinct value is read once and the column
    is then looked up in one pass: a large sheet holds few distinct dates, modes or codes."""
    reader = reader_for(column)
    # True == 1 == 1.0 in Python: a column mixing booleans and numbers is read cell by cell
    mixed = (True in distinct or False in distinct) and len(
        set(map(type, raw_column)) & {bool, int, float}
    ) > 1
    readings: dict = {}

    def read(raw):
        if is_blank(raw):
            return _BLANK
        if isinstance(raw, str) and len(raw) > MAX_CSV_FIELD:
            return CellProblem("is longer than a spreadsheet cell can hold")
        try:
            return reader(raw)
        except CellProblem as problem:
            return problem

    if mixed:
        read_values = [read(raw) for raw in raw_column]
    else:
        for raw in distinct:
            readings[raw] = read(raw)
        read_values = [readings[raw] for raw in raw_column]
    unreadable = (
        {raw for raw, v in readings.items() if v is _BLANK or isinstance(v, CellProblem)}
        if not mixed
        else None
    )
    if unreadable is not None and not unreadable:
        return read_values
    for position, value in enumerate(read_values):
        if not (value is _BLANK or isinstance(value, CellProblem)):
            continue
        row_number = row_numbers[position]
        raw = raw_column[position]
        if value is _BLANK:
            if row_number in bad_cells:
                problems.append(Problem(sheet_name, row_number, heading, "", bad_cells[row_number]))
            elif column.required:
                problems.append(Problem(sheet_name, row_number, heading, "", REQUIRED))
        else:
            shown_value = shown(raw)
            if len(shown_value) > 60:
                shown_value = shown_value[:57] + "..."
            problems.append(Problem(sheet_name, row_number, heading, shown_value, str(value)))
        read_values[position] = blank_value
    return read_values
