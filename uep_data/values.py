"""Reading one cell by the contract's reading rules: dates, months, financial years, yes/no,
money, whole numbers and vocabularies.

Each reader takes the raw cell (as a spreadsheet reader returns it: text, a number, a
boolean, a date or nothing) and returns the typed value, or raises `CellProblem` with what
is wrong in plain words.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

from . import contract as c
from .characters import UNSTORABLE, describe, visible
from .words import did_you_mean, words_for


class CellProblem(ValueError):
    """A cell that does not follow the reading rules; the message says what to fix."""


BLANK = None
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: .*)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_FINANCIAL_YEAR = re.compile(r"^(?:fy\s*)?(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_MONEY = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")
_WHOLE = re.compile(r"^\d+(?:\.0+)?$")
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})


def is_blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def shown(raw: object) -> str:
    """The value as the person would see it in their spreadsheet, for messages."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return (
            raw.strftime("%d/%m/%Y %H:%M") if raw.time() != dt.time() else raw.strftime("%d/%m/%Y")
        )
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return visible(str(raw))  # a hidden character shows as its code point: "[U+200B]"


def cannot_be_stored(text: str) -> str | None:
    """What is wrong with text that holds a character no database can store, or None."""
    found = UNSTORABLE.search(text)
    if found is None:
        return None
    return (
        f"contains a character that cannot be stored ({describe(found.group())}), which most "
        "spreadsheets do not show: delete it, or type the cell again"
    )


def excel_serial_to_date(serial: float) -> dt.date:
    """An Excel serial day number (1900 date system) as a date; the time part is ignored.

    Excel counts 1900 as a leap year, so serials from 61 on are one day ahead of a plain
    count from 31 December 1899; serial 60 is Excel's non-existent 29 February 1900.
    """
    whole = int(math.floor(serial))
    if whole == 60:
        raise CellProblem("is Excel's day 60 (29/02/1900), which does not exist")
    base = dt.date(1899, 12, 30) if whole > 60 else dt.date(1899, 12, 31)
    return base + dt.timedelta(days=whole)


def _checked_date(value: dt.date) -> dt.date:
    if not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise CellProblem(
            f"reads as {value.strftime('%d/%m/%Y')}, which is outside 1900-2099: check it is a date"
        )
    return value


def read_date(raw: object) -> dt.date:
    """A date: a real date, ISO text, UK text (day first) or an Excel serial number."""
    if isinstance(raw, dt.datetime):
        return _checked_date(raw.date())
    if isinstance(raw, dt.date):
        return _checked_date(raw)
    if isinstance(raw, bool):
        raise CellProblem("is TRUE/FALSE, not a date: write the date as 31/03/2004")
    if isinstance(raw, (int, float)):
        if raw < 1 or not math.isfinite(raw):
            raise CellProblem("is not a date: write it as 31/03/2004 or 2004-03-31")
        try:
            return _checked_date(excel_serial_to_date(raw))
        except OverflowError:
            raise CellProblem("is not a date: write it as 31/03/2004 or 2004-03-31") from None
    text = str(raw).strip()
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK_DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        elif _NUMBER_TEXT.match(text):
            return read_date(float(text))
        else:
            raise CellProblem("is not a date we can read: write it as 31/03/2004 or 2004-03-31")
    try:
        return _checked_date(dt.date(year, month, day))
    except ValueError:
        raise CellProblem(
            "is not a real day of the calendar: check the day and the month "
            "(dates are read day first, as 31/03/2004)"
        ) from None


def read_month(raw: object) -> dt.date:
    """A month, stored as its first day: a date in the month or YYYY-MM text."""
    if isinstance(raw, str):
        match = _MONTH.match(raw.strip())
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise CellProblem("is not a month: the month number must be 01 to 12")
            return _checked_date(dt.date(year, month, 1))
    try:
        return read_date(raw).replace(day=1)
    except CellProblem:
        raise CellProblem("is not a month: write it as 2004-03 or as a date in the month") from None


def financial_year_of(day: dt.date) -> str:
    """The NHS financial year (1 April to 31 March) that contains the day, as 2003/04."""
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def read_financial_year(raw: object) -> str:
    """An NHS financial year written 2003/04, 2003-04, 2003/2004 or FY2003/04 -> '2003/04'.

    A real date (which is what a spreadsheet makes of '2003-04' typed into a cell: 1 April
    2003) is read as the financial year that contains it.
    """
    if isinstance(raw, dt.date):
        return financial_year_of(raw if not isinstance(raw, dt.datetime) else raw.date())
    match = _FINANCIAL_YEAR.match(str(raw).strip())
    if not match:
        raise CellProblem("is not a financial year: write it as 2003/04")
    first, second = int(match.group(1)), match.group(2)
    expected = first + 1
    if (len(second) == 2 and int(second) != expected % 100) or (
        len(second) == 4 and int(second) != expected
    ):
        raise CellProblem(
            f"is not a financial year: the second year must follow the first "
            f"(write {first}/{expected % 100:02d})"
        )
    if not 1900 <= first <= 2098:
        raise CellProblem("is not a financial year between 1900/01 and 2098/99")
    return f"{first}/{expected % 100:02d}"


def read_yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellProblem("must be yes or no")


def read_money(raw: object) -> float:
    """Pounds with pence: a number, or text such as £12,500.00."""
    if isinstance(raw, bool) or isinstance(raw, dt.date):
        raise CellProblem("is not an amount of money: write it as 12500 or £12,500.00")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        match = _MONEY.match(str(raw).strip().replace(" ", ""))
        if not match:
            raise CellProblem("is not an amount of money: write it as 12500 or £12,500.00")
        value = float(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
    if not math.isfinite(value) or value < 0:
        raise CellProblem("must be an amount of 0 or more")
    return round(value, 2)


def read_whole(raw: object) -> int:
    """A count: whole and not negative."""
    if isinstance(raw, bool) or isinstance(raw, dt.date):
        raise CellProblem("must be a whole number of 0 or more")
    if isinstance(raw, (int, float)):
        if not math.isfinite(raw) or raw < 0 or raw != int(raw):
            raise CellProblem("must be a whole number of 0 or more")
        return int(raw)
    text = str(raw).strip().replace(",", "")
    if not _WHOLE.match(text):
        raise CellProblem("must be a whole number of 0 or more")
    return int(float(text))


def read_number(raw: object) -> float:
    if isinstance(raw, bool) or isinstance(raw, dt.date):
        raise CellProblem("must be a number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip().replace(",", "").rstrip("%").strip()
        if text.startswith("£"):
            text = text[1:]
        if not _NUMBER_TEXT.match(text):
            raise CellProblem("must be a number")
        value = float(text)
    if not math.isfinite(value):
        raise CellProblem("must be a number")
    return value


def read_text(raw: object) -> str:
    """Text, exactly as typed (trimmed). Never evaluated, whatever it starts with."""
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime) and raw.time() == dt.time():
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


_BAND_WITH_LETTER = re.compile(r"^(?:band_?)?8_?[a-d]$")


def vocabulary_reader(vocabulary: tuple[str, ...]) -> Callable[[object], str]:
    """Reads a vocabulary value, matching like names do (case, spaces, _ and -)."""
    # a value is read from its code (band_5) or from its words (Band 5, One-off
    # (non-recurrent)); messages name the words
    lookup = {c.normalise_name(words_for(v)): v for v in vocabulary}
    lookup.update({c.normalise_name(v): v for v in vocabulary})
    words = [words_for(v) for v in vocabulary]
    allowed = ", ".join(words)
    is_pay_band = vocabulary == c.PAY_BANDS

    def read(raw: object) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        name = c.normalise_name(str(raw))
        if name in lookup:
            return lookup[name]
        if is_pay_band:
            if name.isdigit() and f"band_{name}" in lookup:
                return lookup[f"band_{name}"]
            if _BAND_WITH_LETTER.match(name):
                raise CellProblem(
                    "is not one of the contract's pay bands: write Band 8 for bands 8a to 8d"
                )
        guess = did_you_mean(str(raw), words, c.normalise_name)
        if guess is not None:
            raise CellProblem(f"is not one of the allowed values: did you mean “{guess}”?")
        raise CellProblem(f"is not one of the allowed values: {allowed}")

    return read


def reader_for(column: c.Column) -> Callable[[object], object]:
    """The reader that turns a raw cell of this column into its typed value. Text holding a
    character that cannot be stored is refused first, whatever the column reads."""
    read = _reader_of_kind(column)

    def read_cell(raw: object):
        if isinstance(raw, str) and UNSTORABLE.search(raw):
            raise CellProblem(cannot_be_stored(raw))
        return read(raw)

    return read_cell


def _reader_of_kind(column: c.Column) -> Callable[[object], object]:
    if column.kind == c.VOCAB:
        return vocabulary_reader(column.vocabulary)
    return {
        c.TEXT: read_text,
        c.METRIC: read_text,
        c.DATE: read_date,
        c.MONTH: read_month,
        c.FINANCIAL_YEAR: read_financial_year,
        c.YES_NO: read_yes_no,
        c.MONEY: read_money,
        c.WHOLE: read_whole,
        c.NUMBER: read_number,
    }[column.kind]


def neutralise_for_export(value: object) -> object:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is made inert for export.

    A leading apostrophe is what spreadsheet programs themselves use to mark text; numbers
    and dates pass unchanged.
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
