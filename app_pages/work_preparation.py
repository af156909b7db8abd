"""Work preparation: the ten-week programme's cohorts and where participants went next."""

import streamlit as st

import app_state
import ui
from uep_data import charts, views
from uep_data.formatting import format_value

OUTCOME_WORDS = {
    "open_employment_in_trust": "Open employment in the trust",
    "open_employment_elsewhere": "Open employment elsewhere",
    "education_training": "Education or training",
    "voluntary_work": "Voluntary work",
    "still_looking": "Still looking",
    "withdrew": "Withdrew",
    "not_known": "Not yet known",
}
ctx = ui.page(
    "Work preparation",
    "How many take part, and how many move on into open employment or education?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
data = app_state.cached_view(views.work_preparation_cohorts, f, audience)
ui.dates_line(f)
if not data["cohorts"]:
    ui.empty_state("No work preparation places are recorded yet.")
    st.stop()
a, b, c = st.columns(3)
a.metric("Participants who started in the period", format_value(data["participants"], "count"))
b.metric("Into open employment", format_value(data["open_employment_pct"], "percent"))
c.metric("Into education or training", format_value(data["education_pct"], "percent"))
outcomes = [
    {"outcome": OUTCOME_WORDS[o], "people": n}
    for o, n in sorted(
        data["period_outcomes"].items(), key=lambda kv: list(OUTCOME_WORDS).index(kv[0])
    )
]
if outcomes:
    ui.show_chart(
        charts.bar_chart(
            outcomes, "outcome", "people", title="Outcomes of the places that started in the period"
        ),
        "Work preparation outcomes: "
        + "; ".join(f"{o['outcome']} {o['people']}" for o in outcomes),
        key="wp_outcomes",
    )
else:
    ui.empty_state("No places started in this period.")

st.subheader("Cohorts")
table = data["table"]
cells = [
    {"cohort": name, "outcome": OUTCOME_WORDS[o], "people": table.cells[(name, o)]}
    for name in data["cohorts"]
    for o in data["outcomes"]
]
ui.show_chart(
    charts.heatmap(
        cells,
        "cohort",
        "outcome",
        "people",
        rules=audience.rules,
        row_order=data["cohorts"],
        column_order=[OUTCOME_WORDS[o] for o in data["outcomes"]],
    ),
    "Outcomes by cohort: "
    + "; ".join(
        f"{c_['cohort']}, {c_['outcome']}: {ui.value_text(c_['people'], 'count')}"
        for c_ in cells
        if c_["people"]
    ),
    key="wp_cohorts",
)
ui.figures_table(
    ctx,
    [
        {
            "Cohort": name,
            "Started": data["starts"][name].strftime("%d %b %Y"),
            "Places": ui.value_text(table.row_totals[name], "count"),
        }
        for name in data["cohorts"]
    ],
    "the work preparation cohorts",
    "work_preparation_cohorts.csv",
    width="content",
)
ui.suppression_note(audience)
