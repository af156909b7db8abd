"""Import history: undo first (the import an undo would reverse, and after asking, what it
changed, with a warning where it would take away the bundled sample or the first load, all
in view at the top), then every import with when, who, the file and what it changed in words
("3 people added"). After an undo every page shows exactly the earlier figures."""

import streamlit as st

from uep_data import access, sample, undo
from uep_data.formatting import format_when
from web import frame, identity, session, widgets
from web.text import plain, plain_table

STATUS_WORDS = {"imported": "Imported", "no_changes": "No changes", "undone": "Undone"}

ctx = frame.page("history")
access.require_lead(ctx.viewer.role)
if "undo_done" in st.session_state:
    st.success(st.session_state.pop("undo_done"), icon=":material/undo:")

history = session.fresh(undo.import_history)
last = session.fresh(undo.last_undoable_import)
if not history:
    widgets.empty_state("Nothing has been imported yet.")
    st.stop()


def ask() -> None:
    st.session_state["undo_asked"] = last["id"] if last else None


@identity.while_signed_in
def undo_the_import() -> None:
    asked = st.session_state.pop("undo_asked", None)
    try:
        undone = undo.undo_last_import(session.engine(), who=identity.acting(), expected_id=asked)
    except undo.UndoMoved as moved:
        st.session_state["undo_done"] = f"Nothing was undone: {moved}."
        return
    except undo.NothingToUndo:
        st.session_state["undo_done"] = "There was no import left to undo."
        return
    if undone.changed_nothing:
        st.session_state["undo_done"] = (
            f"Undid the import of {plain(undone.file_names)} ({format_when(undone.imported_at)}). "
            "It had changed nothing, so no figure changes. The next undo reverses the "
            "import before it."
        )
    else:
        st.session_state["undo_done"] = (
            f"Undid the import of {plain(undone.file_names)} ({format_when(undone.imported_at)}). "
            "The data are as they were before it, on every page."
        )
    session.after_change()


def keep() -> None:
    st.session_state.pop("undo_asked", None)


# Undo comes first: its question and its buttons are in view without scrolling past the list
st.subheader("Undo")
st.caption(
    "Undo reverses the newest import that has not been undone, one at a time, newest "
    "first, including an import that changed nothing (undoing it changes nothing)."
)
if last is None:
    st.caption("There is no import left to undo.")
elif st.session_state.get("undo_asked") == last["id"]:
    changed = undo.changes_words(last["sheets"])
    what = (
        "It changed nothing, so undoing it changes nothing; the next undo would reverse "
        "the import before it."
        if last["status"] == "no_changes"
        else f"What it did: {changed}. Rows it added are removed and rows it changed or "
        "removed are put back as they were."
    )
    # the question, any warning and both answers, brought into view together
    with st.container(key="undo_question"):
        if last["first_in_force"] and last["status"] != "no_changes":
            which = (
                "the bundled sample data"
                if sample.is_bundled_sample(last["file_names"])
                else "the first load of data still in force"
            )
            st.error(
                f"This is {which}: no earlier import is left, so undoing it takes away every "
                "record it brought and every page will show no data until a workbook is "
                "imported.",
                icon=":material/report:",
            )
        st.warning(
            f"Undo the import of **{plain(last['file_names'])}** made on "
            f"{format_when(last['imported_at'])} by {plain(last['imported_by'])}? {what}",
            icon=":material/warning:",
        )
        row = st.container(horizontal=True)
        row.button("Yes, undo it", type="primary", on_click=undo_the_import, width="content")
        row.button("No, keep it", on_click=keep, width="content")
    widgets.scroll_to("undo_question", f"undo-{last['id']}")
else:
    st.button(
        f"Undo the import of {plain(last['file_names'])} ({format_when(last['imported_at'])}, "
        f"{plain(last['imported_by'])})",
        on_click=ask,
        icon=":material/undo:",
    )

st.subheader("Every import")
# a table, not a grid: what each import changed wraps and is read in full
st.table(
    plain_table(
        [
            {
                "When": format_when(h["imported_at"]),
                "Who": h["imported_by"],
                "File": h["file_names"],
                "Status": STATUS_WORDS.get(h["status"], h["status"])
                + (f" ({format_when(h['undone_at'])})" if h["undone_at"] else ""),
                "What it changed": undo.changes_words(h["sheets"]),
            }
            for h in history
        ]
    ),
    hide_index=True,
)
