"""Reading an upload (.xlsx workbooks and .csv files) into typed rows, by the contract.

Sheet and column names are matched by the contract's rules, direct identifiers are dropped
and reported, every cell is read by its column's reading rule, and every problem found is
collected with its sheet, row (as the spreadsheet shows it), column and value.

No file is parsed in the caller's process: `read_upload` hands each file to worker processes
held to limits (reading_worker). A workbook goes to two at once: one checks its XML
(file_checks: entities, extents, error cells and formulas without a result) while the other
reads its cells with python-calamine; the reading counts only if the check passes, and the
cells the check found untrustworthy are then reported where the reading saw blanks. Sheets
are read in chunks of rows, so memory follows the chunk, not the sheet.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from operator import itemgetter
from pathlib import Path

from . import contract as c
from . import reading_worker
from .file_checks import (
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEET_CELLS,
    CheckedWorkbook,
    UnsafeFile,
    check_directory,
    kind_of,
    open_zip,
)
from .problems import Problem, ProblemList
from .values import CellProblem, cannot_be_stored, is_blank, reader_for, shown

# Sheets of our own template that are explanation, not data
TEMPLATE_GUIDE_SHEETS = frozenset({"about_this_workbook", "metrics", "lists"})
MAX_CSV_FIELD = 32_767  # the longest text a spreadsheet cell holds
# A CSV file may have no more rows than a sheet; its lines may be more (a quoted cell can hold
# line breaks), but not without bound: a file of nothing but line breaks is refused early.
MAX_CSV_LINES = 2 * MAX_ROWS
CHUNK_ROWS = 65_536  # rows read, converted and let go of at a time
WHOLE_SHEET_CELLS = 1_000_000  # a sheet up to this size is taken from the reader in one go


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
    name_in_file: str = ""  # the sheet's own name in its workbook ("" for a CSV file)
    header_row: int = 0  # the row of headings, as the spreadsheet shows it
    # contract column -> its column number in the file (A = 1)
    column_numbers: dict[str, int] = field(default_factory=dict)

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

    # A reading comes back from its worker pickled; the problems travel as a plain list and a
    # count (a ProblemList is rebuilt, not restored item by item through its counting append).
    def __getstate__(self) -> dict:
        return {**self.__dict__, "problems": (list(self.problems), self.problems.total)}

    def __setstate__(self, state: dict) -> None:
        listed, total = state.pop("problems")
        self.__dict__.update(state)
        self.problems = ProblemList()
        for problem in listed:
            self.problems.append(problem)
        self.problems.total = total

    def copy(self) -> Upload:
        """A copy to check or import: a check adds its problems to the upload and settles
        its names in place, so an upload read once and kept (the Upload page's) is checked
        and imported from copies of it, never from itself."""
        problems = ProblemList()
        problems.extend(self.problems)
        problems.total = self.problems.total
        sheets = {
            name: replace(
                rows,
                values={column: list(values) for column, values in rows.values.items()},
            )
            for name, rows in self.sheets.items()
        }
        return Upload(sheets, problems, list(self.warnings), list(self.files))

    def take(self, part: Upload) -> None:
        """Add what one file held (its sheets, problems and warnings) to this upload."""
        self.warnings.extend(part.warnings)
        for problem in part.problems:
            self.problems.append(problem)
        self.problems.total += part.problems.total - len(part.problems)
        for sheet_rows in part.sheets.values():
            _add_sheet(self, sheet_rows)


def contract_sheet_for(name: str) -> c.Sheet | None:
    return c.SHEETS_BY_NAME.get(c.normalise_name(name))


def read_upload(
    files: Sequence[tuple[str, bytes]], csv_sheets: Mapping[str, str] | None = None
) -> Upload:
    """Read one workbook and/or CSV files into an Upload (typed rows, problems, warnings).

    `csv_sheets` may name the sheet of a CSV file (file name -> sheet); otherwise a CSV
    file's sheet is its file name's stem (contacts.csv -> contacts). Each file is read in
    worker processes held to limits; a file that breaks a limit is refused with a message.
    """
    return start_reading(files, csv_sheets).upload()


def start_reading(
    files: Sequence[tuple[str, bytes]], csv_sheets: Mapping[str, str] | None = None
) -> Reading:
    """Start reading an upload (as `read_upload` does) and return at once: the first file is
    being read while the caller does something else. `.upload()` gives the result."""
    return Reading(files, csv_sheets or {})


@dataclass
class _File:
    name: str
    data: bytes
    csv_sheet: str | None
    running: reading_worker.WorkerRun | None = None
    read: Upload | None = None  # what its reader made of it, before its check is in
    final: Upload | None = None  # what it holds once checked (a refusal, or the reading)
    changed: bool = False  # its check found cells to report in what was read


class Reading:
    """An upload being read, file by file, in worker processes: a reader for every file, and
    for a workbook a checker alongside it (file_checks), whose word is final."""

    def __init__(self, files: Sequence[tuple[str, bytes]], csv_sheets: Mapping[str, str]):
        self.files = [_File(name, data, csv_sheets.get(name)) for name, data in files]
        self.digests = [(name, hashlib.sha256(data).hexdigest()) for name, data in files]
        self._provisional: Upload | None = None
        if self.files:
            self._start(self.files[0])

    def _start(self, file: _File) -> None:
        if file.running is not None or file.final is not None:
            return
        if cannot_be_stored(file.name):
            file.final = _refused(
                shown(file.name),
                "the file's name contains a character that cannot be stored: rename the file",
            )
            return
        try:
            kind = kind_of(file.name, file.data)  # from the first bytes: nothing is parsed
        except UnsafeFile as refusal:
            file.final = _refused(file.name, str(refusal))
            return
        jobs = [
            reading_worker.Job(
                "read", file.name, file.data, {"kind": kind, "sheet_name": file.csv_sheet}
            )
        ]
        if kind == "xlsx":
            jobs.append(reading_worker.Job("check", file.name, file.data, nice=5))
        file.running = reading_worker.WorkerRun(jobs)

    def _read(self, file: _File) -> Upload:
        """What the file's reader made of it (waiting for it); its check may still run."""
        self._start(file)
        if file.final is None and file.read is None:
            reading = file.running.outcome(0)
            if reading.ok:
                file.read = reading.result
            else:  # a reader stopped by a limit: the check, if any, says it better
                self._settle(file)
        return file.final if file.read is None else file.read

    def _settle(self, file: _File) -> Upload:
        """What the file holds once its check is in."""
        if file.final is not None:
            return file.final
        running = file.running
        try:
            checked = running.outcome(1) if len(running.workers) > 1 else None
            if checked is not None and not checked.ok:
                file.final = _refused(file.name, checked.refusal)
            else:
                reading = running.outcome(0)
                if not reading.ok:
                    file.final = _refused(file.name, reading.refusal)
                else:
                    file.final = reading.result
                    if checked is not None and note_unreadable_cells(file.final, checked.result):
                        file.changed = True
        finally:
            running.stop()
        return file.final

    def provisional(self) -> Upload:
        """The upload as the readers made it, while the workbooks' checks may still be
        running: an import can plan and write with it meanwhile, and keeps what it wrote only
        if `upload()` then returns this very upload."""
        if self._provisional is None:
            self._provisional = _merged(self.digests, [self._read(f) for f in self.files])
        return self._provisional

    def close(self) -> None:
        """Stop whatever is still being read (when its result is no longer wanted)."""
        for file in self.files:
            if file.running is not None and file.final is None:
                file.running.stop()
                file.final = _refused(file.name, "the reading was stopped")

    def upload(self) -> Upload:
        """The upload as its checks leave it: the provisional upload itself when they find
        nothing to add, else a new one with what they found."""
        provisional = self.provisional()
        before = [f.read if f.final is None else f.final for f in self.files]
        finals = [self._settle(f) for f in self.files]
        if any(f.changed for f in self.files) or any(
            final is not earlier for final, earlier in zip(finals, before)
        ):
            return _merged(self.digests, finals)
        return provisional


def _merged(digests: list[tuple[str, str]], parts: list[Upload]) -> Upload:
    upload = Upload(files=list(digests))
    for part in parts:
        upload.take(part)
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


def _refused(name: str, message: str) -> Upload:
    part = Upload()
    part.problems.append(Problem(name, None, None, "", message))
    return part


def read_file(name: str, data: bytes, kind: str, sheet_name: str | None = None) -> Upload:
    """One file read in this process (what a reading worker runs): its sheets, problems and
    warnings. `kind` is what `kind_of` made of the file."""
    part = Upload()
    try:
        if kind == "xlsx":
            _read_xlsx(part, name, data)
        else:
            _read_csv(part, name, data, sheet_name)
    except UnsafeFile as refusal:
        part.problems.append(Problem(name, None, None, "", str(refusal)))
    return part


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


def _read_xlsx(upload: Upload, name: str, data: bytes) -> None:
    import python_calamine

    with open_zip(name, data) as archive:  # the reader never opens a zip bomb
        check_directory(name, archive)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
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
                    f"{name}: the sheet '{shown(sheet_name)}' is not part of the template and "
                    "was ignored."
                )
            continue
        try:
            sheet = book.get_sheet_by_name(sheet_name)
            start_row, start_col = sheet.start if sheet.start else (0, 0)
            if sheet.height * sheet.width <= WHOLE_SHEET_CELLS:
                rows: Iterable[list] = sheet.to_python(skip_empty_area=True)
                first_row = start_row + 1
            else:  # rows one at a time, from the sheet's first row
                rows = _checked_rows(sheet)
                first_row = 1
        except Exception:
            upload.problems.append(
                Problem(
                    contract_sheet.name,
                    None,
                    None,
                    "",
                    f"the sheet '{shown(sheet_name)}' in {name} could not be "
                    "read: save the workbook again and re-upload it",
                )
            )
            continue
        _add_sheet(
            upload,
            _read_table(
                upload,
                contract_sheet,
                f"{name}, sheet '{shown(sheet_name)}'",
                rows,
                first_row_number=first_row,
                first_col_number=start_col + 1,
                name_in_file=sheet_name,
            ),
        )
        del rows, sheet  # the reader's copy of the sheet goes before the next is read


def _checked_rows(sheet) -> Iterator[list]:
    """A calamine sheet's rows one by one, from row 1 to its last row (python-calamine's
    iter_rows starts at the top of the sheet, and at the first column holding data)."""
    last = sheet.end[0] if sheet.end else -1
    count = 0
    for row in sheet.iter_rows():
        count += 1
        yield row
    if count != last + 1:  # rows numbered wrongly would point the person at the wrong rows
        raise RuntimeError(f"the reader gave {count} rows where the sheet has {last + 1}")


# --- .csv --------------------------------------------------------------------------------


def _encoding_of(data: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes), else Windows-1252, which is
    what Excel's plain 'CSV' uses in the UK (a £ sign is byte A3). Checked a piece at a
    time, so that a large file is never held twice."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 1024 * 1024):
            decoder.decode(data[start : start + 1024 * 1024])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _bounded(reader, name: str) -> Iterator[list]:
    """The CSV file's records, refusing the file as soon as it has more lines, rows, columns
    or cells than a sheet of an upload may."""
    width = 0
    for count, record in enumerate(reader, start=1):
        if reader.line_num > MAX_CSV_LINES or count > MAX_ROWS:
            raise UnsafeFile(
                f"{name} has more than {MAX_ROWS:,} rows (blank lines count too), more than a "
                "spreadsheet holds. Remove the blank lines, or split the file."
            )
        if len(record) > width:
            width = len(record)
            if width > MAX_COLUMNS:
                raise UnsafeFile(
                    f"{name} has a row of more than {MAX_COLUMNS:,} cells, more than a "
                    "spreadsheet holds. Check that it was saved as CSV from a spreadsheet."
                )
        if count * width > MAX_SHEET_CELLS:
            raise UnsafeFile(
                f"{name} spans {count:,} rows by {width:,} columns, more than one upload may "
                f"hold ({MAX_SHEET_CELLS:,} cells). Split the file."
            )
        yield record


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
    encoding = _encoding_of(data)
    try:
        sample = data[:16384].decode(encoding, errors="ignore")[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_CSV_FIELD * 4)
    text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
    reader = csv.reader(text, dialect)
    try:
        sheet_rows = _read_table(upload, contract_sheet, name, _bounded(reader, name), 1, 1)
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
    _add_sheet(upload, sheet_rows)


# --- one table of cells ------------------------------------------------------------------


def _read_table(
    upload: Upload,
    sheet: c.Sheet,
    source: str,
    rows: Iterable[list],
    first_row_number: int,
    first_col_number: int,
    name_in_file: str = "",
) -> SheetRows:
    """A table of raw cells (rows from `first_row_number`, columns from `first_col_number`)
    read by the sheet's columns: the first row with anything in it is the headings."""
    problems = upload.problems
    rows = iter(rows)
    header_row_number = first_row_number
    for header in rows:
        if any(not is_blank(v) for v in header):
            break
        header_row_number += 1
    else:
        upload.warnings.append(f"{source}: the sheet is empty; nothing was read from it.")
        return SheetRows(
            sheet.name,
            source,
            (),
            {},
            {col.name: [] for col in sheet.columns},
            [],
            name_in_file=name_in_file,
        )

    by_column: dict[str, int] = {}
    headers: dict[str, str] = {}
    dropped, unknown = [], []
    for index, heading in enumerate(header):
        if is_blank(heading):
            continue
        written = shown(heading).strip()
        key = c.normalise_name(written)
        if isinstance(heading, str) and (wrong := cannot_be_stored(heading)):
            problems.append(Problem(sheet.name, header_row_number, written, written, wrong))
        elif key in c.DIRECT_IDENTIFIERS:
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
    readings = {
        name: _ColumnReading(problems, sheet, headers[name], sheet.column(name)) for name in present
    }
    width = len(header)
    row_numbers: list[int] = []
    next_row = header_row_number + 1
    while chunk := list(islice(rows, CHUNK_ROWS)):
        kept, numbers = _rows_with_content(chunk, next_row)
        next_row += len(chunk)
        del chunk
        if not kept:
            continue
        by_position = _by_column(kept, width)
        distinct = [set(column) for column in by_position]
        if any(v.__class__ is str and v and not v.strip() for d in distinct for v in d):
            # any() counts "  " as content: rows of nothing but spaces are blank rows too
            kept_now = [i for i, row in enumerate(kept) if not _only_blanks(row)]
            if len(kept_now) < len(kept):
                kept = [kept[i] for i in kept_now]
                numbers = [numbers[i] for i in kept_now]
                by_position = _by_column(kept, width)
                distinct = [set(column) for column in by_position]
        row_numbers.extend(numbers)
        for name, reading in readings.items():
            index = by_column[name]
            reading.read(by_position[index], distinct[index], numbers)
    values: dict[str, list] = {}
    for column in sheet.columns:
        if column.name in readings:
            values[column.name] = readings[column.name].values
        else:
            values[column.name] = [_blank_value(sheet, column)] * len(row_numbers)
    return SheetRows(
        sheet.name,
        source,
        present,
        headers,
        values,
        row_numbers,
        name_in_file=name_in_file,
        header_row=header_row_number,
        column_numbers={key: first_col_number + index for key, index in by_column.items()},
    )


def _rows_with_content(chunk: list, first_number: int) -> tuple[list, list[int]]:
    """The rows of a chunk with anything in them, and their row numbers."""
    flags = list(map(any, chunk))
    if all(flags):
        return chunk, list(range(first_number, first_number + len(chunk)))
    kept, numbers = [], []
    for index, (row, flag) in enumerate(zip(chunk, flags)):
        # any() counts 0 and FALSE as nothing: such a row still has something in it
        if flag or any(v is not None and v != "" for v in row):
            kept.append(row)
            numbers.append(first_number + index)
    return kept, numbers


def _blank_value(sheet: c.Sheet, column: c.Column):
    return "" if (sheet.name, column.name) in c.BLANK_IS_VALUE else column.default


REQUIRED = "is required: fill it in"


def _by_column(rows: list, width: int) -> list:
    """The cells of the first `width` columns, column by column (CSV rows may be ragged:
    short ones are padded with blanks)."""
    if not rows:
        return [[] for _ in range(width)]
    if min(map(len, rows)) < width:
        rows = [list(r) + [None] * (width - len(r)) if len(r) < width else r for r in rows]
    return [list(map(itemgetter(index), rows)) for index in range(width)]


def _only_blanks(raw_row) -> bool:
    """A row whose only content is spaces (any() counts "  " as content)."""
    return not any(not is_blank(v) for v in raw_row)


_BLANK = object()  # a blank cell in a required column


MAX_REMEMBERED = 200_000  # distinct values a column remembers (a column of unique text)


class _ColumnReading:
    """One column's cells read by its rule, chunk after chunk. Each distinct value is read
    once and remembered: a large sheet holds few distinct dates, modes or codes, so most of
    a chunk is read by one look-up a cell."""

    def __init__(self, problems: ProblemList, sheet: c.Sheet, heading: str, column: c.Column):
        self.problems = problems
        self.sheet = sheet.name
        self.heading = heading
        self.column = column
        self.reader = reader_for(column)
        self.blank_value = _blank_value(sheet, column)
        self.values: list = []
        # raw cell -> what it reads as; True == 1 == 1.0 in Python, so TRUE/FALSE cells are
        # remembered apart from numbers
        self.readings: dict = {}
        self.bool_readings: dict = {}
        self.troubled: set = set()  # raw cells that read as a problem (or a blank required)

    def _read(self, raw):
        if is_blank(raw):
            return _BLANK if self.column.required else self.blank_value
        if isinstance(raw, str) and len(raw) > MAX_CSV_FIELD:
            return CellProblem("is longer than a spreadsheet cell can hold")
        try:
            return self.reader(raw)
        except CellProblem as problem:
            return problem

    def read(self, raw_column: Sequence, distinct: set, row_numbers: list[int]) -> None:
        """Read one chunk of the column (`distinct`: its distinct raw cells)."""
        readings = self.readings
        if True in distinct or False in distinct:
            types = set(map(type, raw_column))
            if bool in types and (int in types or float in types):
                self._read_cell_by_cell(raw_column, row_numbers)
                return
            if bool in types:
                readings = self.bool_readings
        if len(readings) > MAX_REMEMBERED:
            readings.clear()
        troubled = self.troubled
        for raw in distinct.difference(readings):
            value = readings[raw] = self._read(raw)
            if value is _BLANK or isinstance(value, CellProblem):
                troubled.add(raw)
        read_values = list(map(readings.__getitem__, raw_column))
        if troubled and not troubled.isdisjoint(distinct):
            self._report(read_values, raw_column, row_numbers)
        self.values.extend(read_values)

    def _read_cell_by_cell(self, raw_column: Sequence, row_numbers: list[int]) -> None:
        read_values = [self._read(raw) for raw in raw_column]
        self._report(read_values, raw_column, row_numbers)
        self.values.extend(read_values)

    def _report(self, read_values: list, raw_column: Sequence, row_numbers: list[int]) -> None:
        """Each blank required cell and each unreadable cell as a problem; the value is then
        the column's blank value (the upload is refused anyway)."""
        for position, value in enumerate(read_values):
            if value is _BLANK:
                self.problems.append(
                    Problem(self.sheet, row_numbers[position], self.heading, "", REQUIRED)
                )
            elif isinstance(value, CellProblem):
                shown_value = shown(raw_column[position])
                if len(shown_value) > 60:
                    shown_value = shown_value[:57] + "..."
                self.problems.append(
                    Problem(
                        self.sheet, row_numbers[position], self.heading, shown_value, str(value)
                    )
                )
            else:
                continue
            read_values[position] = self.blank_value


# --- cells the reader cannot be trusted with ---------------------------------------------


def note_unreadable_cells(part: Upload, checked: CheckedWorkbook) -> bool:
    """Report the cells a workbook's check found untrustworthy (an error value, a formula
    never calculated): the reader gives them as blanks, so each is reported at its place,
    instead of as a blank required cell. True if there were any."""
    noted = False
    for sheet_rows in part.sheets.values():
        cells = checked.unreadable.get(sheet_rows.name_in_file)
        if not cells:
            continue
        heading_at = {
            number: sheet_rows.headers[column]
            for column, number in sheet_rows.column_numbers.items()
        }
        found = {
            (row, heading_at[column]): message
            for (row, column), message in sorted(cells.items())
            if row > sheet_rows.header_row and column in heading_at
        }
        if not found:
            continue
        kept = ProblemList()
        for problem in part.problems:
            if not (
                problem.sheet == sheet_rows.sheet
                and problem.message == REQUIRED
                and (problem.row, problem.column) in found
            ):
                kept.append(problem)
        kept.total += part.problems.total - len(part.problems)
        for (row, heading), message in found.items():
            kept.append(Problem(sheet_rows.sheet, row, heading, "", message))
        part.problems = kept
        noted = True
    return noted
