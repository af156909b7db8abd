"""Characters in uploaded text that people cannot see, or cannot tell apart: what no database
can store (a NUL), what a spreadsheet shows as nothing (a zero-width space, a soft hyphen, a
byte-order mark), what turns text round (bidirectional controls), and letters of another
alphabet drawn like Latin ones (a Cyrillic "а" in "Humаn Resources").

Messages name such a character in words and by its code point ("a zero-width space,
U+200B"), and values shown in messages carry it as "[U+200B]", so that it can be found.
"""

from __future__ import annotations

import re
import unicodedata

# What a database cannot hold in text: PostgreSQL refuses NUL (U+0000), and no database
# takes half of a UTF-16 surrogate pair (they are not characters of UTF-8).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")

# Bidirectional controls: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069) and the marks (U+200E, U+200F, U+061C)
BIDIRECTIONAL = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
# Shown as nothing, although not format characters: fillers, the blank braille pattern, the
# combining grapheme joiner and the variation selectors
BLANK_LOOKING = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
    + "".join(map(chr, range(0xE0100, 0xE01F0)))
)
WHITESPACE_CONTROLS = frozenset("\t\n\r")

NAMES = {
    "\x00": "a NUL character",
    "\u00ad": "a soft hyphen",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark",
    "\u202a": "a left-to-right embedding",
    "\u202b": "a right-to-left embedding",
    "\u202c": "a pop directional formatting",
    "\u202d": "a left-to-right override",
    "\u202e": "a right-to-left override",
    "\u2060": "a word joiner",
    "\u2066": "a left-to-right isolate",
    "\u2067": "a right-to-left isolate",
    "\u2068": "a first strong isolate",
    "\u2069": "a pop directional isolate",
    "\ufeff": "a byte-order mark (zero-width no-break space)",
}


def is_hidden(ch: str) -> bool:
    """A character shown as nothing, or that changes how the text around it is shown: a
    control character (other than a tab or a line break), a format character (zero-width
    spaces and joiners, soft hyphens, byte-order marks, bidirectional controls, tags) or one
    that looks blank. Ordinary spaces of any width are not hidden: they are spaces."""
    if ch in BLANK_LOOKING or ch in BIDIRECTIONAL:
        return True
    category = unicodedata.category(ch)
    if category == "Cc":
        return ch not in WHITESPACE_CONTROLS and not ch.isspace()
    return category in ("Cf", "Cs")


def hidden_characters(text: str) -> list[str]:
    """The hidden characters of a text, each once, in the order they come."""
    if text.isprintable() and not any(ch in BLANK_LOOKING for ch in text):
        return []
    return list(dict.fromkeys(ch for ch in text if is_hidden(ch)))


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def describe(ch: str) -> str:
    """A character in words and by its code point: "a zero-width space, U+200B"."""
    name = NAMES.get(ch)
    if name is None:
        official = unicodedata.name(ch, "")
        if official:
            name = f"the character {official.lower()}"
        elif unicodedata.category(ch) == "Cc":
            name = "a control character"
        else:
            name = "a character"
    return f"{name}, {code_point(ch)}"


def described(characters: list[str]) -> str:
    """Several characters in words, joined with "and"."""
    words = [describe(ch) for ch in characters]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def visible(text: str) -> str:
    """The text with each hidden or unstorable character written as its code point
    ("Human[U+200B] Resources"): for showing a value in a message, never for storing."""
    if text.isprintable() and not any(ch in BLANK_LOOKING for ch in text):
        return text
    return "".join(
        f"[{code_point(ch)}]" if is_hidden(ch) or UNSTORABLE.match(ch) else ch for ch in text
    )


# --- letters that look like Latin ones ----------------------------------------------------

# Cyrillic and Greek letters drawn like a Latin letter (capitals and small letters apart:
# Greek capital eta looks like H, its small letter like n). A short table of the common
# look-alikes, not Unicode's whole list of confusables: enough to tell that "Humаn
# Resources" with a Cyrillic "а" is written to look like "Human Resources".
LATIN_LOOK_ALIKES = {
    # Cyrillic capitals
    "А": "A", "В": "B", "Е": "E", "Ё": "Ë", "З": "3", "І": "I", "Ї": "Ï", "Ј": "J",
    "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Ѕ": "S", "Т": "T",
    "У": "Y", "Х": "X", "Ү": "Y", "Һ": "H", "Ӏ": "I", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Cyrillic small letters
    "а": "a", "в": "b", "е": "e", "ё": "ë", "і": "i", "ї": "ï", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y",
    "х": "x", "ү": "y", "һ": "h", "ӏ": "l", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small letters
    "α": "a", "γ": "y", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
}  # fmt: skip
_TO_LATIN = str.maketrans(LATIN_LOOK_ALIKES)


def script_of(ch: str) -> str | None:
    """Latin, Cyrillic or Greek for a letter of those alphabets; None otherwise."""
    if not ch.isalpha():
        return None
    first = unicodedata.name(ch, "").split(" ", 1)[0]
    return first.capitalize() if first in ("LATIN", "CYRILLIC", "GREEK") else None


def like_latin(text: str) -> str:
    """The text with each Cyrillic or Greek look-alike of a Latin letter made that letter."""
    return text.translate(_TO_LATIN)


def foreign_letters(text: str) -> list[tuple[str, str]]:
    """The Cyrillic and Greek letters of words that also hold Latin letters (a word written
    in two alphabets), each once with its alphabet: [("а", "Cyrillic")]."""
    found: dict[str, str] = {}
    for word in re.split(r"[\W_]+", text):
        scripts = {ch: script_of(ch) for ch in word}
        if "Latin" in scripts.values() and {"Cyrillic", "Greek"} & set(scripts.values()):
            found.update((ch, s) for ch, s in scripts.items() if s in ("Cyrillic", "Greek"))
    return list(found.items())
