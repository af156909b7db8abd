"""Audit log: imports, undos, target and setting changes, exports, erasures, backups and
restores, sign-ins and sign-outs (with the role), with who and when; filterable."""

import datetime as dt

import streamlit as st

from uep_data import access, audit
from uep_data.formatting import format_when
from web import frame, session, widgets

ctx = frame.page("audit")
access.require_lead(ctx.viewer.role)
people = session.fresh(audit.people_acting)
columns = st.columns(3)
action = columns[0].selectbox(
    "What",
    [None, *audit.ACTIONS],
    format_func=lambda a: "Everything" if a is None else audit.ACTIONS[a],
)
who = columns[1].selectbox("Who", [None, *people], format_func=lambda w: w or "Anyone")
dates = columns[2].date_input("When", value=(), format="DD/MM/YYYY", max_value=dt.date.today())
since, until = (
    (dates[0], dates[1]) if isinstance(dates, tuple) and len(dates) == 2 else (None, None)
)
found = session.fresh(audit.entries, action=action, who=who, since=since, until=until)
if not found:
    widgets.empty_state("Nothing in the log matches.")
else:
    st.dataframe(
        [
            {
                "When": format_when(e["at"]),
                "Who": e["who"],
                "What": audit.ACTIONS.get(e["action"], e["action"]),
                "Details": audit.describe(e),
            }
            for e in found
        ],
        hide_index=True,
        width="stretch",
        column_config={"Details": st.column_config.TextColumn(width="large")},
    )
    st.caption(f"{len(found)} entr{'y' if len(found) == 1 else 'ies'}, newest first.")
