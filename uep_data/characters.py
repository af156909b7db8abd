"""Characters in uploaded text that people cannot see: what no database can store (a NUL),
what a spreadsheet shows as nothing (a zero-width space, a soft hyphen, a byte-order mark)
and what turns text round (bidirectional controls).

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
