"""Stages of support: the journey from referral to start and beyond, the time from offer to
start, how many stay in post, and the danger points where people most need support."""

import streamlit as st

from uep_data import measures
from uep_data.measures.journey import DANGER_POINTS
from uep_data.periods import format_date
from web import frame, session, show, widgets
from web.text import plain

ctx = frame.page("stages")
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    widgets.empty_state("No data yet: the journey appears once stages and posts are imported.")
    st.stop()
widgets.dates_line(f)
view = session.page_view("stages", f, audience)

st.subheader(f"Danger points on {format_date(f.as_of)}" + (" (trust-wide)" if f.narrowed else ""))
columns = st.columns(len(view.danger_points.parts))
for column, part, point in zip(columns, view.danger_points.parts, DANGER_POINTS, strict=True):
    column.metric(plain(part.words), plain(part.figure.shown), help=point.meaning)
if not audience.controlled:
    st.page_link(
        "app_pages/watch_list.py",
        label="Who is at each danger point (watch list)",
        icon=":material/visibility:",
    )

st.subheader("The journey in the period" + (" (trust-wide)" if f.narrowed else ""))
if f.narrowed:
    st.caption(
        "The journey's steps are not recorded by directorate or profession: these are "
        "trust-wide figures."
    )
funnel = view.funnel
if funnel.empty:
    widgets.empty_state("No steps of the journey were recorded in this period.")
else:
    show.bars(
        funnel,
        "People reaching each stage in the period",
        key="stages_funnel",
        rules=audience.rules,
        in_order=True,
    )
    st.caption(
        "Each bar counts the people who reached that step in the period (a person may "
        "reach several). Starts and exits also follow from the posts recorded."
    )

left, right = st.columns(2)
with left:
    st.subheader("From job offer to start")
    st.metric(
        "Median days from offer to start",
        plain(view.median_days_offer_to_start.shown),
        help=measures.measure("median_days_offer_to_start").meaning,
    )
    st.caption(f"{view.starts_with_offer.name}: {plain(view.starts_with_offer.shown)}")
    histogram = view.offer_to_start_days
    if not histogram.empty:
        show.bars(
            histogram,
            "Starts by days from job offer to start, in fortnights",
            key="stages_offer_days",
            rules=audience.rules,
            in_order=True,
        )
with right:
    st.subheader("Staying in post")
    for figure in view.retention:
        st.metric(
            plain(figure.label), plain(figure.shown), help=measures.measure(figure.measure).meaning
        )
widgets.suppression_note(audience)
st.caption(
    "Danger points (from the programme's experience): "
    + "; ".join(f"{p.label.lower()}: {p.meaning}" for p in DANGER_POINTS)
)
