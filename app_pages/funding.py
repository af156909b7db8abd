"""Funding: the programme's streams by financial year (recurring, contract, one-off), what
was awarded and spent, the cost per person supported, and what ends within 12 months."""

import streamlit as st

from uep_data import charts, measures
from uep_data.values import financial_year_of
from web import downloads, frame, session, show, widgets
from web.text import plain

ctx = frame.page("funding")
f = ctx.filters
view = session.page_view("funding", f, ctx.audience)
widgets.dates_line(f)
if not view.streams:
    widgets.empty_state("No funding is recorded yet: add the funding sheet to the workbook.")
    st.stop()
a, b, c = st.columns(3)
a.metric(plain(view.awarded.label), plain(view.awarded.shown))
b.metric(plain(view.spent.label), plain(view.spent.shown))
c.metric(plain(view.recurring_pct.label), plain(view.recurring_pct.shown))

st.subheader("Streams by financial year")
grid = view.by_year_and_type
by_type = show.grid_cells(grid, "awarded")
show.show_chart(
    show.drawing(
        charts.stacked_bars,
        by_type,
        "financial_year",
        "funding_type",
        "awarded",
        unit="pounds",
        colour_order=[words for _, words in grid.columns],
        y_title="£ awarded",
        title=f"{view.awarded.name} each financial year, by type of funding",
    ),
    f"{view.awarded.name} each financial year, stacked by type: recurring grants, "
    "contracts and one-off funding.",
    key="funding_types",
)
awarded_spent = [
    {"year": financial_year_of(figure.start), "what": what, "amount": figure.value or 0}
    for figures, what in ((view.awarded_by_year, "Awarded"), (view.spent_by_year, "Spent"))
    for figure in figures
]
show.show_chart(
    show.drawing(
        charts.grouped_bars,
        awarded_spent,
        "year",
        "what",
        "amount",
        group_order=["Awarded", "Spent"],
        y_title="£",
        title=f"{view.awarded.name} and spent each financial year",
    ),
    "Awarded beside spent, each financial year.",
    key="funding_spent",
)

left, right = st.columns(2)
with left:
    st.subheader(measures.measure("cost_per_person_supported").label)
    st.dataframe(
        [
            {"Financial year": financial_year_of(figure.start), "Cost per person": figure.shown}
            for figure in view.cost_per_person
        ],
        hide_index=True,
        width="stretch",
    )
with right:
    st.subheader("Ending within 12 months")
    if view.ending_soon:
        st.dataframe(
            [
                {
                    "Stream": e.stream,
                    "Type": e.type_words,
                    "Ends": e.ends,
                    "Awarded this year": e.awarded.shown,
                }
                for e in view.ending_soon
            ],
            hide_index=True,
            width="stretch",
        )
    else:
        st.success("No grant or contract ends within 12 months.")
st.subheader("Every stream")
downloads.figures_table(
    ctx.viewer,
    ctx.audience,
    [
        {
            "Stream": s.stream,
            "Funder": s.funder,
            "Year": s.financial_year,
            "Type": s.type_words,
            "Awarded": s.awarded.shown,
            "Spent": s.spent.shown if s.spent.value is not None else "",
            "Ends": s.ends,
        }
        for s in view.streams
    ],
    "the funding streams",
    "funding.csv",
)
