"""A workbook typed by hand into real spreadsheet software imports with the right numbers.

fixtures/typed_in_libreoffice.xlsx was typed cell by cell into LibreOffice Calc (UK locale)
and saved by Calc (fixtures/make_typed_workbook.py): loose headings, a blank first row, a
name column, UK dates, 'Band 5', '£60,000', 'Part time', formulas with stored results.
"""

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from uep_data import db, importer, measures, schema
from uep_data.periods import Period

TYPED = Path(__file__).parent / "fixtures" / "typed_in_libreoffice.xlsx"
D = dt.date(2004, 3, 31)


def test_the_hand_typed_workbook_imports_with_the_right_numbers(engine):
    result = importer.import_files(engine, [(TYPED.name, TYPED.read_bytes())])
    assert result.status == "imported", [str(p) for p in result.problems]
    assert any("'Name'" in w and "dropped" in w for w in result.warnings)
    with db.reading(engine) as conn:
        values = measures.summary(conn, D, Period(dt.date(2003, 4, 1), D))
        people = (
            conn.execute(sa.select(schema.people).order_by(schema.people.c.person_id))
            .mappings()
            .all()
        )
        posts = {r["person_id"]: r for r in conn.execute(sa.select(schema.employments)).mappings()}
        funding = {r["stream"]: r for r in conn.execute(sa.select(schema.funding)).mappings()}
    assert [p["referral_date"] for p in people] == [
        dt.date(2003, 1, 14),
        dt.date(2003, 2, 3),
        dt.date(2003, 5, 20),
    ]  # day first
    assert "Alex" not in repr(people)
    assert posts["P0001"]["pay_band"] == "band_5" and posts["P0001"]["hours"] == "part_time"
    assert posts["P0002"]["directorate"] == "Human Resources"  # typed in lower case
    assert posts["P0002"]["end_reason"] == "open_employment_elsewhere"
    assert posts["P0003"]["management_role"] is True
    assert funding["Local authority mental health grant"]["awarded"] == 60000
    assert funding["Local authority mental health grant"]["financial_year"] == "2003/04"
    assert funding["Challenge fund"]["financial_year"] == "2003/04"
    assert values["in_employment"] == 2
    assert values["job_starts"] == 3
    assert values["management_posts"] == 1
    assert values["contacts"] == 4 and values["contacts_telephone_pct"] == 50
    assert values["recruits"] == 80  # 42 of them from a formula, =20+22
    assert values["recruits_lived_experience_pct"] == 13 / 80 * 100
    assert values["funding_awarded"] == 72500
    assert values["funding_spent"] == 58750.5
    assert values["directorates_covered_pct"] == 100 / 3  # both in post in one of three
