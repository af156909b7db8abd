"""Checks on an uploaded file before any spreadsheet parser sees it.

An .xlsx file is a zip of XML parts. A hostile one can claim a huge grid (the Rust reader
then aborts the whole process), expand to gigabytes (a zip bomb), or carry XML entity
definitions (the "billion laughs"). The zip directory is judged first; then every XML part
is parsed once, streaming, by defusedxml's parser (which refuses document type and entity
declarations), and each worksheet's cells are followed as they stream past: how far out
they reach, and which hold an error value or a formula without a stored result. Memory stays
bounded whatever the file holds, and each refusal says what to do.
"""

from __future__ import annotations

import io
import pyexpat
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # the file as uploaded
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_PART_RATIO = 200  # unpacked / packed size of one part (spreadsheet XML is ~5-30)
RATIO_CHECK_FROM = 1024 * 1024  # small parts may compress very well; only judge big ones
MAX_PARTS = 5_000
# The grid a sheet may span (rows x columns, from A1). The reader holds a whole sheet in
# memory, about 90 bytes a cell (measured: 1,000,000 rows x 6 columns of contacts take
# 544 MB in python-calamine), inside a worker allowed 1 GiB (reading_worker.MEMORY_BYTES):
# 7,000,000 cells (a million rows of the contacts sheet with a column to spare) leave room
# for the worker's own ~150 MB and text longer than the contract's codes.
MAX_SHEET_CELLS = 7_000_000
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576


class UnsafeFile(ValueError):
    """A file that is refused before reading; the message says what is wrong and what to do."""


@dataclass
class CheckedWorkbook:
    """An .xlsx that passed the checks: its sheets by name, each with the cells whose stored
    value a reader cannot trust ((row, column number) -> what is wrong, in plain words)."""

    unreadable: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)


def kind_of(name: str, data: bytes) -> str:
    """'xlsx' or 'csv', judged by the bytes (the file name is only a claim)."""
    if not data:
        raise UnsafeFile(f"{name} is empty (0 bytes). Save the spreadsheet again and upload it.")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeFile(
            f"{name} is {len(data) / 1024 / 1024:.0f} MB; uploads are limited to "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise UnsafeFile(
            f"{name} is an old-style Excel 97-2003 workbook (.xls) or a "
            "password-protected workbook. Remove any password, then save it as "
            "'Excel Workbook (.xlsx)' and upload that."
        )
    if head.startswith(b"%PDF"):
        raise UnsafeFile(
            f"{name} is a PDF document, not a spreadsheet. Upload the .xlsx "
            "workbook or .csv files instead."
        )
    sample = data[:65536]
    if b"\x00" in sample:
        raise UnsafeFile(
            f"{name} is not a spreadsheet we can read: upload an Excel workbook "
            "(.xlsx) or CSV files (.csv)."
        )
    if name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise UnsafeFile(
            f"{name} is named as an Excel workbook but is a text file. If it is "
            "a CSV file, name it .csv; otherwise save it from your spreadsheet "
            "program as 'Excel Workbook (.xlsx)'."
        )
    if sample.lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml")):
        raise UnsafeFile(
            f"{name} is a web page or XML file, not a spreadsheet. Upload an "
            "Excel workbook (.xlsx) or CSV files (.csv)."
        )
    return "csv"


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise UnsafeFile(
            f"{name} is damaged or incomplete (it may not have finished "
            "downloading). Open it in your spreadsheet program, save it again "
            "and upload the new copy."
        ) from None
    return archive


def check_directory(name: str, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise UnsafeFile(
            f"{name} has {len(infos)} parts inside, far more than a workbook has; "
            "it was refused for safety."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFile(
                f"{name} is password-protected. Remove the password and upload it again."
            )
        total += info.file_size
        if info.file_size > RATIO_CHECK_FROM and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_PART_RATIO
        ):
            raise UnsafeFile(
                f"{name} expands to far more data than it holds (a 'zip bomb'); "
                "it was refused for safety."
            )
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeFile(
            f"{name} unpacks to {total / 1024 / 1024:.0f} MB, more than the "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB a single upload may "
            "hold. Split the data into smaller files."
        )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" in names:
        return
    if "word/document.xml" in names:
        raise UnsafeFile(f"{name} is a Word document, not a spreadsheet.")
    if any(n.startswith("ppt/") for n in names):
        raise UnsafeFile(f"{name} is a PowerPoint presentation, not a spreadsheet.")
    if "xl/workbook.bin" in names:
        raise UnsafeFile(
            f"{name} is an Excel binary workbook (.xlsb). Save it as 'Excel "
            "Workbook (.xlsx)' and upload that."
        )
    if "mimetype" in names:
        raise UnsafeFile(
            f"{name} is an OpenDocument file (LibreOffice .ods). Save it as "
            "'Excel 2007-365 (.xlsx)' and upload that."
        )
    raise UnsafeFile(
        f"{name} is a zip file but not an Excel workbook. Upload an Excel "
        "workbook (.xlsx) or CSV files (.csv)."
    )


XML_CHUNK = 1024 * 1024  # bytes of a part handed to the parser at a time


class _NoTree:
    """A parser target without callbacks: defusedxml's parser then builds no tree, and the
    scanners below receive the parse events themselves."""


def _expat(name: str, part: str):
    """A streaming XML parser with defusedxml's refusals in place (document type
    declarations, entity declarations and external references all raise) and no tree."""
    # imported here: it loads a second, pure-Python ElementTree, which only the checking
    # worker needs (the caller and the reading worker import this module too)
    from defusedxml.ElementTree import DefusedXMLParser

    parser = DefusedXMLParser(target=_NoTree(), forbid_dtd=True).parser
    # Text between tags is not needed: without a default handler it never reaches Python.
    parser.DefaultHandlerExpand = None
    parser.ordered_attributes = False
    return parser


def _refused_as_attack(name: str, part: str) -> UnsafeFile:
    return UnsafeFile(
        f"{name} contains XML definitions that spreadsheets never use (in "
        f"{part}); it was refused as a possible attack. Save the data into a "
        "new workbook from your spreadsheet program."
    )


def _damaged(name: str, part: str) -> UnsafeFile:
    return UnsafeFile(
        f"{name} is damaged (its part {part} cannot be read). Open it in your "
        "spreadsheet program, save it again and upload the new copy."
    )


def _parse_part(name: str, archive: zipfile.ZipFile, part: str, parser) -> None:
    """Stream one part of the zip through the parser (zipfile stops at the part's declared
    size and checks its CRC at the end)."""
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(XML_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except UnsafeFile:  # a scanner's own refusal, raised from inside the parse
        raise
    except DefusedXmlException:
        raise _refused_as_attack(name, part) from None
    except (
        pyexpat.ExpatError,
        zipfile.BadZipFile,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        raise _damaged(name, part) from None


def column_number(letters: bytes | str) -> int:
    """Spreadsheet column letters to a 1-based number (A = 1, XFD = 16384)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


_DIGITS = "0123456789"
_ROW, _CELL, _FORMULA, _VALUE = 1, 2, 3, 4
_KINDS = {"row": _ROW, "c": _CELL, "f": _FORMULA, "v": _VALUE}


class _Kinds(dict):
    """Element name -> what it is to the scanner, by its local name (readers match cells and
    rows by local name whatever their namespace, so the scanner does too), learnt on first
    sight."""

    def __missing__(self, tag: str) -> int:
        kind = self[tag] = _KINDS.get(tag.rpartition("}")[2], 0)
        return kind


def _sheet_too_large(name: str, sheet: str, rows: int, columns: int) -> UnsafeFile:
    return UnsafeFile(
        f"{name}: sheet '{sheet}' spans {rows:,} rows by {columns:,} "
        f"columns, more than one upload may hold ({MAX_SHEET_CELLS:,} cells). "
        "Delete stray cells far from the data, or split the sheet."
    )


def _beyond_the_edge(name: str, sheet: str) -> UnsafeFile:
    return UnsafeFile(
        f"{name}: sheet '{sheet}' claims cells beyond the edge of a "
        "spreadsheet; it was refused for safety."
    )


def scan_sheet(name: str, sheet: str, archive: zipfile.ZipFile, part: str) -> dict:
    """Follow a worksheet's cells in one streaming parse and return the cells a reader cannot
    trust ((row, column number) -> what is wrong).

    Refuses the sheet as soon as its cells reach beyond the edge of a spreadsheet or span a
    grid (from A1 to the furthest row and column any cell claims) larger than an upload may
    hold. A cell's place is its reference, in any case and however the attribute is quoted or
    spaced; a row or cell without one follows the one before it. Readers return an error
    value (#DIV/0!, #N/A...) or a formula that was never calculated as an empty cell, so
    these are found here: cells typed "e", and formula cells with no stored result.
    """
    parser = _expat(name, part)
    kinds = _Kinds()
    columns: dict[str, int] = {}
    unreadable: dict[tuple[int, int], str] = {}
    row = column = max_row = max_column = 0
    row_text: str | None = None  # the current row's number as written, to compare cheaply
    cell_type = None
    formula_at = None  # a formula cell whose stored result has not been seen yet
    error_at = None  # an error cell whose value is being collected
    pending = False  # either of the two above
    error_text: list[str] = []

    def extent_checked(rows: int, cols: int) -> None:
        if rows > MAX_ROWS or cols > MAX_COLUMNS:
            raise _beyond_the_edge(name, sheet)
        if rows * cols > MAX_SHEET_CELLS:
            raise _sheet_too_large(name, sheet, rows, cols)

    def row_number(text: str) -> int:
        if not (text.isascii() and text.isdigit()) or len(text) > 9 or text == "0" * len(text):
            raise _damaged(name, part)
        return int(text)

    def column_of(letters: str) -> int:
        if not (letters.isascii() and letters.isalpha()):
            raise _damaged(name, part)
        number = column_number(letters) if len(letters) <= 4 else MAX_COLUMNS + 1
        columns[letters] = number
        return number

    def settle() -> None:
        """What the cell just passed turned out to be."""
        nonlocal formula_at, error_at, pending
        if formula_at is not None:
            unreadable.setdefault(
                formula_at,
                "is a formula with no saved result: open the file in your "
                "spreadsheet program, let it calculate, and save it again",
            )
            formula_at = None
        if error_at is not None:
            parser.CharacterDataHandler = None
            shown = "".join(error_text).strip() or "error"
            unreadable.setdefault(
                error_at,
                f"is a spreadsheet error ({shown}): correct the formula or type the value",
            )
            error_at = None
            error_text.clear()
        pending = False

    # Called for every element of the sheet (a million and more for a large one): kept lean.
    def start(tag: str, attributes: dict) -> None:
        nonlocal row, column, max_row, max_column, row_text, cell_type, formula_at, error_at
        nonlocal pending
        kind = kinds[tag]
        if not kind:  # most elements of a sheet of text: the text of inline strings
            return
        if kind == _CELL:
            if pending:
                settle()
            ref = attributes.get("r")
            if ref is None:
                column += 1
                if row == 0:  # a cell before any row is on row 1
                    row = max_row = 1
            else:
                letters = ref.rstrip(_DIGITS)
                column = columns.get(letters) or column_of(letters)
                if ref[len(letters) :] != row_text:
                    row_text = ref[len(letters) :]
                    row = row_number(row_text)
                    if row > max_row:
                        max_row = row
                        extent_checked(max_row, max_column)
            if column > max_column:
                max_column = column
                extent_checked(max_row, max_column)
            cell_type = attributes.get("t")
            if cell_type == "e":
                error_at = (row, column)
                pending = True
        elif kind == _VALUE:
            if pending:
                formula_at = None  # the formula's result is stored
                if error_at is not None:
                    parser.CharacterDataHandler = error_text.append
        elif kind == _ROW:
            if pending:
                settle()
            ref = attributes.get("r")
            if ref is None:
                row += 1
                row_text = None
            else:
                row = row_number(ref)
                row_text = ref
            column = 0
            if row > max_row:
                max_row = row
                if max_row > MAX_ROWS or max_row * max_column > MAX_SHEET_CELLS:
                    extent_checked(max_row, max_column)
        elif kind == _FORMULA:
            if cell_type != "str" and cell_type != "e":
                formula_at = (row, column)
                pending = True

    parser.StartElementHandler = start
    _parse_part(name, archive, part, parser)
    settle()
    return unreadable


def _collect(name: str, archive: zipfile.ZipFile, part: str, local_name: str) -> list[dict]:
    """The attributes of every element of one local name in a small part (the workbook's
    sheet list, its relationships), keyed by local attribute name."""
    found = []
    parser = _expat(name, part)

    def start(tag: str, attributes: dict) -> None:
        if tag.rpartition("}")[2] == local_name:
            found.append({key.rpartition("}")[2]: value for key, value in attributes.items()})

    parser.StartElementHandler = start
    _parse_part(name, archive, part, parser)
    return found


def _sheet_parts(name: str, archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part path, from the workbook and its relationships."""
    targets = {}
    if "xl/_rels/workbook.xml.rels" in archive.NameToInfo:
        for rel in _collect(name, archive, "xl/_rels/workbook.xml.rels", "Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            targets[rel.get("Id", "")] = target.replace("/./", "/")
    parts = {}
    for sheet in _collect(name, archive, "xl/workbook.xml", "sheet"):
        if sheet.get("id") in targets:
            parts[sheet.get("name", "")] = targets[sheet["id"]]
    return parts


def check_workbook(name: str, data: bytes) -> CheckedWorkbook:
    """Check an .xlsx from its zip directory and one streaming parse of each XML part.

    Raises UnsafeFile with a plain message for anything that is not a workbook we can read
    safely; otherwise returns, for each sheet, the cells whose stored value cannot be trusted.
    """
    archive = open_zip(name, data)
    with archive:
        check_directory(name, archive)
        parts = _sheet_parts(name, archive)
        sheet_parts = set(parts.values())
        for info in archive.infolist():
            part = info.filename
            if part in sheet_parts or not part.endswith((".xml", ".rels")):
                continue
            if part.startswith("xl/worksheets/"):
                # a worksheet no sheet entry points at is still a part a reader may open
                scan_sheet(name, part, archive, part)
            elif part not in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                _parse_part(name, archive, part, _expat(name, part))
        checked = CheckedWorkbook()
        for sheet, part in parts.items():
            if part in archive.NameToInfo:
                checked.unreadable[sheet] = scan_sheet(name, sheet, archive, part)
    return checked
