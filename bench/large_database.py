"""A database the size of a large trust over many years, for the page-data benchmark:
20 years, 20,000 people, about 1,000,000 support contacts (synthetic, deterministic)."""

from __future__ import annotations

import datetime as dt
import random

import sqlalchemy as sa

from uep_data import contract as c
from uep_data import db, schema
from uep_data.importer import bulk_insert, stored_columns
from uep_data.sample import DIRECTORATES, PROFESSIONS, funding_rows, target_rows

FIRST_DAY = dt.date(2005, 4, 1)
LAST_DAY = dt.date(2025, 3, 31)


def insert(conn, sheet: str, rows: list[dict]) -> None:
    columns = stored_columns(c.SHEETS_BY_NAME[sheet])
    bulk_insert(
        conn,
        schema.DATA_TABLES[sheet],
        ("import_id",) + columns,
        [(0, *(row.get(col, _default(sheet, col)) for col in columns)) for row in rows],
    )


def _default(sheet: str, column: str):
    if column == "occurrence":
        return 1
    if (sheet, column) in c.BLANK_IS_VALUE:
        return ""
    return c.SHEETS_BY_NAME[sheet].column(column).default


def _shift_year(label: str | None, years: int) -> str | None:
    if not label:
        return label
    first = int(label[:4]) + years
    return f"{first}/{(first + 1) % 100:02d}"


def build(url: str, people: int = 20_000, contacts: int = 1_000_000, seed: int = 20) -> None:
    rng = random.Random(seed)
    engine = db.create_engine(url)
    db.upgrade(engine)
    span = (LAST_DAY - FIRST_DAY).days
    directorates = [d for d, _ in DIRECTORATES]
    professions = [p for p, _, _ in PROFESSIONS]
    with db.writing(engine) as conn:
        insert(
            conn,
            "directorates",
            [{"directorate": d, "directorate_type": t} for d, t in DIRECTORATES],
        )
        insert(
            conn,
            "professions",
            [
                {"profession": p, "clinical": cl, "professionally_qualified": pq}
                for p, cl, pq in PROFESSIONS
            ],
        )
        people_rows, posts, stages, plans = [], [], [], []
        for n in range(1, people + 1):
            person = f"P{n:06d}"
            referral = FIRST_DAY + dt.timedelta(days=rng.randint(0, span - 400))
            people_rows.append(
                {"person_id": person, "referral_date": referral, "route": "new_recruit"}
            )
            start = referral + dt.timedelta(days=rng.randint(60, 200))
            end = start + dt.timedelta(days=rng.randint(90, 2500))
            posts.append(
                {
                    "person_id": person,
                    "start_date": start,
                    "directorate": rng.choice(directorates),
                    "profession": rng.choice(professions),
                    "pay_band": "band_4",
                    "management_role": rng.random() < 0.05,
                    "hours": "full_time",
                    "lived_experience_post": False,
                    "end_date": end if end <= LAST_DAY else None,
                    "end_reason": "other" if end <= LAST_DAY else None,
                }
            )
            for step, back in (("referred", 0), ("job_offer", -30), ("occupational_health", -15)):
                day = referral if step == "referred" else start + dt.timedelta(days=back)
                stages.append({"person_id": person, "stage": step, "date": day})
            plans.append(
                {
                    "person_id": person,
                    "agreed_date": start + dt.timedelta(days=40),
                    "last_reviewed": None,
                }
            )
        insert(conn, "people", people_rows)
        insert(conn, "employments", posts)
        insert(conn, "stages", stages)
        insert(conn, "wellbeing_plans", plans)
        modes, topics = c.CONTACT_MODES[:4], c.CONTACT_TOPICS[:6]
        batch: list[dict] = []
        seen: set = set()
        while len(seen) < contacts:
            post = posts[rng.randrange(len(posts))]
            last = post["end_date"] or LAST_DAY
            days = (last - post["start_date"]).days
            row = {
                "person_id": post["person_id"],
                "date": post["start_date"] + dt.timedelta(days=rng.randint(0, days)),
                "mode": rng.choice(modes),
                "contact_with": "employee",
                "topic": rng.choice(topics),
                "minutes": 20,
            }
            key = (row["person_id"], row["date"], row["mode"], row["topic"])
            if key in seen:
                continue
            seen.add(key)
            batch.append(row)
            if len(batch) == 100_000:
                insert(conn, "contacts", batch)
                batch = []
        insert(conn, "contacts", batch)
        recruitment = []
        month = FIRST_DAY
        while month <= LAST_DAY:
            for d in directorates:
                recruits = rng.randint(20, 60)
                recruitment.append(
                    {
                        "period": month,
                        "directorate": d,
                        "profession": "",
                        "recruits": recruits,
                        "recruits_lived_experience": rng.randint(0, recruits // 4),
                    }
                )
            month = (month + dt.timedelta(days=32)).replace(day=1)
        insert(conn, "recruitment", recruitment)
        work_prep = [
            {
                "person_id": f"P{rng.randint(1, people):06d}",
                "start_date": FIRST_DAY + dt.timedelta(days=i * 3),
                "cohort": f"C{i // 10}",
                "outcome": rng.choice(c.WORK_PREP_OUTCOMES),
            }
            for i in range(2000)
        ]
        insert(conn, "work_preparation", work_prep)
        funding = []
        for row in funding_rows():
            for shift in (10, 20, 30):
                year = int(row["financial_year"][:4]) + shift
                if year <= 2024:
                    funding.append(
                        {
                            **row,
                            "financial_year": f"{year}/{(year + 1) % 100:02d}",
                            "end_date": None,
                        }
                    )
        insert(conn, "funding", funding)
        insert(
            conn,
            "targets",
            [{**t, "financial_year": _shift_year(t["financial_year"], 20)} for t in target_rows()],
        )
        conn.execute(sa.text("ANALYZE")) if conn.dialect.name == "sqlite" else None
    engine.dispose()
