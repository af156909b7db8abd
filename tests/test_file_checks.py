"""Hostile and broken files are refused with a plain message before any parser sees them."""

import io
import subprocess
import sys
import textwrap
import zipfile

import pytest

from tests.builders import workbook_bytes
from tests.raw_xlsx import LAST_CELL_SPELLINGS, last_cell_workbook, sheet_xml, xlsx
from uep_data.file_checks import MAX_SHEET_CELLS, UnsafeFile, check_workbook, kind_of
from uep_data.workbook import read_upload

PEOPLE = [["person_id"], ["P0001"]]


def refusal(name: str, data: bytes) -> str:
    """The one problem an upload of this file is refused with."""
    upload = read_upload([(name, data)])
    assert not upload.sheets, "nothing may be read from a refused file"
    assert len(upload.problems) == 1
    return upload.problems[0].message


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    evil = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
        "<si><t>&lol9;</t></si></sst>"
    )
    return xlsx({"people": sheet_xml(PEOPLE)}, extra_parts={"xl/sharedStrings.xml": evil})


def test_xml_entity_attack_is_refused_as_a_possible_attack():
    assert "possible attack" in refusal("laughs.xlsx", billion_laughs())


def test_external_entity_in_a_worksheet_is_refused():
    evil = sheet_xml(PEOPLE).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    )
    assert "possible attack" in refusal("xxe.xlsx", xlsx({"people": evil}))


def test_zip_bomb_is_refused_from_the_zip_directory():
    huge_row = "<row/>" * (40 * 1024 * 1024 // 6)  # 40 MB that packs into ~40 KB
    bomb = xlsx({"people": sheet_xml(PEOPLE, extra_rows=huge_row)})
    assert len(bomb) < 1024 * 1024
    assert "zip bomb" in refusal("bomb.xlsx", bomb)


def test_a_part_that_unpacks_beyond_its_declared_size_is_refused_as_damaged():
    good = xlsx({"people": sheet_xml(PEOPLE)})
    # shrink the sheet's declared size in the zip directory: the unpacked data no longer fit
    archive = zipfile.ZipFile(io.BytesIO(good))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(good)
    name = b"xl/worksheets/sheet1.xml"
    directory = next(
        at
        for at in range(len(data))
        if data[at : at + 4] == b"PK\x01\x02" and data[at + 46 : at + 46 + len(name)] == name
    )
    size_at = directory + 24  # uncompressed size in the central directory entry
    assert int.from_bytes(data[size_at : size_at + 4], "little") == info.file_size
    data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    assert "damaged" in refusal("liar.xlsx", bytes(data))


def test_a_cell_claiming_the_whole_grid_is_refused():
    far = sheet_xml(PEOPLE, extra_rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    assert "spans" in refusal("far.xlsx", xlsx({"people": far})) or "edge" in refusal(
        "far.xlsx", xlsx({"people": far})
    )


def test_a_cell_beyond_the_edge_of_a_spreadsheet_is_refused():
    beyond = sheet_xml(PEOPLE, extra_rows='<row r="5"><c r="ZZZZ5"><v>1</v></c></row>')
    assert "beyond the edge" in refusal("beyond.xlsx", xlsx({"people": beyond}))


def test_a_row_far_down_is_judged_by_its_cells_and_rows_alike():
    far_row = sheet_xml(
        PEOPLE,
        extra_rows='<row r="900000"><c><v>1</v></c></row><row r="2"><c r="Z2"><v>1</v></c></row>',
    )
    with pytest.raises(UnsafeFile, match="spans"):
        check_workbook("far.xlsx", xlsx({"people": far_row}))
    assert MAX_SHEET_CELLS < 900_000 * 26


def test_the_grid_claim_never_reaches_the_parser_even_with_little_memory():
    """The Rust reader aborts the whole process on such a file: prove it never gets it."""
    script = textwrap.dedent("""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
        from tests.raw_xlsx import LAST_CELL_SPELLINGS, last_cell_workbook, sheet_xml, xlsx
        from uep_data.workbook import read_upload
        far = sheet_xml([["person_id"], ["P1"]],
                        extra_rows='<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
        upload = read_upload([("far.xlsx", xlsx({"people": far}))])
        print(upload.problems[0].message)
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "refused" in done.stdout or "spans" in done.stdout


@pytest.mark.parametrize(
    "name,data,words",
    [
        ("empty.xlsx", b"", "is empty"),
        ("noise.xlsx", bytes(range(256)) * 40, "not a spreadsheet"),
        ("report.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "97-2003"),
        ("text.xlsx", b"person_id\nP0001\n", "text file"),
        ("page.csv", b"<!DOCTYPE html><html><body>hi</body></html>", "web page"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_by_their_bytes(name, data, words):
    assert words in refusal(name, data)


def test_truncated_workbook_is_refused_as_damaged():
    good = workbook_bytes({"people": PEOPLE})
    assert "damaged or incomplete" in refusal("cut.xlsx", good[: len(good) // 2])


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "parts,words",
    [
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "Word document"),
        (
            {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
            "OpenDocument",
        ),
        ({"ppt/presentation.xml": b"<p/>"}, "PowerPoint"),
        ({"readme.txt": b"hello"}, "not an Excel workbook"),
    ],
)
def test_other_zip_formats_renamed_to_xlsx_are_named_for_what_they_are(parts, words):
    assert words in refusal("renamed.xlsx", _zip(parts))


def test_password_protected_parts_are_refused():
    data = bytearray(_zip({"xl/workbook.xml": b"<workbook/>"}))
    data[6] |= 0x1  # the "encrypted" flag of the first local header...
    directory = data.rfind(b"PK\x01\x02")
    data[directory + 8] |= 0x1  # ...and of its central directory entry
    assert "password" in refusal("locked.xlsx", bytes(data))


def test_kind_is_judged_by_content_not_by_name():
    assert kind_of("contacts.csv", workbook_bytes({"contacts": PEOPLE})) == "xlsx"
    assert kind_of("contacts.csv", b"person_id,date\n") == "csv"


@pytest.mark.parametrize("spelling", sorted(LAST_CELL_SPELLINGS))
def test_a_last_cell_is_seen_however_its_reference_is_spelled(spelling):
    with pytest.raises(UnsafeFile, match="spans|beyond the edge"):
        check_workbook("far.xlsx", last_cell_workbook(spelling))


def test_cells_without_references_follow_the_cell_before_them():
    wide = sheet_xml(PEOPLE, extra_rows="<row>" + "<c><v>1</v></c>" * 16_385 + "</row>")
    with pytest.raises(UnsafeFile, match="beyond the edge"):
        check_workbook("wide.xlsx", xlsx({"people": wide}))


def test_a_cell_whose_reference_is_not_a_place_on_a_sheet_is_refused_as_damaged():
    odd = sheet_xml(PEOPLE, extra_rows='<row r="3"><c r="3A"><v>1</v></c></row>')
    with pytest.raises(UnsafeFile, match="damaged"):
        check_workbook("odd.xlsx", xlsx({"people": odd}))


def test_a_sheet_that_is_not_well_formed_xml_is_refused_as_damaged():
    broken = sheet_xml(PEOPLE).replace("</sheetData>", "<row>")
    assert "damaged" in refusal("broken.xlsx", xlsx({"people": broken}))


def test_a_document_type_declaration_without_entities_is_refused_too():
    doctype = sheet_xml(PEOPLE).replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
        '<?xml version="1.0"?><!DOCTYPE worksheet>',
    )
    assert "possible attack" in refusal("doctype.xlsx", xlsx({"people": doctype}))


def test_error_cells_and_formulas_without_a_result_are_found_in_the_same_pass():
    xml = sheet_xml(
        [
            ["period", "recruits"],
            ["2003-04", ("f", "A1/0", None)],
            ["2003-05", ("e", "#DIV/0!")],
            ["2003-06", ("f", "1+1", 2)],
        ]
    )
    checked = check_workbook("f.xlsx", xlsx({"recruitment": xml}))
    assert set(checked.unreadable["recruitment"]) == {(2, 2), (3, 2)}
    assert "#DIV/0!" in checked.unreadable["recruitment"][(3, 2)]


def test_a_million_row_contacts_sheet_is_not_refused_for_its_size():
    """A million contacts, six columns: the grid a sheet may span holds them (the reading
    streams in chunks and stays within its memory limit; bench/README.md gives the figures)."""
    heading = [["person_id", "date", "mode", "contact_with", "topic", "minutes"]]
    last = '<row r="1000001"><c r="F1000001"><v>30</v></c></row>'
    checked = check_workbook(
        "million.xlsx", xlsx({"contacts": sheet_xml(heading, extra_rows=last)})
    )
    assert checked.unreadable == {"contacts": {}}
    assert 1_000_001 * 6 <= MAX_SHEET_CELLS
