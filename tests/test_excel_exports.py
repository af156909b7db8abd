"""Figures to Excel (issue 20, item 11): a table's download as .xlsx, the same rows as its CSV,
numbers as numbers in their formats, one sheet per table, a notes sheet, and nothing a
spreadsheet would run as a formula."""

import io

import pytest
from openpyxl import load_workbook

from uep_data import exports

ROWS = [
    {"Directorate": "Human Resources", "People": "15", "Share": "90%", "Awarded": "£144,400"},
    {"Directorate": "Forensic Services", "People": "*", "Share": "not shown", "Awarded": "£0"},
    {"Directorate": '=HYPERLINK("http://x")', "People": 1234, "Share": "12.5%", "Awarded": None},
]
NOTES = [("Figures", "The coverage grid"), ("Disclosure rule", "A * stands for 1 to 7 people")]


def book(tables=(("the coverage grid", ROWS),), notes=NOTES):
    return load_workbook(io.BytesIO(exports.xlsx_bytes(list(tables), notes)))


def test_one_sheet_per_table_then_the_notes():
    found = book([("the targets", ROWS[:1]), ("the funding streams", ROWS[1:])])
    assert found.sheetnames == ["Targets", "Funding streams", "Notes"]
    assert [[c.value for c in row] for row in found["Notes"].iter_rows()] == [
        ["About these figures", None],
        ["Figures", "The coverage grid"],
        ["Disclosure rule", "A * stands for 1 to 7 people"],
    ]


def test_numbers_are_numbers_and_the_rest_is_text():
    sheet = book()["Coverage grid"]
    assert [c.value for c in sheet[1]] == ["Directorate", "People", "Share", "Awarded"]
    first, starred, third = (list(sheet.iter_rows(min_row=r, max_row=r))[0] for r in (2, 3, 4))
    assert first[1].value == 15 and first[1].data_type == "n"
    assert first[2].value == pytest.approx(0.9) and first[2].number_format == "0%"
    assert first[3].value == 144400 and first[3].number_format == '"£"#,##0'
    # a suppressed or withheld figure stays as it is shown, as text
    assert (starred[1].value, starred[1].data_type) == ("*", "s")
    assert (starred[2].value, starred[2].data_type) == ("not shown", "s")
    assert third[1].value == 1234 and third[2].value == pytest.approx(0.125)
    assert third[2].number_format == "0.0%"
    # never a formula: stored as text, as found, with no apostrophe added
    assert third[0].data_type == "s" and third[0].value.startswith("=HYPERLINK")
    assert third[0].quotePrefix


@pytest.mark.parametrize(
    "shown,number",
    [
        ("37", (37, "#,##0")),
        ("1,234", (1234, "#,##0")),
        ("-3", (-3, "#,##0")),
        ("18%", (0.18, "0%")),
        ("£75,300", (75300, '"£"#,##0')),
        ("2.5", (2.5, "#,##0.0")),
        ("*", None),
        ("not shown", None),
        ("2003/04", None),
        ("31 Mar 2004", None),
        ("P0042", None),
        ("1, 2", None),
    ],
)
def test_a_figure_as_shown_is_read_as_the_number_it_says(shown, number):
    found = exports.as_number(shown)
    if number is None:
        assert found is None
    else:
        assert found[0] == pytest.approx(number[0]) and found[1] == number[1]


def test_a_sheet_is_named_as_excel_allows():
    assert exports.sheet_title("the targets") == "Targets"
    # at most 31 characters, none of : / ? * [ ]
    assert exports.sheet_title("the people by directorate/profession: all") == (
        "People by directorate professio"
    )
    assert len(exports.sheet_title("x" * 40)) == 31
