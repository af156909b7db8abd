"""A paper as a sequence of blocks (headings, paragraphs, lists, tables, charts), made from a
view's figures and then typeset: as a tagged PDF (typeset.py) and, for the annual report, as
web pages (web_pages.py). The blocks say what each part *is* (a heading of level 2, a table
with its caption and header row, a chart with the words that say what it shows), so both
renderers give a reader who cannot see the page the same document as one who can.

Text from the data (titles, names, check-ins) stays text: it reaches the typesetter as a
string in JSON and the web pages escaped, so no character typed in the workbook is ever read
as markup."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

# Tones: what colour a word is printed in, by what it means. Colour is never the only sign:
# a status always has its icon and its word.
MET, NEAR, NOT_MET, NO_DATA, NOT_SHOWN = "met", "near", "not_met", "no_data", "not_shown"
MUTED = "muted"  # explanations in grey


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, in a tone and perhaps bold; or an icon with its name."""

    text: str = ""
    tone: str | None = None
    bold: bool = False
    icon: str | None = None  # an SVG drawing (a Making Data Count icon)
    icon_name: str = ""  # what the icon says, for a reader who cannot see it


@dataclass(frozen=True)
class Heading:
    level: int  # 1 the paper's title, 2 a section, 3 a part of one
    text: str
    bookmarked: bool = True  # a section is a bookmark in the PDF
    anchor: str = ""  # the section's address on the web pages


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False
    tone: str | None = None  # MUTED for an explanation


@dataclass(frozen=True)
class Note:
    """A paragraph set apart in a shaded box (what disclosure control does, on the cover)."""

    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    small: bool = False


@dataclass(frozen=True)
class Flagged:
    """One item of a list of things to act on: its flag (an icon and a word, in its tone), its
    title, and lines under the title."""

    flag: str
    tone: str | None
    title: str
    lines: tuple[tuple[str, str | None], ...] = ()  # (text, tone)


@dataclass(frozen=True)
class FlaggedList:
    items: tuple[Flagged, ...]


@dataclass(frozen=True)
class Table:
    caption: str  # says what the table is, above it
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]  # relative widths of the columns
    numeric: tuple[bool, ...] = ()  # columns of numbers, set to the right
    small: bool = False


@dataclass(frozen=True)
class Chart:
    """A chart as a vector drawing (SVG), with words that say what it shows in numbers."""

    svg: str
    alt: str
    caption: str = ""
    height: float | None = None  # millimetres on the page (None: as wide as the text)


@dataclass(frozen=True)
class IconsAndNotes:
    """A chart's Making Data Count icons (each with its name) beside what they mean."""

    icons: tuple[Cell, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Contents:
    """The list of the paper's sections (with their pages in the PDF)."""

    title: str = "Contents"


@dataclass(frozen=True)
class NewPage:
    """The next block starts a new page of the PDF."""


@dataclass(frozen=True)
class Keep:
    """Blocks kept together on one page of the PDF (a chart's title, the chart and its
    reading)."""

    blocks: tuple


Block = (
    Heading
    | Paragraph
    | Note
    | Bullets
    | FlaggedList
    | Table
    | Chart
    | IconsAndNotes
    | Contents
    | NewPage
    | Keep
)


@dataclass(frozen=True)
class Cover:
    """The first page: the paper's name, what it is, and its dates (no running header)."""

    title: str  # the paper's heading (H1)
    subtitle: str
    lines: tuple[str, ...]  # dates, prepared by
    emphasis: str = ""  # the line in bold (figures as of ...)


@dataclass(frozen=True)
class Document:
    title: str  # the window title and metadata
    subject: str
    author: str
    header_left: str
    header_right: str
    footer: str  # under disclosure control: what that means, on every page
    cover: Cover
    blocks: tuple = ()
    created: str = ""  # YYYY-MM-DD: the day it was prepared
    language: str = "en-GB"
    extra: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        """The document as plain data for the typesetter (each block with its kind)."""
        return _plain(self)


def _plain(item):
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        found = {f.name: _plain(getattr(item, f.name)) for f in dataclasses.fields(item)}
        found["kind"] = type(item).__name__
        return found
    if isinstance(item, (list, tuple)):
        return [_plain(value) for value in item]
    if isinstance(item, dict):
        return {str(k): _plain(v) for k, v in item.items()}
    return item


def cells(*texts: str, tone: str | None = None) -> tuple[Cell, ...]:
    """A row of plain cells."""
    return tuple(Cell(text, tone) for text in texts)


CELL_CHARACTERS = 240  # a longer text (a very long target title) is cut short in a table


def fits_a_cell(text: str) -> str:
    """A table cell's text, cut short (with an ellipsis) if it would not fit on a page."""
    return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1].rstrip() + "…"
