"""The User Employment Programme dashboard: entry point and navigation."""

import streamlit as st

st.set_page_config(page_title="User Employment Programme", layout="wide")

page = st.navigation([st.Page("pages/overview.py", title="Overview", default=True)])
page.run()
