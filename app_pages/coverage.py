"""Coverage: where supported people work, directorate by profession, and the hurdles the
programme set out to clear: clinical, professionally qualified and management posts, and
professional training."""

import streamlit as st

from uep_data.periods import format_date
from web import downloads, frame, session, show, widgets
from web.text import plain

ctx = frame.page("coverage")
f, audience = ctx.filters, ctx.audience
if ctx.empty:
    widgets.empty_state("No data yet: coverage appears once posts are imported.")
    st.stop()
view = session.page_view("coverage", f, audience)

st.subheader(f"People in post on {format_date(f.as_of)}, by directorate and profession")
grid = view.grid
cells = show.grid_cells(grid)
if grid.empty:
    widgets.empty_state(f"Nobody is in post on {format_date(f.as_of)}.")
else:
    show.grid_heatmap(
        grid,
        "Grid of people in post by directorate and profession",
        title="People in post, by directorate (rows) and profession (columns)",
        key="coverage_grid",
        rules=audience.rules,
        selection="cell",
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
        f"**{plain(view.directorates_covered.shown)} of "
        f"{plain(view.directorates_listed.shown)} directorates** and "
        f"**{plain(view.professions_covered.shown)} of "
        f"{plain(view.professions_listed.shown)} professions** have someone in post."
    )

st.subheader("The hurdles")
columns = st.columns(len(view.hurdles))
for column, hurdle in zip(columns, view.hurdles, strict=True):
    column.metric(
        plain(hurdle.label),
        plain(hurdle.now.shown),
        help=hurdle.meaning + " The figure below is a year earlier.",
    )
    column.caption(f"A year before: {plain(hurdle.year_before.shown)}")

st.subheader("Professional training")
training = view.training
if training.empty:
    widgets.empty_state(
        f"No supported employee is in professional training on {format_date(f.as_of)}."
    )
else:
    show.bars(
        training,
        "Professional training places held",
        key="coverage_training",
        rules=audience.rules,
        title="Professional training places held, by profession",
    )
st.caption(
    f"{plain(view.qualified.shown)} supported employee(s) had qualified by {format_date(f.as_of)}."
)
