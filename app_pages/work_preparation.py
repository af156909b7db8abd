"""Work preparation: the ten-week programme's cohorts and where participants went next."""

import streamlit as st

from web import downloads, frame, session, show, widgets
from web.text import plain

ctx = frame.page("work_preparation")
f, audience = ctx.filters, ctx.audience
view = session.page_view("work_preparation", f, audience)
widgets.dates_line(f)
if not view.any_places:
    widgets.empty_state("No work preparation places are recorded yet.")
    st.stop()
a, b, c = st.columns(3)
a.metric("Participants who started in the period", plain(view.participants.shown))
b.metric("Into open employment", plain(view.open_employment_pct.shown))
c.metric("Into education or training", plain(view.education_pct.shown))
outcomes = view.outcomes
if not outcomes.empty:
    show.bars(
        outcomes,
        "Work preparation outcomes",
        key="wp_outcomes",
        rules=audience.rules,
        keep=lambda p: p.figure.value != 0,
        title="Outcomes of the places that started in the period",
    )
else:
    widgets.empty_state("No places started in this period.")

st.subheader("Cohorts")
grid = view.cohorts
if grid.rows:
    show.grid_heatmap(
        grid,
        "Outcomes by cohort",
        key="wp_cohorts",
        rules=audience.rules,
        title="Where the period's cohorts went next (places that started in the period)",
    )
    downloads.figures_table(
        ctx.viewer,
        audience,
        [
            {
                "Cohort": words,
                "Started": view.cohort_started.get(row, ""),
                "Places in the period": grid.row_totals[row].shown,
            }
            for row, words in grid.rows
        ],
        "the work preparation cohorts",
        "work_preparation_cohorts.csv",
        width="content",
    )
else:
    widgets.empty_state("No cohort had a place that started in this period.")
widgets.suppression_note(audience)
