"""Erase a person (the right to erasure): every row about them, after confirmation; logged
without their code."""

import streamlit as st

from uep_data import access, erasure
from web import frame, identity, session, widgets
from web.text import plain

ctx = frame.page("erase")
access.require_lead(ctx.viewer.role)
if "erase_done" in st.session_state:
    st.success(st.session_state.pop("erase_done"), icon=":material/check_circle:")
code = st.text_input("The person's code", placeholder="P0042", key="erase_code").strip()
if not code:
    st.stop()
found = erasure.find(session.engine(), code)
if not found.anything:
    widgets.empty_state(f"Nothing is stored about {plain(code)}.")
    st.stop()
what = []
if found.rows:
    what.append(
        f"{sum(found.rows.values())} rows about **{plain(code)}**: "
        + ", ".join(f"{n} on {sheet}" for sheet, n in found.rows.items())
        + ". Copies kept for undoing imports go too."
    )
if found.records:
    what.append(
        f"The code is named in {found.records} past record{'s' if found.records != 1 else ''} "
        "(file names, log entries or undo copies): it is taken out of them."
    )
st.warning(" ".join(what) + " This cannot be undone.", icon=":material/warning:")
if found.mentions:
    st.info(
        f"Your own words also name {plain(code)}, and an erasure does not rewrite them: "
        + "; ".join(plain(m) for m in found.mentions)
        + ". Change them (Targets and action plan, or a chart's reason in Settings), then "
        "erase again.",
        icon=":material/info:",
    )
confirm = st.text_input(f"Type {plain(code)} again to confirm", key="erase_confirm")


@identity.while_signed_in
def erase() -> None:
    done = erasure.erase_person(session.engine(), code, who=identity.acting())
    words = f"Erased {done.total} rows"
    if done.records_cleaned:
        plural = "s" if done.records_cleaned != 1 else ""
        words += f" and took the code out of {done.records_cleaned} past record{plural}"
    words += ". The audit log records that an erasure was made, not whose."
    if done.file_compacted is False:
        words += (
            " The database was busy, so its file may still hold the erased rows for a while: "
            "erase the same code again later to finish."
        )
    elif done.file_compacted is None:
        words += (
            " On PostgreSQL, old copies stay in the table files until VACUUM FULL and in "
            "backups (see the README)."
        )
    st.session_state["erase_done"] = words
    st.session_state["erase_code"] = ""
    st.session_state["erase_confirm"] = ""
    session.after_change()


st.button(
    "Erase every row about this person",
    type="primary",
    on_click=erase,
    disabled=confirm.strip() != code,
    icon=":material/delete:",
)
