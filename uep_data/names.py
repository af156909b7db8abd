"""Names people type again and again (directorates, professions, funding streams, cohorts):
when two spellings are one name, and when a name only looks like another.

Two spellings are one name when they match after NFKC (a no-break space is a space, a
full-width letter a letter), with any run of spaces, underscores or hyphens alike and
whatever their case (contract.normalise_name): "HUMAN RESOURCES" and "Human Resources" are
one directorate, stored as listed. A name holding a character that cannot be seen (a
zero-width space, a soft hyphen, a byte-order mark, a bidirectional control) is refused,
and so is one written to look like a listed name in letters of another alphabet ("Humаn
Resources" with a Cyrillic "а"), or mixing alphabets in a word: each would be another name
that nobody can tell from the first. The message names the listed name it looks like.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .characters import (
    BIDIRECTIONAL,
    code_point,
    described,
    foreign_letters,
    hidden_characters,
    is_hidden,
    like_latin,
    script_of,
)
from .contract import normalise_name


def tidy(text: str) -> str:
    """A new name as it is stored: in NFKC, with each run of spaces (no-break spaces, tabs,
    line breaks...) made one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def skeleton(text: str) -> str:
    """What a name looks like: without its hidden characters, spaces and punctuation, with
    Cyrillic and Greek look-alikes made Latin letters, and in one case."""
    seen = "".join(ch for ch in unicodedata.normalize("NFKC", text) if not is_hidden(ch))
    return re.sub(r"[\W_]+", "", like_latin(seen)).casefold()


def _letters(found: list[tuple[str, str]]) -> str:
    """“а” (U+0430) is a Cyrillic letter; “а” and “е” (...) are Cyrillic letters"""
    scripts = sorted({script for _, script in found})
    shown = [f"“{ch}” ({code_point(ch)})" for ch, _ in found]
    letters = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    alphabet = " and ".join(scripts)
    return f"{letters} {'is a' if len(shown) == 1 else 'are'} {alphabet} letter" + (
        "" if len(shown) == 1 else "s"
    )


@dataclass(frozen=True)
class Verdict:
    """What a typed name is: a listed name (`listed`, its spelling), a new name (`spelling`
    tidied, `listed` None), or refused (`problem`, what to do)."""

    spelling: str | None = None
    listed: str | None = None
    problem: str | None = None


class Names:
    """Names listed so far, the first spelling of each kept. `look_alikes` are names only
    to be named in a message (a built-in list), never matched."""

    def __init__(self, names: Iterable[str] = (), look_alikes: Iterable[str] = ()):
        self.names: list[str] = []
        self._exact: set[str] = set()
        self._by_key: dict[str, str] = {}
        self._by_skeleton: dict[str, str] = {}
        for name in names:
            self.add(name)
        for name in look_alikes:
            if self._plain(name):
                self._by_skeleton.setdefault(skeleton(name), name)

    @staticmethod
    def _plain(name: str) -> bool:
        return not hidden_characters(name) and not foreign_letters(name)

    def add(self, name: str) -> None:
        if name in self._exact:
            return
        self.names.append(name)
        self._exact.add(name)
        self._by_key.setdefault(normalise_name(name), name)
        if self._plain(name):
            self._by_skeleton.setdefault(skeleton(name), name)

    def find(self, name: str) -> str | None:
        """The listed name this spelling is (exactly, or matched like names are), or None."""
        if name in self._exact:
            return name
        return self._by_key.get(normalise_name(name))

    def look_alike(self, name: str) -> str | None:
        """The listed name this one is drawn like, if any."""
        found = self._by_skeleton.get(skeleton(name))
        return None if found == name else found

    def judge(self, name: str) -> Verdict:
        hidden = hidden_characters(name)
        if hidden:
            return Verdict(problem=self._hidden_problem(name, hidden))
        foreign = foreign_letters(name)
        listed = None if foreign else self.find(name)
        if listed is not None:
            return Verdict(listed, listed)
        if foreign or like_latin(name) != name:
            alike = self.look_alike(name)
            if alike is not None:
                if not foreign:  # written in another alphabet throughout
                    foreign = [
                        (ch, script_of(ch)) for ch in dict.fromkeys(name) if ch != like_latin(ch)
                    ]
                return Verdict(
                    problem=f"looks like “{alike}” but is not the same name: its "
                    f"{_letters(foreign)}, not Latin. Type the name again in Latin letters, "
                    f"as “{alike}”"
                )
            if foreign:
                return Verdict(
                    problem=f"mixes two alphabets in one word: its {_letters(foreign)} among "
                    "Latin ones, which looks the same but is another name. Type the name "
                    "again in one alphabet"
                )
        return Verdict(tidy(name))

    def _hidden_problem(self, name: str, hidden: list[str]) -> str:
        what = described(hidden)
        unseen = "which cannot be seen"
        if any(ch in BIDIRECTIONAL for ch in hidden):
            unseen += " and changes the direction text is shown in"
        alike = self.look_alike(name)
        if alike is not None:
            return (
                f"looks like “{alike}” but holds {what}, {unseen}, so it would be another "
                f"name: type the name again, as “{alike}”"
            )
        return f"holds {what}, {unseen}: type the name again without " + (
            "it" if len(hidden) == 1 else "them"
        )
