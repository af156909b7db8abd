"""Funding: the programme's streams by financial year (recurring, contract, one-off), what
was awarded and spent, the cost per person supported, and what ends within 12 months."""

import streamlit as st

import app_state
import ui
from uep_data import charts, views
from uep_data.formatting import FUNDING_TYPE_WORDS, format_value
from uep_data.periods import format_date

ctx = ui.page(
    "Funding",
    "What funds the programme, what does it cost per person supported, "
    "and what is at risk of ending?",
    scoped=False,
)
f = ctx.filters
data = app_state.cached_view(views.funding_view, f)
ui.dates_line(f)
if not data["rows"]:
    ui.empty_state("No funding is recorded yet: add the funding sheet to the workbook.")
    st.stop()
a, b, c = st.columns(3)
a.metric("Awarded in the period's financial years", format_value(data["awarded"], "pounds"))
b.metric("Spent", format_value(data["spent"], "pounds"))
c.metric("From recurring grants", format_value(data["recurring_pct"], "percent"))

st.subheader("Streams by financial year")
by_type = [
    {
        "year": r["financial_year"],
        "type": FUNDING_TYPE_WORDS[r["funding_type"]],
        "awarded": r["awarded"],
    }
    for r in data["rows"]
]
ui.show_chart(
    charts.stacked_bars(
        by_type,
        "year",
        "type",
        "awarded",
        unit="pounds",
        colour_order=list(FUNDING_TYPE_WORDS.values()),
        y_title="£ awarded",
    ),
    "Funding awarded each financial year, stacked by type: recurring grants, "
    "contracts and one-off funding.",
    key="funding_types",
)
awarded_spent = [
    {"year": y["year"], "what": what.capitalize(), "amount": y[what]}
    for y in data["by_year"]
    for what in ("awarded", "spent")
]
ui.show_chart(
    charts.grouped_bars(
        awarded_spent, "year", "what", "amount", group_order=["Awarded", "Spent"], y_title="£"
    ),
    "Awarded beside spent, each financial year.",
    key="funding_spent",
)

left, right = st.columns(2)
with left:
    st.subheader("Cost per person supported")
    st.dataframe(
        [
            {"Financial year": y, "Cost per person": format_value(v, "pounds")}
            for y, v in data["cost_per_person"]
        ],
        hide_index=True,
        width="stretch",
    )
with right:
    st.subheader("Ending within 12 months")
    if data["ending_soon"]:
        st.dataframe(
            [
                {
                    "Stream": r["stream"],
                    "Type": FUNDING_TYPE_WORDS[r["funding_type"]],
                    "Ends": format_date(r["end_date"]),
                    "Awarded this year": format_value(r["awarded"], "pounds"),
                }
                for r in data["ending_soon"]
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("No grant or contract ends within 12 months.")
st.subheader("Every stream")
ui.figures_table(
    ctx,
    [
        {
            "Stream": r["stream"],
            "Funder": r["funder"] or "",
            "Year": r["financial_year"],
            "Type": FUNDING_TYPE_WORDS[r["funding_type"]],
            "Awarded": format_value(r["awarded"], "pounds"),
            "Spent": format_value(r["spent"], "pounds") if r["spent"] is not None else "",
            "Ends": format_date(r["end_date"]),
        }
        for r in data["rows"]
    ],
    "the funding streams",
    "funding.csv",
)
