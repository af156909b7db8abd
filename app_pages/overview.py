"""Overview: the headline figures against their targets, where supported people work, and
what changed since the last meeting."""

import datetime as dt
import html

import streamlit as st

import app_state
import ui
from uep_data import catalogue, charts, views
from uep_data.periods import format_date, last_report_date
from uep_data.targets import STATUS_WORDS

ctx = ui.page("Overview", "Where the programme stands against its targets, at a glance.")
if ctx.empty:
    ui.empty_state(
        "No data yet. The programme lead uploads the programme's workbook on the "
        "Upload page; to explore first, load the sample data with "
        "`python -m uep_data sample`."
    )
    st.stop()
f, audience = ctx.filters, ctx.audience
dates, pack = st.columns([4, 1], vertical_alignment="center")
with dates:
    ui.dates_line(f)
with pack:
    chosen_since = st.session_state.get("since")
    ui.board_pack_button(
        ctx.viewer,
        f.as_of,
        chosen_since
        if isinstance(chosen_since, dt.date) and chosen_since < f.as_of
        else last_report_date(f.as_of),
    )

results = app_state.cached_view(views.target_results, f.as_of)
headlines = app_state.cached_view(views.headline_figures, f, audience, results)
for start in range(0, len(headlines), 3):
    for column, headline in zip(st.columns(3), headlines[start : start + 3], strict=False):
        with column:
            ui.headline_card(headline)

st.subheader("Month by month")
st.caption(
    "Trust-wide, the last three years of whole months to "
    f"{format_date(f.as_of)}, as Making Data Count charts: a coloured point is a signal of "
    "change (blue better, orange worse, purple neither); grey is the usual ups and downs."
)
ui.show_spc_tabs(
    app_state.cached_view(
        views.spc_views, views.spc_keys_for(views.OVERVIEW_SPC, audience), f, audience
    )
)

st.subheader("People in employment by directorate")
by = st.segmented_control(
    "Group by", ["Directorate", "Directorate type"], default="Directorate", key="overview_group"
)
dimension = "directorate_type" if by == "Directorate type" else "directorate"
data = app_state.cached_view(
    views.breakdown_for, "in_employment", f.as_of, f.period, (dimension,), audience, f.scope
)
rows = [{"group": name, "people": data["table"].cell(name)} for name in data["rows"]]
if not any(r["people"] for r in rows):
    ui.empty_state(f"Nobody is in post on {format_date(f.as_of)} in this selection.")
else:
    ui.show_chart(
        charts.bar_chart(
            rows,
            "group",
            "people",
            selection="pick" if dimension == "directorate" else None,
            rules=audience.rules,
        ),
        "People in employment on "
        + format_date(f.as_of)
        + " by "
        + by.lower()
        + ": "
        + "; ".join(f"{r['group']} {ui.value_text(r['people'], 'count')}" for r in rows),
        key="overview_by_directorate",
        selection=dimension == "directorate",
        on_select=lambda: ui.drill_from(
            "overview_by_directorate", "pick", {"directorate": "group"}
        ),
    )
    if dimension == "directorate":
        st.caption("Click a bar to see its breakdown by profession.")
        ui.open_drill_down_if_asked("in_employment")
ui.suppression_note(audience)

st.subheader("What changed since")
default_since = max(last_report_date(f.as_of), dt.date(1900, 1, 1))
since = st.date_input(
    "Since (for example, the last meeting)",
    value=default_since,
    max_value=f.as_of - dt.timedelta(days=1),
    format="DD/MM/YYYY",
    key="since",
    bind="query-params",
)
changes = app_state.cached_view(views.changes_since, f, since, audience, results)
left, right = st.columns(2)
with left:
    st.markdown(f"**On {format_date(since)} and now**")
    st.table(
        [
            {
                "Figure": c.label,
                format_date(since): ui.value_text(c.before, c.unit),
                format_date(f.as_of): ui.value_text(c.now, c.unit),
            }
            for c in changes["point"]
        ]
    )
with right:
    st.markdown(f"**Since {format_date(since)}**")
    st.table(
        [
            {"Figure": c.label, "Since then": ui.value_text(c.now, c.unit)}
            for c in changes["happened"]
        ]
    )
    if changes["targets_moved"]:
        for row, before, after in changes["targets_moved"]:
            unit = catalogue.METRICS[row.result.metric].unit
            st.html(
                f"{html.escape(row.result.title)}: {STATUS_WORDS[before]} → "
                f"{ui.status_badge(after)} (actual {ui.value_text(row.actual, unit)})"
            )
    else:
        st.caption("No target changed status.")
