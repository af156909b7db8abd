"""Overview: the headline figures against their targets, where supported people work, and
what changed since the last meeting."""

import datetime as dt
import html

import streamlit as st

from uep_data.periods import format_date
from web import downloads, filters, frame, session, show, widgets
from web.text import plain_table

ctx = frame.page("overview", bound=(("since", "a date (write it as 2004-03-31)", filters.is_date),))
if ctx.empty:
    widgets.empty_state(
        "No data yet. The programme lead uploads the programme's workbook on the "
        "Upload page; to explore first, load the sample data with "
        "`python -m uep_data sample`."
    )
    st.stop()
f, audience = ctx.filters, ctx.audience
chosen_since = st.session_state.get("since_month_end" if audience.controlled else "since")
view = session.page_view("overview", f, audience, since=chosen_since)
since = view.changes.since

# what needs attention first on the page, the board pack beside it: what a board member
# came for is in view without scrolling
attention, pack = st.columns([4, 1])
with attention:
    widgets.attention_list(view.attention)
with pack:
    downloads.board_pack_button(ctx.viewer, f.as_of, since)
widgets.dates_line(f)

if view.spc_summary:
    st.subheader("Making Data Count summary")
    st.caption(
        "Each monthly series at a glance, trust-wide: its latest month, the target in force, "
        "whether it is changing (variation) and whether the target will be met reliably "
        "(assurance). The charts are below."
    )
    widgets.spc_summary_table(view.spc_summary)

for start in range(0, len(view.headlines), 3):
    for column, headline in zip(st.columns(3), view.headlines[start : start + 3], strict=False):
        with column:
            widgets.headline_card(headline)

st.subheader("Month by month")
st.caption(
    "Trust-wide, the last three years of whole months to "
    f"{format_date(f.as_of)}, as Making Data Count charts: a coloured point is a signal of "
    "change (blue better, orange worse, purple neither); grey is the usual ups and downs."
)
show.show_spc_tabs(view.spc)

st.subheader(f"{view.by_directorate.label} by directorate")
by = st.segmented_control(
    "Group by", ["Directorate", "Directorate type"], default="Directorate", key="overview_group"
)
breakdown = view.by_directorate_type if by == "Directorate type" else view.by_directorate
if breakdown.empty:
    widgets.empty_state(f"Nobody is in post on {format_date(f.as_of)} in this selection.")
else:
    drillable = breakdown is view.by_directorate and show.can_drill(ctx.viewer.role)
    show.bars(
        breakdown,
        f"{breakdown.label} on {format_date(f.as_of)} by {by.lower()}",
        key="overview_by_directorate",
        rules=audience.rules,
        selection="pick" if drillable else None,
        on_select=lambda: show.drill_from(
            "overview_by_directorate", "pick", {"directorate": "group"}
        ),
    )
    if drillable:
        st.caption("Click a bar to see its breakdown by profession.")
        show.open_drill_down_if_asked("in_employment")
    elif breakdown is view.by_directorate:
        st.caption(
            "The breakdown of each directorate by profession is on the steering group's "
            "drill-down page."
        )
widgets.suppression_note(audience)

st.subheader("What changed since")
if audience.controlled:  # the end of a month, like every date such an audience sees
    earlier = list(view.since_choices)
    st.selectbox(
        "Since (for example, the last meeting)",
        earlier,
        index=earlier.index(since) if since in earlier else 0,
        format_func=format_date,
        key="since_month_end",
    )
else:
    st.date_input(
        "Since (for example, the last meeting)",
        value=since,
        max_value=f.as_of - dt.timedelta(days=1),
        format="DD/MM/YYYY",
        key="since",
        bind="query-params",
    )
changes = view.changes
left, right = st.columns(2)
with left:
    st.markdown(f"**On {format_date(changes.since)} and now**")
    st.table(
        plain_table(
            [
                {
                    "Figure": row.label,
                    format_date(changes.since): row.then.shown,
                    format_date(f.as_of): row.now.shown,
                }
                for row in changes.point
            ]
        )
    )
with right:
    st.markdown(f"**Since {format_date(changes.since)}**")
    st.table(
        plain_table(
            [{"Figure": figure.name, "Since then": figure.shown} for figure in changes.happened]
        )
    )
    if changes.moved:
        for moved in changes.moved:
            st.html(
                f"{html.escape(moved.target.title)}: {moved.before} → "
                f"{widgets.status_badge(moved.after.value)} (actual "
                f"{html.escape(moved.target.actual.shown)})"
            )
    else:
        st.caption("No target changed status.")
