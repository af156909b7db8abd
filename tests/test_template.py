"""The upload template: every sheet and column, explained, with drop-down lists; filled in
correctly, it imports."""

import datetime as dt
import io

from openpyxl import load_workbook

from uep_data import contract, importer, template


def test_the_template_has_every_sheet_and_column_of_the_contract():
    book = load_workbook(io.BytesIO(template.template_bytes()))
    for sheet in contract.SHEETS:
        headings = [c.value for c in book[sheet.name][1]]
        assert headings == list(sheet.column_names)


def test_every_column_is_explained_in_plain_words():
    book = load_workbook(io.BytesIO(template.template_bytes()))
    guide = book["About this workbook"]
    explained = {(r[0], r[1]) for r in guide.iter_rows(min_row=2, values_only=True)}
    for sheet in contract.SHEETS:
        for column in sheet.columns:
            assert (sheet.name, column.name) in explained
    assert "never type names" in guide["D2"].value.lower()


def test_vocabulary_and_yes_no_columns_have_drop_down_lists():
    book = load_workbook(io.BytesIO(template.template_bytes()))
    contacts = book["contacts"]
    ranges = {str(dv.sqref): dv.formula1 for dv in contacts.data_validations.dataValidation}
    assert "C2:C5000" in ranges  # mode
    lists = book["Lists"]
    letter = ranges["C2:C5000"].split("!$")[1][0]
    listed = [c.value for c in lists[letter] if c.value]
    assert listed == list(contract.CONTACT_MODES)
    employments = book["employments"]
    assert any(str(dv.sqref) == "F2:F5000" for dv in employments.data_validations.dataValidation)


def test_the_template_filled_in_correctly_imports(engine):
    book = load_workbook(io.BytesIO(template.template_bytes()))
    book["people"].append(["P0001", dt.date(2003, 3, 1), "self", "new_recruit"])
    book["employments"].append(
        [
            "P0001",
            dt.date(2003, 4, 1),
            "Community Adult Services",
            "Nursing",
            "band_5",
            "no",
            "full_time",
            "no",
        ]
    )
    book["contacts"].append(
        ["P0001", dt.date(2003, 4, 8), "telephone", "employee", "job_demands", 20]
    )
    book["targets"].append(["T1", "35 in post", "in_employment", "aspirational", 35])
    buffer = io.BytesIO()
    book.save(buffer)
    result = importer.import_files(engine, [("filled.xlsx", buffer.getvalue())])
    assert result.status == "imported", [str(p) for p in result.problems]
    assert result.sheet_counts()["employments"]["inserted"] == 1
    assert not any("not part of the template" in w for w in result.warnings)
