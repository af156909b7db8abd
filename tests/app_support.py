"""What the page tests share: where the app is and its pages (from the page registry)."""

import re
from pathlib import Path

from uep_data import pages

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = {page.address: page.file for page in pages.PAGES}
TITLES = {page.address: page.title for page in pages.PAGES}
TITLES["meeting"] = "People in employment"  # meeting mode opens on its first screen
# Pages that change the data rather than show it (their empty state is a form)
FORMS = {"targets_editor", "settings", "erase"}

# markdown's backslash escapes (web.text.plain escapes every punctuation character)
ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What a reader sees of markdown whose punctuation is escaped: the characters typed."""
    return ESCAPED.sub(r"\1", markdown)
