"""Words from the data on screen exactly as typed: Streamlit renders markdown (and its own
colour, icon and emoji directives) in titles, captions, labels and messages, so text that
comes from a workbook, a setting or a figure goes through `plain` first. A `*` stays a `*`,
an underscore an underscore, and a link or a directive in a name is shown as its characters."""

from __future__ import annotations

import re

# every ASCII punctuation character markdown or Streamlit's directives give a meaning to
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=&^])")


def plain(text: object) -> str:
    """`text` as literal characters in any Streamlit element that renders markdown."""
    return _MARKDOWN.sub(r"\\\1", str(text)).replace("\n", "  \n")


def plain_table(rows: list[dict]) -> list[dict]:
    """Rows for `st.table`, whose headings and cells render markdown: every one as typed (a
    `*` for a figure not shown stays a `*`, not a bullet)."""
    return [{plain(k): plain(v) for k, v in row.items()} for row in rows]
