"""Checks on an uploaded file before any spreadsheet parser sees it.

An .xlsx file is a zip of XML parts. A hostile one can claim a huge grid (the Rust reader
then aborts the whole process), expand to gigabytes (a zip bomb), or carry XML entity
definitions (the "billion laughs"). Each check here works from the zip directory and the
raw bytes, within bounded memory, and refuses with a message that says what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # the file as uploaded
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024  # all parts of a workbook, unpacked
MAX_PART_RATIO = 200  # unpacked / packed size of one part (spreadsheet XML is ~5-30)
RATIO_CHECK_FROM = 1024 * 1024  # small parts may compress very well; only judge big ones
MAX_PARTS = 5_000
MAX_SHEET_CELLS = 5_000_000  # the grid a sheet may span (rows x columns)
MAX_COLUMNS = 16_384
MAX_ROWS = 1_048_576


class UnsafeFile(ValueError):
    """A file that is refused before reading; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class CheckedWorkbook:
    """An .xlsx that passed the checks, with the XML parts the reader needs, unpacked."""

    data: bytes
    sheet_parts: dict[str, bytes]  # sheet name -> worksheet XML


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


def _open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError, OSError):
        raise UnsafeFile(
            f"{name} is damaged or incomplete (it may not have finished "
            "downloading). Open it in your spreadsheet program, save it again "
            "and upload the new copy."
        ) from None
    return archive


def _check_directory(name: str, archive: zipfile.ZipFile) -> None:
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


def _read_part(name: str, archive: zipfile.ZipFile, part: str) -> bytes:
    """One part, unpacked; zipfile stops at the declared size and checks the CRC."""
    try:
        with archive.open(part) as stream:
            data = stream.read(MAX_UNCOMPRESSED_BYTES + 1)
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError, RuntimeError):
        raise UnsafeFile(
            f"{name} is damaged (a part of it cannot be unpacked). Open it in "
            "your spreadsheet program, save it again and upload the new copy."
        ) from None
    if len(data) > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeFile(f"{name} expands to far more data than it holds; refused for safety.")
    return data


_ENTITY = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)


def _check_xml(name: str, part: str, data: bytes) -> bytes:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16").encode("utf-8")
    if _ENTITY.search(data):
        raise UnsafeFile(
            f"{name} contains XML definitions that spreadsheets never use (in "
            f"{part}); it was refused as a possible attack. Save the data into a "
            "new workbook from your spreadsheet program."
        )
    return data


_ROW_REF = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_ROW_WITHOUT_REF = re.compile(rb'<row(?![^>]*\sr=")[\s/>]')
_CELL_WITHOUT_REF_FIRST = re.compile(rb'<c(?:>|/>|\s(?!r="))')
_SHEET = re.compile(rb"<sheet\b[^>]*/>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*/?>")


def column_number(letters: bytes | str) -> int:
    """Spreadsheet column letters to a 1-based number (A = 1, XFD = 16384)."""
    if isinstance(letters, str):
        letters = letters.encode()
    number = 0
    for ch in letters:
        number = number * 26 + (ch - 64)
    return number


def _check_extent(name: str, sheet: str, xml: bytes) -> None:
    """Refuse a sheet whose cells claim a grid too large to hold in memory.

    The grid is judged from 1:1 to the furthest row and column any row or cell claims. Only
    the references that could lie furthest out are parsed: those with as many digits as the
    last row, and those with two or more column letters.
    """
    row_refs = _ROW_REF.findall(xml)
    max_row = max(map(int, row_refs), default=0)
    if _ROW_WITHOUT_REF.search(xml):  # rows without a reference follow on: count them all
        max_row += xml.count(b"<row") - len(row_refs)
    cells = b"<c" in xml
    if not _CELL_WITHOUT_REF_FIRST.search(xml):  # every cell's reference comes first, as usual
        digits = len(str(max_row))
        far_rows = re.findall(rb'<c r="[A-Z]{1,4}(\d{%d,})"' % digits, xml)
        far_letters = set(re.findall(rb'<c r="([A-Z]{2,4})\d', xml))
        cells_without_ref = 0
    else:
        refs = re.findall(rb'<c\b[^>]*?\sr="([A-Z]{1,4})(\d+)"', xml)
        far_rows = [row for _, row in refs]
        far_letters = {letters for letters, _ in refs}
        cells_without_ref = xml.count(b"<c ") + xml.count(b"<c>") - len(refs)
    max_row = max([max_row, *map(int, far_rows)])
    max_col = max([26 if cells else 0, *map(column_number, far_letters)]) + cells_without_ref
    if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
        raise UnsafeFile(
            f"{name}: sheet '{sheet}' claims cells beyond the edge of a "
            "spreadsheet; it was refused for safety."
        )
    if max_row * max_col > MAX_SHEET_CELLS and not far_letters and not cells_without_ref:
        # only columns A-Z are used: find how many before judging
        max_col = max(map(column_number, set(re.findall(rb'<c r="([A-Z])\d', xml))), default=1)
    if max_row * max_col > MAX_SHEET_CELLS:
        raise UnsafeFile(
            f"{name}: sheet '{sheet}' spans {max_row:,} rows by {max_col:,} "
            f"columns, more than one upload may hold ({MAX_SHEET_CELLS:,} cells). "
            "Delete stray cells far from the data, or split the sheet."
        )


def _sheet_parts(name: str, archive: zipfile.ZipFile, workbook_xml: bytes) -> dict[str, str]:
    """Sheet name -> worksheet part path, from the workbook and its relationships."""
    rels_xml = (
        _check_xml(
            name,
            "xl/_rels/workbook.xml.rels",
            _read_part(name, archive, "xl/_rels/workbook.xml.rels"),
        )
        if "xl/_rels/workbook.xml.rels" in archive.NameToInfo
        else b""
    )
    targets = {}
    for rel in _RELATIONSHIP.findall(rels_xml):
        attrs = dict(_ATTR.findall(rel))
        target = attrs.get(b"Target", b"").decode("utf-8", "replace")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attrs.get(b"Id", b"").decode()] = target.replace("/./", "/")
    parts = {}
    for sheet in _SHEET.findall(workbook_xml):
        attrs = dict(_ATTR.findall(sheet))
        rid = next((v for k, v in attrs.items() if k.endswith(b":id")), b"").decode()
        sheet_name = _xml_unescape(attrs.get(b"name", b"").decode("utf-8", "replace"))
        if rid in targets:
            parts[sheet_name] = targets[rid]
    return parts


def _xml_unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def check_workbook(name: str, data: bytes, wanted=lambda sheet_name: True) -> CheckedWorkbook:
    """Check an .xlsx from its zip directory and XML, and unpack the sheets `wanted` picks.

    Raises UnsafeFile with a plain message for anything that is not a workbook we can read
    safely.
    """
    archive = _open_zip(name, data)
    with archive:
        _check_directory(name, archive)
        for info in archive.infolist():
            if info.filename.endswith((".xml", ".rels")) and not info.filename.startswith(
                "xl/worksheets/"
            ):
                _check_xml(name, info.filename, _read_part(name, archive, info.filename))
        workbook_xml = _read_part(name, archive, "xl/workbook.xml")
        parts = _sheet_parts(name, archive, workbook_xml)
        sheet_parts = {}
        for sheet_name, part in parts.items():
            if part not in archive.NameToInfo:
                continue
            xml = _check_xml(name, part, _read_part(name, archive, part))
            _check_extent(name, sheet_name, xml)
            if wanted(sheet_name):
                sheet_parts[sheet_name] = xml
        # worksheets that no sheet entry points at are still parts a parser may open
        for info in archive.infolist():
            if (
                info.filename.startswith("xl/worksheets/")
                and info.filename.endswith(".xml")
                and info.filename not in parts.values()
            ):
                _check_extent(
                    name,
                    info.filename,
                    _check_xml(name, info.filename, _read_part(name, archive, info.filename)),
                )
    return CheckedWorkbook(data=data, sheet_parts=sheet_parts)
