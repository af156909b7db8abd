"""Stages of support: the journey from referral to start and beyond, the time from offer to
start, how many stay in post, and the danger points where people most need support."""

import streamlit as st

import app_state
import ui
from uep_data import access, catalogue, charts, journey, views
from uep_data.periods import format_date

ctx = ui.page(
    "Stages of support",
    "Where does the journey into work lose people, and who needs support most right now?",
)
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    ui.empty_state("No data yet: the journey appears once stages and posts are imported.")
    st.stop()
ui.dates_line(f)
data = app_state.cached_view(views.stages_of_support, f, audience)

st.subheader(f"Danger points on {format_date(f.as_of)}")
columns = st.columns(len(journey.DANGER_POINTS))
for column, point in zip(columns, journey.DANGER_POINTS, strict=True):
    column.metric(point.label, data["danger_points"][point.key], help=point.meaning)
if ctx.viewer.role == access.PROGRAMME_LEAD and not audience.controlled:
    st.page_link(
        "app_pages/watch_list.py",
        label="Who is at each danger point (watch list)",
        icon=":material/visibility:",
    )

st.subheader("The journey in the period" + (" (trust-wide)" if f.below_trust_level else ""))
if f.below_trust_level:
    st.caption(
        "The journey's steps are not recorded by directorate or profession: these are "
        "trust-wide figures."
    )
funnel = [(stage, n) for stage, n in data["funnel"].items()]
if not any(n for _, n in funnel):
    ui.empty_state("No steps of the journey were recorded in this period.")
else:
    ui.show_chart(
        charts.funnel_chart(funnel),
        "People reaching each stage in the period: "
        + "; ".join(f"{s.replace('_', ' ')} {n}" for s, n in funnel),
        key="stages_funnel",
    )
    st.caption(
        "Each bar counts the people who reached that step in the period (a person may "
        "reach several). Starts and exits also follow from the posts recorded."
    )

left, right = st.columns(2)
with left:
    st.subheader("From job offer to start")
    median = data["median_days_offer_to_start"]
    st.metric(
        "Median days from offer to start",
        ui.value_text(median, "days"),
        help=catalogue.METRICS["median_days_offer_to_start"].meaning,
    )
    st.caption(
        f"Starts with a job offer recorded: {ui.value_text(data['starts_with_offer'], 'count')}"
    )
    if data["offer_to_start_days"]:
        ui.show_chart(
            charts.histogram(
                data["offer_to_start_days"],
                step=14,
                x_title="Days from offer to start",
                y_title="Starts",
            ),
            "Histogram of days from job offer to start, in fortnights.",
            key="stages_offer_days",
        )
with right:
    st.subheader("Staying in post")
    for key, value in data["retention"].items():
        st.metric(
            catalogue.METRICS[key].label,
            ui.value_text(value, "percent"),
            help=catalogue.METRICS[key].meaning,
        )
ui.suppression_note(audience)
st.caption(
    "Danger points (from the programme's experience): "
    + "; ".join(f"{p.label.lower()}: {p.meaning}" for p in journey.DANGER_POINTS)
)
