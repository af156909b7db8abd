"""Every open session looks for new data every 10 seconds (an import, an undo, an edit by
anyone) and shows the new figures without waiting for someone to touch it; with sign-in on,
it also looks whether its sign-in has ended (signed out in another window, idle, too old)
and then shows the sign-in page."""

from __future__ import annotations

import streamlit as st

from uep_data import audit, db

from . import identity, session


@st.fragment(run_every="10s")
def watch_for_new_data() -> None:
    if identity.sign_in_has_ended():
        st.session_state[identity.RUN_BY_POLL] = True
        st.rerun(scope="app")
    seen = st.session_state.get(session.DATA_VERSION)
    if seen is None:
        return
    with db.reading(session.engine()) as conn:
        latest = audit.data_version(conn)
    if latest != seen:
        st.session_state[identity.RUN_BY_POLL] = True
        st.rerun(scope="app")
