"""Overview: the programme's headline figures against its targets."""

import datetime as dt

import streamlit as st

import app_state
from uep_data import catalogue
from uep_data.formatting import format_value
from uep_data.periods import format_date
from uep_data.targets import STATUS_WORDS

url = app_state.database_url()
as_of = app_state.latest_data_date(url) or dt.date.today()
st.title("User Employment Programme")
st.caption(f"As of {format_date(as_of)}")

values = app_state.summary(url, as_of)
headline = [
    "in_employment",
    "people_supported_cumulative",
    "recruits_lived_experience_pct",
    "directorates_covered_pct",
    "job_starts",
    "funding_awarded",
]
for column, key in zip(st.columns(len(headline)), headline, strict=True):
    metric = catalogue.METRICS[key]
    column.metric(metric.label, format_value(values[key], metric.unit), help=metric.meaning)

st.subheader("Targets")
rows = app_state.target_results(url, as_of)
if not rows:
    st.info("No targets recorded yet: add them on the targets sheet of the workbook.")
else:
    st.dataframe(
        [
            {
                "Target": t["title"],
                "Level": t["level"].title(),
                "Actual": format_value(t["actual"], catalogue.METRICS[t["metric"]].unit),
                "Target value": format_value(t["value"], catalogue.METRICS[t["metric"]].unit),
                "Status": STATUS_WORDS[t["status"]]
                + (" (in progress)" if t["in_progress"] else ""),
            }
            for t in rows
        ],
        hide_index=True,
    )
