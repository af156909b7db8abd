"""Coverage: where supported people work, directorate by profession, and the hurdles the
programme set out to clear: clinical, professionally qualified and management posts, and
professional training."""

import streamlit as st

import app_state
import ui
from uep_data import charts, views
from uep_data.periods import format_date

ctx = ui.page(
    "Coverage",
    "Are there supported people in every directorate and profession, "
    "and in the posts that were once out of reach?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    ui.empty_state("No data yet: coverage appears once posts are imported.")
    st.stop()

st.subheader(f"People in post on {format_date(f.as_of)}, by directorate and profession")
grid = app_state.cached_view(views.coverage_grid, f, audience)
table = grid["table"]
cells = [
    {"directorate": r, "profession": c, "people": table.cells[(r, c)]}
    for r in grid["rows"]
    for c in grid["columns"]
]
if not any(cell["people"] for cell in cells):
    ui.empty_state(f"Nobody is in post on {format_date(f.as_of)}.")
else:
    ui.show_chart(
        charts.heatmap(
            cells,
            "directorate",
            "profession",
            "people",
            selection="cell",
            rules=audience.rules,
            row_order=grid["rows"],
            column_order=grid["columns"],
        ),
        "Grid of people in post by directorate and profession; "
        + "; ".join(
            f"{c['directorate']}, {c['profession']}: {ui.value_text(c['people'], 'count')}"
            for c in cells
            if c["people"]
        ),
        key="coverage_grid",
        selection=True,
        on_select=lambda: ui.drill_from(
            "coverage_grid", "cell", {"directorate": "directorate", "profession": "profession"}
        ),
    )
    ui.open_drill_down_if_asked("in_employment")
    st.caption(
        "Click a cell to open its breakdown. A blank (0) cell is a directorate and "
        "profession with nobody supported in post yet."
    )
    ui.download_figures(
        ctx.viewer,
        audience,
        [
            {
                "Directorate": c_["directorate"],
                "Profession": c_["profession"],
                "People in post": c_["people"],
            }
            for c_ in cells
        ],
        "the coverage grid",
        "coverage.csv",
    )
    ui.suppression_note(audience)
    covered_rows = sum(1 for r in grid["rows"] if table.row_totals[r] not in (0, None))
    covered_columns = sum(1 for c in grid["columns"] if table.column_totals[c] not in (0, None))
    st.markdown(
        f"**{covered_rows} of {len(grid['rows'])} directorates** and "
        f"**{covered_columns} of {len(grid['columns'])} professions** have someone in "
        "post."
    )

st.subheader("The hurdles")
hurdles = app_state.cached_view(views.hurdles, f, audience)
columns = st.columns(len(hurdles))
for column, hurdle in zip(columns, hurdles, strict=True):
    column.metric(
        hurdle["label"],
        ui.value_text(hurdle["now"], "count"),
        help=hurdle["meaning"] + " The figure below is a year earlier.",
    )
    column.caption(f"A year before: {ui.value_text(hurdle['year_before'], 'count')}")

st.subheader("Professional training")
training = app_state.cached_view(views.training_places, f, audience)
held = [
    {"programme": p.replace("_", " ").capitalize(), "places": n}
    for p, n in training["in_training"].items()
]
if not any(r["places"] for r in held):
    ui.empty_state(f"No supported employee is in professional training on {format_date(f.as_of)}.")
else:
    ui.show_chart(
        charts.bar_chart(held, "programme", "places", rules=audience.rules),
        "Professional training places held: "
        + "; ".join(f"{r['programme']} {r['places']}" for r in held),
        key="coverage_training",
    )
st.caption(
    f"{training['qualified_by_d']} supported employee(s) had qualified by {format_date(f.as_of)}."
)
