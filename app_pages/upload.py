"""Upload: the programme lead's workbook in, with a clear report before anything is written,
brought into view: the problems to fix (sheet by sheet and row by row, and as a
spreadsheet), or a preview of the sheets that change and what that does to the headline
figures; then import or cancel, with progress in words while it is written."""

import hashlib

import streamlit as st

from uep_data import access, importer, template, undo
from uep_data.periods import format_date
from uep_data.upload_report import (
    changing,
    group_problems,
    headline_effects,
    preview,
    problems_workbook,
    shown,
)
from uep_data.workbook import read_upload
from web import downloads, filters, frame, identity, session, widgets
from web.text import plain, plain_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ctx = frame.page("upload")
access.require_lead(ctx.viewer.role)
downloads.offer(
    "Download the template",
    template.template_bytes,
    "user-employment-programme-template.xlsx",
    XLSX,
    key="download_template",
    log=lambda: downloads.log_export(ctx.viewer, "the template", "no data"),
    icon=":material/download:",
    help="Every sheet and column, a sheet explaining each column, drop-down "
    "lists. Fill in the sheets you keep.",
)
if "upload_done" in st.session_state:
    st.success(st.session_state.pop("upload_done"), icon=":material/check_circle:")

generation = st.session_state.setdefault("upload_generation", 0)
files = st.file_uploader(
    "The workbook (.xlsx), or CSV files named after their sheets (contacts.csv...)",
    type=["xlsx", "csv"],
    accept_multiple_files=True,
    key=f"upload_files_{generation}",
)
if not files:
    widgets.empty_state(
        "Choose a file to see what it would change. You can import one workbook, "
        "or several CSV files at once."
    )
    st.stop()
data = [(f.name, f.getvalue()) for f in files]
fingerprint = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for _, d in data)).hexdigest()


def start_again() -> None:
    st.session_state["upload_generation"] = generation + 1
    for kept in ("upload_check", "upload_read"):
        st.session_state.pop(kept, None)


with st.status("Reading the file...", expanded=False) as status:
    read = st.session_state.get("upload_read")
    if read is None or read[0] != fingerprint:  # read once: kept for the check and the import
        read = (fingerprint, read_upload(data))
        st.session_state["upload_read"] = read
    uploaded = read[1]
    sheets_found = importer.sheets_of(uploaded)
    status.update(
        label=f"Read: {', '.join(sheets_found) or 'no sheet of the template'}.", state="complete"
    )
replace = st.multiselect(
    "Replace whole sheets (optional)",
    sheets_found,
    key=f"upload_replace_{generation}",
    help="Normally rows are added or updated by their key and nothing else changes. A "
    "replaced sheet also loses every stored row that is not in this upload.",
)
key = (fingerprint, tuple(sorted(replace)))
with st.status("Checking it against the data already stored...", expanded=False) as status:
    if st.session_state.get("upload_check", {}).get("key") != key:
        result = importer.import_kept_upload(
            session.engine(),
            uploaded,
            replace=replace,
            dry_run=True,
            who=identity.who(ctx.viewer),
        )
        effects = None
        if result.ok and any(ch.changes_anything for ch in result.changes.values()):
            status.update(label="Working out what it does to the headline figures...")
            effects = headline_effects(session.engine(), uploaded, result, filters.today())
        st.session_state["upload_check"] = {"key": key, "result": result, "effects": effects}
    result = st.session_state["upload_check"]["result"]
    effects = st.session_state["upload_check"]["effects"]
    status.update(
        label="Checked: nothing is wrong." if result.ok else "Checked: there are problems to fix.",
        state="complete" if result.ok else "error",
    )

for warning in result.warnings:
    st.warning(plain(warning), icon=":material/info:")

# the report starts below the fold at 1366x768: brought into view once for each check
report = st.container(key="upload_report")
widgets.scroll_to("upload_report", hashlib.sha256(repr(key).encode()).hexdigest()[:16])

if not result.ok:
    with report:
        st.error(
            f"This upload cannot be imported yet: {result.problems.total} problem"
            f"{'s' if result.problems.total != 1 else ''} to fix, sheet by sheet and row by "
            "row below. Nothing has been written.",
            icon=":material/error:",
        )
        # a table, not a grid: "What to do" wraps and is read in full, never cut off
        st.table(
            plain_table(
                [
                    {
                        "Sheet": g.sheet,
                        "Rows": g.rows_text,
                        "Column": g.column or "",
                        "What to do": g.message,
                        "Found": ", ".join(f"“{v}”" for v in g.examples if v),
                    }
                    for g in group_problems(result.problems)
                ],
            ),
            hide_index=True,
        )
        downloads.offer(
            "Download the list of problems (spreadsheet)",
            lambda: problems_workbook(result.problems, result.problems.total),
            "problems-to-fix.xlsx",
            XLSX,
            key="download_problems",
            log=lambda: downloads.log_export(
                ctx.viewer, "the list of an upload's problems", "the programme lead"
            ),
            icon=":material/download:",
        )
        st.button("Start again with another file", on_click=start_again)
    st.stop()

previews = changing(preview(result))  # only the sheets that change
with report:
    st.subheader("What this upload will change")
    if not previews:
        st.info(
            "Nothing would change: the stored data already match this upload.",
            icon=":material/info:",
        )
    else:
        st.dataframe(
            [
                {
                    "Sheet": p.sheet + (" (replaced)" if p.replaced else ""),
                    "Added": p.inserted,
                    "Changed": p.updated,
                    "Removed": p.deleted if p.replaced else "",
                    "Left as they are": p.unchanged,
                }
                for p in previews
            ],
            hide_index=True,
            width="stretch",
        )
    if effects is not None:
        as_of, changed = effects
        if changed:
            st.markdown(f"**The Overview's headline figures on {format_date(as_of)}**")
            st.table(
                plain_table(
                    [
                        {"Figure": e.label, "Now": e.before, "After this upload": e.after}
                        for e in changed
                    ]
                ),
                hide_index=True,
            )
        else:
            st.caption(
                f"No headline figure of the Overview on {format_date(as_of)} changes: the "
                "upload changes records behind them, or other pages' figures."
            )
for p in previews:
    if p.replaced and p.deleted:
        st.warning(
            f"Replacing **{p.sheet}** removes {p.deleted} stored row"
            f"{'s' if p.deleted != 1 else ''} that this upload does not have.",
            icon=":material/warning:",
        )
    if p.changed_rows:
        with st.expander(f"{p.sheet}: {p.updated} changed row{'s' if p.updated != 1 else ''}"):
            st.dataframe(
                [
                    {"Row": row.key, "Column": column, "Was": shown(old), "Will be": shown(new)}
                    for row in p.changed_rows
                    for column, old, new in row.changes
                ],
                hide_index=True,
                width="stretch",
            )
    if p.new_rows:
        with st.expander(f"{p.sheet}: {p.inserted} new row{'s' if p.inserted != 1 else ''}"):
            st.dataframe(
                [
                    {k: shown(v) for k, v in row.items() if k != "occurrence"}
                    for row in p.new_rows[:50]
                ],
                hide_index=True,
                width="stretch",
            )
    if p.removed_rows:
        with st.expander(
            f"{p.sheet}: {p.deleted} row{'s' if p.deleted != 1 else ''} to be removed"
        ):
            st.dataframe(
                [{k: shown(v) for k, v in row.items()} for row in p.removed_rows[:50]],
                hide_index=True,
                width="stretch",
            )


@identity.while_signed_in
def do_import() -> None:
    done = importer.import_kept_upload(
        session.engine(), uploaded, replace=replace, who=identity.acting()
    )
    if done.ok:
        counts = undo.changes_words(done.sheet_counts())  # only the sheets that changed
        st.session_state["upload_done"] = (
            f"Imported {plain(done.file_names)} ({plain(counts)}). Every page now shows the new figures; "
            "the import can be undone from Import history."
            if done.status == "imported"
            else f"{plain(done.file_names)}: nothing changed, the data were already up to date."
        )
        start_again()
        session.after_change()
    else:  # the data changed since the check: show the problems again
        st.session_state.pop("upload_check", None)


buttons = st.container(horizontal=True)
import_clicked = buttons.button(
    "Import these changes",
    type="primary",
    on_click=identity.check_still_the_lead,  # at the click: refused then if the role has gone
    icon=":material/upload:",
    width="content",
)
buttons.button("Cancel", on_click=start_again, width="content")
# the import is written in the run the click starts, not in its callback, so that it shows
# its progress where it was asked for (a large workbook takes tens of seconds)
if import_clicked:
    rows = sum(p.inserted + p.updated + p.deleted for p in previews)
    with st.spinner(
        f"Importing {plain(uploaded.file_names)}: writing {rows:,} row"
        f"{'s' if rows != 1 else ''} in one go. A large workbook takes up to a minute; "
        "keep this page open.",
        show_time=True,
    ):
        do_import()
    st.rerun()
