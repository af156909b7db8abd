"""The yardstick for the dashboard's first chart: a Streamlit app with one Altair chart and
nothing else (`python -m bench.sessions` compares how soon Chromium draws a chart in each)."""

import altair as alt
import pandas as pd
import streamlit as st

months = pd.DataFrame(
    {"month": pd.date_range("2001-04-30", periods=36, freq="ME"), "people": range(36)}
)
st.altair_chart(alt.Chart(months).mark_line().encode(x="month:T", y="people:Q"), width="stretch")
