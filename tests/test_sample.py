"""The bundled sample workbook is what the deterministic generator makes, and holds no names."""

import io

from openpyxl import load_workbook

from uep_data import contract, sample


def cell_values(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in book}


def test_the_committed_sample_workbook_is_what_the_generator_makes(sample_workbook):
    assert cell_values(sample_workbook) == cell_values(sample.sample_workbook_bytes())


def test_the_generator_is_deterministic():
    assert sample.build_sample() == sample.build_sample()


def test_the_sample_has_every_sheet_and_no_direct_identifiers(sample_workbook):
    values = cell_values(sample_workbook)
    assert list(values) == list(contract.SHEET_NAMES)
    for sheet, rows in values.items():
        headings = {contract.normalise_name(h) for h in rows[0]}
        assert not headings & contract.DIRECT_IDENTIFIERS, sheet
    people = values["people"][1:]
    assert all(row[0].startswith("P") and row[0][1:].isdigit() for row in people)


def test_nothing_in_the_sample_happens_after_31_march_2004():
    for rows in sample.build_sample().values():
        for row in rows:
            for key, value in row.items():
                if key in ("end_date", "due_date", "period_end", "period_start"):
                    continue  # planned dates may lie ahead
                if hasattr(value, "year"):
                    assert value <= sample.SAMPLE_AS_OF, (key, row)
