"""Erase a person (the right to erasure): every row about them, after confirmation; logged
without their code."""

import streamlit as st

from uep_data import access, erasure
from web import frame, identity, session, widgets

ctx = frame.page(
    "Erase a person",
    "Remove everything the dashboard holds about one person, for "
    "example when they ask for it. This cannot be undone.",
    scoped=False,
    with_filters=False,
)
access.require_lead(ctx.viewer.role)
if "erase_done" in st.session_state:
    st.success(st.session_state.pop("erase_done"), icon=":material/check_circle:")
code = st.text_input("The person's code", placeholder="P0042", key="erase_code").strip()
if not code:
    st.stop()
rows = erasure.rows_about(session.engine(), code)
if not rows:
    widgets.empty_state(f"Nothing is stored about {code}.")
    st.stop()
st.warning(
    f"{sum(rows.values())} rows about **{code}**: "
    + ", ".join(f"{n} on {sheet}" for sheet, n in rows.items())
    + ". Copies kept for undoing imports go too. This cannot be undone.",
    icon=":material/warning:",
)
confirm = st.text_input(f"Type {code} again to confirm", key="erase_confirm")


def erase() -> None:
    done = erasure.erase_person(
        session.engine(), code, who=identity.who(ctx.viewer), role=ctx.viewer.role
    )
    st.session_state["erase_done"] = (
        f"Erased {done.total} rows. The audit log records that an erasure was made, not whose."
    )
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
