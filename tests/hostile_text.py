"""A workbook whose free text (directorate and profession names, target titles and owners,
funding streams and funders, actions, cohorts) carries markdown, HTML and Streamlit's own
directives: the sample data with those names changed everywhere they are used."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from uep_data.sample import SAMPLE_PATH

TOKENS = (
    "**bold**",
    "[link](http://x.example)",
    "![img](http://x.example/i.png)",
    "<b>b</b>",
    "<img src=x onerror=alert(1)>",
    ":red[x]",
    ":material/home:",
)
HOSTILE = " ".join(TOKENS)
DIRECTORATE = f"Community {HOSTILE}"
PROFESSION = f"Nursing {HOSTILE}"
# what any of the tokens looks like when markdown or HTML would act on it
ACTIVE = ("<img", "<b>", "](http", ":red[", ":material/home:", "**bold**")

RENAMED = {
    "directorate": {"Community Adult Services": DIRECTORATE},
    "profession": {"Nursing": PROFESSION},
}
APPENDED = {
    "targets": ("title", "owner"),
    "funding": ("stream", "funder"),
    "actions": ("description", "owner"),
    "work_preparation": ("cohort",),
}


def hostile_workbook() -> bytes:
    book = load_workbook(SAMPLE_PATH)
    for sheet in book.worksheets:
        headings = [c.value for c in sheet[1]]
        for column, heading in enumerate(headings, start=1):
            renamed = RENAMED.get(heading, {})
            appended = heading in APPENDED.get(sheet.title, ())
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                if cell.value in renamed:
                    cell.value = renamed[cell.value]
                elif appended and cell.value:
                    cell.value = f"{cell.value} {HOSTILE}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
