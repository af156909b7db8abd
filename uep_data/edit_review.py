"""What an edit of the targets or the action plan would change, said before it is saved: each
target or action added or changed, each of its values as old → new, and the changes worth a
second look (a target that moves by more than half of its value, or away from the number its
own title states). Pure functions over rows as `editing.stored_rows` gives them."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import contract as c
from . import measures
from .formatting import format_date
from .words import words_for

# a number in a title that is not part of a date or a year: "35 people", "15% of recruits"
# count, but not "31 March 2005", "2004/05" or "1999"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_DATE_OR_YEAR = re.compile(
    rf"\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b\d{{4}}/\d{{2,4}}\b|\b(?:19|20)\d{{2}}\b", re.IGNORECASE
)
_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])")
BIG_MOVE = 0.5  # a target whose value moves by more than this share of it is asked about


@dataclass(frozen=True)
class ValueChange:
    column: str
    old: object
    new: object

    def words(self, sheet: str) -> str:
        label = column_label(self.column)
        return f"{label}: {value_words(sheet, self.column, self.old)} → " + value_words(
            sheet, self.column, self.new
        )


@dataclass(frozen=True)
class RowChange:
    """One target or action added or changed by the edit."""

    sheet: str
    key: str
    name: str  # its key and title (or description), as the lead knows it
    added: bool
    values: tuple[ValueChange, ...]

    def words(self) -> str:
        if self.added:
            return f"Added {self.name}"
        return f"{self.name}: " + "; ".join(v.words(self.sheet) for v in self.values)


def column_label(column: str) -> str:
    return column.replace("_", " ").capitalize()


def value_words(sheet: str, column: str, value) -> str:
    """A value as the editor shows it: blank as 'blank', codes in words, dates as dates."""
    value = _normal(value)
    if value is None:
        return "blank"
    kind = c.SHEETS_BY_NAME[sheet].column(column).kind
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, bool) or kind == c.YES_NO:
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if kind in (c.VOCAB,):
        return words_for(value).lower()
    return str(value)


def _normal(value):
    """Values as compared: blank text and missing values alike, whole numbers as numbers,
    a moment as its day."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def name_of(sheet: str, row: dict) -> str:
    """A target or action as the lead knows it: its key and its title (or description)."""
    key = c.SHEETS_BY_NAME[sheet].key[0]
    title = row.get("title") if sheet == "targets" else row.get("description")
    title = _normal(title)
    return f"{row.get(key)} ({title})" if title else str(row.get(key))


def changes(sheet: str, stored: Sequence[dict], edited: Sequence[dict]) -> list[RowChange]:
    """Each row of `edited` that is new or differs from the stored row with its key, in the
    edited order. A row left out of the edit is kept as it is, so it is no change."""
    columns = c.SHEETS_BY_NAME[sheet].column_names
    key = c.SHEETS_BY_NAME[sheet].key[0]
    by_key = {str(_normal(r[key])): r for r in stored}
    found = []
    for row in edited:
        row_key = _normal(row.get(key))
        if row_key is None:
            continue
        row_key = str(row_key)
        before = by_key.get(row_key)
        if before is None:
            found.append(RowChange(sheet, row_key, name_of(sheet, row), True, ()))
            continue
        moved = tuple(
            ValueChange(column, before.get(column), row.get(column))
            for column in columns
            if _normal(before.get(column)) != _normal(row.get(column))
            # a tick left empty is "no", as the stored default
            and not (
                c.SHEETS_BY_NAME[sheet].column(column).kind == c.YES_NO
                and not _normal(before.get(column))
                and not _normal(row.get(column))
            )
        )
        if moved:
            found.append(RowChange(sheet, row_key, name_of(sheet, row), False, moved))
    return found


def title_number(title: str | None) -> float | None:
    """The number a target's title states ("35 people…", "At least 15% of recruits…"), when
    it states exactly one that is not part of a date or a year."""
    if not title:
        return None
    numbers = _NUMBER.findall(_DATE_OR_YEAR.sub(" ", title))
    return float(numbers[0]) if len(numbers) == 1 else None


def second_looks(change: RowChange, row: dict) -> list[str]:
    """Why a change to a target is worth asking about again before it is saved: its value
    moves by more than half, or it no longer agrees with the number its own title states.
    `row` is the target as it would be saved."""
    if change.sheet != "targets":
        return []
    looks = []
    moved = next((v for v in change.values if v.column == "value"), None)
    old, new = (_normal(moved.old), _normal(moved.new)) if moved else (None, None)
    if old is not None and new is not None and old != 0 and abs(new - old) > BIG_MOVE * abs(old):
        looks.append(
            f"{change.name} moves from {old:g} to {new:g}, by more than half: is {new:g} right?"
        )
    stated = title_number(_normal(row.get("title")))
    value = _normal(row.get("value"))
    touched = change.added or any(v.column in ("value", "title") for v in change.values)
    if touched and stated is not None and value is not None and stated != value:
        looks.append(
            f"{change.name} would have the value {value:g} while its title says {stated:g}: "
            "change the title too, or check the value."
        )
    return looks


def listed(sheet_name: str, rows: Sequence[dict]) -> list[dict]:
    """The sheet's rows as a compact list that fits the screen: what each one is, its level,
    value and period, and who owns it."""
    if sheet_name == "targets":
        return [
            {
                "ID": r["target_id"],
                "Title": r["title"],
                "Measures": measures.measure(r["metric"]).label
                if r["metric"] in measures.metric_keys()
                else r["metric"],
                "Level": words_for(r["level"]),
                "Target": f"{words_for(r['comparison'] or 'at_least').lower()} {r['value']:g}",
                "Period": r["financial_year"]
                or " to ".join(format_date(d) for d in (r["period_start"], r["period_end"]) if d),
                "Owner": r["owner"] or "",
                "Retired": "Retired" if r["retired"] else "",
            }
            for r in rows
        ]
    return [
        {
            "ID": r["action_id"],
            "Action": r["description"],
            "Target": r["target_id"] or "",
            "Owner": r["owner"] or "",
            "Due": format_date(r["due_date"]) if r["due_date"] else "",
            "Status": words_for(r["status"] or "not_started"),
        }
        for r in rows
    ]
