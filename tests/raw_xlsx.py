"""Hand-made .xlsx files, cell by cell in XML: for what openpyxl will not write (stored
formula results, error cells) and for hostile files."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def cell_xml(ref: str, value) -> str:
    """A cell: str -> inline string; int/float -> number; ('f', formula, cached) -> formula
    with a stored result (cached None: no result); ('e', '#DIV/0!') -> error cell."""
    if isinstance(value, tuple) and value[0] == "f":
        _, formula, cached = value
        if cached is None:
            return f'<c r="{ref}"><f>{escape(formula)}</f></c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str"><f>{escape(formula)}</f><v>{escape(cached)}</v></c>'
        return f'<c r="{ref}"><f>{escape(formula)}</f><v>{cached}</v></c>'
    if isinstance(value, tuple) and value[0] == "e":
        return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_xml(rows: list[list], extra_rows: str = "") -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(
            cell_xml(f"{column_letters(c)}{r}", v)
            for c, v in enumerate(row, start=1)
            if v is not None
        )
        body.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(body)}{extra_rows}</sheetData></worksheet>"
    )


def xlsx(
    sheets: dict[str, str],
    extra_parts: dict[str, bytes] | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> bytes:
    """A workbook from sheet name -> worksheet XML."""
    overrides, entries, rels = [], [], []
    for index, name in enumerate(sheets, start=1):
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/>'
        )
        entries.append(f'<sheet name="{escape(name)}" sheetId="{index}" r:id="rId{index}"/>')
        rels.append(
            f'<Relationship Id="rId{index}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
        )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<sheets>{''.join(entries)}</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'relationships">{"".join(rels)}</Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(overrides="".join(overrides)))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for index, xml in enumerate(sheets.values(), start=1):
            archive.writestr(f"xl/worksheets/sheet{index}.xml", xml)
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# The last cell of a spreadsheet, written four ways a reader accepts (python-calamine takes
# each and allocates the whole grid, half a terabyte): a real XML parse must see them all.
LAST_CELL_SPELLINGS = {
    "single quotes": "<row r='1048576'><c r='XFD1048576'><v>1</v></c></row>",
    "spaces around =": '<row r = "1048576"><c r = "XFD1048576"><v>1</v></c></row>',
    "lower case": '<row r="1048576"><c r="xfd1048576"><v>1</v></c></row>',
    "newline before r": '<row\nr="1048576"><c\nr="XFD1048576"><v>1</v></c></row>',
}


def last_cell_workbook(spelling: str) -> bytes:
    """A workbook of 1.6 KB whose people sheet claims a cell at XFD1048576."""
    rows = [["person_id"], ["P0001"]]
    return xlsx({"people": sheet_xml(rows, extra_rows=LAST_CELL_SPELLINGS[spelling])})


BLANK_LINES_BYTES = 100_000_000  # within the 100 MB upload limit


def blank_lines_csv() -> bytes:
    """A CSV file of nothing but line breaks, as large as an upload may be."""
    return b"\n" * BLANK_LINES_BYTES
