"""Figures the dashboard lets people take away (CSV), made safe for spreadsheets: a value that
a spreadsheet would run as a formula is made inert. Only what a page shows goes out, so the
steering group's and the board's downloads carry the controlled figures."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from .values import neutralise_for_export


def csv_bytes(rows: Sequence[dict]) -> bytes:
    """Rows as CSV (UTF-8 with a byte-order mark, which Excel needs to read £ signs)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: neutralise_for_export(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
