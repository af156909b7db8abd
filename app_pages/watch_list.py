"""The danger-point watch list: who is at a danger point now, by pseudonymous code. For the
programme lead at their desk only (never on the shared screen)."""

import streamlit as st

from uep_data import access
from uep_data.measures.journey import DANGER_POINTS
from uep_data.periods import format_date
from web import downloads, frame, session, widgets

ctx = frame.page("watch_list")
try:
    access.require_records(ctx.viewer.role)
except access.AccessDenied:
    st.error("This list is for the programme lead only.")
    st.stop()
view = session.page_view("watch_list", ctx.filters, ctx.audience)
if not view.people:
    widgets.empty_state(f"Nobody is at a danger point on {format_date(ctx.filters.as_of)}.")
else:
    downloads.figures_table(
        ctx.viewer,
        ctx.audience,
        [
            {"Person": p.person_id, "Danger point": p.danger_point, "Since": p.since}
            for p in view.people
        ],
        "the watch list",
        "watch_list.csv",
    )
st.caption(
    "Codes only: the dashboard never stores names. "
    + " ".join(f"{p.label}: {p.meaning}" for p in DANGER_POINTS)
)
