"""The reading rules for single cells (docs/upload-workbook.md, "Reading rules")."""

import datetime as dt

import pytest

from uep_data import contract as c
from uep_data.values import (
    CellProblem,
    neutralise_for_export,
    read_date,
    read_financial_year,
    read_money,
    read_month,
    read_whole,
    read_yes_no,
    reader_for,
    vocabulary_reader,
)

APRIL_1 = dt.date(2003, 4, 1)


@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2003, 4, 1),
        dt.datetime(2003, 4, 1, 14, 30),
        "2003-04-01",
        "01/04/2003",
        "1/4/2003",
        " 1/4/2003 ",
        37712,
        37712.75,
        "37712",
        "2003-04-01 09:00:00",
        "01/04/2003 09:00",
    ],
)
def test_dates_are_read_in_every_form_the_contract_allows(raw):
    assert read_date(raw) == APRIL_1


def test_uk_text_dates_are_day_first():
    assert read_date("02/03/2004") == dt.date(2004, 3, 2)


def test_excel_serial_dates_use_the_1900_system():
    assert read_date(1) == dt.date(1900, 1, 1)
    assert read_date(59) == dt.date(1900, 2, 28)
    assert read_date(61) == dt.date(1900, 3, 1)
    assert read_date(45000) == dt.date(2023, 3, 15)


@pytest.mark.parametrize(
    "raw",
    ["31/02/2004", "2004-13-01", "next Tuesday", "1/4/03", "April 2003", True, -5, "04/01/2003/1"],
)
def test_anything_else_in_a_date_column_is_a_problem_with_advice(raw):
    with pytest.raises(CellProblem) as problem:
        read_date(raw)
    assert "31/03/2004" in str(problem.value) or "date" in str(problem.value)


@pytest.mark.parametrize("raw", ["2003-04", dt.date(2003, 4, 17), "17/04/2003", "2003-4"])
def test_months_are_a_date_in_the_month_or_year_dash_month(raw):
    assert read_month(raw) == APRIL_1


def test_a_month_number_above_twelve_is_a_problem():
    with pytest.raises(CellProblem):
        read_month("2003-13")


@pytest.mark.parametrize(
    "raw",
    [
        "2003/04",
        "2003-04",
        "2003/2004",
        "FY2003/04",
        "fy 2003/04",
        dt.date(2003, 4, 1),
        dt.date(2004, 2, 1),
    ],
)
def test_financial_years_are_stored_as_2003_04(raw):
    assert read_financial_year(raw) == "2003/04"


@pytest.mark.parametrize("raw", ["2003/05", "2003", "2003/2005", "03/04"])
def test_a_financial_year_whose_years_do_not_follow_is_a_problem(raw):
    with pytest.raises(CellProblem):
        read_financial_year(raw)


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        (True, True),
        (1.0, True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
        (False, False),
        (0, False),
    ],
)
def test_yes_no_in_any_case(raw, expected):
    assert read_yes_no(raw) is expected


def test_yes_no_rejects_maybe():
    with pytest.raises(CellProblem, match="yes or no"):
        read_yes_no("maybe")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("£12,500.00", 12500.0),
        ("12500", 12500.0),
        (12500, 12500.0),
        ("£60,000", 60000.0),
        ("£ 1,234.5", 1234.5),
        (99.999, 100.0),
        ("£0.50", 0.5),
    ],
)
def test_money_is_pounds_with_pence(raw, expected):
    assert read_money(raw) == expected


@pytest.mark.parametrize("raw", ["£12,50.00", "twelve pounds", "-£5", -5, "£1.234"])
def test_money_that_is_not_an_amount_is_a_problem(raw):
    with pytest.raises(CellProblem):
        read_money(raw)


def test_whole_numbers_must_be_whole_and_not_negative():
    assert read_whole(12.0) == 12
    assert read_whole("12") == 12
    assert read_whole("1,200") == 1200
    for bad in (1.5, -1, "1.5", "ten", True):
        with pytest.raises(CellProblem, match="whole number"):
            read_whole(bad)


def test_vocabulary_matches_like_names_and_lists_the_allowed_values():
    read = vocabulary_reader(c.CONTACT_MODES)
    assert read("Meeting outside work") == "meeting_outside_work"
    assert read("MEETING-OUTSIDE-WORK") == "meeting_outside_work"
    with pytest.raises(CellProblem) as problem:
        read("carrier pigeon")
    assert "Telephone, Meeting outside work" in str(problem.value)  # the words, not codes


def test_pay_band_reads_band_5_as_band_5():
    read = reader_for(c.SHEETS_BY_NAME["employments"].column("pay_band"))
    assert read("Band 5") == "band_5"
    assert read(5) == "band_5"
    assert read(5.0) == "band_5"
    with pytest.raises(CellProblem, match="Band 8 for bands 8a to 8d"):
        read("Band 8a")


def test_text_starting_like_a_formula_is_stored_exactly_and_neutralised_on_export():
    read = reader_for(c.SHEETS_BY_NAME["actions"].column("description"))
    assert read('=HYPERLINK("http://x")') == '=HYPERLINK("http://x")'
    assert neutralise_for_export("=1+1") == "'=1+1"
    assert neutralise_for_export("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise_for_export("-2") == "'-2"
    assert neutralise_for_export(-2) == -2
    assert neutralise_for_export("Nursing") == "Nursing"
