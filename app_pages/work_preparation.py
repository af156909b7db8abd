"""Work preparation: the ten-week programme's cohorts and where participants went next."""

import streamlit as st

from uep_data import charts
from web import downloads, frame, session, show, widgets

ctx = frame.page(
    "Work preparation",
    "How many take part, and how many move on into open employment or education?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
view = session.page_view("work_preparation", f, audience)
widgets.dates_line(f)
if not view.cohorts.rows:
    widgets.empty_state("No work preparation places are recorded yet.")
    st.stop()
a, b, c = st.columns(3)
a.metric("Participants who started in the period", view.participants.shown)
b.metric("Into open employment", view.open_employment_pct.shown)
c.metric("Into education or training", view.education_pct.shown)
outcomes = view.outcomes
if not outcomes.empty:
    rows = show.bar_rows(outcomes, audience.rules, keep=lambda p: p.figure.value != 0)
    show.show_chart(
        charts.bar_chart(
            rows,
            "group",
            "value",
            title="Outcomes of the places that started in the period",
            rules=audience.rules,
        ),
        show.describe("Work preparation outcomes", rows),
        key="wp_outcomes",
    )
else:
    widgets.empty_state("No places started in this period.")

st.subheader("Cohorts")
grid = view.cohorts
cells = [
    {
        "cohort": row_words,
        "outcome": column_words,
        "people": grid.cells[(row, column)].value,
        "label": grid.cells[(row, column)].shown,
    }
    for row, row_words in grid.rows
    for column, column_words in grid.columns
]
show.show_chart(
    charts.heatmap(
        cells,
        "cohort",
        "outcome",
        "people",
        rules=audience.rules,
        row_order=[words for _, words in grid.rows],
        column_order=[words for _, words in grid.columns],
    ),
    "Outcomes by cohort: "
    + "; ".join(f"{c_['cohort']}, {c_['outcome']}: {c_['label']}" for c_ in cells if c_["people"]),
    key="wp_cohorts",
)
downloads.figures_table(
    ctx.viewer,
    audience,
    [
        {
            "Cohort": words,
            "Started": view.cohort_started.get(row, ""),
            "Places": grid.row_totals[row].shown,
        }
        for row, words in grid.rows
    ],
    "the work preparation cohorts",
    "work_preparation_cohorts.csv",
    width="content",
)
widgets.suppression_note(audience)
