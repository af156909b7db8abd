"""Upload: the programme lead's workbook in, with a clear report before anything is written:
the problems to fix (grouped, and as a spreadsheet), or a preview of what will be added,
changed and removed; then import or cancel."""

import hashlib

import streamlit as st

from uep_data import access, importer, template
from uep_data.upload_report import group_problems, preview, problems_workbook, shown
from uep_data.workbook import read_upload
from web import downloads, frame, identity, session, widgets
from web.text import plain, plain_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ctx = frame.page(
    "Upload",
    "Bring the dashboard up to date from the programme's workbook. "
    "Nothing is written until you have seen what will change.",
    scoped=False,
    with_filters=False,
)
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
    st.session_state.pop("upload_check", None)
    st.session_state.pop("upload_read", None)


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
        st.session_state["upload_check"] = {"key": key, "result": result}
    result = st.session_state["upload_check"]["result"]
    status.update(
        label="Checked: nothing is wrong." if result.ok else "Checked: there are problems to fix.",
        state="complete" if result.ok else "error",
    )

for warning in result.warnings:
    st.warning(plain(warning), icon=":material/info:")

if not result.ok:
    st.error(
        f"This upload cannot be imported yet: {result.problems.total} problem"
        f"{'s' if result.problems.total != 1 else ''} to fix. Nothing has been written.",
        icon=":material/error:",
    )
    groups = group_problems(result.problems)
    # a table, not a grid: "What to do" wraps and is read in full, never cut off
    st.table(
        plain_table(
            [
                {
                    "Sheet": g.sheet,
                    "Column": g.column or "",
                    "What to do": g.message,
                    "Rows": g.rows_text,
                    "Found": ", ".join(f"“{v}”" for v in g.examples if v),
                }
                for g in groups
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

st.subheader("What this upload will change")
previews = preview(result)
st.dataframe(
    [
        {
            "Sheet": p.sheet + (" (replaced)" if p.replaced else ""),
            "Added": p.inserted,
            "Changed": p.updated,
            "Unchanged": p.unchanged,
            "Removed": p.deleted if p.replaced else "",
        }
        for p in previews
    ],
    hide_index=True,
    width="stretch",
)
if not any(p.inserted or p.updated or p.deleted for p in previews):
    st.info(
        "Nothing would change: the stored data already match this upload.", icon=":material/info:"
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
        counts = importer.changes_words(done.sheet_counts())  # only the sheets that changed
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
buttons.button(
    "Import these changes",
    type="primary",
    on_click=do_import,
    icon=":material/upload:",
    width="content",
)
buttons.button("Cancel", on_click=start_again, width="content")
