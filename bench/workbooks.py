"""Large workbooks for the benchmarks (synthetic, by the contract's columns)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

MODES = ("telephone", "meeting_outside_work", "in_workplace", "email")
TOPICS = ("relationships_at_work", "job_demands", "outside_work", "confidence", "symptoms")


def contacts_workbook(
    path: Path, contacts: int = 100_000, people: int = 2_000, seed: int = 7
) -> Path:
    """A workbook with a people sheet and a contacts sheet of `contacts` rows, with real date
    cells, as a spreadsheet program saves them."""
    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(["person_id", "referral_date", "route"])
    for n in range(1, people + 1):
        sheet.append(
            [f"P{n:05d}", dt.date(2000, 1, 1) + dt.timedelta(days=n % 1500), "new_recruit"]
        )
    sheet = book.create_sheet("contacts")
    sheet.append(["person_id", "date", "mode", "contact_with", "topic", "minutes"])
    first = dt.date(2000, 1, 1)
    for _ in range(contacts):
        sheet.append(
            [
                f"P{rng.randint(1, people):05d}",
                first + dt.timedelta(days=rng.randint(0, 365 * 20)),
                rng.choice(MODES),
                rng.choice(("employee", "manager", "both")),
                rng.choice(TOPICS),
                rng.randint(5, 90),
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
