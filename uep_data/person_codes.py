"""Person codes: the pseudonymous `person_id` the programme lead keeps for each person
(docs/upload-workbook.md). A code is never a direct identifier: an NHS number, an email address, a
telephone number or a name is refused wherever a code is expected, whatever the lead's
pattern allows. The lead sets how their codes are written (a regular expression with a
description in plain words, in Settings); parts of a file name shaped like a code are kept
out of the records.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Longer than any code; checked before the pattern so a pattern never meets long text
MAX_CODE_LENGTH = 40
MAX_PATTERN_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 200
# What a code-shaped part of a stored file name becomes
CODE_MARK = "[code]"


@dataclass(frozen=True)
class CodeRule:
    """How the programme's person codes are written: a regular expression a whole code must
    match, and the same in plain words for messages."""

    pattern: str
    description: str

    @property
    def compiled(self) -> re.Pattern:
        return _compiled(self.pattern)

    def as_setting(self) -> dict:
        return {"pattern": self.pattern, "description": self.description}

    @classmethod
    def from_setting(cls, value: dict) -> CodeRule:
        return cls(str(value["pattern"]), str(value["description"]))


DEFAULT_RULE = CodeRule(
    r"[A-Za-z]{1,4}-?[0-9]{1,8}",
    "1 to 4 letters then up to 8 digits, such as P0042 or UEP-0042",
)


@functools.lru_cache(maxsize=16)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


# --- direct identifiers ------------------------------------------------------------------

_NHS_NUMBER = re.compile(r"^\d[\d\s-]*\d$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+$")
_WORD_OF_LETTERS = re.compile(r"^[^\W\d_]+(?:['’.-][^\W\d_]*)*,?$")


def is_nhs_number(text: str) -> bool:
    """Ten digits (spaces or dashes allowed between them, as in 943 476 5919) whose last
    digit is the modulus 11 check digit of the first nine, as on every real NHS number."""
    if not _NHS_NUMBER.match(text):
        return False
    digits = [int(d) for d in text if d.isdigit()]
    if len(digits) != 10:
        return False
    remainder = sum(d * weight for d, weight in zip(digits[:9], range(10, 1, -1))) % 11
    check = 11 - remainder
    if check == 11:
        check = 0
    return check != 10 and check == digits[9]


def is_uk_phone_number(text: str) -> bool:
    """A UK telephone number as people write one: 020 7946 0018, 07700 900123,
    +44 (0)7700 900123, 0044 20 7946 0018 (spaces, dashes, dots and brackets ignored)."""
    if not _PHONE_CHARACTERS.match(text):
        return False
    digits = re.sub(r"[\s().-]", "", text)
    if digits.startswith("+44"):
        national = digits[3:]
    elif digits.startswith("0044"):
        national = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        return len(digits) in (10, 11) and digits[1] != "0"
    else:
        return False
    national = national.removeprefix("0")  # the (0) written after +44
    return national.isdigit() and len(national) in (9, 10) and national[0] != "0"


def looks_like_a_name(text: str) -> bool:
    """Two or more words of letters (Jane Smith, Smith, Jane; O'Neil-Brown J.)."""
    words = text.replace(",", ", ").split()
    return len(words) >= 2 and all(_WORD_OF_LETTERS.match(word) for word in words)


def direct_identifier(text: str) -> str | None:
    """What direct identifier the text looks like ("an NHS number", ...), or None."""
    if is_nhs_number(text):
        return "an NHS number"
    if _EMAIL.match(text):
        return "an email address"
    if is_uk_phone_number(text):
        return "a telephone number"
    if looks_like_a_name(text):
        return "a person's name"
    return None


# --- checking a code ---------------------------------------------------------------------


def problem_with_code(code: str, rule: CodeRule) -> str | None:
    """What is wrong with a person code, in words that say what to do (None if it is fine)."""
    identifier = direct_identifier(code)
    if identifier:
        return (
            f"looks like {identifier}. A person is known here only by the code you keep for "
            "them (such as P0042), never by a name, email, telephone or NHS number: replace "
            "it with the person's code, and delete the identifier from the workbook"
        )
    if len(code) > MAX_CODE_LENGTH:
        return f"is too long for a person code (at most {MAX_CODE_LENGTH} characters)"
    if not rule.compiled.fullmatch(code):
        return (
            f"is not written like your person codes ({rule.description}): correct the code, "
            "or, if your codes are written differently, change how person codes are written "
            "in Settings"
        )
    return None


# --- the lead's pattern ------------------------------------------------------------------


def _nested_repeat(parsed, inside_repeat: bool = False) -> bool:
    """Whether a parsed pattern repeats something that itself repeats, or refers back to a
    group: the shapes that can make a regular expression take hours on a long text."""
    from re import _parser as parser  # the standard library's own parser (Python 3.11+)

    repeats = (parser.MAX_REPEAT, parser.MIN_REPEAT, parser.POSSESSIVE_REPEAT)
    for op, argument in parsed:
        if op in (parser.GROUPREF, parser.GROUPREF_EXISTS):
            return True
        if op in repeats:
            _, most, inner = argument
            repeating = most > 1
            if (repeating and inside_repeat) or _nested_repeat(inner, inside_repeat or repeating):
                return True
            continue
        children = argument if isinstance(argument, (tuple, list)) else (argument,)
        for child in children:
            parts = child if isinstance(child, list) else [child]
            for part in parts:
                if isinstance(part, parser.SubPattern) and _nested_repeat(part, inside_repeat):
                    return True
    return False


def problem_with_rule(pattern: object, description: object) -> str | None:
    """What is wrong with a pattern for person codes and its description (None if fine)."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "give the pattern, for example [A-Za-z]{1,4}-?[0-9]{1,8}"
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"keep the pattern under {MAX_PATTERN_LENGTH} characters"
    if not isinstance(description, str) or not description.strip():
        return "say in words how the codes are written (it is shown beside every refused code)"
    if len(description) > MAX_DESCRIPTION_LENGTH:
        return f"keep the description under {MAX_DESCRIPTION_LENGTH} characters"
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        return f"the pattern is not a regular expression we can read ({error})"
    if compiled.fullmatch(""):
        return "the pattern accepts an empty code: say what a code must contain"
    from re import _parser as parser

    if _nested_repeat(parser.parse(pattern)):
        return (
            "keep the pattern simple: no repeat inside a repeat (such as (a+)+) and no "
            "back-references, which can make checking a large upload take hours"
        )
    return None


# --- keeping codes out of the records ----------------------------------------------------


def without_codes(text: str, rule: CodeRule) -> str:
    """The text with every part shaped like a person code replaced by [code]."""
    return rule.compiled.sub(lambda match: CODE_MARK if match.group() else "", text)


def file_names_for_the_record(names: Iterable[str], rule: CodeRule) -> str:
    """File names as the import history and the audit log keep them: each name's code-shaped
    parts replaced ("P0042 route fix.xlsx" -> "[code] route fix.xlsx"), its extension kept."""
    kept = []
    for name in names:
        stem, extension = os.path.splitext(name)
        kept.append(without_codes(stem, rule) + extension)
    return ", ".join(kept)
