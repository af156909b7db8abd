"""Recruitment: the share of all the trust's recruits who declared lived experience, against
the charter's floor of 15%: year by year, month by month and by directorate."""

import streamlit as st

import app_state
import ui
from uep_data import charts, views
from uep_data.periods import financial_year_period

FLOOR = views.LIVED_EXPERIENCE_FLOOR
ctx = ui.page(
    "Recruitment",
    "Are at least 15% of the trust's recruits people with personal "
    "experience of mental health problems, as the charter promises?",
)
f, audience = ctx.filters, ctx.audience
data = app_state.cached_view(views.recruitment_view, f, audience)
ui.dates_line(f)
if not data["by_year"]:
    ui.empty_state("No recruitment monitoring is recorded yet.")
    st.stop()
st.metric(
    "Recruits with lived experience in the period",
    ui.value_text(data["period_share"], "percent"),
    help="The charter's floor is 15%.",
)

st.subheader("Year by year")
years = [
    (
        financial_year_period(label).end
        if financial_year_period(label).end <= f.as_of
        else f.as_of,
        value,
    )
    for label, value in data["by_year"]
]
ui.show_chart(
    charts.line_chart(years, unit="percent", y_title="% of recruits", floor=FLOOR),
    charts.describe(years, "percent", "Share of recruits with lived experience by financial year")
    + " The floor is 15%.",
    key="recruitment_years",
)
ui.figures_table(
    ctx,
    [
        {
            "Financial year": label,
            "Share": ui.value_text(v, "percent"),
            "At or above 15%": "Yes"
            if isinstance(v, float) and v >= FLOOR
            else ("–" if not isinstance(v, float) else "No"),
        }
        for label, v in data["by_year"]
    ],
    "the share of lived-experience recruits by year",
    "lived_experience_recruitment.csv",
    width="content",
)

st.subheader("Month by month")
months = [(m["month"], m["share"]) for m in data["by_month"]]
if months:
    ui.show_chart(
        charts.line_chart(months, unit="percent", y_title="% of recruits", floor=FLOOR),
        charts.describe(months, "percent", "Share of recruits with lived experience each month"),
        key="recruitment_months",
    )
else:
    ui.empty_state("No recruitment is recorded in this period.")

st.subheader("By directorate")
by = data["by_directorate"]
bars = [
    {"directorate": name, "share": by["share"][(name, "count")]}
    for name in by["rows"]
    if by["denominators"].cells[(name, "count")] not in (0, None)
]
if bars:
    ui.show_chart(
        charts.bar_chart(
            bars,
            "directorate",
            "share",
            unit="percent",
            rules=audience.rules,
            target=FLOOR,
            target_label="Floor 15%",
        ),
        "Share of recruits with lived experience by directorate: "
        + "; ".join(f"{b['directorate']} {ui.value_text(b['share'], 'percent')}" for b in bars),
        key="recruitment_directorates",
    )
else:
    ui.empty_state("No recruitment by directorate in this period.")
ui.suppression_note(audience)
st.caption(
    "Recruitment monitoring counts everyone the trust recruited, not only people the "
    "programme supports."
)
