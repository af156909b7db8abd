"""Coverage: where supported people work, directorate by profession, and the hurdles the
programme set out to clear: clinical, professionally qualified and management posts, and
professional training."""

import streamlit as st

from uep_data import charts
from uep_data.periods import format_date
from web import downloads, frame, session, show, widgets

ctx = frame.page(
    "Coverage",
    "Are there supported people in every directorate and profession, "
    "and in the posts that were once out of reach?",
    scoped=False,
)
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    widgets.empty_state("No data yet: coverage appears once posts are imported.")
    st.stop()
view = session.page_view("coverage", f, audience)

st.subheader(f"People in post on {format_date(f.as_of)}, by directorate and profession")
grid = view.grid
cells = show.grid_cells(grid, audience.rules)
if grid.empty:
    widgets.empty_state(f"Nobody is in post on {format_date(f.as_of)}.")
else:
    show.show_chart(
        charts.heatmap(
            cells,
            "directorate",
            "profession",
            "people",
            selection="cell",
            rules=audience.rules,
            row_order=[words for _, words in grid.rows],
            column_order=[words for _, words in grid.columns],
        ),
        "Grid of people in post by directorate and profession; "
        + "; ".join(
            f"{c['directorate']}, {c['profession']}: {c['label']}"
            for c in cells
            if c["people"] not in (0, None)
        ),
        key="coverage_grid",
        selection=True,
        on_select=lambda: show.drill_from(
            "coverage_grid", "cell", {"directorate": "directorate", "profession": "profession"}
        ),
    )
    show.open_drill_down_if_asked("in_employment")
    st.caption(
        "Click a cell to open its breakdown. A blank (0) cell is a directorate and "
        "profession with nobody supported in post yet."
    )
    downloads.download_figures(
        ctx.viewer,
        audience,
        [
            {
                "Directorate": c["directorate"],
                "Profession": c["profession"],
                "People in post": c["label"],
            }
            for c in cells
        ],
        "the coverage grid",
        "coverage.csv",
    )
    widgets.suppression_note(audience)
    st.markdown(
        f"**{view.directorates_covered.shown} of {view.directorates_listed.shown} "
        f"directorates** and **{view.professions_covered.shown} of "
        f"{view.professions_listed.shown} professions** have someone in post."
    )

st.subheader("The hurdles")
columns = st.columns(len(view.hurdles))
for column, hurdle in zip(columns, view.hurdles, strict=True):
    column.metric(
        hurdle.label, hurdle.now.shown, help=hurdle.meaning + " The figure below is a year earlier."
    )
    column.caption(f"A year before: {hurdle.year_before.shown}")

st.subheader("Professional training")
training = view.training
if training.empty:
    widgets.empty_state(
        f"No supported employee is in professional training on {format_date(f.as_of)}."
    )
else:
    rows = show.bar_rows(training, audience.rules)
    show.show_chart(
        charts.bar_chart(rows, "group", "value", rules=audience.rules),
        show.describe("Professional training places held", rows),
        key="coverage_training",
    )
st.caption(f"{view.qualified.shown} supported employee(s) had qualified by {format_date(f.as_of)}.")
