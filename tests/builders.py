"""Small builders for test workbooks and database snapshots."""

from __future__ import annotations

import csv
import datetime as dt
import io

import sqlalchemy as sa
from openpyxl import Workbook

from uep_data import importer, schema
from uep_data.acting import Acting

DIRECTORATES = [
    {"directorate": "Community Adult Services", "directorate_type": "clinical"},
    {"directorate": "Human Resources", "directorate_type": "corporate"},
]
PROFESSIONS = [
    {"profession": "Nursing", "clinical": "yes", "professionally_qualified": "yes"},
    {
        "profession": "Administrative and clerical",
        "clinical": "no",
        "professionally_qualified": "no",
    },
]


def workbook_bytes(sheets: dict[str, list[dict] | list[list]], header_row: int = 1) -> bytes:
    """An .xlsx with a sheet per entry: rows as dicts (headings from the first row's keys) or
    as lists (the first list is the heading row)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        if rows and isinstance(rows[0], dict):
            headings = list(dict.fromkeys(key for row in rows for key in row))
            table = [headings] + [[row.get(h) for h in headings] for row in rows]
        else:
            table = rows
        for offset, values in enumerate(table):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    ws.cell(row=header_row + offset, column=column, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[dict], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(k for r in rows for k in r)))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def person_rows(*ids: str, referral_date=dt.date(2003, 1, 6)) -> list[dict]:
    return [{"person_id": i, "referral_date": referral_date} for i in ids]


def post(
    person_id: str,
    start,
    end=None,
    directorate="Community Adult Services",
    profession="Nursing",
    **extra,
) -> dict:
    return {
        "person_id": person_id,
        "start_date": start,
        "directorate": directorate,
        "profession": profession,
        "end_date": end,
        **extra,
    }


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every data table, in id order: to compare databases exactly."""
    with engine.connect() as conn:
        return {
            name: [tuple(r) for r in conn.execute(sa.select(t).order_by(t.c.id))]
            for name, t in schema.DATA_TABLES.items()
        }


def signed_in(email: str, secrets_roles: dict | None = None, **details) -> Acting:
    """Someone signed in, making a change: their role is whatever the mapping in force gives
    `email` when it is written (the roles saved in Settings, else `secrets_roles`)."""
    return Acting(
        who=email,
        signed_in=True,
        name=email,
        secrets_roles=secrets_roles or {},
        sign_in_key=details.pop("sign_in_key", f"sign-in of {email}"),
        **details,
    )


def import_programme(
    engine,
    directorates=DIRECTORATES,
    professions=PROFESSIONS,
    referral_date=dt.date(2003, 1, 6),
    **sheets: list[dict],
) -> None:
    """Import a small programme: the sheets given, the trust's lists, and a people row for
    everyone the sheets name; the import must succeed."""
    people = sorted(
        {row["person_id"] for rows in sheets.values() for row in rows if "person_id" in row}
    )
    data = {
        "directorates": directorates,
        "professions": professions,
        "people": person_rows(*people, referral_date=referral_date) if people else [],
        **sheets,
    }
    result = importer.import_files(
        engine, [("t.xlsx", workbook_bytes({k: v for k, v in data.items() if v}))]
    )
    assert result.ok, [str(p) for p in result.problems][:5]
