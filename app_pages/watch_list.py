"""The danger-point watch list: who is at a danger point now, by pseudonymous code. For the
programme lead at their desk only (never on the shared screen)."""

import streamlit as st

import app_state
import ui
from uep_data import access, journey, views
from uep_data.periods import format_date

ctx = ui.page(
    "Danger-point watch list",
    "Who may need a call this week? People at a danger point on the as-of date, by their code.",
    scoped=False,
)
try:
    access.require_records(ctx.viewer.role)
except access.AccessDenied:
    st.error("This list is for the programme lead only.")
    st.stop()
rows = app_state.cached_view(views.watch_list, ctx.viewer.role, ctx.filters)
labels = {p.key: p.label for p in journey.DANGER_POINTS}
if not rows:
    ui.empty_state(f"Nobody is at a danger point on {format_date(ctx.filters.as_of)}.")
else:
    ui.figures_table(
        ctx,
        [
            {
                "Person": r["person_id"],
                "Danger point": labels[r["danger_point"]],
                "Since": format_date(r["since"]),
            }
            for r in rows
        ],
        "the watch list",
        "watch_list.csv",
    )
st.caption(
    "Codes only: the dashboard never stores names. "
    + " ".join(f"{p.label}: {p.meaning}" for p in journey.DANGER_POINTS)
)
