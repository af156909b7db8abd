"""Recruitment: the share of all the trust's recruits who declared lived experience, against
the charter's floor of 15%: year by year, month by month and by directorate."""

import streamlit as st

from uep_data import charts
from uep_data.formatting import format_value
from web import downloads, frame, session, show, widgets
from web.text import plain

ctx = frame.page("recruitment")
f, audience = ctx.filters, ctx.audience
view = session.page_view("recruitment", f, audience)
widgets.dates_line(f)
if not view.by_year:
    widgets.empty_state("No recruitment monitoring is recorded yet.")
    st.stop()
floor = view.floor
floor_words = format_value(floor, "percent")
st.metric(
    f"{view.share.name} in the period",
    plain(view.share.shown),
    help=f"The charter's floor is {floor_words}.",
)

st.subheader("Year by year")
years = [(year.year, year.share.value) for year in view.by_year]
show.show_chart(
    show.drawing(
        charts.line_chart,
        years,
        unit="percent",
        y_title="% of recruits",
        floor=floor,
        title=f"{view.share.name}, each financial year",
    ),
    "Share of recruits with lived experience by financial year: "
    + "; ".join(f"{year.year}: {year.share.shown}" for year in view.by_year)
    + f". The floor is {floor_words}.",
    key="recruitment_years",
)
downloads.figures_table(
    ctx.viewer,
    audience,
    [
        {
            "Financial year": year.year,
            "Share": year.share.shown,
            f"At or above {floor_words}": {True: "Yes", False: "No"}.get(
                year.meets_floor, year.floor_words
            ),
        }
        for year in view.by_year
    ],
    "the share of lived-experience recruits by year",
    "lived_experience_recruitment.csv",
    width="content",
)

st.subheader("Month by month")
months = [(m.month, m.share.value) for m in view.by_month]
if months:
    show.show_chart(
        show.drawing(
            charts.line_chart,
            months,
            unit="percent",
            y_title="% of recruits",
            floor=floor,
            title=f"{view.share.name}, each month",
        ),
        charts.describe(months, "percent", "Share of recruits with lived experience each month"),
        key="recruitment_months",
    )
else:
    widgets.empty_state("No recruitment is recorded in this period.")

st.subheader("By directorate")
recruited = {p.value for p in view.recruits_by_directorate.parts if p.figure.value not in (0, None)}
if recruited:
    show.bars(
        view.by_directorate,
        "Share of recruits with lived experience by directorate",
        key="recruitment_directorates",
        rules=audience.rules,
        keep=lambda p: p.value in recruited,
        unit="percent",
        target=floor,
        target_label=f"Floor {floor_words}",
    )
else:
    widgets.empty_state("No recruitment by directorate in this period.")
widgets.suppression_note(audience)
st.caption(
    "Recruitment monitoring counts everyone the trust recruited, not only people the "
    "programme supports."
)
