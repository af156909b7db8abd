"""Reading workbooks and CSV files by the contract's reading rules."""

import datetime as dt

from tests.builders import csv_bytes, workbook_bytes
from tests.raw_xlsx import sheet_xml, xlsx
from uep_data.workbook import read_upload


def read(sheets, header_row=1):
    return read_upload([("upload.xlsx", workbook_bytes(sheets, header_row))])


def test_sheet_and_column_names_match_ignoring_case_spaces_underscores_and_hyphens():
    upload = read(
        {
            "Work Preparation": [
                ["Person ID", "START-DATE", " cohort "],
                ["P1", "01/04/2003", "A"],
            ],
            "WELLBEING-PLANS": [["person_id", "Agreed Date"], ["P1", "2003-05-01"]],
        }
    )
    assert set(upload.sheets) == {"work_preparation", "wellbeing_plans"}
    assert upload.sheets["work_preparation"].rows[0]["start_date"] == dt.date(2003, 4, 1)
    assert upload.sheets["work_preparation"].headers["person_id"] == "Person ID"
    assert not upload.problems


def test_singular_and_plural_are_not_guessed():
    upload = read({"contact": [["person_id", "date", "mode"], ["P1", "01/04/2003", "email"]]})
    assert not upload.sheets
    assert any("not part of the template" in w for w in upload.warnings)
    assert "no sheet in this upload is named like a sheet" in upload.problems[0].message


def test_the_header_row_is_the_first_non_blank_row_and_blank_rows_are_skipped():
    upload = read(
        {
            "people": [
                ["person_id", "route"],
                ["P1", "existing_staff"],
                [None, None],
                [None, None],
                ["P2", None],
            ]
        },
        header_row=4,
    )
    people = upload.sheets["people"]
    assert [r["person_id"] for r in people.rows] == ["P1", "P2"]
    assert people.row_numbers == [5, 8]  # as the spreadsheet shows them
    assert people.rows[1]["route"] == "new_recruit"  # blank means the column's default


def test_direct_identifiers_are_dropped_and_reported():
    upload = read(
        {
            "people": [
                ["person_id", "Name", "NHS number", "date of birth", "Postcode"],
                ["P1", "Jane Doe", "943 476 5919", "01/01/1970", "SW17 0YF"],
            ]
        }
    )
    people = upload.sheets["people"]
    assert people.columns == ("person_id",)
    assert all("Jane" not in str(v) for v in people.rows[0].values())
    dropped = [w for w in upload.warnings if "identify people directly" in w]
    assert dropped and all(h in dropped[0] for h in ("'Name'", "'NHS number'", "'Postcode'"))


def test_unknown_columns_are_a_warning_and_ignored():
    upload = read({"people": [["person_id", "Notes"], ["P1", "keen"]]})
    assert not upload.problems
    assert any("'Notes' is not part of the template" in w for w in upload.warnings)


def test_a_missing_required_column_is_an_error_naming_it():
    upload = read(
        {
            "employments": [
                ["person_id", "start_date", "directorate"],
                ["P1", "01/04/2003", "Human Resources"],
            ]
        }
    )
    assert any(p.column == "profession" and "required column" in p.message for p in upload.problems)


def test_every_bad_cell_is_reported_with_sheet_row_column_and_value():
    upload = read(
        {
            "contacts": [
                ["person_id", "date", "mode", "minutes"],
                ["P1", "31/02/2004", "pigeon", "ten"],
                ["", "01/03/2004", "telephone", 5],
            ]
        }
    )
    found = {(p.row, p.column, p.value) for p in upload.problems}
    assert (2, "date", "31/02/2004") in found
    assert (2, "mode", "pigeon") in found
    assert (2, "minutes", "ten") in found
    assert (3, "person_id", "") in found


def test_formula_cells_are_read_as_their_stored_result():
    xml = sheet_xml(
        [
            ["recruits", "recruits_lived_experience", "period"],
            [("f", "20+20", 40), ("f", "ROUND(B1*0.2,0)", 8), "2003-04"],
        ]
    )
    upload = read_upload([("f.xlsx", xlsx({"recruitment": xml}))])
    assert not upload.problems
    row = upload.sheets["recruitment"].rows[0]
    assert (row["recruits"], row["recruits_lived_experience"]) == (40, 8)


def test_a_formula_without_a_stored_result_or_an_error_value_is_an_error_at_that_cell():
    xml = sheet_xml(
        [
            ["period", "recruits", "recruits_lived_experience"],
            ["2003-04", ("f", "A1/0", None), 3],
            ["2003-05", 10, ("e", "#DIV/0!")],
            ["2003-06", ("e", "#N/A"), 2],
        ]
    )
    upload = read_upload([("f.xlsx", xlsx({"recruitment": xml}))])
    found = {(p.row, p.column): p.message for p in upload.problems}
    assert "no saved result" in found[(2, "recruits")]
    assert "#DIV/0!" in found[(3, "recruits_lived_experience")]
    assert "#N/A" in found[(4, "recruits")]


def test_a_formula_whose_result_is_empty_text_is_a_blank_cell():
    xml = sheet_xml([["person_id", "referral_source"], ["P1", ("f", 'IF(1,"","x")', "")]])
    upload = read_upload([("f.xlsx", xlsx({"people": xml}))])
    assert not upload.problems
    assert upload.sheets["people"].rows[0]["referral_source"] is None


def test_csv_files_are_named_by_their_stem_and_read_like_sheets():
    data = csv_bytes([{"person_id": "P1", "date": "01/04/2003", "mode": "Telephone"}])
    upload = read_upload([("Contacts.csv", data)])
    assert upload.sheets["contacts"].rows[0]["mode"] == "telephone"
    assert upload.sheets["contacts"].row_numbers == [2]


def test_csv_saved_by_excel_in_windows_1252_keeps_its_pound_signs():
    data = csv_bytes(
        [
            {
                "stream": "Grant",
                "funding_type": "recurring_grant",
                "financial_year": "2003/04",
                "awarded": "£12,500.00",
            }
        ],
        encoding="cp1252",
    )
    upload = read_upload([("funding.csv", data)])
    assert upload.sheets["funding"].rows[0]["awarded"] == 12500.0


def test_a_csv_named_after_no_sheet_is_an_error_saying_how_to_name_it():
    upload = read_upload([("export.csv", b"person_id\nP1\n")])
    assert "Name the file after its sheet" in upload.problems[0].message


def test_the_same_sheet_twice_in_one_upload_is_an_error():
    upload = read_upload(
        [
            ("people.csv", b"person_id\nP1\n"),
            ("book.xlsx", workbook_bytes({"people": [["person_id"], ["P2"]]})),
        ]
    )
    assert any("appears twice" in p.message for p in upload.problems)


def test_numbers_typed_into_text_columns_are_kept_as_text():
    upload = read({"people": [["person_id"], [42]]})
    assert upload.sheets["people"].rows[0]["person_id"] == "42"


def test_rows_of_nothing_but_spaces_are_blank_rows():
    upload = read({"people": [["person_id", "route"], ["P1", None], ["   ", " "], ["P2", None]]})
    assert not upload.problems
    assert upload.sheets["people"].row_numbers == [2, 4]


def test_ragged_csv_rows_are_read_with_blanks_for_missing_cells():
    upload = read_upload([("people.csv", b"person_id,referral_date,route\nP1\nP2,01/04/2003\n")])
    assert not upload.problems
    assert [r["referral_date"] for r in upload.sheets["people"].rows] == [None, dt.date(2003, 4, 1)]


def test_a_csv_of_blank_lines_is_refused_once_it_has_more_rows_than_a_sheet():
    upload = read_upload([("contacts.csv", b"person_id,date,mode\n" + b"\r\n" * 1_048_576)])
    assert not upload.sheets
    assert "has more than 1,048,576 rows (blank lines count too)" in upload.problems[0].message


def test_a_csv_row_wider_than_a_sheet_is_refused():
    upload = read_upload([("people.csv", b"person_id\n" + b"," * 16_384 + b"\n")])
    assert "has a row of more than 16,384 cells" in upload.problems[0].message


def test_a_large_sheet_is_read_in_chunks_with_its_rows_numbered_as_the_spreadsheet_shows(
    monkeypatch,
):
    from uep_data import workbook

    # in this process, with tiny chunks, through the row-at-a-time path large sheets take
    monkeypatch.setattr(workbook, "CHUNK_ROWS", 3)
    monkeypatch.setattr(workbook, "WHOLE_SHEET_CELLS", 0)
    rows = [["person_id", "date", "mode", "minutes"]]
    rows += [[f"P{n}", "01/04/2003", "email", n] for n in range(1, 9)]
    rows[4] = [None, None, None, None]  # a blank row inside the second chunk
    rows[6][3] = "ten"  # an unreadable cell in the third chunk
    rows[7][3] = True  # TRUE in a number column: never read as 1
    data = workbook_bytes({"contacts": rows}, header_row=3)
    upload = workbook.read_file("chunks.xlsx", data, "xlsx")
    contacts = upload.sheets["contacts"]
    assert contacts.row_numbers == [4, 5, 6, 8, 9, 10, 11]
    assert contacts.values["person_id"] == ["P1", "P2", "P3", "P5", "P6", "P7", "P8"]
    assert contacts.values["minutes"][:3] == [1, 2, 3]
    found = {(p.row, p.column, p.value) for p in upload.problems}
    assert found == {(9, "minutes", "ten"), (10, "minutes", "TRUE")}


def test_an_error_cell_is_reported_at_its_place_when_the_table_starts_away_from_a1():
    xml = sheet_xml([]).replace(
        "<sheetData></sheetData>",
        "<sheetData>"
        '<row r="4"><c r="C4" t="inlineStr"><is><t>period</t></is></c>'
        '<c r="D4" t="inlineStr"><is><t>recruits</t></is></c></row>'
        '<row r="5"><c r="C5" t="inlineStr"><is><t>2003-04</t></is></c>'
        '<c r="D5" t="e"><v>#VALUE!</v></c></row>'
        "</sheetData>",
    )
    upload = read_upload([("away.xlsx", xlsx({"recruitment": xml}))])
    found = {(p.row, p.column): p.message for p in upload.problems}
    assert "spreadsheet error (#VALUE!)" in found[(5, "recruits")]


def test_a_refused_workbook_leaves_the_other_files_of_the_upload_read():
    from tests.raw_xlsx import last_cell_workbook

    upload = read_upload(
        [
            ("far.xlsx", last_cell_workbook("lower case")),
            ("contacts.csv", b"person_id,date,mode\nP1,01/04/2003,email\n"),
        ]
    )
    assert list(upload.sheets) == ["contacts"]
    assert [p.sheet for p in upload.problems] == ["far.xlsx"]
    assert upload.file_names == "far.xlsx, contacts.csv"
