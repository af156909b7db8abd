"""Erase a person (the right to erasure): every row about them, after confirmation; logged
without their code."""

import streamlit as st

import app_state
import ui
from uep_data import access, erasure

ctx = ui.page(
    "Erase a person",
    "Remove everything the dashboard holds about one person, for "
    "example when they ask for it. This cannot be undone.",
    scoped=False,
    filters=False,
)
access.require_lead(ctx.viewer.role)
if "erase_done" in st.session_state:
    st.success(st.session_state.pop("erase_done"), icon=":material/check_circle:")
code = st.text_input("The person's code", placeholder="P0042", key="erase_code").strip()
if not code:
    st.stop()
rows = erasure.rows_about(app_state.engine(), code)
if not rows:
    ui.empty_state(f"Nothing is stored about {code}.")
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
        app_state.engine(), code, who=app_state.who(ctx.viewer), role=ctx.viewer.role
    )
    st.session_state["erase_done"] = (
        f"Erased {done.total} rows. The audit log records that an erasure was made, not whose."
    )
    st.session_state["erase_code"] = ""
    st.session_state["erase_confirm"] = ""
    app_state.after_change()


st.button(
    "Erase every row about this person",
    type="primary",
    on_click=erase,
    disabled=confirm.strip() != code,
    icon=":material/delete:",
)
